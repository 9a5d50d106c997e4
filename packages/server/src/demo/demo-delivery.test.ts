import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { DEMO_PASSWORD, seedDemo } from './demo.js';
import { seedDemoDelivery } from './demo-delivery.js';

let t: TestApp;
let planId: number;
let seedMs = 0;
beforeAll(async () => {
  t = await createTestApp();
  const started = performance.now();
  planId = (await seedDemo(t.db)).planId!;
  seedMs = performance.now() - started;
});
afterAll(() => t.close());

const count = async (table: 'work_plans' | 'progress_reports' | 'milestones' | 'work_plan_revisions') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the demo’s example delivery data', () => {
  it('has work plans and quarterly reports 2013–2015 for several units, every row marked as example data', async () => {
    console.log(`demo seeding with delivery data (${t.dialect}): ${Math.round(seedMs)} ms`);
    const workPlans = await count('work_plans');
    const reports = await count('progress_reports');
    expect(workPlans).toBeGreaterThan(20);
    // Some reports are missing: fewer than one per work plan and quarter.
    expect(reports).toBeLessThan(workPlans * 12);
    expect(reports).toBeGreaterThan(workPlans * 6);
    const units = await t.db.selectFrom('work_plans').select('unit_id').distinct().execute();
    expect(units.length).toBeGreaterThanOrEqual(4);
    for (const table of ['work_plans', 'progress_reports', 'milestones'] as const) {
      const notExample = await t.db.selectFrom(table).select('id').where('example', '=', 0).execute();
      expect(notExample, table).toEqual([]);
    }
    // Change requests: more revisions than work plans.
    expect(await count('work_plan_revisions')).toBeGreaterThan(workPlans);
    const cycle = await t.db
      .selectFrom('report_cycles')
      .selectAll()
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow();
    expect(cycle).toMatchObject({
      frequency: 'quarter',
      due_working_days: 5,
      first_period: '2013-Q1',
      last_period: '2015-Q4',
    });
  });

  it('shows on time, late and missing reports, and every light on the plan', async () => {
    const officer = await t.login('officer', DEMO_PASSWORD);
    const leader = await t.login('leader', DEMO_PASSWORD);
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/progress-reports?limit=200',
      headers: officer.headers,
    });
    const items = mine.json<{ items: { late: boolean; example: boolean; unitId: number }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.example)).toBe(true);
    const all = await t.db.selectFrom('progress_reports').select(['submitted_on', 'due_date']).execute();
    expect(all.some((r) => r.submitted_on! > r.due_date)).toBe(true);
    expect(all.some((r) => r.submitted_on! <= r.due_date)).toBe(true);
    const p = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${planId}/progress?asOf=2014-12-15`,
      headers: leader.headers,
    });
    const lights = new Set(p.json<{ items: { light: string }[] }>().items.map((i) => i.light));
    expect([...lights].sort()).toEqual(['green', 'grey', 'red', 'yellow']);
  });

  it('is not seeded twice, and seeded again from nothing is the same data', async () => {
    const before = await count('progress_reports');
    expect(await seedDemoDelivery(t.db, planId)).toEqual({ workPlans: 0, reports: 0 });
    expect(await count('progress_reports')).toBe(before);
    const snapshot = async () =>
      t.db
        .selectFrom('progress_reports as r')
        .innerJoin('plan_nodes as n', 'n.id', 'r.node_id')
        .select(['n.path', 'r.unit_id', 'r.period', 'r.due_date', 'r.submitted_on', 'r.percent'])
        .orderBy('n.path')
        .orderBy('r.unit_id')
        .orderBy('r.period')
        .execute();
    const first = await snapshot();
    await t.db.deleteFrom('progress_reports').execute();
    await t.db.deleteFrom('work_plans').execute();
    await t.db.deleteFrom('report_cycles').execute();
    const started = performance.now();
    const again = await seedDemoDelivery(t.db, planId);
    console.log(
      `demo delivery data alone (${t.dialect}): ${again.workPlans} work plans, ${again.reports} reports in ` +
        `${Math.round(performance.now() - started)} ms`,
    );
    expect(await snapshot()).toEqual(first);
  });
});
