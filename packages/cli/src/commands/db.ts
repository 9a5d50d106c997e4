import { ROLE_NAME, grantAppRole, migrateToLatest } from '@luoshi/server';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError, type CommandContext } from '../command.js';
import { parseOptions } from './args.js';
import { withDatabase } from './db-context.js';

export const usage = `用法 Usage: luoshi db migrate [--app-role ROLE]

将数据库升级到最新结构（服务启动时也会自动执行）。数据库由环境变量决定：设置 DATABASE_URL 时为 PostgreSQL，
否则为 \${LUOSHI_DATA_DIR:-./data}/luoshi.db（SQLite）。
Applies pending migrations (the server also does this when it starts). The database is the one the server would
use: PostgreSQL when DATABASE_URL is set, else SQLite at \${LUOSHI_DATA_DIR:-./data}/luoshi.db.

  --app-role ROLE   PostgreSQL：以表的所有者运行，迁移后授予服务所用角色最小权限（审计日志只能读和追加）
                    PostgreSQL: run as the tables' owner; after migrating, grant the server's role least privilege
                    (on the audit log only SELECT and INSERT). See the README, "PostgreSQL roles".
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseOptions(args, { values: ['app-role'] });
  const appRole = values['app-role'];
  if (appRole !== undefined && !ROLE_NAME.test(appRole))
    throw new UsageError(`--app-role 不是有效的角色名 / not a role name: ${appRole}`);
  return withDatabase(
    ctx,
    async ({ db, location, dialect, exclusive }) => {
      if (appRole !== undefined && dialect !== 'postgres') {
        ctx.stderr('luoshi db migrate: --app-role 只用于 PostgreSQL / --app-role is for PostgreSQL only\n');
        return EXIT_INPUT_ERRORS;
      }
      let applied;
      try {
        applied = (await exclusive(() => migrateToLatest(db))).results ?? [];
      } catch (err) {
        ctx.stderr(`luoshi db migrate: ${err instanceof Error ? err.message : String(err)}\n`);
        return EXIT_INPUT_ERRORS;
      }
      if (applied.length === 0) ctx.stdout(`数据库已是最新 / already up to date: ${location}\n`);
      for (const r of applied) ctx.stdout(`已应用 applied: ${r.migrationName}\n`);
      if (appRole !== undefined) {
        await grantAppRole(db, appRole);
        ctx.stdout(
          `已授权 granted: ${appRole} (audit_log: SELECT, INSERT; other tables: SELECT, INSERT, UPDATE, DELETE)\n`,
        );
      }
      return EXIT_OK;
    },
    { migrate: false },
  );
}
