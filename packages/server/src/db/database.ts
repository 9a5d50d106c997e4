import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type MigrationResultSet,
  type SqliteDatabase as SqliteDialectDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import type { Config } from '../config.js';
import { ADVISORY_LOCK, LOCK_WAIT_MS, type DialectName } from './dialect.js';
import { CREDENTIAL_TABLES } from './migrations/dialect.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';
import { nameStatement, statementName } from './statement-names.js';

/**
 * Where the database stands, for in-memory caches: `data` moves with every committed write, `credentials` only
 * with writes that may change what a credential lookup answers (users, API tokens, sessions, units). Numbers only
 * grow (PostgreSQL's counters), so a reader can tell an older stamp from a newer one; strings (SQLite's) are only
 * compared for equality.
 */
export interface ChangeStamps {
  data: string | number;
  credentials: string | number;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data is, for logs: the SQLite file or the PostgreSQL URL without its password. */
  location: string;
  /**
   * A value that changes whenever any connection (this process's or another's) has written to the database,
   * for in-memory caches to know when to forget; null when the database cannot tell cheaply (PostgreSQL, where
   * other servers may write), in which case nothing may be cached.
   */
  changeStamp(): string | null;
  /**
   * Like `changeStamp`, but moves only when what a credential lookup reads may have changed: this process's
   * writes to users, API tokens, sessions or units, or any commit by another connection. Lets the credential
   * cache survive the writes that make up most of the traffic (plan items, targets, the audit log).
   */
  credentialStamp(): string | null;
  /**
   * Runs `fn` while holding the start-up lock, which every process on this database (servers, the command line)
   * takes around migrations and first-start seeding, so that two of them starting at once on an empty database
   * do not both migrate or both seed. Waits for another holder; not reentrant.
   */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * Both stamps as of now, on either engine: at once on SQLite (two prepared statements, microseconds), by one
   * query on PostgreSQL (a named statement over the change counters that every commit moves, whichever process
   * made it; see migrations/2026113004_read_path.ts). Read before the data it vouches for. Null once closed.
   */
  stamps(): ChangeStamps | Promise<ChangeStamps> | null;
  close(): Promise<void>;
}

// pg returns int8 and numeric as strings to avoid precision loss; our ids and counts fit a double.
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const parseNumber = (v: string): number => Number(v);
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_INT8 || oid === PG_NUMERIC
      ? parseNumber
      : (pg.types.getTypeParser(oid, format ?? 'text') as (
          v: string,
        ) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

/** The SQLite database file under a data directory. */
export function sqliteFileOf(dataDir: string): string {
  return path.join(dataDir, 'luoshi.db');
}

/** Where a configuration's data is, for messages: the SQLite file, or the PostgreSQL URL without its password. */
export function databaseLocation(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return sqliteFileOf(config.dataDir);
  const u = new URL(config.databaseUrl);
  u.password = '';
  return u.toString();
}

/** Opens the configured database: PostgreSQL when `databaseUrl` is set, else SQLite under `dataDir`. */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): DatabaseHandle {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      types: pgTypes,
      max: 10,
      Client: NamingClient,
      // The planner's JIT compiles queries it expects to be costly into machine code first, which took 112 ms of
      // a 140 ms plans list (a count whose row estimate crossed jit_above_cost); this application's queries are
      // short OLTP reads and writes, which JIT only slows down. A startup option: no extra round trip.
      options: '-c jit=off',
    });
    // An idle client whose connection the server ends (a restart, an administrator, a dropped test database)
    // emits 'error' on the pool; unheard, that would crash the process. The pool discards such a client and
    // opens a new one on the next query, so noting it is enough.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL closed an idle connection: ${err.message}`, { code: 'LUOSHI_PG_IDLE' });
    });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool,
        // A write waiting for a row or advisory lock gives up after the same time SQLite's busy timeout allows;
        // the error handler answers 503 with Retry-After rather than letting requests pile up behind a lock.
        onCreateConnection: async (conn) => {
          await conn.executeQuery(CompiledQuery.raw(`set lock_timeout = ${LOCK_WAIT_MS}`));
        },
      }),
    });
    pgPools.set(db, pool);
    return {
      db,
      dialect: 'postgres',
      location: databaseLocation(config),
      changeStamp: () => null,
      credentialStamp: () => null,
      exclusive: serialisedInProcess(`pg:${config.databaseUrl}`, (fn) => withPgStartupLock(db, fn)),
      stamps: async () => {
        const { rows } = await pool.query<{ data: number; credentials: number }>({
          name: statementName(PG_STAMPS_SQL),
          text: PG_STAMPS_SQL,
        });
        return rows[0] ?? { data: 0, credentials: 0 };
      },
      close: () => db.destroy(),
    };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = sqliteFileOf(config.dataDir);
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Every transaction takes the write lock when it begins (BEGIN IMMEDIATE, see LuoshiSqliteDialect), so a
  // writer that finds another process's transaction open waits here, up to this long, instead of failing.
  sqlite.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  // With WAL, NORMAL keeps the database consistent after a crash; only the last commits may be lost on power loss.
  sqlite.pragma('synchronous = NORMAL');
  const watcher = { credentialWrites: 0 };
  const db = new Kysely<Database>({
    dialect: new LuoshiSqliteDialect({ database: withStatementCache(sqlite, watcher) }),
  });
  sqliteConnections.set(db, sqlite);
  // total_changes() counts this connection's writes (committed or not: a rollback only makes caches forget
  // once too often); data_version changes when another connection commits, e.g. the CLI. Both cost microseconds.
  const changes = sqlite.prepare('select total_changes()').pluck();
  const version = sqlite.prepare('pragma data_version').pluck();
  let open = true;
  return {
    db,
    dialect: 'sqlite',
    location: file,
    changeStamp: () => (open ? `${changes.get() as number}:${version.get() as number}` : null),
    credentialStamp: () => (open ? `${watcher.credentialWrites}:${version.get() as number}` : null),
    exclusive: serialisedInProcess(`sqlite:${file}`, (fn) =>
      withSqliteStartupLock(`${file}.startup-lock`, fn),
    ),
    stamps: () => {
      if (!open) return null;
      const v = version.get() as number;
      return { data: `${changes.get() as number}:${v}`, credentials: `${watcher.credentialWrites}:${v}` };
    },
    close: () => {
      open = false;
      return db.destroy();
    },
  };
}

/** The pool behind each PostgreSQL Kysely instance, for the few paths that need a client of their own. */
const pgPools = new WeakMap<object, pg.Pool>();
/** The one better-sqlite3 connection behind each SQLite Kysely instance. */
const sqliteConnections = new WeakMap<object, SqliteDatabase.Database>();

/**
 * The better-sqlite3 connection behind `db`, or null on PostgreSQL. Kysely runs everything on this one connection,
 * so a statement run on it inside a Kysely transaction (while the transaction's callback is running) is part of
 * that transaction. For bulk paths where a promise per row would cost more than SQLite's insert itself.
 */
export function sqliteConnectionOf(db: Kysely<Database>): SqliteDatabase.Database | null {
  return sqliteConnections.get(db) ?? null;
}

/**
 * The PostgreSQL pool behind `db`, or null on SQLite. For bulk paths that speak the COPY protocol, which Kysely
 * does not: they take a client of their own (see indicators/pg-session.ts).
 */
export function pgPoolOf(db: Kysely<Database>): pg.Pool | null {
  return pgPools.get(db) ?? null;
}

/**
 * SQLite as Luoshi uses it. Two changes from Kysely's dialect:
 * - Transactions begin with BEGIN IMMEDIATE. A deferred transaction that reads first and then writes must upgrade
 *   its lock; when another process (a second server, the command line) has committed meanwhile, SQLite refuses
 *   at once with SQLITE_BUSY_SNAPSHOT, whatever the busy timeout, because waiting cannot help a stale snapshot.
 *   Taking the write lock up front makes the busy timeout apply and the transaction's reads current.
 * - Migrations run in one transaction (SQLite's DDL is transactional; Kysely plays safe and says it is not), so a
 *   failed migration leaves nothing half-done. A migration that must turn foreign keys off cannot then use
 *   `pragma foreign_keys` (a no-op in a transaction); `pragma defer_foreign_keys = on` works inside one.
 */
class LuoshiSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Two holders of the start-up lock in one process must queue without blocking: SQLite's lock waits
 * synchronously, so a second `exclusive` on the same file in the same process would freeze the event loop that
 * the first needs to finish.
 */
const inProcessQueues = new Map<string, Promise<unknown>>();
function serialisedInProcess(
  key: string,
  lock: <T>(fn: () => Promise<T>) => Promise<T>,
): <T>(fn: () => Promise<T>) => Promise<T> {
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const previous = inProcessQueues.get(key) ?? Promise.resolve();
    const run = previous.then(
      () => lock(fn),
      () => lock(fn),
    );
    const settled = run.catch(() => undefined);
    inProcessQueues.set(key, settled);
    void settled.then(() => {
      if (inProcessQueues.get(key) === settled) inProcessQueues.delete(key);
    });
    return run;
  };
}

/** How long a starting process waits for another one's migrations and seeding before giving up. */
const STARTUP_LOCK_WAIT_MS = 10 * 60 * 1000;

/**
 * PostgreSQL: a session advisory lock, held on one pooled connection while `fn` works on others. Released by
 * pg_advisory_unlock, or by PostgreSQL itself when the holder's connection ends (a crashed process).
 */
async function withPgStartupLock<T>(db: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`set lock_timeout = ${sql.lit(STARTUP_LOCK_WAIT_MS)}`.execute(conn);
    await sql`select pg_advisory_lock(${sql.lit(ADVISORY_LOCK.namespace)}, ${sql.lit(ADVISORY_LOCK.startup)})`.execute(
      conn,
    );
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(ADVISORY_LOCK.namespace)}, ${sql.lit(ADVISORY_LOCK.startup)})`.execute(
        conn,
      );
      await sql`set lock_timeout = ${sql.lit(LOCK_WAIT_MS)}`.execute(conn);
    }
  });
}

/**
 * SQLite: a write transaction held on a small lock file beside the database (never written to). Holding one on
 * the database itself would stop this process's own migrations; a lock file taken with SQLite's own locking
 * works wherever the database does (a shared local disk) and is released by the operating system when the
 * holder dies, so a killed start leaves no stale lock.
 */
async function withSqliteStartupLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const lock = new SqliteDatabase(lockFile, { timeout: STARTUP_LOCK_WAIT_MS });
  try {
    lock.exec('begin immediate');
    try {
      return await fn();
    } finally {
      lock.exec('rollback');
    }
  } finally {
    lock.close();
  }
}

const PG_STAMPS_SQL =
  'select coalesce(sum(data_changes), 0) as data, coalesce(sum(credential_changes), 0) as credentials from luoshi_changes';
nameStatement(PG_STAMPS_SQL);

/**
 * pg's client, running the statements marked hot (statement-names.ts) as named prepared statements: pg then
 * parses each once per connection and PostgreSQL keeps its plan, where Kysely's plain `query(sql, params)` would
 * have both done again on every call.
 */
class NamingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length === 2 ? statementName(text) : undefined;
    return name ? super.query({ name, text, values } as never) : super.query(...(args as [never]));
  }
}
const READ_ONLY_SQL = /^\s*(?:select|begin|commit|rollback|savepoint|release)\b/i;
const WRITTEN_TABLE =
  /^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update(?:\s+or\s+\w+)?|delete\s+from)\s+"?(\w+)"?\s/i;

/**
 * Whether running this statement may change what a credential lookup answers. Statements whose shape is not
 * recognised here (schema changes, CTEs, anything unusual) count as touching everything.
 */
function mayChangeCredentials(sql: string): boolean {
  if (READ_ONLY_SQL.test(sql)) return false;
  const m = WRITTEN_TABLE.exec(sql);
  return m === null || CREDENTIAL_TABLES.has(m[1]!.toLowerCase());
}

/**
 * better-sqlite3 compiles SQL on every `prepare`, and Kysely prepares each query it runs; the same few dozen
 * query shapes repeat on every request, so keeping their compiled statements saves much of a short read's cost.
 * Safe because Kysely runs one query at a time on its single SQLite connection. Every statement of the app,
 * Kysely-built or raw, passes through here just before it runs, which is where writes that may change a
 * credential lookup's answer are counted (before they run, so a lookup racing one never stores a stale answer;
 * a rolled-back one only makes the credential cache forget once too often).
 */
function withStatementCache(
  sqlite: SqliteDatabase.Database,
  watcher: { credentialWrites: number },
  max = 1000,
): SqliteDialectDatabase {
  const cache = new Map<string, { stmt: SqliteDatabase.Statement; credential: boolean }>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      let entry = cache.get(sql);
      if (!entry) {
        // Query shapes are few; should something generate unbounded distinct SQL, start over rather than grow.
        if (cache.size >= max) cache.clear();
        entry = { stmt: sqlite.prepare(sql), credential: mayChangeCredentials(sql) };
        cache.set(sql, entry);
      }
      if (entry.credential) watcher.credentialWrites++;
      return entry.stmt;
    },
  };
}

/**
 * Whether the database holds Luoshi's tables (a migration has been applied to it), as opposed to an empty one:
 * a new SQLite file, or a PostgreSQL database created but never migrated.
 */
export async function hasLuoshiSchema(db: Kysely<Database>): Promise<boolean> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  return tables.some((t) => t.name === 'kysely_migration');
}

/** Applies every pending migration; throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    if (isPermissionDenied(result.error)) {
      const pending =
        result.results?.filter((r) => r.status !== 'Success').map((r) => r.migrationName) ??
        Object.keys(migrations);
      throw new Error(
        `The database needs migration(s) ${pending.join(', ')}, which this database role may not apply ` +
          `(${reason}). Apply them as the tables' owner — DATABASE_URL=<owner's URL> luoshi db migrate ` +
          `--app-role <this role> — then start again.`,
        { cause: result.error },
      );
    }
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, {
      cause: result.error,
    });
  }
  return result;
}

/** PostgreSQL's insufficient_privilege (42501): e.g. an app role trying to create or alter a table. */
function isPermissionDenied(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '42501';
}
