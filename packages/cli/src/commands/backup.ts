import { BackupError, backupDatabase } from '@luoshi/server';
import { resolve } from 'node:path';
import { EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type CommandContext } from '../command.js';
import { withDatabase } from './db-context.js';

export const usage = `用法 Usage: luoshi backup FILE

在服务运行、写入时做一份一致的备份。SQLite：用 SQLite 在线备份，得到一个独立的数据库文件，并核验其审计链；
PostgreSQL：调用 pg_dump（custom 格式）。用 luoshi restore FILE 恢复。
Makes a consistent backup while the server runs and writes. SQLite: SQLite's online backup, giving one
self-contained database file whose audit chain is verified; PostgreSQL: pg_dump (custom format). Bring it back
with luoshi restore FILE.

退出码 Exit codes: 0 完成 done; 1 失败，或备份中的审计链不完整 failed, or the backup's audit chain is broken;
2 用法错误或没有数据库 bad usage or no database
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  if (args.length !== 1 || args[0]!.startsWith('-'))
    throw new UsageError('需要一个备份文件名 / expects one backup FILE');
  const file = resolve(ctx.cwd, args[0]!);
  return withDatabase(
    ctx,
    async (_handle, config) => {
      try {
        const r = await backupDatabase(config, file);
        ctx.stdout(`备份完成 / backup written: ${r.file} (${r.bytes} bytes)\n`);
        ctx.stdout(
          r.head.hash === null
            ? `审计日志为空 / the audit log is empty\n`
            : `审计日志 / audit log: ${r.head.rows} rows, head ${r.head.hash}\n`,
        );
        if (r.verification && !r.verification.ok) {
          ctx.stderr(
            `luoshi backup: 备份中的审计链不完整 / the backup's audit chain is broken: ${r.verification.problem!.detail}\n`,
          );
          return EXIT_INPUT_ERRORS;
        }
        return EXIT_OK;
      } catch (err) {
        if (err instanceof BackupError) {
          ctx.stderr(`luoshi backup: ${err.message}\n`);
          return err.code === 'BAD_TARGET' ? EXIT_USAGE : EXIT_INPUT_ERRORS;
        }
        throw err;
      }
    },
    { migrate: false, requireExisting: true },
  );
}
