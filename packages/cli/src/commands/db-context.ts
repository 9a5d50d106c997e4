import fs from 'node:fs';
import {
  ConfigError,
  databaseLocation,
  hasLuoshiSchema,
  loadConfig,
  migrateToLatest,
  openDatabase,
  sqliteFileOf,
  type Config,
  type DatabaseHandle,
} from '@luoshi/server';
import { EXIT_INPUT_ERRORS, EXIT_USAGE, type CommandContext } from '../command.js';

export interface DatabaseOptions {
  /** Apply pending migrations before `fn` (default true). */
  migrate?: boolean;
  /**
   * The command works on data that must already be there (a token for an existing user, a verify, a backup):
   * refuse rather than create a new, empty database, which would only produce a misleading answer.
   */
  requireExisting?: boolean;
}

/**
 * The configuration every database command uses: the server's environment variables (`DATABASE_URL`,
 * `LUOSHI_DATA_DIR`, default ./data). Configuration errors are reported like the server reports them; null then.
 */
export function commandConfig(ctx: CommandContext): Config | null {
  try {
    return loadConfig({ ...ctx.env, LUOSHI_DATA_DIR: ctx.env.LUOSHI_DATA_DIR ?? `${ctx.cwd}/data` });
  } catch (err) {
    if (err instanceof ConfigError) {
      ctx.stderr(`luoshi: ${err.message}\n`);
      return null;
    }
    throw err;
  }
}

/** `SQLite /path/luoshi.db` or `PostgreSQL postgres://user@host/db` (never the password). */
export function describeDatabase(config: Config): string {
  return `${config.databaseUrl ? 'PostgreSQL' : 'SQLite'} ${databaseLocation(config)}`;
}

/**
 * Opens the database the server is configured for, says on stderr which one it is (and plainly when it is new
 * and empty), brings it up to date, runs `fn`, and closes it. Exit code 2 when it cannot be opened, or when
 * `requireExisting` and there is no data.
 */
export async function withDatabase(
  ctx: CommandContext,
  fn: (handle: DatabaseHandle, config: Config) => Promise<number>,
  opts: DatabaseOptions = {},
): Promise<number> {
  const config = commandConfig(ctx);
  if (!config) return EXIT_USAGE;
  const where = describeDatabase(config);
  const hint =
    '  服务用的数据库由 LUOSHI_DATA_DIR（SQLite，默认 ./data）或 DATABASE_URL（PostgreSQL）指定，请与服务保持一致。\n' +
    "  The database is the server's: LUOSHI_DATA_DIR (SQLite, default ./data) or DATABASE_URL (PostgreSQL); set the same.\n";
  const fileIsNew = !config.databaseUrl && !fs.existsSync(sqliteFileOf(config.dataDir));
  if (fileIsNew && opts.requireExisting) {
    ctx.stderr(`luoshi: 没有数据库 / no database: ${where}\n${hint}`);
    return EXIT_USAGE;
  }
  const handle = openDatabase(config);
  try {
    let empty: boolean;
    try {
      empty = !(await hasLuoshiSchema(handle.db));
    } catch (err) {
      ctx.stderr(
        `luoshi: 无法打开数据库 / cannot open the database: ${where}: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      return EXIT_USAGE;
    }
    if (empty && opts.requireExisting) {
      ctx.stderr(
        `luoshi: 数据库是空的（从未迁移）/ the database is empty (never migrated): ${where}\n${hint}`,
      );
      return EXIT_USAGE;
    }
    ctx.stderr(`luoshi: 数据库 database: ${where}\n`);
    if (fileIsNew) ctx.stderr(`luoshi: 新建了一个空数据库 / created a new, empty database: ${where}\n`);
    else if (empty) ctx.stderr(`luoshi: 数据库是空的，将建表 / the database is empty; creating the tables\n`);
    if (opts.migrate !== false) {
      try {
        // Under the start-up lock that servers take too, so a command run while a server starts waits for its
        // migrations instead of racing them.
        await handle.exclusive(() => migrateToLatest(handle.db));
      } catch (err) {
        ctx.stderr(`luoshi: ${err instanceof Error ? err.message : String(err)}\n`);
        return EXIT_INPUT_ERRORS;
      }
    }
    return await fn(handle, config);
  } finally {
    await handle.close();
  }
}
