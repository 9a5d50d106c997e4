import type { Kysely } from 'kysely';
import {
  planRollup,
  rollUpTree,
  taskRollup,
  type MilestoneState,
  type MilestoneStatus,
  type TaskRollup,
} from '@luoshi/core';
import type { Database } from '../db/schema.js';
import type { Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { canRead, type DeliveryUser } from './access.js';
import { requireTaskNode, withDetails } from './work-plans.service.js';
import { getReportCycle } from './report-cycles.service.js';
import { ROLLUP_RULE, type PlanProgress, type TaskDelivery } from './schemas.js';

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/**
 * Each task's roll-up on `asOf` from the live milestones of its work plans, each milestone as the reports
 * submitted by that day last stated it (not started when none had), and done from its completion day on — so a
 * past day is judged by what was known then (three queries for the whole plan).
 */
async function taskRollups(db: Db, planId: number, asOf: string): Promise<Map<number, TaskRollup>> {
  const rows = await repo.planMilestones(db, planId);
  const reported = new Map<number, { state: MilestoneState; percent: number }>();
  for (const r of await repo.reportedStates(db, planId, asOf))
    reported.set(r.milestone_id, { state: r.state as MilestoneState, percent: r.percent });
  const byNode = new Map<number, Map<number, MilestoneStatus[]>>();
  for (const m of rows) {
    const plans = byNode.get(m.node_id) ?? new Map<number, MilestoneStatus[]>();
    const list = plans.get(m.work_plan_id) ?? [];
    const said = reported.get(m.id) ?? { state: 'not_started' as const, percent: 0 };
    const done = said.state === 'done' || (m.completed_on !== null && m.completed_on <= asOf);
    list.push({
      dueDate: m.due_date,
      weight: m.weight,
      state: done ? 'done' : said.state,
      percent: done ? 100 : said.percent,
    });
    plans.set(m.work_plan_id, list);
    byNode.set(m.node_id, plans);
  }
  const out = new Map<number, TaskRollup>();
  for (const [nodeId, plans] of byNode) out.set(nodeId, taskRollup([...plans.values()], asOf));
  return out;
}

/**
 * Progress and light of the plan and of each of its current items on `asOf` (see ROLLUP_RULE). A separate route
 * rather than fields of the plan document, which is one prepared statement built for reading fast; this costs
 * two queries over the plan's items and live milestones.
 */
export async function planProgress(
  db: Kysely<Database>,
  planId: number,
  asOf: string,
): Promise<PlanProgress> {
  if (!(await repo.planYears(db, planId)))
    throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
  const items = await repo.planItems(db, planId);
  const current = new Set(items.map((i) => i.id));
  const tasks = await taskRollups(db, planId, asOf);
  for (const id of [...tasks.keys()]) if (!current.has(id)) tasks.delete(id);
  const rolled = rollUpTree(items, tasks);
  const plan = planRollup(tasks.values());
  return {
    planId,
    asOf,
    rule: ROLLUP_RULE,
    plan: { ...plan, progress: round1(plan.progress) },
    items: items.map((i) => {
      const r = rolled.get(i.id)!;
      return { nodeId: i.id, ...r, progress: round1(r.progress) };
    }),
  };
}

/**
 * The task page's data: the item with its deadline and units, its roll-up, the work plans (baseline and every
 * revision), reports and evidence the user may read, and the plan's reporting cycle.
 */
export async function taskDelivery(
  db: Kysely<Database>,
  user: DeliveryUser,
  now: number,
  planId: number,
  nodeId: number,
  asOf: string,
): Promise<TaskDelivery> {
  const node = await requireTaskNode(db, nodeId, planId);
  const visible = (unitId: number) => canRead(user, unitId, node);
  const wps = (await repo.workPlanPage(db, { nodeId }, { officerUnitId: null }, undefined, 1000)).filter(
    (w) => visible(w.unitId),
  );
  const workPlans = await withDetails(db, wps);
  const reports = (await repo.reportPage(db, { nodeId }, { officerUnitId: null }, undefined, 5000)).filter(
    (r) => visible(r.unitId),
  );
  const periodOf = new Map(reports.map((r) => [r.id, r.period]));
  const evidence = (
    await repo.evidence(
      db,
      reports.map((r) => r.id),
    )
  ).map((e) => ({
    ...e,
    period: periodOf.get(e.reportId)!,
  }));
  const r = (await taskRollups(db, planId, asOf)).get(nodeId) ?? taskRollup([], asOf);
  return {
    node: {
      id: node.id,
      planId: node.planId,
      path: node.path,
      label: node.label,
      title: node.title,
      deadline: node.deadline,
      leadUnits: node.leadUnits,
      supportUnits: node.supportUnits,
      retired: node.retired,
    },
    progress: { progress: round1(r.progress), light: r.light, overdueMilestones: r.overdueMilestones },
    asOf,
    workPlans,
    reports,
    evidence,
    cycle: await getReportCycle(db, planId, now),
  };
}
