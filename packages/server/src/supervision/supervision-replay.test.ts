import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, levelRank, reportingPeriods, type NoticeLevel } from '@luoshi/core';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../test/harness.js';
import { seedDemo } from '../demo/demo.js';
import { loadDemoDelivery, type LoadedDemoDelivery } from '../test/demo-delivery-load.js';
import { runSupervision } from './runner.js';
import { takeNoticeStep, type NoticeViewer } from './notices.service.js';

/**
 * The replay: the clock walks day by day through 2013–2015 on the Chengdu demo with its example delivery data
 * (monthly reports due on the 5th Chinese working day), running the rules each day. Units of the "punctual" and
 * "late" demo profiles sign for a notice the day after it is raised, start at once and reply five days later;
 * the secretariat verifies and closes two days after. The other units never answer. What is expected is worked
 * out here from the generated data and the rules' thresholds, not read back from the program.
 */
let tdb: TestDatabase;
let planId: number;
let loaded: LoadedDemoDelivery;
const responsive = new Set<number>();
const REPLAY = { userId: null, label: 'replay' };

beforeAll(async () => {
  tdb = await createTestDatabase({ migrated: true });
  const seeded = await seedDemo(tdb.handle.db);
  planId = seeded.planId!;
  loaded = await loadDemoDelivery(tdb.handle.db, planId);
  for (const t of loaded.tasks)
    if (t.profile === 'punctual' || t.profile === 'late') responsive.add(t.unitId);
  const db = tdb.handle.db;
  const secretariat = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'secretariat')
    .executeTakeFirstOrThrow();
  const asSecretariat: NoticeViewer = { userId: secretariat.id, role: 'secretariat', unitId: null };

  for (let day = '2013-01-01'; day <= '2015-12-31'; day = addDays(day, 1)) {
    await runSupervision(db, planId, day, 'replay', REPLAY);
    const open = await db
      .selectFrom('supervision_notices')
      .select(['id', 'unit_id', 'state', 'raised_on', 'step_due_on'])
      .where('plan_id', '=', planId)
      .where('state', 'in', ['issued', 'in_progress', 'replied'])
      .execute();
    for (const n of open) {
      if (!responsive.has(n.unit_id)) continue;
      const unit: NoticeViewer = { userId: 0, role: 'unit_officer', unitId: n.unit_id };
      const actor = { userId: null, label: `unit-${n.unit_id}` };
      if (n.state === 'issued' && n.raised_on < day) {
        await takeNoticeStep(db, unit, actor, n.id, { action: 'sign' }, day);
        await takeNoticeStep(db, unit, actor, n.id, { action: 'start' }, day);
      } else if (n.state === 'in_progress' && addDays(n.step_due_on!, -15) <= day) {
        await takeNoticeStep(db, unit, actor, n.id, { action: 'reply', text: '已按要求整改并补报。' }, day);
      } else if (n.state === 'replied' && addDays(n.step_due_on!, -8) <= day) {
        await takeNoticeStep(db, asSecretariat, REPLAY, n.id, { action: 'verify' }, day);
        await takeNoticeStep(db, asSecretariat, REPLAY, n.id, { action: 'close' }, day);
      }
    }
  }
}, 1_800_000);
afterAll(() => tdb.drop());

async function notices(rule: string) {
  return tdb.handle.db
    .selectFrom('supervision_notices')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('rule', '=', rule)
    .execute();
}

describe(`replay of 2013–2015 on the Chengdu demo, on ${TEST_DB}`, () => {
  it('dates missing reports by Chinese working days around 国庆 and 春节, make-up days included', async () => {
    const rows = await notices('report_missing');
    const dueOf = (period: string) => [
      ...new Set(rows.filter((r) => r.subject === period).map((r) => r.subject_due_on)),
    ];
    // September: 5th working day after 30 Sep, past the 1–7 Oct holiday.
    // 2013: 8, 9, 10, 11 Oct and Saturday 12 Oct (a make-up working day).
    expect(dueOf('2013-09')).toEqual(['2013-10-12']);
    // 2014: 8, 9, 10 Oct, Saturday 11 Oct (make-up) and Monday 13 Oct.
    expect(dueOf('2014-09')).toEqual(['2014-10-13']);
    // 2015: 8, 9 Oct, Saturday 10 Oct (make-up), 12 and 13 Oct.
    expect(dueOf('2015-09')).toEqual(['2015-10-13']);
    // January 2014: 春节 closed 31 Jan–6 Feb; 7 Feb, Saturday 8 Feb (make-up), 10, 11, 12 Feb.
    expect(dueOf('2014-01')).toEqual(['2014-02-12']);
    // February 2013: 春节 closed 9–15 Feb; March 1, 4, 5, 6, 7.
    expect(dueOf('2013-02')).toEqual(['2013-03-07']);
    // And each was raised the day after its due date.
    for (const r of rows) expect(r.raised_on).toBe(addDays(r.subject_due_on!, 1));
  });

  it('raises a notice for exactly the reports not in by the day after their due date', async () => {
    const submitted = new Map(
      loaded.delivery.reports.map((r) => [`${r.taskKey}:${r.unit}:${r.period}`, r.submittedOn]),
    );
    const periods = reportingPeriods('month', '2013-01' as never, '2015-12' as never, 5);
    const expected = new Set<string>();
    for (const t of loaded.tasks)
      for (const p of periods) {
        const day = addDays(p.dueDate, 1);
        if (day > '2015-12-31') continue;
        const on = submitted.get(`${t.nodeId}:${t.unit}:${p.period}`);
        if (on === undefined || on > day) expected.add(`${t.nodeId}:${t.unitId}:${p.period}`);
      }
    const rows = await notices('report_missing');
    expect(new Set(rows.map((r) => r.subject_key))).toEqual(expected);
    expect(rows.length).toBeGreaterThan(100);
  });

  it('raises a notice for exactly the milestones not done by the day after they fell due', async () => {
    const unitIds = new Map(loaded.tasks.map((t) => [t.unit, t.unitId]));
    const expected = new Map<string, string>();
    const rows = await notices('milestone_overdue');
    const wpIds = await tdb.handle.db
      .selectFrom('work_plans')
      .select(['id', 'node_id', 'unit_id'])
      .where('plan_id', '=', planId)
      .execute();
    const wpOf = new Map(wpIds.map((w) => [`${w.node_id}:${w.unit_id}`, w.id]));
    for (const w of loaded.delivery.workPlans) {
      const live = w.change ? w.change.milestones : w.milestones;
      for (const m of live) {
        const day = addDays(m.dueDate, 1);
        if (day > '2015-12-31') continue;
        const done = w.outcome.find((o) => o.key === m.key)?.completedOn ?? null;
        if (done === null || done > day)
          expected.set(`${wpOf.get(`${w.taskKey}:${unitIds.get(w.unit)}`)}:${m.key}`, day);
      }
    }
    expect(new Map(rows.map((r) => [r.subject_key, r.raised_on]))).toEqual(expected);
    expect(rows.length).toBeGreaterThan(20);
  });

  it('takes a silent unit’s report never sent to red within 20 days of its due date, and never lowers a level', async () => {
    const db = tdb.handle.db;
    const events = await db
      .selectFrom('supervision_notice_events as e')
      .innerJoin('supervision_notices as n', 'n.id', 'e.notice_id')
      .select([
        'e.notice_id',
        'e.kind',
        'e.to_level',
        'e.as_of',
        'e.comment',
        'n.unit_id',
        'n.rule',
        'n.subject_key',
      ])
      .where('n.plan_id', '=', planId)
      .orderBy('e.id')
      .execute();
    const byNotice = new Map<number, typeof events>();
    for (const e of events) byNotice.set(e.notice_id, [...(byNotice.get(e.notice_id) ?? []), e]);
    for (const list of byNotice.values())
      for (let i = 1; i < list.length; i++)
        expect(levelRank(list[i]!.to_level as NoticeLevel)).toBeGreaterThanOrEqual(
          levelRank(list[i - 1]!.to_level as NoticeLevel),
        );

    const sent = new Set(loaded.delivery.reports.map((r) => `${r.taskKey}:${r.unit}:${r.period}`));
    const unitName = new Map(loaded.tasks.map((t) => [t.unitId, t.unit]));
    const rows = await notices('report_missing');
    let checked = 0;
    for (const n of rows) {
      const [node, unit, period] = n.subject_key.split(':');
      if (sent.has(`${node}:${unitName.get(Number(unit))}:${period}`)) continue;
      // An answering unit's notice is closed within days, and a closed notice stays as it was.
      if (responsive.has(Number(unit))) continue;
      if (addDays(n.subject_due_on!, 20) > '2015-12-31') continue;
      const red = byNotice.get(n.id)!.find((e) => e.to_level === 'red');
      expect(red, n.subject_key).toBeDefined();
      expect(red!.as_of <= addDays(n.subject_due_on!, 20)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('escalates the notices of units that never answer for their overdue steps, and not those that answer', async () => {
    const db = tdb.handle.db;
    const stepEscalations = await db
      .selectFrom('supervision_notice_events as e')
      .innerJoin('supervision_notices as n', 'n.id', 'e.notice_id')
      .select(['n.unit_id'])
      .where('n.plan_id', '=', planId)
      .where('e.kind', '=', 'escalated')
      .where('e.comment', '=', 'step_overdue')
      .execute();
    const escalatedUnits = new Set(stepEscalations.map((e) => e.unit_id));
    for (const u of responsive) expect(escalatedUnits.has(u), `unit ${u}`).toBe(false);
    const silent = loaded.tasks.filter((t) => !responsive.has(t.unitId)).map((t) => t.unitId);
    expect(silent.length).toBeGreaterThan(0);
    for (const u of silent) expect(escalatedUnits.has(u), `unit ${u}`).toBe(true);
    // Every notice of an answering unit raised before the last fortnight went its whole way to closed.
    const open = await db
      .selectFrom('supervision_notices')
      .select(['unit_id', 'raised_on', 'state'])
      .where('plan_id', '=', planId)
      .where('state', '!=', 'closed')
      .where('raised_on', '<', '2015-12-15')
      .execute();
    expect(open.filter((n) => responsive.has(n.unit_id))).toEqual([]);
    // Over the three years the board showed every level, and notices went up through each step.
    const changes = await db
      .selectFrom('supervision_notice_events as e')
      .innerJoin('supervision_notices as n', 'n.id', 'e.notice_id')
      .select(['e.from_level', 'e.to_level'])
      .where('n.plan_id', '=', planId)
      .where('e.kind', '=', 'escalated')
      .execute();
    const steps = new Set(changes.map((c) => `${c.from_level}>${c.to_level}`));
    expect([...steps]).toContain('blue>yellow');
    expect([...steps]).toContain('yellow>red');
    const levels = await db
      .selectFrom('supervision_notice_events as e')
      .innerJoin('supervision_notices as n', 'n.id', 'e.notice_id')
      .select('e.to_level')
      .distinct()
      .where('n.plan_id', '=', planId)
      .execute();
    expect(levels.map((l) => l.to_level).sort()).toEqual(['blue', 'red', 'yellow']);
  });

  it('raises nothing when a day is run again', async () => {
    for (const day of ['2013-10-13', '2014-07-10', '2015-12-31']) {
      const again = await runSupervision(tdb.handle.db, planId, day, 'replay', REPLAY);
      expect(again.raised).toBe(0);
    }
  });
});
