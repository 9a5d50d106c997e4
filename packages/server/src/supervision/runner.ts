import {
  isOpenState,
  noticeKey,
  periodStartDate,
  supervise,
  type ExistingNotice,
  type ExpectedReportFact,
  type IndicatorTargetFact,
  type ItemActivityFact,
  type LocalDate,
  type MilestoneFact,
  type NoticeLevel,
  type NoticeState,
  type SupervisionOutcome,
  type SupervisionRule,
  type SupervisionSnapshot,
  type SupervisionThresholds,
} from '@luoshi/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { nowIso } from '../db/dialect.js';
import { DomainError } from '../errors/index.js';
import { planDashboard } from '../indicators/dashboard.service.js';
import { cyclePeriods } from './report-calendar.js';
import { planSettings } from './settings.js';
import { supervisionRepository } from './supervision.repository.js';
import { queueDeliveries } from './webhooks.service.js';

/** The local China date (UTC+8, no daylight saving) of a moment: the day the rules run for. */
export function chinaDate(ms: number): LocalDate {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The local China date of a stored ISO time. */
const localDateOf = (iso: string | null): LocalDate | null => (iso ? chinaDate(Date.parse(iso)) : null);

export type RunTrigger = 'schedule' | 'cli' | 'api' | 'replay';

/** What one run of the rules did. */
export interface RunResult {
  runId: number;
  planId: number;
  asOf: LocalDate;
  raised: number;
  escalated: number;
  /** The events written (raised and escalated), for what is sent after the commit. */
  eventIds: number[];
  /** Webhook deliveries queued in the run's transaction, sent after it commits. */
  deliveryIds: number[];
}

/** Milestones, reports, targets and activity of a plan as the rules see them on `asOf`. */
export async function readSnapshot(
  db: Db,
  planId: number,
  asOf: LocalDate,
  thresholds: SupervisionThresholds,
): Promise<{ snapshot: SupervisionSnapshot; noticeIds: Map<string, { id: number; version: number }> }> {
  const [tasks, milestoneRows, cycle, reportRows, activity, noticeRows] = await Promise.all([
    supervisionRepository.leadTasks(db, planId),
    supervisionRepository.liveMilestones(db, planId),
    supervisionRepository.reportCycle(db, planId),
    supervisionRepository.reports(db, planId),
    supervisionRepository.workPlanActivity(db, planId),
    supervisionRepository.notices(db, planId),
  ]);

  const milestones: MilestoneFact[] = milestoneRows.map((m) => ({
    subjectKey: `${m.work_plan_id}:${m.key}`,
    nodeId: m.node_id,
    unitId: m.unit_id,
    title: m.title,
    dueDate: m.due_date,
    // Done on the day only if it was completed by then (a replay of an earlier day must not see later work).
    done: m.state === 'done' && (m.completed_on === null || m.completed_on <= asOf),
  }));

  const expectedReports: ExpectedReportFact[] = [];
  const items: ItemActivityFact[] = [];
  if (cycle) {
    const submitted = new Map<string, { due: string; on: string | null }>();
    const lastUpdate = new Map<string, string>();
    const touch = (key: string, day: string | null) => {
      if (day === null || day > asOf) return;
      const prev = lastUpdate.get(key);
      if (prev === undefined || day > prev) lastUpdate.set(key, day);
    };
    for (const r of reportRows) {
      const on = r.status === 'draft' ? null : r.submitted_on;
      submitted.set(`${r.node_id}:${r.unit_id}:${r.period}`, { due: r.due_date, on });
      touch(`${r.node_id}:${r.unit_id}`, on);
    }
    const leadsOf = new Map<number, number[]>();
    for (const t of tasks) leadsOf.set(t.node_id, [...(leadsOf.get(t.node_id) ?? []), t.unit_id]);
    for (const e of await supervisionRepository.nodeEdits(db, [...leadsOf.keys()]))
      for (const unitId of leadsOf.get(e.node_id) ?? []) touch(`${e.node_id}:${unitId}`, localDateOf(e.at));
    for (const a of activity) {
      touch(`${a.node_id}:${a.unit_id}`, localDateOf(a.submitted_at));
      touch(`${a.node_id}:${a.unit_id}`, localDateOf(a.reviewed_at));
    }
    const periods = cyclePeriods(
      cycle.frequency,
      cycle.first_period,
      cycle.last_period,
      cycle.due_working_days,
    );
    const since = periodStartDate(periods[0]?.period ?? (cycle.first_period as never));
    for (const t of tasks) {
      for (const p of periods) {
        if (p.due >= asOf) break;
        const key = `${t.node_id}:${t.unit_id}:${p.period}`;
        const got = submitted.get(key);
        expectedReports.push({
          subjectKey: key,
          nodeId: t.node_id,
          unitId: t.unit_id,
          period: p.period,
          dueDate: got?.due ?? p.due,
          submittedOn: got?.on ?? null,
        });
      }
      if (since <= asOf)
        items.push({
          nodeId: t.node_id,
          unitId: t.unit_id,
          title: `${t.label} ${t.title}`.trim(),
          lastUpdate: lastUpdate.get(`${t.node_id}:${t.unit_id}`) ?? null,
          since,
        });
    }
  }

  const indicatorTargets: IndicatorTargetFact[] = [];
  if (Object.keys(thresholds.indicatorOffTrack).length > 0) {
    const leads = new Map<number, number[]>();
    for (const t of tasks) leads.set(t.node_id, [...(leads.get(t.node_id) ?? []), t.unit_id]);
    const targets = await supervisionRepository.targetsWithNodes(db, planId);
    const nodeOf = new Map(targets.map((t) => [t.id, t.node_id]));
    if (targets.some((t) => t.node_id !== null && leads.has(t.node_id))) {
      const dashboard = await planDashboard(db, planId, { role: 'admin', unitId: null }, asOf);
      for (const s of dashboard.targets) {
        const nodeId = nodeOf.get(s.targetId) ?? null;
        if (nodeId === null || !thresholds.indicatorOffTrack[s.status]) continue;
        for (const unitId of leads.get(nodeId) ?? [])
          indicatorTargets.push({
            subjectKey: `${s.targetId}:${unitId}`,
            nodeId,
            unitId,
            text: s.text,
            status: s.status,
          });
      }
    }
  }

  const noticeIds = new Map<string, { id: number; version: number }>();
  const notices: ExistingNotice[] = noticeRows.map((n) => {
    noticeIds.set(noticeKey(n.rule as SupervisionRule, n.subject_key), { id: n.id, version: n.version });
    return {
      rule: n.rule as SupervisionRule,
      subjectKey: n.subject_key,
      level: n.level as NoticeLevel,
      state: n.state as NoticeState,
      stepDueOn: n.step_due_on,
    };
  });
  return { snapshot: { milestones, expectedReports, indicatorTargets, items, notices }, noticeIds };
}

/** Writes an outcome: new notices (a second writer's insert of the same subject does nothing), escalations. */
async function applyOutcomeToDb(
  trx: Db,
  planId: number,
  outcome: SupervisionOutcome,
  noticeIds: Map<string, { id: number; version: number }>,
  actor: Actor,
): Promise<{ raised: number[]; escalated: number[]; eventIds: number[]; events: NoticeEventRef[] }> {
  const now = nowIso();
  const raised: number[] = [];
  const escalated: number[] = [];
  const eventIds: number[] = [];
  const events: NoticeEventRef[] = [];
  let serial =
    outcome.raise.length > 0
      ? await supervisionRepository.nextSerial(trx, planId, outcome.asOf.slice(0, 4))
      : 0;
  // New notices and their events in multi-row statements (a first run may raise thousands): a notice another
  // writer raised meanwhile is skipped by the subject index, and only the notices inserted get an event.
  const CHUNK = 200;
  for (let i = 0; i < outcome.raise.length; i += CHUNK) {
    const chunk = outcome.raise.slice(i, i + CHUNK);
    const inserted = await trx
      .insertInto('supervision_notices')
      .values(
        chunk.map((r) => ({
          plan_id: planId,
          node_id: r.nodeId,
          unit_id: r.unitId,
          rule: r.rule,
          subject_key: r.subjectKey,
          subject: r.subject,
          subject_due_on: r.dueDate,
          days_late: r.daysLate,
          level: r.level,
          state: 'issued',
          raised_on: outcome.asOf,
          step_due_on: r.stepDueOn,
          serial: serial++,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['plan_id', 'rule', 'subject_key']).doNothing())
      .returning(['id', 'rule', 'subject_key', 'level'])
      .execute();
    if (inserted.length === 0) continue;
    inserted.sort((a, b) => a.id - b.id);
    const evs = await trx
      .insertInto('supervision_notice_events')
      .values(
        inserted.map((n) => ({
          notice_id: n.id,
          kind: 'raised',
          from_state: null,
          to_state: 'issued',
          from_level: null,
          to_level: n.level,
          actor_id: actor.userId,
          actor_label: actor.label,
          at: now,
          as_of: outcome.asOf,
          comment: null,
        })),
      )
      .returning(['id', 'notice_id'])
      .execute();
    const eventOf = new Map(evs.map((e) => [e.notice_id, e.id]));
    for (const n of inserted) {
      const eventId = eventOf.get(n.id)!;
      raised.push(n.id);
      eventIds.push(eventId);
      events.push({ noticeId: n.id, eventId, kind: 'raised', level: n.level });
    }
  }
  for (const c of outcome.levelChanges) {
    const known = noticeIds.get(noticeKey(c.rule, c.subjectKey));
    if (!known) continue;
    const res = await trx
      .updateTable('supervision_notices')
      .set((eb) => ({
        level: c.to,
        step_due_on: c.stepDueOn ?? eb.ref('step_due_on'),
        days_late: c.daysLate,
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', known.id)
      .where('version', '=', known.version)
      .returning(['id', 'state'])
      .executeTakeFirst();
    if (!res) continue;
    escalated.push(res.id);
    const ev = await trx
      .insertInto('supervision_notice_events')
      .values({
        notice_id: res.id,
        kind: 'escalated',
        from_state: res.state,
        to_state: res.state,
        from_level: c.from,
        to_level: c.to,
        actor_id: actor.userId,
        actor_label: actor.label,
        at: now,
        as_of: outcome.asOf,
        comment: c.reason,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    eventIds.push(ev.id);
    events.push({ noticeId: res.id, eventId: ev.id, kind: 'escalated', level: c.to });
  }
  return { raised, escalated, eventIds, events };
}

export interface NoticeEventRef {
  noticeId: number;
  eventId: number;
  kind: string;
  level: string;
}

/**
 * Runs a plan's rules for `asOf` in one transaction: reads the snapshot, applies the core's `supervise`, writes
 * the notices and escalations with their events, records the run and audits it, and queues the webhook
 * deliveries. Two runs of the same plan and day, in two processes at once, raise each notice once: the runs are
 * serialised per plan (advisory lock on PostgreSQL, the write lock on SQLite), and the unique subject index and
 * versioned updates hold even without that.
 */
export async function runSupervision(
  db: Kysely<Database>,
  planId: number,
  asOf: LocalDate,
  trigger: RunTrigger,
  actor: Actor,
): Promise<RunResult & { events: NoticeEventRef[] }> {
  const startedAt = nowIso();
  return withTransaction(db, async (trx) => {
    await supervisionRepository.lockPlanRuns(trx, planId);
    const plan = await supervisionRepository.planHead(trx, planId);
    if (!plan) throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
    const settings = await planSettings(trx, planId);
    const { snapshot, noticeIds } = await readSnapshot(trx, planId, asOf, settings.thresholds);
    const outcome = supervise(snapshot, asOf, settings.thresholds);
    const written = await applyOutcomeToDb(trx, planId, outcome, noticeIds, actor);
    const run = await trx
      .insertInto('supervision_runs')
      .values({
        plan_id: planId,
        as_of: asOf,
        trigger,
        actor_label: actor.label,
        raised: written.raised.length,
        escalated: written.escalated.length,
        started_at: startedAt,
        finished_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audited(trx, actor, {
      action: 'supervision.run',
      entityType: 'plan',
      entityId: planId,
      after: { runId: run.id, asOf, trigger, raised: written.raised, escalated: written.escalated },
    });
    const deliveryIds = await queueDeliveries(trx, planId, written.events);
    return {
      runId: run.id,
      planId,
      asOf,
      raised: written.raised.length,
      escalated: written.escalated.length,
      eventIds: written.eventIds,
      deliveryIds,
      events: written.events,
    };
  });
}

/** Open notices count (for the runner's callers and tests). */
export const isOpen = (state: string): boolean => isOpenState(state as NoticeState);
