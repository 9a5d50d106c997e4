import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { buildApp, type BuildOptions } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.js';
import { grantAppRole } from '../db/roles.js';
import type { Database, Role } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { createUser } from '../users/service.js';
import { createApiToken } from '../tokens/service.js';
import { unitsRepository } from '../units/units-repository.js';
import { areasRepository } from '../areas/areas-repository.js';
import { ROLES, type User } from '../users/schemas.js';

/** Where the PostgreSQL test databases are created (trust authentication on this machine and in CI). */
export const PG_ADMIN_URL = process.env.LUOSHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Which database the server tests run on: `LUOSHI_TEST_DB=postgres` or SQLite (default). */
export const TEST_DB: 'sqlite' | 'postgres' =
  process.env.LUOSHI_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A logged-in browser: send `headers` with every request (cookie + CSRF token). */
export interface Session {
  user: User;
  cookie: string;
  csrfToken: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

export interface TestDatabase {
  handle: DatabaseHandle;
  dataDir: string;
  /** The URL the server would be given (PostgreSQL): the app role's when migrated, else the owner's. */
  databaseUrl: string | null;
  /** PostgreSQL: the owner's URL (migrations, grants) and a superuser's (tampering as an attacker with full access). */
  ownerUrl: string | null;
  adminUrl: string | null;
  /** Closes the connection and removes the database (PostgreSQL) or its directory (SQLite). */
  drop(): Promise<void>;
}

/**
 * The PostgreSQL roles tests run as, the least-privilege pair the README describes: the owner owns each test
 * database and runs its migrations; the app role is what the server connects as (no TRUNCATE, UPDATE or DELETE
 * on the audit log, no right to alter it). Created once per cluster, by whichever test file gets there first.
 */
export const PG_OWNER_ROLE = 'luoshi_test_owner';
export const PG_APP_ROLE = 'luoshi_test_app';

async function ensureTestRoles(admin: pg.Client): Promise<void> {
  for (const role of [PG_OWNER_ROLE, PG_APP_ROLE]) {
    // Test files start in parallel: a concurrent CREATE ROLE can fail either way; both mean it exists.
    await admin.query(`DO $$ BEGIN CREATE ROLE ${role} LOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  }
}

function urlFor(database: string, user: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  url.username = user;
  url.password = '';
  return url.toString();
}

/**
 * A fresh database of the kind `LUOSHI_TEST_DB` selects. Not migrated by default (on PostgreSQL, `handle` is
 * then the owner's connection); with `migrated`, migrated by the owner with the app role granted, and `handle`
 * and `databaseUrl` are the app role's, as in a least-privilege deployment.
 */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-'));
  if (TEST_DB === 'sqlite') {
    const handle = openDatabase({ databaseUrl: null, dataDir });
    if (opts.migrated) await migrateToLatest(handle.db);
    return {
      handle,
      dataDir,
      databaseUrl: null,
      ownerUrl: null,
      adminUrl: null,
      drop: async () => {
        await handle.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `luoshi_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await ensureTestRoles(admin);
    await admin.query(`CREATE DATABASE ${name} OWNER ${PG_OWNER_ROLE}`);
  } finally {
    await admin.end();
  }
  const adminUrl = new URL(PG_ADMIN_URL);
  adminUrl.pathname = `/${name}`;
  const ownerUrl = urlFor(name, PG_OWNER_ROLE);
  let databaseUrl = ownerUrl;
  if (opts.migrated) {
    const owner = openDatabase({ databaseUrl: ownerUrl, dataDir });
    try {
      await migrateToLatest(owner.db);
      await grantAppRole(owner.db, PG_APP_ROLE);
    } finally {
      await owner.close();
    }
    databaseUrl = urlFor(name, PG_APP_ROLE);
  }
  const handle = openDatabase({ databaseUrl, dataDir });
  return {
    handle,
    dataDir,
    databaseUrl,
    ownerUrl,
    adminUrl: adminUrl.toString(),
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a statement as the tables' owner: on PostgreSQL the app role may not drop or alter tables (tests that
 * break the schema on purpose need this); on SQLite, where there are no roles, through the test's own handle.
 */
export async function execAsOwner(testDb: TestDatabase, statement: string): Promise<void> {
  if (!testDb.ownerUrl) {
    await sql.raw(statement).execute(testDb.handle.db);
    return;
  }
  const c = new pg.Client({ connectionString: testDb.ownerUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** The configuration tests run with: quiet logs, no web app, the test database. */
export function testConfig(testDb: TestDatabase, overrides: Partial<Config> = {}): Config {
  const env: NodeJS.ProcessEnv = {
    LOG_LEVEL: 'silent',
    LUOSHI_DATA_DIR: testDb.dataDir,
    LUOSHI_WEB_DIST: '0',
    LUOSHI_DEMO: '0',
    // The daily supervision run stays off in tests unless a test turns it on.
    LUOSHI_SUPERVISION_SCHEDULE: '0',
  };
  if (testDb.databaseUrl) env.DATABASE_URL = testDb.databaseUrl;
  return { ...loadConfig(env), ...overrides };
}

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  config: Config;
  /** The database under the app: its directory, and on PostgreSQL the owner's and a superuser's URLs. */
  testDb: TestDatabase;
  /** Closes the app and drops its database. Call in `afterAll`. */
  close(): Promise<void>;
  /** Inserts a unit of the home jurisdiction directly (the units service is not needed to test accounts); returns its id. */
  createUnit(name: string): Promise<number>;
  /** Creates a user of a role with `TEST_PASSWORD`; unit officers get a unit when none is given. */
  createUser(role: Role, opts?: { username?: string; unitId?: number | null }): Promise<User>;
  /** Logs in through the API; throws unless it succeeds. */
  login(username: string, password?: string): Promise<Session>;
  /** Creates a fresh user of the role and logs it in. */
  loginAs(role: Role, opts?: { unitId?: number | null }): Promise<Session>;
  /** Creates a fresh user of the role and an API token for it; returns the `authorization` header. */
  bearerFor(
    role: Role,
    opts?: { unitId?: number | null },
  ): Promise<{ user: User; headers: { authorization: string } }>;
}

let counter = 0;

/**
 * Builds the app on a fresh database (SQLite in a temp dir, or a new PostgreSQL database when
 * `LUOSHI_TEST_DB=postgres`, which the app reaches as the least-privilege app role), migrated. One per test
 * file: `beforeAll(async () => (t = await createTestApp()))`. `build.clock` gives the app a clock the test moves
 * (session expiry, the login limit's window).
 */
export async function createTestApp(
  overrides: Partial<Config> = {},
  build: Pick<BuildOptions, 'clock'> = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase({ migrated: true });
  const config = testConfig(testDb, overrides);
  let app: FastifyInstance;
  try {
    app = await buildApp(config, { ...build, database: testDb.handle });
  } catch (err) {
    await testDb.drop();
    throw err;
  }
  const db = testDb.handle.db;
  let defaultUnit: number | null = null;

  const t: TestApp = {
    app,
    db,
    dialect: testDb.handle.dialect,
    config,
    testDb,
    close: async () => {
      await app.close();
      await testDb.drop();
    },
    createUnit: async (name) => {
      const home = await areasRepository.home(db);
      if (!home) throw new Error('no home area: the areas migration marks one');
      return unitsRepository.insert(
        db,
        { name, fullName: null, kind: 'department', aliases: [], areaId: home.id },
        nowIso(),
      );
    },
    createUser: async (role, opts = {}) => {
      let unitId = opts.unitId;
      if (unitId === undefined && role === 'unit_officer') {
        defaultUnit ??= await t.createUnit(`测试单位${++counter}`);
        unitId = defaultUnit;
      }
      return createUser(db, SYSTEM_ACTOR, {
        username: opts.username ?? `${role}_${++counter}`,
        role,
        unitId: unitId ?? null,
        password: TEST_PASSWORD,
      });
    },
    login: async (username, password = TEST_PASSWORD) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = sessionCookie(res);
      const body = res.json<{ user: User; csrfToken: string }>();
      return {
        user: body.user,
        cookie,
        csrfToken: body.csrfToken,
        headers: { cookie, 'x-csrf-token': body.csrfToken },
      };
    },
    loginAs: async (role, opts = {}) => {
      const user = await t.createUser(role, opts);
      return t.login(user.username);
    },
    bearerFor: async (role, opts = {}) => {
      const user = await t.createUser(role, opts);
      const { token } = await createApiToken(db, SYSTEM_ACTOR, user.id, 'test');
      return { user, headers: { authorization: `Bearer ${token}` } };
    },
  };
  return t;
}

/** The `luoshi_session=…` pair from a login response's Set-Cookie. */
export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'luoshi_session');
  if (!c) throw new Error('no session cookie in response');
  return `${c.name}=${c.value}`;
}

export { ROLES };
