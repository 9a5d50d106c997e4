import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../delivery/working-days.js';
import {
  DEFAULT_THRESHOLDS,
  applyOutcome,
  levelRank,
  noticeKey,
  supervise,
  thresholdProblems,
  type ExistingNotice,
  type SupervisionSnapshot,
} from './engine.js';
import { transition, type NoticeAction } from './lifecycle.js';

const T = DEFAULT_THRESHOLDS;
const empty: SupervisionSnapshot = {
  milestones: [],
  expectedReports: [],
  indicatorTargets: [],
  items: [],
  notices: [],
};

describe('supervise: the rules', () => {
  const snapshot: SupervisionSnapshot = {
    ...empty,
    milestones: [
      {
        subjectKey: 'wp1:m1',
        nodeId: 10,
        unitId: 1,
        title: '完成方案编制',
        dueDate: '2014-03-31',
        done: false,
      },
      { subjectKey: 'wp1:m2', nodeId: 10, unitId: 1, title: '已完成', dueDate: '2014-03-31', done: true },
    ],
    expectedReports: [
      {
        subjectKey: '10:1:2014-Q1',
        nodeId: 10,
        unitId: 1,
        period: '2014-Q1',
        dueDate: '2014-04-09',
        submittedOn: null,
      },
      {
        subjectKey: '10:2:2014-Q1',
        nodeId: 10,
        unitId: 2,
        period: '2014-Q1',
        dueDate: '2014-04-09',
        submittedOn: '2014-04-08',
      },
    ],
    indicatorTargets: [
      { subjectKey: 't5', nodeId: 10, unitId: 1, text: '交易额突破100亿元', status: 'off_track' },
      { subjectKey: 't6', nodeId: 10, unitId: 1, text: '就业', status: 'on_track' },
    ],
  };

  it('raises nothing on the due date itself, blue the day after, red from the red threshold', () => {
    expect(supervise(snapshot, '2014-03-31', T).raise.filter((r) => r.rule === 'milestone_overdue')).toEqual(
      [],
    );
    const dayAfter = supervise(snapshot, '2014-04-01', T).raise.find((r) => r.rule === 'milestone_overdue');
    expect(dayAfter).toMatchObject({
      subjectKey: 'wp1:m1',
      level: 'blue',
      daysLate: 1,
      stepDueOn: '2014-04-04',
    });
    const month = supervise(snapshot, '2014-04-30', T).raise.find((r) => r.rule === 'milestone_overdue');
    expect(month).toMatchObject({ level: 'red', daysLate: 30 });
  });

  it('raises a missing report only after its due date, and never for one that came in', () => {
    const r = supervise(snapshot, '2014-04-10', T).raise.filter((x) => x.rule === 'report_missing');
    expect(r.map((x) => x.subjectKey)).toEqual(['10:1:2014-Q1']);
    expect(supervise(snapshot, '2014-04-09', T).raise.filter((x) => x.rule === 'report_missing')).toEqual([]);
  });

  it('raises an indicator notice at the level set for its status', () => {
    const r = supervise(snapshot, '2014-01-01', T).raise.filter((x) => x.rule === 'indicator_off_track');
    expect(r).toMatchObject([{ subjectKey: 't5', level: 'yellow', status: 'off_track' }]);
  });

  it('raises a quiet item after N days, as a new subject after each update', () => {
    const item = { nodeId: 3, unitId: 1, title: '任务', lastUpdate: null, since: '2014-01-01' };
    const s = { ...empty, items: [item] };
    expect(supervise(s, addDays('2014-01-01', 89), T).raise).toEqual([]);
    expect(supervise(s, addDays('2014-01-01', 90), T).raise).toMatchObject([
      { rule: 'no_update', subjectKey: '3:1:2014-01-01', level: 'blue' },
    ]);
    const after = supervise({ ...s, items: [{ ...item, lastUpdate: '2014-03-01' }] }, '2014-06-01', T);
    expect(after.raise[0]?.subjectKey).toBe('3:1:2014-03-01');
  });

  it('escalates an open notice as it gets later, and an overdue unit step by one level', () => {
    const first = supervise(snapshot, '2014-04-01', T);
    let notices = applyOutcome([], first);
    const later = supervise({ ...snapshot, notices }, '2014-04-15', T);
    const m = later.levelChanges.find((c) => c.rule === 'milestone_overdue');
    // Lateness reaches yellow at 15 days; the sign-for step (due 04-04) is overdue too, which is one up from blue.
    expect(m).toMatchObject({ from: 'blue', to: 'yellow', reason: 'step_overdue', stepDueOn: '2014-04-18' });
    notices = applyOutcome(notices, later);
    expect(supervise({ ...snapshot, notices }, '2014-04-15', T)).toMatchObject({
      raise: [],
      levelChanges: [],
    });
  });

  it('does not escalate while the secretariat holds the notice, nor ever once closed', () => {
    const n: ExistingNotice = {
      rule: 'milestone_overdue',
      subjectKey: 'wp1:m1',
      level: 'blue',
      state: 'replied',
      stepDueOn: '2014-04-02',
    };
    expect(supervise({ ...empty, notices: [n] }, '2014-05-01', T).levelChanges).toEqual([]);
    const closed = { ...n, state: 'closed' as const, stepDueOn: null };
    expect(supervise({ ...snapshot, notices: [closed] }, '2014-06-01', T).levelChanges).toEqual([]);
    expect(
      supervise({ ...snapshot, notices: [closed] }, '2014-06-01', T).raise.map((r) => r.subjectKey),
    ).not.toContain('wp1:m1');
  });

  it('checks thresholds', () => {
    expect(thresholdProblems(T)).toEqual([]);
    const bad = { ...T, reportMissing: { blue: 10, yellow: 5, red: 20 } };
    expect(thresholdProblems(bad).map((p) => p.path)).toEqual(['/reportMissing']);
  });
});

// ---- properties --------------------------------------------------------------------------------------------------

const dateArb = fc.integer({ min: 0, max: 900 }).map((d) => addDays('2013-01-01', d));
const snapshotArb: fc.Arbitrary<SupervisionSnapshot> = fc.record({
  milestones: fc.array(
    fc.record({
      subjectKey: fc.integer({ min: 1, max: 30 }).map((i) => `m${i}`),
      nodeId: fc.integer({ min: 1, max: 5 }),
      unitId: fc.integer({ min: 1, max: 3 }),
      title: fc.constant('里程碑'),
      dueDate: dateArb,
      done: fc.boolean(),
    }),
    { maxLength: 20 },
  ),
  expectedReports: fc.array(
    fc.record({
      subjectKey: fc.integer({ min: 1, max: 30 }).map((i) => `r${i}`),
      nodeId: fc.integer({ min: 1, max: 5 }),
      unitId: fc.integer({ min: 1, max: 3 }),
      period: fc.constant('2014-Q1'),
      dueDate: dateArb,
      submittedOn: fc.option(dateArb),
    }),
    { maxLength: 20 },
  ),
  indicatorTargets: fc.array(
    fc.record({
      subjectKey: fc.integer({ min: 1, max: 5 }).map((i) => `t${i}`),
      nodeId: fc.constant(1),
      unitId: fc.integer({ min: 1, max: 3 }),
      text: fc.constant('目标'),
      status: fc.constantFrom('on_track', 'off_track', 'deteriorating', 'not_achieved', 'no_data'),
    }),
    { maxLength: 5 },
  ),
  items: fc.array(
    fc.record({
      nodeId: fc.integer({ min: 1, max: 5 }),
      unitId: fc.integer({ min: 1, max: 3 }),
      title: fc.constant('任务'),
      lastUpdate: fc.option(dateArb),
      since: fc.constant('2013-01-01'),
    }),
    { maxLength: 5 },
  ),
  notices: fc.constant([]),
});

describe('supervise: properties', () => {
  it('running twice for one day raises nothing and changes nothing the second time', () => {
    fc.assert(
      fc.property(snapshotArb, fc.array(dateArb, { minLength: 1, maxLength: 6 }), (s, days) => {
        let notices: ExistingNotice[] = [];
        for (const day of [...days].sort()) {
          notices = applyOutcome(notices, supervise({ ...s, notices }, day, T));
          const again = supervise({ ...s, notices }, day, T);
          expect(again.raise).toEqual([]);
          expect(again.levelChanges).toEqual([]);
        }
        // One notice per rule and subject, ever.
        const keys = notices.map((n) => noticeKey(n.rule, n.subjectKey));
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });

  it('never lowers an open notice’s level, whatever the lifecycle steps taken between days', () => {
    const stepArb = fc.constantFrom<NoticeAction>('sign', 'start', 'reply', 'verify', 'return', 'close');
    fc.assert(
      fc.property(
        snapshotArb,
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), stepArb), { minLength: 1, maxLength: 25 }),
        (s, walk) => {
          let day = '2013-01-01';
          let notices: ExistingNotice[] = [];
          for (const [gap, action] of walk) {
            day = addDays(day, gap);
            const before = new Map(notices.map((n) => [noticeKey(n.rule, n.subjectKey), n]));
            notices = applyOutcome(notices, supervise({ ...s, notices }, day, T));
            for (const n of notices) {
              const b = before.get(noticeKey(n.rule, n.subjectKey));
              if (b) expect(levelRank(n.level)).toBeGreaterThanOrEqual(levelRank(b.level));
            }
            // Take one lifecycle step on every notice where it is allowed.
            notices = notices.map((n) => {
              const party =
                action === 'verify' || action === 'return' || action === 'close' ? 'secretariat' : 'unit';
              const r = transition(n.state, action, party, 'text');
              return r.ok ? { ...n, state: r.to, stepDueOn: r.to === 'closed' ? null : addDays(day, 5) } : n;
            });
          }
        },
      ),
    );
  });

  it('is monotone in time for a fixed world: a later day finds at least the level an earlier day found', () => {
    fc.assert(
      fc.property(snapshotArb, dateArb, fc.integer({ min: 0, max: 200 }), (s, day, gap) => {
        const early = supervise(s, day, T).raise;
        const late = new Map(
          supervise(s, addDays(day, gap), T).raise.map((r) => [noticeKey(r.rule, r.subjectKey), r]),
        );
        for (const r of early) {
          if (r.rule === 'no_update') continue; // its subject names the day silence began: same on both days
          const l = late.get(noticeKey(r.rule, r.subjectKey));
          if (r.rule === 'report_missing') {
            const report = s.expectedReports.find(
              (x) => x.subjectKey === r.subjectKey && x.dueDate === r.dueDate,
            );
            if (report?.submittedOn) continue; // it may have come in between
          }
          // The same subject may appear twice in a random world with different due dates; compare the highest.
          if (l) expect(levelRank(l.level)).toBeGreaterThanOrEqual(levelRank(r.level));
        }
      }),
    );
  });
});
