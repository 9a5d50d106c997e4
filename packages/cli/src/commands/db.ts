import { migrateToLatest } from '@luoshi/server';
import { EXIT_OK, type CommandContext } from '../command.js';
import { parseOptions } from './args.js';
import { withDatabase } from './db-context.js';

export const usage = `用法 Usage: luoshi db migrate

将数据库升级到最新结构（服务启动时也会自动执行）。数据库由环境变量决定：设置 DATABASE_URL 时为 PostgreSQL，
否则为 \${LUOSHI_DATA_DIR:-./data}/luoshi.db（SQLite）。
Applies pending migrations (the server also does this when it starts). The database is the one the server would
use: PostgreSQL when DATABASE_URL is set, else SQLite at \${LUOSHI_DATA_DIR:-./data}/luoshi.db.
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  parseOptions(args, { values: [] });
  return withDatabase(
    ctx,
    async ({ db, location, exclusive }) => {
      const result = await exclusive(() => migrateToLatest(db));
      const applied = result.results ?? [];
      if (applied.length === 0) ctx.stdout(`数据库已是最新 / already up to date: ${location}\n`);
      for (const r of applied) ctx.stdout(`已应用 applied: ${r.migrationName}\n`);
      return EXIT_OK;
    },
    { migrate: false },
  );
}
