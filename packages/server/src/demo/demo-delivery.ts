import type { Insertable, Kysely, Transaction } from 'kysely';
import { generateDemoDelivery, type DemoMilestone, type DemoTaskInput } from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { audited, withTransaction } from '../audit/audit.js';
import { setReportCycle } from '../delivery/report-cycles.service.js';
import { DEMO_ACTOR } from './demo-indicators.js';

export interface DemoDeliveryResult {
  workPlans: number;
  reports: number;
}

/** Rows per INSERT: well within both engines' limits on bound parameters. */
const CHUNK = 400;

async function insertChunks<T extends keyof Database>(
  db: Transaction<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

/** A demo action's time: 09:30 in Chengdu on that day. */
const at = (date: string) => `${date}T01:30:00.000Z`;

/**
 * The demo plan's example delivery data (示例数据, `example` = 1 on every row): a quarterly reporting cycle due on
 * the 5th working day, each lead unit's approved work plan per task (some with an approved change request), and
 * its quarterly reports 2013–2015 as `generateDemoDelivery` makes them — some units on time, some late, some with
 * reports missing, some with slipping milestones — so that the supervision board shows every level. Written in
 * one transaction, with one audit row for the whole seeding; does nothing when the plan has work plans already.
 */
export async function seedDemoDelivery(db: Kysely<Database>, planId: number): Promise<DemoDeliveryResult> {
  const existing = await db
    .selectFrom('work_plans')
    .select('id')
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  if (existing) return { workPlans: 0, reports: 0 };
  const plan = await db
    .selectFrom('plans')
    .select(['period_from', 'period_to'])
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  const fromYear = plan.period_from ?? 2013;
  const toYear = plan.period_to ?? fromYear + 2;
  await setReportCycle(
    db,
    DEMO_ACTOR,
    Date.parse(at(`${fromYear}-01-04`)),
    planId,
    {
      frequency: 'quarter',
      dueWorkingDays: 5,
    },
    true,
  );

  const links = await db
    .selectFrom('plan_node_units as l')
    .innerJoin('plan_nodes as n', 'n.id', 'l.node_id')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .select(['n.id as node_id', 'n.path', 'n.title', 'l.role', 'l.position', 'u.id as unit_id', 'u.name'])
    .where('n.plan_id', '=', planId)
    .where('n.retired_at', 'is', null)
    .orderBy('n.path')
    .orderBy('l.role')
    .orderBy('l.position')
    .execute();
  const unitIdOf = new Map(links.map((l) => [l.name, l.unit_id]));
  const nodeOf = new Map<string, number>();
  const tasks = new Map<string, DemoTaskInput & { leadUnits: string[]; supportUnits: string[] }>();
  for (const l of links) {
    nodeOf.set(l.path, l.node_id);
    const task = tasks.get(l.path) ?? { key: l.path, title: l.title, leadUnits: [], supportUnits: [] };
    (l.role === 'lead' ? task.leadUnits : task.supportUnits).push(l.name);
    tasks.set(l.path, task);
  }
  const leads = [...tasks.values()].filter((x) => x.leadUnits.length > 0);
  // Units in the order they first lead a task in the plan: the order their behaviours are dealt.
  const units = [...new Set(leads.flatMap((x) => x.leadUnits))];
  const demo = generateDemoDelivery({
    tasks: leads,
    units,
    fromYear,
    toYear,
    frequency: 'quarter',
    dueWorkingDays: 5,
  });

  return withTransaction(db, async (trx) => {
    // Bulk inserts, then one read of the new ids by their natural keys: a few statements, not one per row.
    const key = (...parts: (string | number)[]) => parts.join('\u0000');
    await insertChunks(
      trx,
      'work_plans',
      demo.workPlans.map((w) => ({
        plan_id: planId,
        node_id: nodeOf.get(w.taskKey)!,
        unit_id: unitIdOf.get(w.unit)!,
        status: 'approved',
        baseline_revision: w.change ? 2 : 1,
        current_revision: w.change ? 2 : 1,
        example: 1,
        created_by: null,
        created_at: at(w.submittedOn),
        updated_at: at(w.change?.approvedOn ?? w.approvedOn),
      })),
    );
    const wpIds = new Map(
      (
        await trx
          .selectFrom('work_plans')
          .select(['id', 'node_id', 'unit_id'])
          .where('plan_id', '=', planId)
          .execute()
      ).map((w) => [key(w.node_id, w.unit_id), w.id]),
    );
    const wpOf = (w: { taskKey: string; unit: string }) =>
      wpIds.get(key(nodeOf.get(w.taskKey)!, unitIdOf.get(w.unit)!))!;
    const revision = (
      id: number,
      number: number,
      kind: string,
      ms: DemoMilestone[],
      sub: string,
      ok: string,
      reason: string | null,
    ) => ({
      work_plan_id: id,
      number,
      kind,
      reason,
      status: 'approved',
      milestones_json: JSON.stringify(ms),
      created_by: null,
      created_at: at(sub),
      submitted_by: null,
      submitted_at: at(sub),
      reviewed_by: null,
      reviewed_at: at(ok),
    });
    await insertChunks(
      trx,
      'work_plan_revisions',
      demo.workPlans.flatMap((w) => [
        revision(wpOf(w), 1, 'initial', w.milestones, w.submittedOn, w.approvedOn, null),
        ...(w.change
          ? [
              revision(
                wpOf(w),
                2,
                'change',
                w.change.milestones,
                w.change.submittedOn,
                w.change.approvedOn,
                w.change.reason,
              ),
            ]
          : []),
      ]),
    );
    await insertChunks(
      trx,
      'milestones',
      demo.workPlans.flatMap((w) =>
        (w.change?.milestones ?? w.milestones).map((m, ordinal) => {
          const outcome = w.outcome.find((o) => o.key === m.key)!;
          return {
            plan_id: planId,
            work_plan_id: wpOf(w),
            node_id: nodeOf.get(w.taskKey)!,
            unit_id: unitIdOf.get(w.unit)!,
            key: m.key,
            title: m.title,
            due_date: m.dueDate,
            deliverable: m.deliverable,
            weight: m.weight,
            ordinal,
            state: outcome.state,
            percent: outcome.percent,
            completed_on: outcome.completedOn,
            example: 1,
          };
        }),
      ),
    );
    const milestoneIds = new Map(
      (
        await trx
          .selectFrom('milestones')
          .select(['id', 'work_plan_id', 'key'])
          .where('plan_id', '=', planId)
          .execute()
      ).map((m) => [key(m.work_plan_id, m.key), m.id]),
    );

    await insertChunks(
      trx,
      'progress_reports',
      demo.reports.map((r) => {
        const accepted = r.events[r.events.length - 1]!;
        return {
          plan_id: planId,
          node_id: nodeOf.get(r.taskKey)!,
          unit_id: unitIdOf.get(r.unit)!,
          period: r.period,
          due_date: r.dueDate,
          status: r.status,
          percent: r.percent,
          progress: r.progress,
          problems: r.problems,
          next_steps: r.nextSteps,
          submitted_at: at(r.submittedOn),
          submitted_on: r.submittedOn,
          submitted_by: null,
          reviewed_at: at(accepted.on),
          reviewed_by: null,
          review_comment: null,
          example: 1,
          created_by: null,
          created_at: at(r.submittedOn),
          updated_at: at(accepted.on),
        };
      }),
    );
    const reportIds = new Map(
      (
        await trx
          .selectFrom('progress_reports')
          .select(['id', 'node_id', 'unit_id', 'period'])
          .where('plan_id', '=', planId)
          .execute()
      ).map((r) => [key(r.node_id, r.unit_id, r.period), r.id]),
    );
    const reportOf = (r: (typeof demo.reports)[number]) =>
      reportIds.get(key(nodeOf.get(r.taskKey)!, unitIdOf.get(r.unit)!, r.period))!;
    await insertChunks(
      trx,
      'report_milestones',
      demo.reports.flatMap((r) =>
        r.milestones.flatMap((m) => {
          const milestoneId = milestoneIds.get(key(wpOf(r), m.key));
          return milestoneId === undefined
            ? []
            : [
                {
                  report_id: reportOf(r),
                  milestone_id: milestoneId,
                  state: m.state,
                  percent: m.percent,
                  completed_on: m.completedOn,
                },
              ];
        }),
      ),
    );
    await insertChunks(
      trx,
      'progress_report_events',
      demo.reports.flatMap((r) =>
        r.events.map((e) => ({
          report_id: reportOf(r),
          action: e.action,
          comment: e.comment,
          snapshot_json: JSON.stringify({ percent: r.percent, example: true }),
          actor_id: null,
          at: at(e.on),
        })),
      ),
    );
    await insertChunks(
      trx,
      'report_contributions',
      demo.reports.flatMap((r) =>
        r.contributions.map((c) => ({
          report_id: reportOf(r),
          unit_id: unitIdOf.get(c.unit)!,
          progress: c.progress,
          problems: '',
          next_steps: '',
          status: 'submitted',
          example: 1,
          updated_by: null,
          updated_at: at(r.submittedOn),
          submitted_at: at(r.submittedOn),
        })),
      ),
    );
    await audited(trx, DEMO_ACTOR, {
      action: 'demo.delivery_seed',
      entityType: 'plan',
      entityId: planId,
      after: { example: true, workPlans: demo.workPlans.length, reports: demo.reports.length },
    });
    return { workPlans: demo.workPlans.length, reports: demo.reports.length };
  });
}
