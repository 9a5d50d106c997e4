import type { Kysely } from 'kysely';
import { workPlanProgress } from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { isUniqueViolation, lockRows } from '../db/dialect.js';
import { decodeCursor, pageOf, type Page } from '../db/keyset.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { deliveryRepository as repo, type TaskNode } from './delivery.repository.js';
import { assertCanRead, assertOwnUnit, isoOf, listScope, type DeliveryUser } from './access.js';
import type {
  MilestoneInput,
  RevisionMilestone,
  WorkPlanDetail,
  WorkPlanListQuery,
  WorkPlanSummary,
} from './schemas.js';
import './errors.js';

export async function requireTaskNode(db: Db, nodeId: number, planId?: number): Promise<TaskNode> {
  const node = await repo.taskNode(db, nodeId);
  if (!node || (planId !== undefined && node.planId !== planId))
    throw new DomainError('NODE_NOT_FOUND_IN_PLAN', { detail: `item ${nodeId}` });
  return node;
}

/** A work plan with every revision, its live milestones and its progress. */
export async function workPlanDetail(db: Db, id: number): Promise<WorkPlanDetail> {
  const wp = await repo.workPlan(db, id);
  if (!wp) throw new DomainError('WORK_PLAN_NOT_FOUND', { detail: `work plan ${id}` });
  return (await withDetails(db, [wp]))[0]!;
}

/** Summaries completed with revisions and milestones, in two queries for any number of work plans. */
export async function withDetails(db: Db, wps: readonly WorkPlanSummary[]): Promise<WorkPlanDetail[]> {
  const ids = wps.map((w) => w.id);
  const revisions = await repo.revisions(db, ids);
  const milestones = await repo.milestones(db, ids);
  return wps.map((wp) => {
    const live = milestones.get(wp.id) ?? [];
    return {
      ...wp,
      revisions: revisions.filter((r) => r.workPlanId === wp.id).map(({ workPlanId: _, ...r }) => r),
      milestones: live,
      progress: workPlanProgress(live.filter((m) => !m.retired).map((m) => ({ ...m, dueDate: m.dueDate }))),
    };
  });
}

/** A page of work plans the user may read (keyset by id). */
export async function listWorkPlans(
  db: Kysely<Database>,
  user: DeliveryUser,
  q: WorkPlanListQuery,
): Promise<Page<WorkPlanSummary>> {
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, 'id', 'asc');
  const rows = await repo.workPlanPage(db, q, listScope(user), after?.id, limit + 1);
  return pageOf(
    rows,
    limit,
    'id',
    'asc',
    (r) => ({ value: r.id, id: r.id }),
    (r) => r,
  );
}

/** Reads a work plan the user may see. */
export async function getWorkPlan(
  db: Kysely<Database>,
  user: DeliveryUser,
  id: number,
): Promise<WorkPlanDetail> {
  const detail = await workPlanDetail(db, id);
  assertCanRead(user, detail.unitId, await requireTaskNode(db, detail.nodeId), `work plan ${id}`);
  return detail;
}

function invalidMilestones(en: string, zh: string): DomainError {
  return new DomainError('VALIDATION_FAILED', {
    message: { zh, en },
    detail: en,
    errors: [{ path: '/body/milestones', message: en }],
  });
}

/**
 * The milestones as stored in a revision: trimmed, keys given to new ones (`m<n>`, never reusing a key an earlier
 * revision had), keys unique.
 */
function normalizeMilestones(
  input: readonly MilestoneInput[],
  usedKeys: readonly string[],
): RevisionMilestone[] {
  const given = input.map((m) => m.key).filter((k): k is string => k !== undefined);
  if (new Set(given).size !== given.length)
    throw invalidMilestones('two milestones have the same key', '两个节点的标识重复。');
  let next =
    Math.max(0, ...[...usedKeys, ...given].map((k) => (/^m(\d{1,6})$/.exec(k) ? Number(k.slice(1)) : 0))) + 1;
  return input.map((m) => ({
    key: m.key ?? `m${next++}`,
    title: m.title.trim(),
    dueDate: m.dueDate,
    deliverable: (m.deliverable ?? '').trim(),
    weight: m.weight,
  }));
}

async function conflict(db: Db, id: number): Promise<DomainError> {
  return new DomainError('VERSION_CONFLICT', {
    detail: `work plan ${id}`,
    current: await workPlanDetail(db, id),
  });
}

/** Locks the work plan, reads it, and checks the caller's version and unit. */
async function lockForWrite(
  trx: Kysely<Database>,
  user: DeliveryUser,
  id: number,
  version: number,
  who: 'own-unit' | 'reviewer',
): Promise<WorkPlanDetail> {
  await lockRows(trx, 'work_plans', [id]);
  const wp = await workPlanDetail(trx, id);
  if (who === 'own-unit') assertOwnUnit(user, wp.unitId, `work plan ${id}`);
  if (wp.version !== version) throw await conflict(trx, id);
  return wp;
}

const latestOf = (wp: WorkPlanDetail) => wp.revisions[wp.revisions.length - 1]!;

/** An officer of a lead unit drafts its work plan for a task (revision 1, a draft). */
export async function createWorkPlan(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  body: { nodeId: number; unitId?: number; milestones: MilestoneInput[] },
): Promise<WorkPlanDetail> {
  const node = await requireTaskNode(db, body.nodeId);
  const unitId = body.unitId ?? user.unitId ?? 0;
  assertOwnUnit(user, unitId, `unit ${unitId}`);
  if (node.retired) throw new DomainError('RETIRED');
  if (!node.leadUnits.some((u) => u.id === unitId))
    throw new DomainError('NOT_A_LEAD_UNIT', { detail: `unit ${unitId}` });
  const milestones = normalizeMilestones(body.milestones, []);
  try {
    return await withTransaction(db, async (trx) => {
      if ((await repo.workPlanIdFor(trx, node.id, unitId)) !== null)
        throw new DomainError('WORK_PLAN_EXISTS');
      const at = isoOf(now);
      const id = await repo.insertWorkPlan(trx, {
        plan_id: node.planId,
        node_id: node.id,
        unit_id: unitId,
        status: 'draft',
        baseline_revision: null,
        current_revision: 1,
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      });
      await repo.insertRevision(trx, {
        work_plan_id: id,
        number: 1,
        kind: 'initial',
        reason: null,
        status: 'draft',
        milestones_json: JSON.stringify(milestones),
        created_by: actor.userId,
        created_at: at,
      });
      await audited(trx, actor, {
        action: 'work_plan.create',
        entityType: 'work_plan',
        entityId: id,
        after: { planId: node.planId, nodeId: node.id, unitId, milestones },
      });
      return workPlanDetail(trx, id);
    });
  } catch (err) {
    // Two officers of the unit creating it at once: the second finds the first's.
    if (isUniqueViolation(err)) throw new DomainError('WORK_PLAN_EXISTS');
    throw err;
  }
}

/**
 * Saves the milestones of the work plan's open revision (a draft, or one the secretariat returned). On an
 * approved work plan this opens a change request: a new revision that needs a reason, while the approved
 * baseline stays in force until the change is approved. A submitted revision waits for its review.
 */
export async function saveWorkPlan(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  id: number,
  body: { version: number; milestones: MilestoneInput[]; reason?: string },
): Promise<WorkPlanDetail> {
  return withTransaction(db, async (trx) => {
    const wp = await lockForWrite(trx, user, id, body.version, 'own-unit');
    const latest = latestOf(wp);
    const usedKeys = wp.revisions.flatMap((r) => r.milestones.map((m) => m.key));
    const milestones = normalizeMilestones(body.milestones, usedKeys);
    const reason = body.reason?.trim() || null;
    const at = isoOf(now);
    let number = latest.number;
    if (latest.status === 'submitted') throw new DomainError('WORK_PLAN_STATE', { detail: 'under review' });
    if (latest.status === 'approved') {
      if (reason === null) throw new DomainError('REASON_REQUIRED');
      number = latest.number + 1;
      await repo.insertRevision(trx, {
        work_plan_id: id,
        number,
        kind: 'change',
        reason,
        status: 'draft',
        milestones_json: JSON.stringify(milestones),
        created_by: actor.userId,
        created_at: at,
      });
    } else {
      if (latest.kind === 'change' && reason === null && latest.reason === null)
        throw new DomainError('REASON_REQUIRED');
      await repo.updateRevision(trx, id, number, {
        status: 'draft',
        milestones_json: JSON.stringify(milestones),
        ...(latest.kind === 'change' && reason !== null && { reason }),
      });
    }
    if (
      !(await repo.bumpWorkPlan(trx, id, body.version, {
        status: 'draft',
        current_revision: number,
        updated_at: at,
      }))
    )
      throw await conflict(trx, id);
    await audited(trx, actor, {
      action: latest.status === 'approved' ? 'work_plan.change_request' : 'work_plan.save',
      entityType: 'work_plan',
      entityId: id,
      before: { revision: latest.number, status: latest.status, milestones: latest.milestones },
      after: { revision: number, status: 'draft', reason, milestones },
    });
    return workPlanDetail(trx, id);
  });
}

/** Hands the open revision to the secretariat. */
export async function submitWorkPlan(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  id: number,
  version: number,
): Promise<WorkPlanDetail> {
  return withTransaction(db, async (trx) => {
    const wp = await lockForWrite(trx, user, id, version, 'own-unit');
    const latest = latestOf(wp);
    if (latest.status !== 'draft' && latest.status !== 'returned')
      throw new DomainError('WORK_PLAN_STATE', { detail: `revision ${latest.number} is ${latest.status}` });
    const at = isoOf(now);
    await repo.updateRevision(trx, id, latest.number, {
      status: 'submitted',
      submitted_by: actor.userId,
      submitted_at: at,
    });
    if (!(await repo.bumpWorkPlan(trx, id, version, { status: 'submitted', updated_at: at })))
      throw await conflict(trx, id);
    await audited(trx, actor, {
      action: 'work_plan.submit',
      entityType: 'work_plan',
      entityId: id,
      before: { revision: latest.number, status: latest.status },
      after: { revision: latest.number, status: 'submitted' },
    });
    return workPlanDetail(trx, id);
  });
}

/**
 * The secretariat approves the submitted revision — it becomes the locked baseline and its milestones the live
 * ones — or returns it with a reason.
 */
export async function reviewWorkPlan(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  id: number,
  body: { version: number; decision: 'approve' | 'return'; comment?: string },
): Promise<WorkPlanDetail> {
  const comment = body.comment?.trim() || null;
  if (body.decision === 'return' && comment === null) throw new DomainError('COMMENT_REQUIRED');
  return withTransaction(db, async (trx) => {
    const wp = await lockForWrite(trx, user, id, body.version, 'reviewer');
    const latest = latestOf(wp);
    if (latest.status !== 'submitted')
      throw new DomainError('WORK_PLAN_STATE', { detail: `revision ${latest.number} is ${latest.status}` });
    const at = isoOf(now);
    const status = body.decision === 'approve' ? 'approved' : 'returned';
    await repo.updateRevision(trx, id, latest.number, {
      status,
      review_comment: comment,
      reviewed_by: actor.userId,
      reviewed_at: at,
    });
    if (status === 'approved')
      await repo.syncMilestones(
        trx,
        { id, planId: wp.planId, nodeId: wp.nodeId, unitId: wp.unitId, example: wp.example },
        latest.milestones,
      );
    const ok = await repo.bumpWorkPlan(trx, id, body.version, {
      status,
      ...(status === 'approved' && { baseline_revision: latest.number }),
      updated_at: at,
    });
    if (!ok) throw await conflict(trx, id);
    await audited(trx, actor, {
      action: status === 'approved' ? 'work_plan.approve' : 'work_plan.return',
      entityType: 'work_plan',
      entityId: id,
      before: { revision: latest.number, status: 'submitted', baselineRevision: wp.baselineRevision },
      after: {
        revision: latest.number,
        status,
        comment,
        baselineRevision: status === 'approved' ? latest.number : wp.baselineRevision,
      },
    });
    return workPlanDetail(trx, id);
  });
}
