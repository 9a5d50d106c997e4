import type { Kysely } from 'kysely';
import { workPlanProgress, type MilestoneState } from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { isUniqueViolation, lockRows } from '../db/dialect.js';
import { decodeCursor, pageOf, type Page } from '../db/keyset.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { DomainError } from '../errors/index.js';
import { deliveryRepository as repo, type TaskNode } from './delivery.repository.js';
import {
  assertCanRead,
  assertOwnUnit,
  assertSupportingUnit,
  chinaDate,
  isoOf,
  listScope,
  type DeliveryUser,
} from './access.js';
import { requireTaskNode } from './work-plans.service.js';
import { getReportCycle } from './report-cycles.service.js';
import type { Contribution, ReportDetail, ReportListQuery, ReportSummary } from './schemas.js';
import './errors.js';

/** A report with its milestones' states, the supporting units' parts, its evidence and its history. */
export async function reportDetail(db: Db, id: number): Promise<ReportDetail> {
  const summary = await repo.report(db, id);
  const row = await repo.reportRow(db, id);
  if (!summary || !row) throw new DomainError('REPORT_NOT_FOUND', { detail: `report ${id}` });
  const milestones = await repo.reportMilestones(db, id);
  return {
    ...summary,
    progress: row.progress,
    problems: row.problems,
    nextSteps: row.next_steps,
    reviewComment: row.review_comment,
    submittedAt: row.submitted_at,
    reviewedAt: row.reviewed_at,
    milestones: milestones.map((m) => ({
      milestoneId: m.milestone_id,
      key: m.key,
      title: m.title,
      dueDate: m.due_date,
      weight: m.weight,
      state: m.state as MilestoneState,
      percent: m.percent,
      completedOn: m.completed_on,
    })),
    contributions: await repo.contributions(db, id),
    evidence: await repo.evidence(db, [id]),
    events: await repo.events(db, id),
  };
}

export async function listReports(
  db: Kysely<Database>,
  user: DeliveryUser,
  q: ReportListQuery,
): Promise<Page<ReportSummary>> {
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, 'id', 'asc');
  const rows = await repo.reportPage(db, q, listScope(user), after?.id, limit + 1);
  return pageOf(
    rows,
    limit,
    'id',
    'asc',
    (r) => ({ value: r.id, id: r.id }),
    (r) => r,
  );
}

/** The report and its task, if the user may read it. */
export async function readableReport(
  db: Db,
  user: DeliveryUser,
  id: number,
): Promise<{ report: ReportSummary; node: TaskNode }> {
  const report = await repo.report(db, id);
  if (!report) throw new DomainError('REPORT_NOT_FOUND', { detail: `report ${id}` });
  const node = await requireTaskNode(db, report.nodeId);
  assertCanRead(user, report.unitId, node, `report ${id}`);
  return { report, node };
}

export async function getReport(db: Kysely<Database>, user: DeliveryUser, id: number): Promise<ReportDetail> {
  await readableReport(db, user, id);
  return reportDetail(db, id);
}

/**
 * Opens the lead unit's report for a task and a period of the plan's cycle (a draft), or returns the one that
 * exists. An officer of a supporting unit may open the lead unit's report too, to add its part to it.
 */
export async function openReport(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  body: { nodeId: number; period: string; unitId?: number },
): Promise<{ created: boolean; report: ReportDetail }> {
  const node = await requireTaskNode(db, body.nodeId);
  const unitId = body.unitId ?? user.unitId ?? 0;
  if (unitId !== user.unitId && user.role !== 'admin') assertSupportingUnit(user, node, `unit ${unitId}`);
  else assertOwnUnit(user, unitId, `unit ${unitId}`);
  if (!node.leadUnits.some((u) => u.id === unitId))
    throw new DomainError('NOT_A_LEAD_UNIT', { detail: `unit ${unitId}` });
  if (node.retired) throw new DomainError('RETIRED');
  const cycle = await getReportCycle(db, node.planId, now);
  const period = cycle.periods.find((p) => p.period === body.period);
  if (!period)
    throw new DomainError('REPORT_PERIOD_INVALID', {
      detail: `${body.period}: periods run ${cycle.firstPeriod} to ${cycle.lastPeriod} (${cycle.frequency})`,
      errors: [{ path: '/body/period', message: `not a ${cycle.frequency} period of the plan` }],
    });
  try {
    return await withTransaction(db, async (trx) => {
      const existing = await repo.reportIdFor(trx, node.id, unitId, period.period);
      if (existing !== null) return { created: false, report: await reportDetail(trx, existing) };
      const at = isoOf(now);
      const id = await repo.insertReport(trx, {
        plan_id: node.planId,
        node_id: node.id,
        unit_id: unitId,
        period: period.period,
        due_date: period.dueDate,
        status: 'draft',
        submitted_at: null,
        submitted_on: null,
        submitted_by: null,
        reviewed_at: null,
        reviewed_by: null,
        review_comment: null,
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      });
      await audited(trx, actor, {
        action: 'progress_report.create',
        entityType: 'progress_report',
        entityId: id,
        after: {
          planId: node.planId,
          nodeId: node.id,
          unitId,
          period: period.period,
          dueDate: period.dueDate,
        },
      });
      return { created: true, report: await reportDetail(trx, id) };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Opened by someone else at the same moment: theirs is the one.
    const id = await repo.reportIdFor(db, node.id, unitId, period.period);
    if (id === null) throw err;
    return { created: false, report: await reportDetail(db, id) };
  }
}

async function conflict(db: Db, id: number): Promise<DomainError> {
  return new DomainError('VERSION_CONFLICT', { detail: `report ${id}`, current: await reportDetail(db, id) });
}

/** Locks the report and checks the caller's version; the lead unit's writes also check the unit. */
async function lockForWrite(
  trx: Kysely<Database>,
  user: DeliveryUser,
  id: number,
  version: number,
  who: 'lead' | 'reviewer',
): Promise<ReportDetail> {
  await lockRows(trx, 'progress_reports', [id]);
  const r = await reportDetail(trx, id);
  if (who === 'lead') assertOwnUnit(user, r.unitId, `report ${id}`);
  if (r.version !== version) throw await conflict(trx, id);
  return r;
}

/**
 * Saves the lead unit's draft: each milestone's state and percent, the percent of the whole (computed from the
 * milestones' weights when not given), 进展情况 / 存在问题 / 下步计划. A stale version gets 409 with the report as
 * it now stands.
 */
export async function saveReport(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  id: number,
  body: {
    version: number;
    percent?: number;
    progress: string;
    problems: string;
    nextSteps: string;
    milestones: {
      milestoneId: number;
      state: MilestoneState;
      percent: number;
      completedOn?: string | null;
    }[];
  },
): Promise<ReportDetail> {
  return withTransaction(db, async (trx) => {
    const before = await lockForWrite(trx, user, id, body.version, 'lead');
    if (before.status !== 'draft' && before.status !== 'returned')
      throw new DomainError('REPORT_STATE', { detail: `report is ${before.status}` });
    const wpId = await repo.workPlanIdFor(trx, before.nodeId, before.unitId);
    const live = wpId === null ? [] : ((await repo.milestones(trx, [wpId])).get(wpId) ?? []);
    const byId = new Map(live.map((m) => [m.id, m]));
    const seen = new Set<number>();
    const rows = body.milestones.map((m, i) => {
      if (!byId.has(m.milestoneId) || seen.has(m.milestoneId))
        throw new DomainError('MILESTONE_UNKNOWN', {
          detail: `milestone ${m.milestoneId}`,
          errors: [
            { path: `/body/milestones/${i}/milestoneId`, message: 'not a milestone of this work plan' },
          ],
        });
      seen.add(m.milestoneId);
      const done = m.state === 'done';
      return {
        milestone_id: m.milestoneId,
        state: m.state,
        percent: done ? 100 : m.percent,
        completed_on: done ? (m.completedOn ?? chinaDate(now)) : null,
      };
    });
    const computed = workPlanProgress(
      rows.map((r) => ({
        dueDate: byId.get(r.milestone_id)!.dueDate,
        weight: byId.get(r.milestone_id)!.weight,
        state: r.state,
        percent: r.percent,
      })),
    );
    const percent = body.percent ?? Math.round(computed ?? before.percent);
    await repo.replaceReportMilestones(trx, id, rows);
    const ok = await repo.bumpReport(trx, id, body.version, {
      percent,
      progress: body.progress,
      problems: body.problems,
      next_steps: body.nextSteps,
      updated_at: isoOf(now),
    });
    if (!ok) throw await conflict(trx, id);
    const after = await reportDetail(trx, id);
    await audited(trx, actor, {
      action: 'progress_report.save',
      entityType: 'progress_report',
      entityId: id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

/** What the audit and the history keep of a report. */
function snapshot(r: ReportDetail) {
  return {
    status: r.status,
    percent: r.percent,
    progress: r.progress,
    problems: r.problems,
    nextSteps: r.nextSteps,
    milestones: r.milestones.map((m) => ({
      id: m.milestoneId,
      state: m.state,
      percent: m.percent,
      completedOn: m.completedOn,
    })),
    contributions: r.contributions.map((c) => ({ unitId: c.unitId, status: c.status, progress: c.progress })),
    evidence: r.evidence.map((e) => ({ id: e.id, sha256: e.sha256, fileName: e.fileName })),
  };
}

/**
 * The lead unit submits: the day it first submits is what "on time" is judged by (a return and resubmission keep
 * it); the milestones' reported states become their live states unless a later period's report has spoken since.
 */
export async function submitReport(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  id: number,
  version: number,
): Promise<ReportDetail> {
  return withTransaction(db, async (trx) => {
    const before = await lockForWrite(trx, user, id, version, 'lead');
    if (before.status !== 'draft' && before.status !== 'returned')
      throw new DomainError('REPORT_STATE', { detail: `report is ${before.status}` });
    const at = isoOf(now);
    const ok = await repo.bumpReport(trx, id, version, {
      status: 'submitted',
      submitted_at: at,
      submitted_on: before.submittedOn ?? chinaDate(now),
      submitted_by: actor.userId,
      updated_at: at,
    });
    if (!ok) throw await conflict(trx, id);
    if (!(await repo.laterReportSubmitted(trx, before.nodeId, before.unitId, before.period)))
      for (const m of before.milestones)
        await repo.setMilestoneState(trx, m.milestoneId, {
          state: m.state,
          percent: m.percent,
          completed_on: m.completedOn,
        });
    await repo.insertEvent(trx, {
      report_id: id,
      action: 'submitted',
      comment: null,
      snapshot_json: JSON.stringify(snapshot(before)),
      actor_id: actor.userId,
      at,
    });
    await audited(trx, actor, {
      action: 'progress_report.submit',
      entityType: 'progress_report',
      entityId: id,
      before: { status: before.status },
      after: { status: 'submitted', submittedOn: before.submittedOn ?? chinaDate(now) },
    });
    return reportDetail(trx, id);
  });
}

/** The secretariat accepts a submitted report or returns it with comments; each decision stays in the history. */
export async function reviewReport(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  id: number,
  body: { version: number; decision: 'accept' | 'return'; comment?: string },
): Promise<ReportDetail> {
  const comment = body.comment?.trim() || null;
  if (body.decision === 'return' && comment === null) throw new DomainError('COMMENT_REQUIRED');
  return withTransaction(db, async (trx) => {
    const before = await lockForWrite(trx, user, id, body.version, 'reviewer');
    if (before.status !== 'submitted')
      throw new DomainError('REPORT_STATE', { detail: `report is ${before.status}` });
    const at = isoOf(now);
    const status = body.decision === 'accept' ? 'accepted' : 'returned';
    const ok = await repo.bumpReport(trx, id, body.version, {
      status,
      reviewed_at: at,
      reviewed_by: actor.userId,
      review_comment: comment,
      updated_at: at,
    });
    if (!ok) throw await conflict(trx, id);
    await repo.insertEvent(trx, {
      report_id: id,
      action: status,
      comment,
      snapshot_json: JSON.stringify(snapshot(before)),
      actor_id: actor.userId,
      at,
    });
    await audited(trx, actor, {
      action: `progress_report.${body.decision}`,
      entityType: 'progress_report',
      entityId: id,
      before: { status: 'submitted' },
      after: { status, comment },
    });
    return reportDetail(trx, id);
  });
}

/**
 * A supporting unit's part of the lead unit's report (one row per unit), saved with its own version; `submit`
 * hands it to the lead unit. Possible until the secretariat accepts the report.
 */
export async function saveContribution(
  db: Kysely<Database>,
  actor: Actor,
  user: DeliveryUser,
  now: number,
  reportId: number,
  body: {
    version: number | null;
    progress: string;
    problems: string;
    nextSteps: string;
    submit?: boolean;
    unitId?: number;
  },
): Promise<Contribution> {
  return withTransaction(db, async (trx) => {
    await lockRows(trx, 'progress_reports', [reportId], 'share');
    const report = await repo.report(trx, reportId);
    if (!report) throw new DomainError('REPORT_NOT_FOUND', { detail: `report ${reportId}` });
    const node = await requireTaskNode(trx, report.nodeId);
    const unitId = assertSupportingUnit(user, node, `report ${reportId}`, body.unitId);
    if (report.status === 'accepted') throw new DomainError('REPORT_STATE', { detail: 'report accepted' });
    const existing = await repo.contributionRow(trx, reportId, unitId);
    const current = async () =>
      (await repo.contributions(trx, reportId)).find((c) => c.unitId === unitId) ?? null;
    if ((existing?.version ?? null) !== body.version)
      throw new DomainError('VERSION_CONFLICT', {
        detail: `contribution of unit ${unitId}`,
        current: await current(),
      });
    const at = isoOf(now);
    const values = {
      progress: body.progress,
      problems: body.problems,
      next_steps: body.nextSteps,
      status: body.submit ? 'submitted' : (existing?.status ?? 'draft'),
      updated_by: actor.userId,
      updated_at: at,
      ...(body.submit && { submitted_at: at }),
    };
    if (existing) {
      await lockRows(trx, 'report_contributions', [existing.id]);
      const r = await trx
        .updateTable('report_contributions')
        .set((e) => ({ ...values, version: e('version', '+', 1) }))
        .where('id', '=', existing.id)
        .where('version', '=', existing.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1)
        throw new DomainError('VERSION_CONFLICT', {
          detail: `contribution of unit ${unitId}`,
          current: await current(),
        });
    } else {
      await trx
        .insertInto('report_contributions')
        .values({ ...values, report_id: reportId, unit_id: unitId })
        .execute();
    }
    const after = (await current())!;
    await audited(trx, actor, {
      action: 'report_contribution.save',
      entityType: 'progress_report',
      entityId: reportId,
      before: existing
        ? {
            unitId,
            status: existing.status,
            progress: existing.progress,
            problems: existing.problems,
            nextSteps: existing.next_steps,
          }
        : null,
      after: {
        unitId,
        status: after.status,
        progress: after.progress,
        problems: after.problems,
        nextSteps: after.nextSteps,
      },
    });
    return after;
  });
}
