import { resolve } from 'node:path';
import { BackupError, ROLE_NAME, restoreDatabase } from '@luoshi/server';
import { EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type CommandContext } from '../command.js';
import { parseOptions } from './args.js';
import { commandConfig, describeDatabase } from './db-context.js';

export const usage = `用法 Usage: luoshi restore FILE [--force] [--app-role ROLE]

把 luoshi backup 做的备份恢复到服务所用的数据库，然后核验审计链。先停止服务：数据库被其他进程打开时拒绝恢复。
已有数据时需要 --force；SQLite 会先把原数据库另存为 luoshi.db.before-restore-<时间>。
Restores a backup made by luoshi backup into the server's database, then verifies the audit chain. Stop the
server first: a database another process has open is refused. A database that holds data is replaced only with
--force; on SQLite the current one is first saved as luoshi.db.before-restore-<time>.

  --force           替换已有数据 / replace existing data
  --app-role ROLE   PostgreSQL：恢复后重新授予服务所用角色最小权限（以表的所有者运行）
                    PostgreSQL: grant the server's role least privilege again after restoring (run as the owner)

退出码 Exit codes: 0 完成且审计链完好 restored, chain intact; 1 被拒绝、失败或审计链不完整 refused, failed or chain
broken; 2 用法错误或备份文件无法读取 bad usage or unreadable backup
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const file = args[0];
  if (file === undefined || file.startsWith('-'))
    throw new UsageError('需要一个备份文件名 / expects the backup FILE');
  const { values, flags } = parseOptions(args.slice(1), { values: ['app-role'], flags: ['force'] });
  const appRole = values['app-role'];
  if (appRole !== undefined && !ROLE_NAME.test(appRole))
    throw new UsageError(`--app-role 不是有效的角色名 / not a role name: ${appRole}`);
  const config = commandConfig(ctx);
  if (!config) return EXIT_USAGE;
  ctx.stderr(`luoshi: 数据库 database: ${describeDatabase(config)}\n`);
  try {
    const r = await restoreDatabase(config, resolve(ctx.cwd, file), {
      force: flags.has('force'),
      ...(appRole === undefined ? {} : { appRole }),
    });
    if (r.previousSavedAs)
      ctx.stdout(`原数据库已另存 / the previous database was saved as: ${r.previousSavedAs}\n`);
    ctx.stdout(`已恢复 / restored into: ${r.location}\n`);
    const v = r.verification;
    if (!v.ok) {
      ctx.stderr(`luoshi restore: 审计链不完整 / the audit chain is broken: ${v.problem!.detail}\n`);
      return EXIT_INPUT_ERRORS;
    }
    ctx.stdout(
      `审计日志完好 / audit log intact: ${v.verifiedRows} rows, head ${v.head.hash ?? '(empty log)'}\n`,
    );
    return EXIT_OK;
  } catch (err) {
    if (err instanceof BackupError) {
      ctx.stderr(`luoshi restore: ${err.message}\n`);
      return err.code === 'NOT_A_BACKUP' ? EXIT_USAGE : EXIT_INPUT_ERRORS;
    }
    throw err;
  }
}
