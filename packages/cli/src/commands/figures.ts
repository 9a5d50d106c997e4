import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CLI_ACTOR,
  DomainError,
  figureFileFormat,
  findUserByUsername,
  importFigures,
  type Actor,
  type Role,
  type RowError,
} from '@luoshi/server';
import { EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type CommandContext } from '../command.js';
import { parseOptions } from './args.js';
import { withDatabase } from './db-context.js';
import { progressBar } from '../progress.js';

export const usage = `用法 Usage: luoshi figures import FILE [--username U]

从 CSV 或 XLSX 文件导入统计数据（格式同 成都电商公开数据 CSV：indicator,area,period,value,unit,qualifier,
source_url,quote）。全部导入或全部不导入：任何一行有错，都不保存，并列出每个错误行的行号和原因。文件按流读取，
任意大小内存占用不变；在终端中显示进度条。
Imports figures from a CSV or XLSX file (the published-figures CSV format). All or nothing: if any row is bad,
nothing is stored and every bad row is listed with its line and why. The file is streamed (memory stays flat at
any size); a progress bar shows on a terminal.

  --username U   记为该用户导入（按其角色的权限）/ record the import as this user's (with that role's rights);
                 默认记为 "cli" / by default recorded as "cli"

数据库同服务 / the database is the server's: DATABASE_URL (PostgreSQL) or \${LUOSHI_DATA_DIR:-./data}/luoshi.db.
退出码 Exit codes: 0 已导入 imported; 1 文件有错误行，未导入 bad rows, nothing imported; 2 用法或文件错误 usage or file.
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const file = args[0];
  if (!file || file.startsWith('--')) throw new UsageError('缺少文件 / missing FILE');
  const { values } = parseOptions(args.slice(1), { values: ['username'] });
  const path = resolve(ctx.cwd, file);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    ctx.stderr(`luoshi figures import: 无法读取文件 / cannot read the file: ${path}\n`);
    return EXIT_USAGE;
  }

  // Peak memory stays flat with the file because bin/luoshi.js starts Node with a small young generation.
  return withDatabase(ctx, async ({ db, location }) => {
    ctx.stderr(`数据库 database: ${location}\n`);
    let actor: Actor = CLI_ACTOR;
    let editor: { role: Role; unitId: number | null } = { role: 'admin', unitId: null };
    if (values.username) {
      const user = await findUserByUsername(db, values.username);
      if (!user || user.disabled) {
        ctx.stderr(
          `luoshi figures import: 没有可用的用户「${values.username}」/ no enabled user "${values.username}"\n`,
        );
        return EXIT_USAGE;
      }
      actor = { userId: user.id, label: user.username };
      editor = { role: user.role, unitId: user.unitId };
    }
    const bar = progressBar(process.stderr, size);
    const started = Date.now();
    try {
      const result = await importFigures(
        db,
        actor,
        editor,
        {
          format: figureFileFormat(path),
          fileName: file,
          stream: createReadStream(path, { highWaterMark: 64 * 1024 }),
        },
        { onProgress: (bytes) => bar.update(bytes) },
      );
      bar.done();
      const seconds = (Date.now() - started) / 1000;
      ctx.stdout(
        `已导入 imported ${result.imported} 条数据 figures (${result.revisions} 条修订 revisions) ` +
          `in ${seconds.toFixed(1)} s; import #${result.importId}, sha256 ${result.fileHash}\n`,
      );
      return EXIT_OK;
    } catch (err) {
      bar.done();
      if (err instanceof DomainError) {
        ctx.stderr(
          `luoshi figures import: ${err.userMessage?.zh ?? err.message}\n  ${err.userMessage?.en ?? ''}\n`,
        );
        const rows = (err.errors ?? []).filter((e): e is RowError => 'line' in e);
        for (const e of rows) ctx.stderr(`  ${e.message.zh}\n    ${e.message.en}\n`);
        if (err.errorCount !== undefined && err.errorCount > rows.length)
          ctx.stderr(
            `  …… 另有 ${err.errorCount - rows.length} 处错误 / ${err.errorCount - rows.length} more\n`,
          );
        return EXIT_INPUT_ERRORS;
      }
      throw err;
    }
  });
}
