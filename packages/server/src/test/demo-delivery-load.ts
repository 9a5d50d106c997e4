import type { Kysely } from 'kysely';
import { generateDemoDelivery, type DemoDelivery, type DemoUnitProfile } from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';

/** A stored time on a local date (10:00 China time), as a submission or review that day would have. */
const timeOn = (date: string) => `${date}T02:00:00.000Z`;

export interface LoadedDemoDelivery {
  delivery: DemoDelivery;
  /** Lead tasks of the plan: node id, unit id and name, and the unit's demo profile. */
  tasks: { nodeId: number; unitId: number; unit: string; profile: DemoUnitProfile }[];
}

/**
 * The Chengdu demo's example delivery data, from the delivery core's deterministic generator (monthly reports
 * due on the 5th working day, 2013–2015), written into delivery's tables: approved work plans with their live
 * milestones, the report cycle and the reports with the day each came in. Until the demo seeding of delivery
 * lands, the replay test and the bench load it with this.
 */
export async function loadDemoDelivery(db: Kysely<Database>, planId: number): Promise<LoadedDemoDelivery> {
  const leads = await db
    .selectFrom('plan_node_units as pu')
    .innerJoin('plan_nodes as pn', 'pn.id', 'pu.node_id')
    .innerJoin('units as u', 'u.id', 'pu.unit_id')
    .select(['pn.id as node_id', 'pn.title', 'pu.unit_id', 'u.name'])
    .where('pn.plan_id', '=', planId)
    .where('pn.kind', '=', 'task')
    .where('pn.retired_at', 'is', null)
    .where('pu.role', '=', 'lead')
    .orderBy('pn.id')
    .orderBy('pu.unit_id')
    .execute();
  const byNode = new Map<number, { title: string; units: { id: number; name: string }[] }>();
  for (const l of leads) {
    const n = byNode.get(l.node_id) ?? { title: l.title, units: [] };
    n.units.push({ id: l.unit_id, name: l.name });
    byNode.set(l.node_id, n);
  }
  const unitNames = [...new Set(leads.map((l) => l.name))];
  const unitIds = new Map(leads.map((l) => [l.name, l.unit_id]));
  const delivery = generateDemoDelivery({
    tasks: [...byNode].map(([nodeId, n]) => ({
      key: String(nodeId),
      title: n.title,
      leadUnits: n.units.map((u) => u.name),
      supportUnits: [],
    })),
    fromYear: 2013,
    toYear: 2015,
    frequency: 'month',
    dueWorkingDays: 5,
    units: unitNames,
  });
  const now = nowIso();
  await db
    .insertInto('report_cycles')
    .values({
      plan_id: planId,
      frequency: 'month',
      due_working_days: 5,
      first_period: '2013-01',
      last_period: '2015-12',
      example: 1,
      updated_at: now,
    })
    .execute();
  for (const w of delivery.workPlans) {
    const nodeId = Number(w.taskKey);
    const unitId = unitIds.get(w.unit)!;
    const revisions = w.change ? 2 : 1;
    const wp = await db
      .insertInto('work_plans')
      .values({
        plan_id: planId,
        node_id: nodeId,
        unit_id: unitId,
        status: 'approved',
        baseline_revision: revisions,
        current_revision: revisions,
        example: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('work_plan_revisions')
      .values({
        work_plan_id: wp.id,
        number: 1,
        kind: 'initial',
        status: 'approved',
        milestones_json: JSON.stringify(w.milestones),
        created_at: now,
        submitted_at: timeOn(w.submittedOn),
        reviewed_at: timeOn(w.approvedOn),
      })
      .execute();
    if (w.change)
      await db
        .insertInto('work_plan_revisions')
        .values({
          work_plan_id: wp.id,
          number: 2,
          kind: 'change',
          reason: w.change.reason,
          status: 'approved',
          milestones_json: JSON.stringify(w.change.milestones),
          created_at: now,
          submitted_at: timeOn(w.change.submittedOn),
          reviewed_at: timeOn(w.change.approvedOn),
        })
        .execute();
    const live = w.change ? w.change.milestones : w.milestones;
    for (const [i, m] of live.entries()) {
      const o = w.outcome.find((x) => x.key === m.key);
      await db
        .insertInto('milestones')
        .values({
          plan_id: planId,
          work_plan_id: wp.id,
          node_id: nodeId,
          unit_id: unitId,
          key: m.key,
          title: m.title,
          due_date: m.dueDate,
          deliverable: m.deliverable,
          weight: m.weight,
          ordinal: i,
          state: o?.state ?? 'not_started',
          percent: o?.percent ?? 0,
          completed_on: o?.completedOn ?? null,
          example: 1,
        })
        .execute();
    }
  }
  for (const r of delivery.reports)
    await db
      .insertInto('progress_reports')
      .values({
        plan_id: planId,
        node_id: Number(r.taskKey),
        unit_id: unitIds.get(r.unit)!,
        period: r.period,
        due_date: r.dueDate,
        status: r.status,
        percent: r.percent,
        progress: r.progress,
        problems: r.problems,
        next_steps: r.nextSteps,
        submitted_at: timeOn(r.submittedOn),
        submitted_on: r.submittedOn,
        example: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  return {
    delivery,
    tasks: leads.map((l) => ({
      nodeId: l.node_id,
      unitId: l.unit_id,
      unit: l.name,
      profile: delivery.profiles.get(l.name) ?? 'punctual',
    })),
  };
}
