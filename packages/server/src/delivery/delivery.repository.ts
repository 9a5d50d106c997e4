import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, MilestoneTable, ProgressReportTable, WorkPlanTable } from '../db/schema.js';
import { fromFlag } from '../db/dialect.js';
import type { Db } from '../audit/audit.js';
import { parseDeadline, type PlanDeadline } from '../plans/deadlines.js';
import type {
  Contribution,
  Evidence,
  LiveMilestone,
  ReportSummary,
  RevisionMilestone,
  WorkPlanSummary,
} from './schemas.js';

/** Who reads a list: everyone of the role sees all, except a unit officer, who sees its unit's records. */
export interface ListScope {
  /** Restrict to records of this unit (as the lead unit) and of tasks it supports. */
  officerUnitId: number | null;
}

export interface TaskNode {
  id: number;
  planId: number;
  path: string;
  label: string;
  title: string;
  deadline: PlanDeadline | null;
  retired: boolean;
  leadUnits: { id: number; name: string }[];
  supportUnits: { id: number; name: string }[];
}

type WorkPlanFilters = { planId?: number; nodeId?: number; unitId?: number; status?: string };
type ReportFilters = WorkPlanFilters & { period?: string };

function workPlanBase(db: Db) {
  return db
    .selectFrom('work_plans as w')
    .innerJoin('plan_nodes as n', 'n.id', 'w.node_id')
    .innerJoin('units as u', 'u.id', 'w.unit_id')
    .select([
      'w.id',
      'w.plan_id',
      'w.node_id',
      'n.path',
      'n.label',
      'n.title',
      'w.unit_id',
      'u.name as unit_name',
      'w.status',
      'w.baseline_revision',
      'w.current_revision',
      'w.version',
      'w.example',
      'w.created_at',
      'w.updated_at',
    ]);
}
type WorkPlanRow = Awaited<ReturnType<ReturnType<typeof workPlanBase>['executeTakeFirstOrThrow']>>;

function toWorkPlan(r: WorkPlanRow): WorkPlanSummary {
  return {
    id: r.id,
    planId: r.plan_id,
    nodeId: r.node_id,
    nodePath: r.path,
    nodeLabel: r.label,
    nodeTitle: r.title,
    unitId: r.unit_id,
    unitName: r.unit_name,
    status: r.status as WorkPlanSummary['status'],
    baselineRevision: r.baseline_revision,
    currentRevision: r.current_revision,
    pendingChange: r.baseline_revision !== null && r.current_revision > r.baseline_revision,
    version: r.version,
    example: fromFlag(r.example),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function reportBase(db: Db) {
  return db
    .selectFrom('progress_reports as r')
    .innerJoin('plan_nodes as n', 'n.id', 'r.node_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select([
      'r.id',
      'r.plan_id',
      'r.node_id',
      'n.path',
      'n.label',
      'n.title',
      'r.unit_id',
      'u.name as unit_name',
      'r.period',
      'r.due_date',
      'r.status',
      'r.percent',
      'r.submitted_on',
      'r.version',
      'r.example',
      'r.updated_at',
    ]);
}
type ReportRow = Awaited<ReturnType<ReturnType<typeof reportBase>['executeTakeFirstOrThrow']>>;

function toReport(r: ReportRow): ReportSummary {
  return {
    id: r.id,
    planId: r.plan_id,
    nodeId: r.node_id,
    nodePath: r.path,
    nodeLabel: r.label,
    nodeTitle: r.title,
    unitId: r.unit_id,
    unitName: r.unit_name,
    period: r.period,
    dueDate: r.due_date,
    status: r.status as ReportSummary['status'],
    percent: r.percent,
    submittedOn: r.submitted_on,
    late: r.submitted_on === null ? null : r.submitted_on > r.due_date,
    version: r.version,
    example: fromFlag(r.example),
    updatedAt: r.updated_at,
  };
}

/** Records of the officer's unit, or of tasks the unit supports. */
function scoped<T extends { where: (...args: never[]) => T }>(q: T, alias: 'w' | 'r', scope: ListScope): T {
  if (scope.officerUnitId === null) return q;
  const unit = scope.officerUnitId;
  return (q as unknown as { where: (e: unknown) => T }).where(
    sql<boolean>`(${sql.ref(`${alias}.unit_id`)} = ${unit} or ${sql.ref(`${alias}.node_id`)} in
      (select l.node_id from plan_node_units l where l.unit_id = ${unit} and l.role = 'support'))`,
  );
}

const parseMilestones = (json: string): RevisionMilestone[] => JSON.parse(json) as RevisionMilestone[];

export const deliveryRepository = {
  // ------------------------------------------------------------ items

  /** A plan item with its lead and supporting units (retired items too), or null. */
  async taskNode(db: Db, nodeId: number): Promise<TaskNode | null> {
    const n = await db
      .selectFrom('plan_nodes')
      .select(['id', 'plan_id', 'path', 'label', 'title', 'deadline_json', 'retired_at'])
      .where('id', '=', nodeId)
      .executeTakeFirst();
    if (!n) return null;
    const links = await db
      .selectFrom('plan_node_units as l')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select(['l.role', 'u.id', 'u.name'])
      .where('l.node_id', '=', nodeId)
      .orderBy('l.position')
      .orderBy('l.id')
      .execute();
    return {
      id: n.id,
      planId: n.plan_id,
      path: n.path,
      label: n.label,
      title: n.title,
      deadline: parseDeadline(n.deadline_json),
      retired: n.retired_at !== null,
      leadUnits: links.filter((l) => l.role === 'lead').map((l) => ({ id: l.id, name: l.name })),
      supportUnits: links.filter((l) => l.role === 'support').map((l) => ({ id: l.id, name: l.name })),
    };
  },

  async planYears(db: Db, planId: number): Promise<{ from: number | null; to: number | null } | null> {
    const p = await db
      .selectFrom('plans')
      .select(['period_from', 'period_to'])
      .where('id', '=', planId)
      .executeTakeFirst();
    return p ? { from: p.period_from, to: p.period_to } : null;
  },

  /** The current items of a plan: id and parent (the roll-up's tree). */
  async planItems(db: Db, planId: number): Promise<{ id: number; parentId: number | null }[]> {
    const rows = await db
      .selectFrom('plan_nodes')
      .select(['id', 'parent_id'])
      .where('plan_id', '=', planId)
      .where('retired_at', 'is', null)
      .execute();
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id }));
  },

  // ------------------------------------------------------------ work plans

  async insertWorkPlan(db: Db, row: Insertable<WorkPlanTable>) {
    const { id } = await db.insertInto('work_plans').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  },

  async workPlanIdFor(db: Db, nodeId: number, unitId: number): Promise<number | null> {
    const r = await db
      .selectFrom('work_plans')
      .select('id')
      .where('node_id', '=', nodeId)
      .where('unit_id', '=', unitId)
      .executeTakeFirst();
    return r?.id ?? null;
  },

  async workPlan(db: Db, id: number): Promise<WorkPlanSummary | null> {
    const r = await workPlanBase(db).where('w.id', '=', id).executeTakeFirst();
    return r ? toWorkPlan(r) : null;
  },

  async workPlanPage(
    db: Db,
    f: WorkPlanFilters,
    scope: ListScope,
    afterId: number | undefined,
    limit: number,
  ): Promise<WorkPlanSummary[]> {
    let q = workPlanBase(db);
    if (f.planId !== undefined) q = q.where('w.plan_id', '=', f.planId);
    if (f.nodeId !== undefined) q = q.where('w.node_id', '=', f.nodeId);
    if (f.unitId !== undefined) q = q.where('w.unit_id', '=', f.unitId);
    if (f.status !== undefined) q = q.where('w.status', '=', f.status);
    if (afterId !== undefined) q = q.where('w.id', '>', afterId);
    q = scoped(q, 'w', scope);
    return (await q.orderBy('w.id').limit(limit).execute()).map(toWorkPlan);
  },

  /** Moves a work plan's version on if it is still `version`: false when someone else got there first. */
  async bumpWorkPlan(
    db: Db,
    id: number,
    version: number,
    set: Partial<Pick<WorkPlanTable, 'status' | 'baseline_revision' | 'current_revision'>> & {
      updated_at: string;
    },
  ): Promise<boolean> {
    const r = await db
      .updateTable('work_plans')
      .set({ ...set, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async revisions(db: Db, workPlanIds: readonly number[]) {
    if (workPlanIds.length === 0) return [];
    const rows = await db
      .selectFrom('work_plan_revisions as v')
      .leftJoin('users as c', 'c.id', 'v.created_by')
      .leftJoin('users as s', 's.id', 'v.submitted_by')
      .leftJoin('users as r', 'r.id', 'v.reviewed_by')
      .select([
        'v.id',
        'v.work_plan_id',
        'v.number',
        'v.kind',
        'v.reason',
        'v.status',
        'v.review_comment',
        'v.milestones_json',
        'v.created_at',
        'c.display_name as created_name',
        'v.submitted_at',
        's.display_name as submitted_name',
        'v.reviewed_at',
        'r.display_name as reviewed_name',
      ])
      .where('v.work_plan_id', 'in', [...workPlanIds])
      .orderBy('v.work_plan_id')
      .orderBy('v.number')
      .execute();
    return rows.map((v) => ({
      workPlanId: v.work_plan_id,
      number: v.number,
      kind: v.kind as 'initial' | 'change',
      reason: v.reason,
      status: v.status as WorkPlanSummary['status'],
      reviewComment: v.review_comment,
      milestones: parseMilestones(v.milestones_json),
      createdAt: v.created_at,
      createdBy: v.created_name,
      submittedAt: v.submitted_at,
      submittedBy: v.submitted_name,
      reviewedAt: v.reviewed_at,
      reviewedBy: v.reviewed_name,
    }));
  },

  async insertRevision(
    db: Db,
    row: {
      work_plan_id: number;
      number: number;
      kind: string;
      reason: string | null;
      status: string;
      milestones_json: string;
      created_by: number | null;
      created_at: string;
    },
  ): Promise<void> {
    await db.insertInto('work_plan_revisions').values(row).execute();
  },

  async updateRevision(
    db: Db,
    workPlanId: number,
    number: number,
    set: Partial<{
      status: string;
      reason: string | null;
      milestones_json: string;
      review_comment: string | null;
      submitted_by: number | null;
      submitted_at: string | null;
      reviewed_by: number | null;
      reviewed_at: string | null;
    }>,
  ): Promise<void> {
    await db
      .updateTable('work_plan_revisions')
      .set(set)
      .where('work_plan_id', '=', workPlanId)
      .where('number', '=', number)
      .execute();
  },

  async revisionMilestones(db: Db, workPlanId: number, number: number): Promise<RevisionMilestone[]> {
    const r = await db
      .selectFrom('work_plan_revisions')
      .select('milestones_json')
      .where('work_plan_id', '=', workPlanId)
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    return parseMilestones(r.milestones_json);
  },

  /** The milestones of work plans (retired ones too), by work plan. */
  async milestones(db: Db, workPlanIds: readonly number[]): Promise<Map<number, LiveMilestone[]>> {
    const out = new Map<number, LiveMilestone[]>();
    if (workPlanIds.length === 0) return out;
    const rows = await db
      .selectFrom('milestones')
      .selectAll()
      .where('work_plan_id', 'in', [...workPlanIds])
      .orderBy('work_plan_id')
      .orderBy('ordinal')
      .orderBy('id')
      .execute();
    for (const m of rows) {
      const list = out.get(m.work_plan_id) ?? [];
      list.push({
        id: m.id,
        key: m.key,
        title: m.title,
        dueDate: m.due_date,
        deliverable: m.deliverable,
        weight: m.weight,
        ordinal: m.ordinal,
        state: m.state as LiveMilestone['state'],
        percent: m.percent,
        completedOn: m.completed_on,
        retired: fromFlag(m.retired),
      });
      out.set(m.work_plan_id, list);
    }
    return out;
  },

  /**
   * Makes the live milestones those of an approved revision: same key → updated in place (its reported state
   * kept), new key → inserted, a key no longer there → retired (kept for the reports that name it).
   */
  async syncMilestones(
    db: Db,
    wp: { id: number; planId: number; nodeId: number; unitId: number; example: boolean },
    milestones: readonly RevisionMilestone[],
  ): Promise<void> {
    const existing = await db
      .selectFrom('milestones')
      .select(['id', 'key'])
      .where('work_plan_id', '=', wp.id)
      .execute();
    const byKey = new Map(existing.map((m) => [m.key, m.id]));
    const keep = new Set<string>();
    for (const [ordinal, m] of milestones.entries()) {
      keep.add(m.key);
      const values = {
        title: m.title,
        due_date: m.dueDate,
        deliverable: m.deliverable,
        weight: m.weight,
        ordinal,
        retired: 0,
      };
      const id = byKey.get(m.key);
      if (id !== undefined) await db.updateTable('milestones').set(values).where('id', '=', id).execute();
      else
        await db
          .insertInto('milestones')
          .values({
            ...values,
            plan_id: wp.planId,
            work_plan_id: wp.id,
            node_id: wp.nodeId,
            unit_id: wp.unitId,
            key: m.key,
            example: wp.example ? 1 : 0,
          } satisfies Insertable<MilestoneTable>)
          .execute();
    }
    const gone = existing.filter((m) => !keep.has(m.key)).map((m) => m.id);
    if (gone.length > 0)
      await db.updateTable('milestones').set({ retired: 1 }).where('id', 'in', gone).execute();
  },

  async setMilestoneState(
    db: Db,
    id: number,
    set: { state: string; percent: number; completed_on: string | null },
  ): Promise<void> {
    await db.updateTable('milestones').set(set).where('id', '=', id).execute();
  },

  /** Live milestones of every work plan of a plan (the roll-up's input), with their task. */
  async planMilestones(db: Db, planId: number) {
    return db
      .selectFrom('milestones')
      .select(['id', 'work_plan_id', 'node_id', 'due_date', 'weight', 'completed_on'])
      .where('plan_id', '=', planId)
      .where('retired', '=', 0)
      .execute();
  },

  /**
   * What the reports submitted on or before `asOf` said of each milestone of a plan, oldest period first (so the
   * last row per milestone is the latest word on it by that day).
   */
  async reportedStates(db: Db, planId: number, asOf: string) {
    return db
      .selectFrom('report_milestones as rm')
      .innerJoin('progress_reports as r', 'r.id', 'rm.report_id')
      .select(['rm.milestone_id', 'rm.state', 'rm.percent'])
      .where('r.plan_id', '=', planId)
      .where('r.status', 'in', ['submitted', 'accepted'])
      .where('r.submitted_on', '<=', asOf)
      .orderBy('r.period')
      .orderBy('r.id')
      .execute();
  },

  // ------------------------------------------------------------ report cycles

  async cycle(db: Db, planId: number) {
    return db.selectFrom('report_cycles').selectAll().where('plan_id', '=', planId).executeTakeFirst();
  },

  async reportCount(db: Db, planId: number): Promise<number> {
    const r = await db
      .selectFrom('progress_reports')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  // ------------------------------------------------------------ progress reports

  async reportRow(db: Db, id: number) {
    return db.selectFrom('progress_reports').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async reportIdFor(db: Db, nodeId: number, unitId: number, period: string): Promise<number | null> {
    const r = await db
      .selectFrom('progress_reports')
      .select('id')
      .where('node_id', '=', nodeId)
      .where('unit_id', '=', unitId)
      .where('period', '=', period)
      .executeTakeFirst();
    return r?.id ?? null;
  },

  async insertReport(db: Db, row: Insertable<ProgressReportTable>): Promise<number> {
    const { id } = await db
      .insertInto('progress_reports')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async report(db: Db, id: number): Promise<ReportSummary | null> {
    const r = await reportBase(db).where('r.id', '=', id).executeTakeFirst();
    return r ? toReport(r) : null;
  },

  async reportPage(
    db: Db,
    f: ReportFilters,
    scope: ListScope,
    afterId: number | undefined,
    limit: number,
  ): Promise<ReportSummary[]> {
    let q = reportBase(db);
    if (f.planId !== undefined) q = q.where('r.plan_id', '=', f.planId);
    if (f.nodeId !== undefined) q = q.where('r.node_id', '=', f.nodeId);
    if (f.unitId !== undefined) q = q.where('r.unit_id', '=', f.unitId);
    if (f.status !== undefined) q = q.where('r.status', '=', f.status);
    if (f.period !== undefined) q = q.where('r.period', '=', f.period);
    if (afterId !== undefined) q = q.where('r.id', '>', afterId);
    q = scoped(q, 'r', scope);
    return (await q.orderBy('r.id').limit(limit).execute()).map(toReport);
  },

  async bumpReport(
    db: Db,
    id: number,
    version: number,
    set: Omit<Updateable<ProgressReportTable>, 'id' | 'version'> & { updated_at: string },
  ): Promise<boolean> {
    const r = await db
      .updateTable('progress_reports')
      .set({ ...set, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async replaceReportMilestones(
    db: Db,
    reportId: number,
    rows: readonly { milestone_id: number; state: string; percent: number; completed_on: string | null }[],
  ): Promise<void> {
    await db.deleteFrom('report_milestones').where('report_id', '=', reportId).execute();
    if (rows.length > 0)
      await db
        .insertInto('report_milestones')
        .values(rows.map((r) => ({ ...r, report_id: reportId })))
        .execute();
  },

  async reportMilestones(db: Db, reportId: number) {
    return db
      .selectFrom('report_milestones as rm')
      .innerJoin('milestones as m', 'm.id', 'rm.milestone_id')
      .select([
        'rm.milestone_id',
        'm.key',
        'm.title',
        'm.due_date',
        'm.weight',
        'rm.state',
        'rm.percent',
        'rm.completed_on',
      ])
      .where('rm.report_id', '=', reportId)
      .orderBy('m.ordinal')
      .orderBy('m.id')
      .execute();
  },

  /** Whether a later period's report of the same task and unit has been submitted (its states are newer). */
  async laterReportSubmitted(db: Db, nodeId: number, unitId: number, period: string): Promise<boolean> {
    const r = await db
      .selectFrom('progress_reports')
      .select('id')
      .where('node_id', '=', nodeId)
      .where('unit_id', '=', unitId)
      .where('period', '>', period)
      .where('status', 'in', ['submitted', 'accepted'])
      .executeTakeFirst();
    return r !== undefined;
  },

  async insertEvent(
    db: Db,
    row: {
      report_id: number;
      action: string;
      comment: string | null;
      snapshot_json: string;
      actor_id: number | null;
      at: string;
    },
  ): Promise<void> {
    await db.insertInto('progress_report_events').values(row).execute();
  },

  async events(db: Db, reportId: number) {
    const rows = await db
      .selectFrom('progress_report_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.action', 'e.comment', 'u.display_name', 'e.at'])
      .where('e.report_id', '=', reportId)
      .orderBy('e.id')
      .execute();
    return rows.map((e) => ({
      action: e.action as 'submitted' | 'accepted' | 'returned',
      comment: e.comment,
      actor: e.display_name,
      at: e.at,
    }));
  },

  async contributions(db: Db, reportId: number): Promise<Contribution[]> {
    const rows = await db
      .selectFrom('report_contributions as c')
      .innerJoin('units as u', 'u.id', 'c.unit_id')
      .select([
        'c.id',
        'c.unit_id',
        'u.name',
        'c.progress',
        'c.problems',
        'c.next_steps',
        'c.status',
        'c.version',
        'c.example',
        'c.updated_at',
        'c.submitted_at',
      ])
      .where('c.report_id', '=', reportId)
      .orderBy('c.id')
      .execute();
    return rows.map((c) => ({
      id: c.id,
      unitId: c.unit_id,
      unitName: c.name,
      progress: c.progress,
      problems: c.problems,
      nextSteps: c.next_steps,
      status: c.status as Contribution['status'],
      version: c.version,
      example: fromFlag(c.example),
      updatedAt: c.updated_at,
      submittedAt: c.submitted_at,
    }));
  },

  async contributionRow(db: Db, reportId: number, unitId: number) {
    return db
      .selectFrom('report_contributions')
      .selectAll()
      .where('report_id', '=', reportId)
      .where('unit_id', '=', unitId)
      .executeTakeFirst();
  },

  // ------------------------------------------------------------ evidence

  async evidenceFileId(db: Db, sha256: string): Promise<number | null> {
    const r = await db
      .selectFrom('evidence_files')
      .select('id')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return r?.id ?? null;
  },

  async evidence(db: Db, reportIds: readonly number[]): Promise<Evidence[]> {
    if (reportIds.length === 0) return [];
    const rows = await db
      .selectFrom('report_evidence as l')
      .innerJoin('evidence_files as f', 'f.id', 'l.evidence_id')
      .select([
        'l.id',
        'l.report_id',
        'l.file_name',
        'f.size',
        'f.media_type',
        'f.sha256',
        'l.unit_id',
        'l.uploaded_at',
      ])
      .where('l.report_id', 'in', [...reportIds])
      .orderBy('l.id')
      .execute();
    return rows.map((e) => ({
      id: e.id,
      reportId: e.report_id,
      fileName: e.file_name,
      size: e.size,
      mediaType: e.media_type,
      sha256: e.sha256,
      unitId: e.unit_id,
      uploadedAt: e.uploaded_at,
    }));
  },
};

export type DeliveryRepository = typeof deliveryRepository;
export type { Kysely, Database };
