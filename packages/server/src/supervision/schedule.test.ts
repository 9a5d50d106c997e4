import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, type TestApp } from '../test/harness.js';
import { approvedWorkPlan, planWithTasks, reportCycle } from '../test/delivery-fixture.js';

// The daily run inside the server, on the injected clock: a new China date runs every active plan once.
let t: TestApp;
let now = Date.parse('2014-04-14T15:30:00Z'); // 23:30 on 14 April in China
let planId: number;

beforeAll(async () => {
  t = await createTestApp({ supervisionSchedule: true, supervisionCheckMinutes: 60 }, { clock: () => now });
  // Only the test's own checks run: the schedule's first check comes a second after start, and on a busy machine
  // it ran while the fixtures below were half made (a plan with no report cycle yet, so other notices were due).
  t.app.supervisionSchedule!.stop();
  const plan = await planWithTasks(t.db, '定时督办方案', ['定时甲单位']);
  planId = plan.planId;
  await approvedWorkPlan(t.db, planId, plan.tasks[0]!, [{ key: 'm', title: '节点', due: '2014-04-13' }]);
  // Reports from the second quarter (first due in July): the one notice here is the milestone's.
  await reportCycle(t.db, planId, 'quarter', '2014-Q2', '2014-Q4');
});
afterAll(() => t.close());

const runs = () =>
  t.db
    .selectFrom('supervision_runs')
    .select(['as_of', 'trigger'])
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();

describe(`the daily supervision schedule on ${TEST_DB}`, () => {
  it('runs each active plan once per China date, by the app clock', async () => {
    expect(t.app.supervisionSchedule).not.toBeNull();
    await t.app.supervisionSchedule!.check();
    await t.app.supervisionSchedule!.check();
    expect(await runs()).toEqual([{ as_of: '2014-04-14', trigger: 'schedule' }]);
    const notices = await t.db
      .selectFrom('supervision_notices')
      .select('raised_on')
      .where('plan_id', '=', planId)
      .execute();
    expect(notices).toEqual([{ raised_on: '2014-04-14' }]);

    now = Date.parse('2014-04-14T16:30:00Z'); // 00:30 on 15 April in China, still the 14th in UTC
    await t.app.supervisionSchedule!.check();
    expect((await runs()).map((r) => r.as_of)).toEqual(['2014-04-14', '2014-04-15']);
  });

  it('is off unless the configuration turns it on', async () => {
    const off = await createTestApp();
    try {
      expect(off.app.supervisionSchedule).toBeNull();
    } finally {
      await off.close();
    }
  });
});
