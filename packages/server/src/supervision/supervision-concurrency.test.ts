import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@luoshi/core';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../test/harness.js';
import { runCli } from '../test/processes.js';
import { approvedWorkPlan, planWithTasks, reportCycle } from '../test/delivery-fixture.js';

// Two `luoshi supervise` processes (the built command line) run the same plan and day at the same moment, day
// after day: each notice must be raised once and each escalation recorded once, and both processes must succeed.
let tdb: TestDatabase;
let planId: number;

beforeAll(async () => {
  tdb = await createTestDatabase({ migrated: true });
  const db = tdb.handle.db;
  const fixture = await planWithTasks(db, '并发督办方案', ['并发甲单位', '并发乙单位', '并发丙单位']);
  planId = fixture.planId;
  for (const [i, task] of fixture.tasks.entries())
    await approvedWorkPlan(
      db,
      planId,
      task,
      Array.from({ length: 4 }, (_, k) => ({
        key: `m${k}`,
        title: `节点${k}`,
        due: addDays('2014-01-10', 7 * k + i),
      })),
    );
  await reportCycle(db, planId, 'month', '2014-01', '2014-12');
});
afterAll(() => tdb.drop());

describe(`two processes running the rules for one day at once, on ${TEST_DB}`, () => {
  it('raise each notice once and record each escalation once', async () => {
    const days = ['2014-02-12', '2014-03-05', '2014-03-20'];
    for (const day of days) {
      const both = await Promise.all([
        runCli(tdb, ['supervise', '--plan', String(planId), '--as-of', day, '--json']),
        runCli(tdb, ['supervise', '--plan', String(planId), '--as-of', day, '--json']),
      ]);
      for (const r of both) expect(r.code, r.stderr).toBe(0);
      const [a, b] = both.map(
        (r) => (JSON.parse(r.stdout) as { runs: { raised: number; escalated: number }[] }).runs[0]!,
      );
      // One of the two did the day's work; the other, serialised behind it, found nothing left to do.
      expect(Math.min(a!.raised + a!.escalated, b!.raised + b!.escalated)).toBe(0);
    }
    const db = tdb.handle.db;
    const notices = await db
      .selectFrom('supervision_notices')
      .select(['id', 'level'])
      .where('plan_id', '=', planId)
      .execute();
    expect(notices.length).toBeGreaterThan(10);
    const events = await db
      .selectFrom('supervision_notice_events as e')
      .innerJoin('supervision_notices as n', 'n.id', 'e.notice_id')
      .select(['e.notice_id', 'e.kind', 'e.as_of'])
      .where('n.plan_id', '=', planId)
      .execute();
    expect(events.filter((e) => e.kind === 'raised')).toHaveLength(notices.length);
    const keys = events.map((e) => `${e.notice_id}|${e.kind}|${e.as_of}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(events.some((e) => e.kind === 'escalated')).toBe(true);
    const runs = await db
      .selectFrom('supervision_runs')
      .select(['as_of', 'raised'])
      .where('plan_id', '=', planId)
      .execute();
    expect(runs).toHaveLength(days.length * 2);
    expect(runs.reduce((s, r) => s + r.raised, 0)).toBe(notices.length);
  });
});
