import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type MigrationResultSet,
  type SqliteDatabase as SqliteDialectDatabase,
} from 'kysely';
import type { Config } from '../config.js';
import type { DialectName } from './dialect.js';
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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const u = new URL(config.databaseUrl);
    u.password = '';
    return {
      db,
      dialect: 'postgres',
      location: u.toString(),
      changeStamp: () => null,
      credentialStamp: () => null,
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
  const file = path.join(config.dataDir, 'luoshi.db');
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // With WAL, NORMAL keeps the database consistent after a crash; only the last commits may be lost on power loss.
  sqlite.pragma('synchronous = NORMAL');
  const watcher = { credentialWrites: 0 };
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite, watcher) }),
  });
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
    const call = super.query as (...a: unknown[]) => never;
    return name ? call.call(this, { name, text, values }) : call.apply(this, args);
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
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, {
      cause: result.error,
    });
  }
  return result;
}
