import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Config } from '../config.js';
import { databaseLocation, hasLuoshiSchema, openDatabase, sqliteFileOf } from '../db/database.js';
import { grantAppRole } from '../db/roles.js';
import type { Database } from '../db/schema.js';
import { readAuditHead, verifyAuditChain, type AuditHead, type ChainVerification } from '../audit/chain.js';

/**
 * Backup and restore of the whole database, taken while the server keeps writing.
 *
 * SQLite: SQLite's online backup API copies every page inside one read transaction, so the copy is the
 * database as it was at one instant (every write committed before the copy began, none half-done), whatever
 * the server does meanwhile; copying the file (and its WAL) by hand is not. The copy is turned into a
 * self-contained file (no WAL), checked (integrity_check) and its audit chain verified before it takes the
 * requested name. PostgreSQL: `pg_dump --format=custom`, which reads one snapshot; the audit head is read in
 * that same snapshot (exported to pg_dump), so the result says exactly which audit rows the dump holds.
 */

/** Database kinds and configuration a backup or restore needs. */
export type DatabaseConfig = Pick<Config, 'databaseUrl' | 'dataDir'>;

/** Why a backup or restore was refused; `message` is Chinese / English for the command line. */
export class BackupError extends Error {
  constructor(
    readonly code:
      | 'NO_DATABASE'
      | 'TOOL_MISSING'
      | 'TOOL_FAILED'
      | 'NOT_A_BACKUP'
      | 'DATABASE_EXISTS'
      | 'DATABASE_IN_USE'
      | 'BAD_TARGET',
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** The audit chain's head in the copy: every audit row up to it is in the backup. */
  head: AuditHead;
  /** The copy's audit chain, verified (SQLite); null on PostgreSQL, where verifying needs a restore. */
  verification: ChainVerification | null;
}

export interface RestoreResult {
  /** Where the data went: the SQLite file or the PostgreSQL URL without its password. */
  location: string;
  /** SQLite with `force`: where the database that was there before was saved. */
  previousSavedAs: string | null;
  verification: ChainVerification;
}

/** Copies the configured database to `file` (replacing it only once the new copy is complete). */
export async function backupDatabase(config: DatabaseConfig, file: string): Promise<BackupResult> {
  const target = path.resolve(file);
  if (!fs.existsSync(path.dirname(target)))
    throw new BackupError('BAD_TARGET', `目录不存在 / no such directory: ${path.dirname(target)}`);
  return config.databaseUrl
    ? backupPostgres(config.databaseUrl, target)
    : backupSqlite(config.dataDir, target);
}

/** Restores a backup made by `backupDatabase` into the configured database. See the README for the rules. */
export async function restoreDatabase(
  config: DatabaseConfig,
  file: string,
  opts: { force?: boolean; appRole?: string } = {},
): Promise<RestoreResult> {
  const source = path.resolve(file);
  if (!fs.existsSync(source) || !fs.statSync(source).isFile())
    throw new BackupError('NOT_A_BACKUP', `备份文件不存在 / no such backup file: ${source}`);
  return config.databaseUrl
    ? restorePostgres(config.databaseUrl, source, opts)
    : restoreSqlite(config.dataDir, source, opts);
}

// ---- SQLite ----

/** All remaining pages in one step: one read transaction, so a writer cannot make the copy start over. */
const ALL_PAGES = () => 0x7fffffff;

function openSqlite(file: string, opts: SqliteDatabase.Options = {}): SqliteDatabase.Database {
  const db = new SqliteDatabase(file, { fileMustExist: true, ...opts });
  db.pragma('busy_timeout = 5000');
  return db;
}

async function withKysely<T>(sqlite: SqliteDatabase.Database, fn: (db: Kysely<Database>) => Promise<T>) {
  // Kysely's destroy() would close the connection, which the caller owns; so it is not called.
  return fn(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }));
}

/** A copy of the database as of one instant, as one self-contained file (no WAL beside it to lose). */
async function copySqlite(source: SqliteDatabase.Database, file: string): Promise<void> {
  await source.backup(file, { progress: ALL_PAGES });
  const copy = openSqlite(file);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

async function backupSqlite(dataDir: string, target: string): Promise<BackupResult> {
  const sourceFile = sqliteFileOf(dataDir);
  if (!fs.existsSync(sourceFile))
    throw new BackupError('NO_DATABASE', `没有数据库 / no database at ${sourceFile}`);
  const partial = `${target}.partial-${process.pid}`;
  const source = openSqlite(sourceFile);
  try {
    await copySqlite(source, partial);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    source.close();
  }
  try {
    const copy = openSqlite(partial);
    let head: AuditHead;
    let verification: ChainVerification;
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
      [head, verification] = await withKysely(copy, async (db) => [
        await readAuditHead(db),
        await verifyAuditChain(db),
      ]);
    } finally {
      copy.close();
    }
    fs.renameSync(partial, target);
    return { file: target, bytes: fs.statSync(target).size, head, verification };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Whether any other connection has the SQLite file open: in WAL mode every connection holds a shared lock for
 * as long as it is open, so an exclusive lock is granted only to a connection that is alone.
 */
function sqliteInUse(file: string): boolean {
  const db = new SqliteDatabase(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 200');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('begin exclusive; commit');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw err;
  } finally {
    db.close();
  }
}

async function restoreSqlite(
  dataDir: string,
  source: string,
  opts: { force?: boolean },
): Promise<RestoreResult> {
  const target = sqliteFileOf(dataDir);
  let backup: SqliteDatabase.Database;
  try {
    backup = openSqlite(source, { readonly: true });
    if (backup.pragma('integrity_check', { simple: true }) !== 'ok')
      throw new Error('integrity check failed');
    const ok = await withKysely(backup, hasLuoshiSchema);
    if (!ok) throw new Error('no Luoshi tables');
  } catch (err) {
    throw new BackupError(
      'NOT_A_BACKUP',
      `不是落实的 SQLite 备份 / not a Luoshi SQLite backup: ${source} (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  let previousSavedAs: string | null = null;
  try {
    if (fs.existsSync(target)) {
      if (sqliteInUse(target))
        throw new BackupError(
          'DATABASE_IN_USE',
          `数据库正被其他进程使用（服务在运行？），请先停止 / the database is open in another process (is the server ` +
            `running?); stop it first: ${target}`,
        );
      const current = openSqlite(target);
      try {
        if (await withKysely(current, hasLuoshiSchema)) {
          if (!opts.force)
            throw new BackupError(
              'DATABASE_EXISTS',
              `已有数据库；确需用备份替换它时加 --force（原库会先另存）/ a database exists; add --force to replace ` +
                `it with the backup (the current one is saved first): ${target}`,
            );
          previousSavedAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
          await copySqlite(current, previousSavedAs);
        }
      } finally {
        current.close();
      }
    } else {
      fs.mkdirSync(dataDir, { recursive: true });
      // A WAL left behind by some other database must not be replayed into the restored one.
      for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
    }
    // Through the backup API, not a file copy: one transaction on the destination, so a connection that opens it
    // meanwhile sees the old database or the restored one, never a mix.
    await backup.backup(target, { progress: ALL_PAGES });
  } finally {
    backup.close();
  }
  const restored = openDatabase({ databaseUrl: null, dataDir });
  try {
    return { location: target, previousSavedAs, verification: await verifyAuditChain(restored.db) };
  } finally {
    await restored.close();
  }
}

// ---- PostgreSQL ----

/** The URL without its password, and the password for the tool's environment (never on its command line). */
function splitCredentials(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { url: u.toString(), env };
}

function requireTool(tool: 'pg_dump' | 'pg_restore', manual: string): void {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new BackupError(
      'TOOL_MISSING',
      `找不到 ${tool}，请安装 PostgreSQL 客户端（如 apt-get install postgresql-client），或手动执行 / ${tool} ` +
        `not found: install the PostgreSQL client tools (e.g. apt-get install postgresql-client), or run by hand:\n  ${manual}`,
    );
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new BackupError('TOOL_FAILED', `${tool} 失败 / failed (exit ${code}): ${err.trim()}`)),
    );
  });
}

async function backupPostgres(databaseUrl: string, target: string): Promise<BackupResult> {
  requireTool('pg_dump', `pg_dump --format=custom --file=${target} "$DATABASE_URL"`);
  const { url, env } = splitCredentials(databaseUrl);
  const partial = `${target}.partial-${process.pid}`;
  // A repeatable-read transaction whose snapshot pg_dump adopts: the head read here is the dump's head.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    const head = (
      await client.query<{ seq: number | null; hash: string | null; id: number | null; at: string | null }>(
        'select seq, hash, id, at from audit_log where seq is not null order by seq desc limit 1',
      )
    ).rows[0];
    await run('pg_dump', ['--format=custom', `--file=${partial}`, `--snapshot=${snapshot}`, url], env);
    await client.query('commit');
    fs.renameSync(partial, target);
    return {
      file: target,
      bytes: fs.statSync(target).size,
      head: head
        ? { rows: head.seq ?? 0, hash: head.hash, id: head.id, at: head.at }
        : { rows: 0, hash: null, id: null, at: null },
      verification: null,
    };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await client.end();
  }
}

async function restorePostgres(
  databaseUrl: string,
  source: string,
  opts: { force?: boolean; appRole?: string },
): Promise<RestoreResult> {
  requireTool(
    'pg_restore',
    `pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error ` +
      `--dbname="$DATABASE_URL" ${source}`,
  );
  const location = databaseLocation({ databaseUrl, dataDir: '' });
  const { url, env } = splitCredentials(databaseUrl);
  const handle = openDatabase({ databaseUrl, dataDir: '' });
  try {
    const others = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()
        -- Another role's sessions show no backend_type unless one may read all statistics.
        and coalesce(backend_type, 'client backend') = 'client backend'`.execute(handle.db);
    if (others.rows[0]!.n > 0)
      throw new BackupError(
        'DATABASE_IN_USE',
        `数据库还有其他连接（服务在运行？），请先停止 / other sessions are connected to the database (is the ` +
          `server running?); stop them first: ${location}`,
      );
    if ((await hasLuoshiSchema(handle.db)) && !opts.force)
      throw new BackupError(
        'DATABASE_EXISTS',
        `数据库已有落实的数据；确需用备份替换时加 --force / the database already holds Luoshi data; add --force ` +
          `to replace it with the backup: ${location}`,
      );
  } finally {
    await handle.close();
  }
  await run(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${url}`,
      source,
    ],
    env,
  );
  const restored = openDatabase({ databaseUrl, dataDir: '' });
  try {
    if (opts.appRole) await grantAppRole(restored.db, opts.appRole);
    return { location, previousSavedAs: null, verification: await verifyAuditChain(restored.db) };
  } finally {
    await restored.close();
  }
}
