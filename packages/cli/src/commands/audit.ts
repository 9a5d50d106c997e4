import { verifyAuditChain, type ChainVerification } from '@luoshi/server';
import { EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type CommandContext } from '../command.js';
import { parseOptions } from './args.js';
import { withDatabase } from './db-context.js';

export const usage = `用法 Usage: luoshi audit verify [--expect-head HASH] [--json]

逐行核验审计日志的哈希链：报告第一条对不上的记录（被改动、被删除、前一条哈希不符）及其原因，
以及核验到的链头哈希和行数。用 --expect-head 给出此前记录的链头（服务启动日志和审计日志页面上都有），
日志被截断或尾部被重写也能发现。
Walks the audit log's hash chain: reports the first row that does not fit (edited, deleted, previous hash
mismatch) and why, and the head hash and row count it ends on. With --expect-head, a head recorded earlier (the
server logs it at each start; admins see it on the audit log page) must still be in the chain, which catches a
truncated log or a rewritten tail.

  --expect-head HASH   此前记录的链头 / a head hash recorded earlier
  --json               输出 JSON / print the result as JSON

退出码 Exit codes: 0 完好 intact; 1 不完整 broken; 2 用法错误或没有数据库 bad usage or no database
`;

function report(v: ChainVerification, expectHead: string | undefined): string {
  const lines: string[] = [];
  if (v.ok) {
    lines.push(`审计日志完好 / audit log intact: ${v.verifiedRows} rows verified`);
  } else {
    const p = v.problem!;
    lines.push(
      p.id === null
        ? `审计日志不完整 / audit log BROKEN: ${p.reason}`
        : `审计日志不完整 / audit log BROKEN at row id ${p.id}${p.seq === null ? '' : ` (seq ${p.seq})`}: ${p.reason}`,
      `  ${p.detail}`,
      `已核验 / verified: ${v.verifiedRows} of ${v.totalRows} rows`,
    );
  }
  lines.push(
    v.head.hash === null
      ? `链头 / head: (empty log)`
      : `链头 / head: ${v.head.hash} (row id ${v.head.id}, ${v.head.rows} rows, ${v.head.at})`,
  );
  if (v.ok && expectHead !== undefined)
    lines.push(`包含此前记录的链头 / contains the recorded head: ${expectHead}`);
  return `${lines.join('\n')}\n`;
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  if (args[0] !== 'verify') throw new UsageError('子命令只有 verify / the only subcommand is verify');
  const { values, flags } = parseOptions(args.slice(1), { values: ['expect-head'], flags: ['json'] });
  const expectHead = values['expect-head']?.trim().toLowerCase();
  if (expectHead !== undefined && !/^[0-9a-f]{64}$/.test(expectHead))
    throw new UsageError('--expect-head 应为 64 位十六进制 / --expect-head must be 64 hex digits');
  // Read-only: a forensic check changes nothing, not even the schema.
  return withDatabase(
    ctx,
    async ({ db }) => {
      let v: ChainVerification;
      try {
        v = await verifyAuditChain(db, expectHead === undefined ? {} : { expectHead });
      } catch (err) {
        // E.g. a database from before the chain existed: verify changes nothing, so it does not migrate.
        ctx.stderr(
          `luoshi audit verify: 无法读取审计链（数据库是否已升级？先运行 luoshi db migrate）/ cannot read the audit ` +
            `chain (is the database migrated? run luoshi db migrate): ${err instanceof Error ? err.message : String(err)}\n`,
        );
        return EXIT_USAGE;
      }
      ctx.stdout(flags.has('json') ? `${JSON.stringify(v, null, 2)}\n` : report(v, expectHead));
      return v.ok ? EXIT_OK : EXIT_INPUT_ERRORS;
    },
    { migrate: false, requireExisting: true },
  );
}
