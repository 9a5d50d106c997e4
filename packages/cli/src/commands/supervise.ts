import {
  CLI_ACTOR,
  DomainError,
  chinaDate,
  emailNoticeEvents,
  runSupervision,
  sendDeliveries,
  supervisionRepository,
} from '@luoshi/server';
import { EXIT_INPUT_ERRORS, EXIT_OK, UsageError, type CommandContext } from '../command.js';
import { parseOptions } from './args.js';
import { withDatabase } from './db-context.js';

export const usage = `用法 Usage: luoshi supervise [--as-of YYYY-MM-DD] [--plan ID] [--json]

按某一天运行督办规则：里程碑逾期、进展报告未按时报送、指标进度滞后、长期未更新，生成督办单并按逾期程度
升级（蓝 → 黄 → 红）。同一天运行两次不会重复生成。不给 --as-of 时为今天（北京时间）；不给 --plan 时
运行所有在用方案。新的和升级的督办单会发往已配置的 Webhook 和邮件。
Runs the supervision rules for a day: milestones overdue, reports missing, indicators off track, items with no
update; raises notices and escalates them (blue → yellow → red). Running twice for one day raises nothing twice.
Without --as-of, today (China time); without --plan, every active plan. New and escalated notices go to the
configured webhooks and e-mail.

  --as-of YYYY-MM-DD   运行日期 / the day to run the rules for
  --plan ID            只运行这个方案 / only this plan
  --json               输出 JSON / print the result as JSON

退出码 Exit codes: 0 完成 done; 1 方案不存在 no such plan; 2 用法错误 bad usage
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, flags } = parseOptions(args, { values: ['as-of', 'plan'], flags: ['json'] });
  const asOf = values['as-of'] ?? chinaDate(Date.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) !== asOf)
    throw new UsageError(`--as-of 应为日期 YYYY-MM-DD / --as-of must be a date YYYY-MM-DD: ${asOf}`);
  let only: number | undefined;
  if (values.plan !== undefined) {
    if (!/^[1-9]\d{0,9}$/.test(values.plan) || Number(values.plan) > 2_147_483_647)
      throw new UsageError(`--plan 应为方案编号 / --plan must be a plan id: ${values.plan}`);
    only = Number(values.plan);
  }
  return withDatabase(
    ctx,
    async ({ db }, config) => {
      const planIds = only !== undefined ? [only] : await supervisionRepository.activePlanIds(db);
      const results = [];
      for (const planId of planIds) {
        try {
          const r = await runSupervision(db, planId, asOf, 'cli', CLI_ACTOR);
          await sendDeliveries(db, r.deliveryIds);
          if (config.smtp) await emailNoticeEvents(db, config.smtp, r.events, asOf);
          results.push({ planId, runId: r.runId, raised: r.raised, escalated: r.escalated });
        } catch (err) {
          if (err instanceof DomainError && err.code === 'PLAN_NOT_FOUND') {
            ctx.stderr(`luoshi supervise: 方案不存在 / no such plan: ${planId}\n`);
            return EXIT_INPUT_ERRORS;
          }
          throw err;
        }
      }
      if (flags.has('json')) ctx.stdout(`${JSON.stringify({ asOf, runs: results }, null, 2)}\n`);
      else
        for (const r of results)
          ctx.stdout(
            `方案 plan ${r.planId} @ ${asOf}: 新督办 raised ${r.raised}，升级 escalated ${r.escalated}（run ${r.runId}）\n`,
          );
      return EXIT_OK;
    },
    { requireExisting: true },
  );
}
