import { ConfigError, loadConfig, migrateToLatest, openDatabase, type DatabaseHandle } from '@luoshi/server';
import type { CommandContext } from '../command.js';

/**
 * Opens the database the server is configured for (same environment variables: `DATABASE_URL`,
 * `LUOSHI_DATA_DIR`), brings it up to date, runs `fn`, and closes it. Configuration errors are reported like
 * the server reports them, with exit code 2.
 */
export async function withDatabase(
  ctx: CommandContext,
  fn: (handle: DatabaseHandle) => Promise<number>,
  opts: { migrate?: boolean } = {},
): Promise<number> {
  let handle: DatabaseHandle;
  try {
    const config = loadConfig({ ...ctx.env, LUOSHI_DATA_DIR: ctx.env.LUOSHI_DATA_DIR ?? `${ctx.cwd}/data` });
    handle = openDatabase(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      ctx.stderr(`luoshi: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  try {
    // Under the start-up lock that servers take too, so a command run while a server starts waits for its
    // migrations instead of racing them.
    if (opts.migrate !== false) await handle.exclusive(() => migrateToLatest(handle.db));
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
