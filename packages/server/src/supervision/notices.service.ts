import type { Kysely } from 'kysely';
import {
  actionsFor,
  addDays,
  thresholdProblems,
  transition,
  type LocalDate,
  type NoticeAction,
  type NoticeParty,
  type NoticeState,
  type SupervisionThresholds,
} from '@luoshi/core';
import type { Database, Role } from '../db/schema.js';
import { audited, withTransaction, type Actor } from '../audit/audit.js';
import { afterKey, decodeCursor, pageOf, type Page } from '../db/keyset.js';
import { nowIso } from '../db/dialect.js';
import { DomainError } from '../errors/index.js';
import { documentNumber } from './messages.js';
import {
  planSettings,
  type NoticeContact,
  type PlanSupervisionSettings,
  type Recipient,
} from './settings.js';
import { supervisionRepository, type NoticeFilter, type NoticeRow } from './supervision.repository.js';
import { queueDeliveries } from './webhooks.service.js';
import './errors.js';
import type { Static } from '@sinclair/typebox';
import type { Notice } from './schemas.js';

/** Who is asking: their role and unit decide which notices they see and which steps they take. */
export interface NoticeViewer {
  userId: number;
  role: Role;
  unitId: number | null;
}

/** A notice as the API sends it (the schema is the one source of its shape). */
export type NoticeView = Static<typeof Notice>;

export function toNoticeView(r: NoticeRow): NoticeView {
  return {
    id: r.id,
    planId: r.plan_id,
    planTitle: r.plan_title,
    documentNumber: documentNumber(r.raised_on, r.serial),
    node: r.node_id === null ? null : { id: r.node_id, label: r.node_label ?? '', title: r.node_title ?? '' },
    unit: { id: r.unit_id, name: r.unit_name },
    rule: r.rule as NoticeView['rule'],
    subject: r.subject,
    subjectDueOn: r.subject_due_on,
    daysLate: r.days_late,
    level: r.level as NoticeView['level'],
    state: r.state as NoticeState,
    raisedOn: r.raised_on,
    stepDueOn: r.step_due_on,
    reply: r.reply,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

/** A unit officer sees their unit's notices only; the other roles admitted see every notice. */
function scopeFor(viewer: NoticeViewer): number | undefined {
  if (viewer.role !== 'unit_officer') return undefined;
  if (viewer.unitId === null) throw new DomainError('FORBIDDEN');
  return viewer.unitId;
}

/** The party a viewer acts as on a notice: the unit's officer for its unit, admin and secretariat for the city. */
function partyOf(viewer: NoticeViewer): NoticeParty | null {
  if (viewer.role === 'unit_officer') return 'unit';
  if (viewer.role === 'secretariat' || viewer.role === 'admin') return 'secretariat';
  return null;
}

export async function listNotices(
  db: Kysely<Database>,
  viewer: NoticeViewer,
  f: NoticeFilter & { cursor?: string; limit?: number },
): Promise<Page<NoticeView>> {
  const limit = f.limit ?? 50;
  const after = decodeCursor(f.cursor, 'id', 'desc');
  const own = scopeFor(viewer);
  if (own !== undefined && f.unitId !== undefined && f.unitId !== own) return { items: [], nextCursor: null };
  const rows = await supervisionRepository.page(db, { ...f, unitId: own ?? f.unitId }, after, limit + 1);
  return pageOf(rows, limit, 'id', 'desc', (r) => ({ value: r.id, id: r.id }), toNoticeView);
}

/** Every notice matching the filter (for the Excel export), newest first, at most `max`. */
export async function allNotices(
  db: Kysely<Database>,
  viewer: NoticeViewer,
  f: NoticeFilter,
  max = 20_000,
): Promise<NoticeView[]> {
  const own = scopeFor(viewer);
  if (own !== undefined && f.unitId !== undefined && f.unitId !== own) return [];
  const rows = await supervisionRepository.page(db, { ...f, unitId: own ?? f.unitId }, null, max);
  return rows.map(toNoticeView);
}

/**
 * A unit's inbox: its open notices, the step due soonest first. A unit officer's is their own unit's; the
 * secretariat and leaders name the unit.
 */
export async function unitInbox(
  db: Kysely<Database>,
  viewer: NoticeViewer,
  q: { unitId?: number; cursor?: string; limit?: number },
): Promise<Page<NoticeView>> {
  const unitId = scopeFor(viewer) ?? q.unitId;
  if (unitId === undefined)
    throw new DomainError('VALIDATION_FAILED', {
      errors: [{ path: '/querystring/unitId', message: 'name the unit whose inbox to show' }],
    });
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, 'step_due_on', 'asc');
  let query = db
    .selectFrom('supervision_notices')
    .select(['id', 'step_due_on'])
    .where('unit_id', '=', unitId)
    .where('state', '!=', 'closed');
  if (after) query = query.where(afterKey('step_due_on', 'id', 'asc', after));
  const keys = await query
    .orderBy('step_due_on')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const rows = new Map<number, NoticeRow>();
  for (const k of keys) {
    const r = await supervisionRepository.get(db, k.id);
    if (r) rows.set(k.id, r);
  }
  return pageOf(
    keys,
    limit,
    'step_due_on',
    'asc',
    (k) => ({ value: k.step_due_on ?? '', id: k.id }),
    (k) => toNoticeView(rows.get(k.id)!),
  );
}

export interface BoardView {
  planId: number | null;
  units: { unitId: number; unitName: string; blue: number; yellow: number; red: number; total: number }[];
  totals: { blue: number; yellow: number; red: number; total: number };
}

/** The secretariat's board: open notices by unit and level, the units with most red first. */
export async function supervisionBoard(db: Kysely<Database>, planId: number | undefined): Promise<BoardView> {
  const rows = await supervisionRepository.board(db, planId);
  const byUnit = new Map<number, BoardView['units'][number]>();
  const totals = { blue: 0, yellow: 0, red: 0, total: 0 };
  for (const r of rows) {
    const u = byUnit.get(r.unit_id) ?? {
      unitId: r.unit_id,
      unitName: r.unit_name,
      blue: 0,
      yellow: 0,
      red: 0,
      total: 0,
    };
    const level = r.level as 'blue' | 'yellow' | 'red';
    u[level] += r.count;
    u.total += r.count;
    totals[level] += r.count;
    totals.total += r.count;
    byUnit.set(r.unit_id, u);
  }
  const units = [...byUnit.values()].sort(
    (a, b) => b.red - a.red || b.yellow - a.yellow || b.total - a.total || a.unitId - b.unitId,
  );
  return { planId: planId ?? null, units, totals };
}

export interface NoticeEventView {
  id: number;
  kind: string;
  fromState: string | null;
  toState: string;
  fromLevel: string | null;
  toLevel: string;
  actor: string;
  at: string;
  asOf: string;
  comment: string | null;
}

export interface NoticeDetail {
  notice: NoticeView;
  events: NoticeEventView[];
  /** The steps the viewer may take now. */
  actions: NoticeAction[];
}

/** A notice the viewer may see, or NOTICE_NOT_FOUND (another unit's notice is not found, not forbidden). */
export async function requireVisibleNotice(
  db: Kysely<Database>,
  viewer: NoticeViewer,
  id: number,
): Promise<NoticeRow> {
  const row = await supervisionRepository.get(db, id);
  const own = scopeFor(viewer);
  if (!row || (own !== undefined && row.unit_id !== own))
    throw new DomainError('NOTICE_NOT_FOUND', { detail: `notice ${id}` });
  return row;
}

export async function noticeDetail(
  db: Kysely<Database>,
  viewer: NoticeViewer,
  id: number,
): Promise<NoticeDetail> {
  const row = await requireVisibleNotice(db, viewer, id);
  const events = await supervisionRepository.events(db, id);
  const party = partyOf(viewer);
  return {
    notice: toNoticeView(row),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromState: e.from_state,
      toState: e.to_state,
      fromLevel: e.from_level,
      toLevel: e.to_level,
      actor: e.actor_label,
      at: e.at,
      asOf: e.as_of,
      comment: e.comment,
    })),
    actions: party ? actionsFor(row.state as NoticeState, party) : [],
  };
}

/**
 * Takes one step of a notice's life for the viewer, on `today` (local date): checks it with the core's state
 * machine, records who and when as an event, sets the next step's due date, audits it and queues the webhooks.
 * `version`, when given, must be the notice's current one (two people acting at once: the second is told).
 */
export async function takeNoticeStep(
  db: Kysely<Database>,
  viewer: NoticeViewer,
  actor: Actor,
  id: number,
  step: { action: NoticeAction; text?: string | null; version?: number },
  today: LocalDate,
): Promise<{ detail: NoticeDetail; deliveryIds: number[] }> {
  const deliveryIds = await withTransaction(db, async (trx) => {
    await supervisionRepository.lockNotice(trx, id);
    const row = await requireVisibleNotice(trx, viewer, id);
    if (step.version !== undefined && step.version !== row.version)
      throw new DomainError('SUPERVISION_VERSION_CONFLICT', {
        detail: `notice ${id} is at version ${row.version}`,
      });
    const party = partyOf(viewer);
    if (!party) throw new DomainError('FORBIDDEN');
    const t = transition(row.state as NoticeState, step.action, party, step.text);
    if (!t.ok) throw new DomainError(t.code, { message: t.message, detail: `notice ${id}` });
    const settings = await planSettings(trx, row.plan_id);
    const stepDueOn = t.to === 'closed' ? null : addDays(today, settings.thresholds.stepDays[t.to]);
    const text = step.text?.trim() || null;
    const now = nowIso();
    await trx
      .updateTable('supervision_notices')
      .set((eb) => ({
        state: t.to,
        step_due_on: stepDueOn,
        ...(step.action === 'reply' ? { reply: text } : {}),
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .execute();
    const ev = await trx
      .insertInto('supervision_notice_events')
      .values({
        notice_id: id,
        kind: step.action,
        from_state: t.from,
        to_state: t.to,
        from_level: row.level,
        to_level: row.level,
        actor_id: actor.userId,
        actor_label: actor.label,
        at: now,
        as_of: today,
        comment: text,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audited(trx, actor, {
      action: `supervision_notice.${step.action}`,
      entityType: 'supervision_notice',
      entityId: id,
      before: { state: t.from, version: row.version },
      after: { state: t.to, stepDueOn, comment: text, version: row.version + 1 },
    });
    return queueDeliveries(trx, row.plan_id, [
      { noticeId: id, eventId: ev.id, kind: step.action, level: row.level },
    ]);
  });
  return { detail: await noticeDetail(db, viewer, id), deliveryIds };
}

export async function getSettings(db: Kysely<Database>, planId: number): Promise<PlanSupervisionSettings> {
  if (!(await supervisionRepository.planHead(db, planId)))
    throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
  return planSettings(db, planId);
}

/**
 * Sets a plan's thresholds, recipients and the 联系人 of its notices; `version` is the one read (0 while the plan has
 * the defaults). A `contact` left out stays as it is (a caller that knows nothing of it does not erase it); null
 * returns the documents to 督查秘书处.
 */
export async function putSettings(
  db: Kysely<Database>,
  actor: Actor,
  planId: number,
  input: {
    thresholds: SupervisionThresholds;
    recipients: Recipient[];
    contact?: NoticeContact | null;
    version: number;
  },
): Promise<PlanSupervisionSettings> {
  const problems = thresholdProblems(input.thresholds);
  if (problems.length > 0)
    throw new DomainError('SUPERVISION_SETTINGS_INVALID', {
      errors: problems.map((p) => ({ path: `/body/thresholds${p.path}`, message: p.message })),
    });
  return withTransaction(db, async (trx) => {
    if (!(await supervisionRepository.planHead(trx, planId)))
      throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
    await supervisionRepository.lockPlanRuns(trx, planId);
    const before = await planSettings(trx, planId);
    if (before.version !== input.version)
      throw new DomainError('SUPERVISION_VERSION_CONFLICT', {
        detail: `the settings of plan ${planId} are at version ${before.version}`,
      });
    const now = nowIso();
    const contact = input.contact === undefined ? before.contact : input.contact;
    const values = {
      thresholds_json: JSON.stringify(input.thresholds),
      recipients_json: JSON.stringify(input.recipients),
      contact_name: contact ? contact.name.trim() : null,
      contact_phone: contact ? contact.phone.trim() : null,
      updated_by: actor.userId,
      updated_at: now,
    };
    if (before.version === 0) {
      await trx
        .insertInto('supervision_settings')
        .values({ plan_id: planId, ...values, version: 1 })
        .execute();
    } else {
      await trx
        .updateTable('supervision_settings')
        .set({ ...values, version: before.version + 1 })
        .where('plan_id', '=', planId)
        .execute();
    }
    const after = await planSettings(trx, planId);
    await audited(trx, actor, {
      action: 'supervision_settings.update',
      entityType: 'plan',
      entityId: planId,
      before,
      after,
    });
    return after;
  });
}

export async function listRuns(db: Kysely<Database>, planId: number, q: { cursor?: string; limit?: number }) {
  if (!(await supervisionRepository.planHead(db, planId)))
    throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, 'id', 'desc');
  let query = db.selectFrom('supervision_runs').selectAll().where('plan_id', '=', planId);
  if (after) query = query.where('id', '<', after.id);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(
    rows,
    limit,
    'id',
    'desc',
    (r) => ({ value: r.id, id: r.id }),
    (r) => ({
      id: r.id,
      asOf: r.as_of,
      trigger: r.trigger,
      actor: r.actor_label,
      raised: r.raised,
      escalated: r.escalated,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    }),
  );
}
