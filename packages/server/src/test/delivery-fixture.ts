import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { confirmImport, createImport } from '../imports/imports-service.js';
import { updatePlan } from '../plans/plans-service.js';

/**
 * A plan with delivery data written straight into delivery's tables (the contract in coord/delivery-design.md):
 * an approved work plan with milestones per task and lead unit, a report cycle, and the reports given. For the
 * supervision tests, which need the rows and not the delivery screens that write them.
 */
export interface DeliveryFixture {
  planId: number;
  /** task node id → its lead unit id, in plan order. */
  tasks: { nodeId: number; unitId: number; unitName: string }[];
}

export async function planWithTasks(
  db: Kysely<Database>,
  title: string,
  units: string[],
): Promise<DeliveryFixture> {
  const text = [
    title,
    '一、主要任务',
    ...units.map(
      (u, i) => `（${'一二三四五六七八九十'[i]}）第${i + 1}项任务，推进重点工作。（牵头单位：${u}）`,
    ),
  ].join('\n');
  const draft = await createImport(db, SYSTEM_ACTOR, {
    text,
    fileName: null,
    format: 'pasted',
    encoding: null,
  });
  const { planId } = await confirmImport(db, SYSTEM_ACTOR, draft.id);
  const plan = await updatePlan(db, SYSTEM_ACTOR, planId, { published: true });
  const tasks = plan.nodes
    .flatMap((n) => [n, ...n.children])
    .filter((n) => n.kind === 'task' && n.leadUnits.length > 0)
    .map((n) => ({ nodeId: n.id, unitId: n.leadUnits[0]!.id, unitName: n.leadUnits[0]!.name }));
  if (tasks.length !== units.length)
    throw new Error(`fixture plan has ${tasks.length} tasks, not ${units.length}`);
  return { planId, tasks };
}

/** An approved work plan for a task with the milestones given (due date, and the day it was done if it was). */
export async function approvedWorkPlan(
  db: Kysely<Database>,
  planId: number,
  task: { nodeId: number; unitId: number },
  milestones: { key: string; title: string; due: string; doneOn?: string | null }[],
): Promise<number> {
  const now = nowIso();
  const wp = await db
    .insertInto('work_plans')
    .values({
      plan_id: planId,
      node_id: task.nodeId,
      unit_id: task.unitId,
      status: 'approved',
      baseline_revision: 1,
      current_revision: 1,
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
      milestones_json: JSON.stringify(milestones),
      created_at: now,
    })
    .execute();
  let ordinal = 0;
  for (const m of milestones)
    await db
      .insertInto('milestones')
      .values({
        plan_id: planId,
        work_plan_id: wp.id,
        node_id: task.nodeId,
        unit_id: task.unitId,
        key: m.key,
        title: m.title,
        due_date: m.due,
        deliverable: '',
        weight: 1,
        ordinal: ordinal++,
        state: m.doneOn ? 'done' : 'not_started',
        percent: m.doneOn ? 100 : 0,
        completed_on: m.doneOn ?? null,
      })
      .execute();
  return wp.id;
}

export async function reportCycle(
  db: Kysely<Database>,
  planId: number,
  frequency: 'month' | 'quarter',
  first: string,
  last: string,
): Promise<void> {
  await db
    .insertInto('report_cycles')
    .values({
      plan_id: planId,
      frequency,
      due_working_days: 5,
      first_period: first,
      last_period: last,
      updated_at: nowIso(),
    })
    .execute();
}

export async function submittedReport(
  db: Kysely<Database>,
  planId: number,
  task: { nodeId: number; unitId: number },
  period: string,
  due: string,
  submittedOn: string,
): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('progress_reports')
    .values({
      plan_id: planId,
      node_id: task.nodeId,
      unit_id: task.unitId,
      period,
      due_date: due,
      status: 'submitted',
      submitted_on: submittedOn,
      submitted_at: `${submittedOn}T02:00:00.000Z`,
      created_at: now,
      updated_at: now,
    })
    .execute();
}
