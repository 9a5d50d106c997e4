import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../audit/audit.js';
import { dialectOf } from '../db/dialect.js';

/** PostgreSQL advisory-lock namespace of supervision runs ("lusp"); the second key is the plan's id. */
const RUN_LOCK_NAMESPACE = 0x6c757370;

/** A notice as stored, with the names a list shows. */
export interface NoticeRow {
  id: number;
  plan_id: number;
  plan_title: string;
  node_id: number | null;
  node_label: string | null;
  node_title: string | null;
  unit_id: number;
  unit_name: string;
  rule: string;
  subject_key: string;
  subject: string;
  subject_due_on: string | null;
  days_late: number;
  level: string;
  state: string;
  raised_on: string;
  step_due_on: string | null;
  serial: number;
  reply: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface NoticeFilter {
  planId?: number;
  unitId?: number;
  level?: string;
  state?: string;
  rule?: string;
  /** Open notices only (not closed). */
  open?: boolean;
}

const LEVEL_RANK_SQL = sql<number>`case n.level when 'red' then 2 when 'yellow' then 1 else 0 end`;

function noticeQuery(db: Db) {
  return db
    .selectFrom('supervision_notices as n')
    .innerJoin('plans as p', 'p.id', 'n.plan_id')
    .innerJoin('units as u', 'u.id', 'n.unit_id')
    .leftJoin('plan_nodes as pn', 'pn.id', 'n.node_id')
    .select([
      'n.id',
      'n.plan_id',
      'p.title as plan_title',
      'n.node_id',
      'pn.label as node_label',
      'pn.title as node_title',
      'n.unit_id',
      'u.name as unit_name',
      'n.rule',
      'n.subject_key',
      'n.subject',
      'n.subject_due_on',
      'n.days_late',
      'n.level',
      'n.state',
      'n.raised_on',
      'n.step_due_on',
      'n.serial',
      'n.reply',
      'n.version',
      'n.created_at',
      'n.updated_at',
    ]);
}

/** The SQL of supervision: notices and their events, settings, runs, and what the rules read of delivery. */
export const supervisionRepository = {
  /**
   * Serialises runs of one plan's rules until the transaction ends, so that two processes running the same day
   * do not both read "no notice yet". SQLite needs nothing: the transaction holds the one write lock.
   */
  async lockPlanRuns(trx: Db, planId: number): Promise<void> {
    if (dialectOf(trx) !== 'postgres') return;
    await sql`select pg_advisory_xact_lock(${sql.lit(RUN_LOCK_NAMESPACE)}, ${planId})`.execute(trx);
  },

  /** Locks one notice row for a lifecycle step (PostgreSQL; SQLite's transaction holds the write lock). */
  async lockNotice(trx: Db, id: number): Promise<void> {
    if (dialectOf(trx) !== 'postgres') return;
    await sql`select id from supervision_notices where id = ${id} for update`.execute(trx);
  },

  async page(db: Db, f: NoticeFilter, after: { id: number } | null, limit: number): Promise<NoticeRow[]> {
    let q = noticeQuery(db);
    if (f.planId !== undefined) q = q.where('n.plan_id', '=', f.planId);
    if (f.unitId !== undefined) q = q.where('n.unit_id', '=', f.unitId);
    if (f.level !== undefined) q = q.where('n.level', '=', f.level);
    if (f.state !== undefined) q = q.where('n.state', '=', f.state);
    if (f.rule !== undefined) q = q.where('n.rule', '=', f.rule);
    if (f.open) q = q.where('n.state', '!=', 'closed');
    // Newest first: the id order is the order notices were raised in.
    if (after) q = q.where('n.id', '<', after.id);
    return await q.orderBy('n.id', 'desc').limit(limit).execute();
  },

  async get(db: Db, id: number): Promise<NoticeRow | undefined> {
    return await noticeQuery(db).where('n.id', '=', id).executeTakeFirst();
  },

  async events(db: Db, noticeId: number) {
    return db
      .selectFrom('supervision_notice_events')
      .selectAll()
      .where('notice_id', '=', noticeId)
      .orderBy('id')
      .execute();
  },

  /** Open notices by unit and level (the secretariat's board). */
  async board(db: Db, planId: number | undefined) {
    let q = db
      .selectFrom('supervision_notices as n')
      .innerJoin('units as u', 'u.id', 'n.unit_id')
      .select(['n.unit_id', 'u.name as unit_name', 'n.level', sql<number>`count(*)`.as('count')])
      .where('n.state', '!=', 'closed');
    if (planId !== undefined) q = q.where('n.plan_id', '=', planId);
    const rows = await q.groupBy(['n.unit_id', 'u.name', 'n.level']).execute();
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  },

  levelRankSql: LEVEL_RANK_SQL,

  async settings(db: Db, planId: number) {
    return db.selectFrom('supervision_settings').selectAll().where('plan_id', '=', planId).executeTakeFirst();
  },

  async planHead(db: Db, planId: number) {
    return db
      .selectFrom('plans')
      .select(['id', 'title', 'issuer', 'document_number', 'period_from', 'period_to', 'status'])
      .where('id', '=', planId)
      .executeTakeFirst();
  },

  async activePlanIds(db: Kysely<Database>): Promise<number[]> {
    const rows = await db
      .selectFrom('plans')
      .select('id')
      .where('status', '=', 'active')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  },

  // ---- what the rules read -----------------------------------------------------------------------------------

  /** The lead units of the plan's current tasks (the units that owe work plans and reports). */
  async leadTasks(db: Db, planId: number) {
    return db
      .selectFrom('plan_node_units as pu')
      .innerJoin('plan_nodes as pn', 'pn.id', 'pu.node_id')
      .select(['pn.id as node_id', 'pu.unit_id', 'pn.label', 'pn.title'])
      .where('pn.plan_id', '=', planId)
      .where('pn.kind', '=', 'task')
      .where('pn.retired_at', 'is', null)
      .where('pu.role', '=', 'lead')
      .orderBy('pn.id')
      .orderBy('pu.unit_id')
      .execute();
  },

  /** The live milestones (of each work plan's latest approved revision). */
  async liveMilestones(db: Db, planId: number) {
    return db
      .selectFrom('milestones')
      .select([
        'id',
        'work_plan_id',
        'node_id',
        'unit_id',
        'key',
        'title',
        'due_date',
        'state',
        'completed_on',
      ])
      .where('plan_id', '=', planId)
      .where('retired', '=', 0)
      .execute();
  },

  async reportCycle(db: Db, planId: number) {
    return db.selectFrom('report_cycles').selectAll().where('plan_id', '=', planId).executeTakeFirst();
  },

  async reports(db: Db, planId: number) {
    return db
      .selectFrom('progress_reports')
      .select(['node_id', 'unit_id', 'period', 'due_date', 'status', 'submitted_on'])
      .where('plan_id', '=', planId)
      .execute();
  },

  /** When each work plan last changed hands (submitted or reviewed): a sign of life of its item. */
  async workPlanActivity(db: Db, planId: number) {
    return db
      .selectFrom('work_plan_revisions as r')
      .innerJoin('work_plans as w', 'w.id', 'r.work_plan_id')
      .select(['w.node_id', 'w.unit_id', 'r.submitted_at', 'r.reviewed_at'])
      .where('w.plan_id', '=', planId)
      .execute();
  },

  /**
   * When each item was last edited (its note, units or deadline), from the audit log: the item's own rows keep no
   * time of their last change, and the audit row of each edit does.
   */
  async nodeEdits(db: Db, nodeIds: readonly number[]): Promise<{ node_id: number; at: string }[]> {
    if (nodeIds.length === 0) return [];
    const rows = await db
      .selectFrom('audit_log')
      .select(['entity_id', sql<string>`max(at)`.as('at')])
      .where('entity_type', '=', 'plan_node')
      .where('action', '=', 'plan_node.update')
      .where('entity_id', 'in', nodeIds.map(String))
      .groupBy('entity_id')
      .execute();
    return rows.map((r) => ({ node_id: Number(r.entity_id), at: r.at }));
  },

  async targetsWithNodes(db: Db, planId: number) {
    return db
      .selectFrom('targets')
      .select(['id', 'node_id', 'text'])
      .where('plan_id', '=', planId)
      .where('retired_at', 'is', null)
      .execute();
  },

  async notices(db: Db, planId: number) {
    return db
      .selectFrom('supervision_notices')
      .select(['id', 'rule', 'subject_key', 'level', 'state', 'step_due_on', 'version', 'unit_id'])
      .where('plan_id', '=', planId)
      .execute();
  },

  async nextSerial(db: Db, planId: number, year: string): Promise<number> {
    const row = await db
      .selectFrom('supervision_notices')
      .select(sql<number>`coalesce(max(serial), 0)`.as('max'))
      .where('plan_id', '=', planId)
      .where('raised_on', '>=', `${year}-01-01`)
      .where('raised_on', '<=', `${year}-12-31`)
      .executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  },
};
