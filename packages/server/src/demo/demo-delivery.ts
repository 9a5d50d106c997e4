import type { Kysely } from 'kysely';
import { generateDemoDelivery, type DemoMilestone, type DemoTaskInput } from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { audited, withTransaction } from '../audit/audit.js';
import { setReportCycle } from '../delivery/report-cycles.service.js';
import { DEMO_ACTOR } from './demo-indicators.js';

export interface DemoDeliveryResult {
  workPlans: number;
  reports: number;
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
    const milestoneIds = new Map<string, number>();
    for (const w of demo.workPlans) {
      const nodeId = nodeOf.get(w.taskKey)!;
      const unitId = unitIdOf.get(w.unit)!;
      const revisions = w.change ? 2 : 1;
      const lastApproved = w.change?.approvedOn ?? w.approvedOn;
      const { id } = await trx
        .insertInto('work_plans')
        .values({
          plan_id: planId,
          node_id: nodeId,
          unit_id: unitId,
          status: 'approved',
          baseline_revision: revisions,
          current_revision: revisions,
          example: 1,
          created_by: null,
          created_at: at(w.submittedOn),
          updated_at: at(lastApproved),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const revision = (
        number: number,
        kind: string,
        ms: DemoMilestone[],
        sub: string,
        ok: string,
        reason: string | null,
      ) =>
        trx
          .insertInto('work_plan_revisions')
          .values({
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
          })
          .execute();
      await revision(1, 'initial', w.milestones, w.submittedOn, w.approvedOn, null);
      if (w.change)
        await revision(
          2,
          'change',
          w.change.milestones,
          w.change.submittedOn,
          w.change.approvedOn,
          w.change.reason,
        );
      const live = w.change?.milestones ?? w.milestones;
      for (const [ordinal, m] of live.entries()) {
        const outcome = w.outcome.find((o) => o.key === m.key)!;
        const row = await trx
          .insertInto('milestones')
          .values({
            plan_id: planId,
            work_plan_id: id,
            node_id: nodeId,
            unit_id: unitId,
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
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        milestoneIds.set(`${w.taskKey}\u0000${w.unit}\u0000${m.key}`, row.id);
      }
    }

    for (const r of demo.reports) {
      const accepted = r.events[r.events.length - 1]!;
      const { id } = await trx
        .insertInto('progress_reports')
        .values({
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
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const states = r.milestones
        .map((m) => ({ id: milestoneIds.get(`${r.taskKey}\u0000${r.unit}\u0000${m.key}`), m }))
        .filter((x): x is { id: number; m: (typeof r.milestones)[number] } => x.id !== undefined);
      if (states.length > 0)
        await trx
          .insertInto('report_milestones')
          .values(
            states.map(({ id: milestoneId, m }) => ({
              report_id: id,
              milestone_id: milestoneId,
              state: m.state,
              percent: m.percent,
              completed_on: m.completedOn,
            })),
          )
          .execute();
      await trx
        .insertInto('progress_report_events')
        .values(
          r.events.map((e) => ({
            report_id: id,
            action: e.action,
            comment: e.comment,
            snapshot_json: JSON.stringify({ percent: r.percent, example: true }),
            actor_id: null,
            at: at(e.on),
          })),
        )
        .execute();
      if (r.contributions.length > 0)
        await trx
          .insertInto('report_contributions')
          .values(
            r.contributions.map((c) => ({
              report_id: id,
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
          )
          .execute();
    }
    await audited(trx, DEMO_ACTOR, {
      action: 'demo.delivery_seed',
      entityType: 'plan',
      entityId: planId,
      after: { example: true, workPlans: demo.workPlans.length, reports: demo.reports.length },
    });
    return { workPlans: demo.workPlans.length, reports: demo.reports.length };
  });
}
