import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './demo.js';
import { CHENGDU_UNITS } from '../units/chengdu-units.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (table: 'units' | 'plans' | 'users' | 'plan_nodes' | 'audit_log') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('demo mode', () => {
  it('on an empty database seeds the Chengdu units, the confirmed Chengdu plan and one account per role', async () => {
    const result = await seedDemo(t.db);
    expect(result.seeded).toBe(true);
    expect(result.unitsCreated).toBe(CHENGDU_UNITS.length);
    expect(result.accounts).toEqual(['admin', 'secretariat', 'leader', 'officer', 'stats', 'enterprise']);

    const officer = await t.login('officer', DEMO_PASSWORD);
    expect(officer.user).toMatchObject({ role: 'unit_officer', unitName: '市商务局' });
    const stats = await t.login('stats', DEMO_PASSWORD);
    expect(stats.user).toMatchObject({ role: 'statistics_officer', unitName: '市统计局' });

    const plans = await t.app.inject({ method: 'GET', url: '/api/v1/plans', headers: officer.headers });
    expect(plans.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({
        id: result.planId,
        periodFrom: 2013,
        periodTo: 2015,
        taskCount: 25,
        targetCount: 7,
        unitCount: 17,
        version: 1,
      }),
    ]);
    // Every lead unit resolved to the seeded registry: no new units were made up on confirmation.
    expect(await count('units')).toBe(CHENGDU_UNITS.length);
    const mine = await t.app.inject({
      method: 'GET',
      url: `/api/v1/units/${officer.user.unitId}`,
      headers: officer.headers,
    });
    expect(
      mine.json().tasks.filter((x: { role: string }) => x.role === 'lead').length,
    ).toBeGreaterThanOrEqual(10);
  });

  it('does nothing on the second start', async () => {
    const before = await Promise.all(
      (['units', 'plans', 'users', 'plan_nodes', 'audit_log'] as const).map(count),
    );
    expect(await seedDemo(t.db)).toMatchObject({ seeded: false });
    expect(
      await Promise.all((['units', 'plans', 'users', 'plan_nodes', 'audit_log'] as const).map(count)),
    ).toEqual(before);
    expect(before[2]).toBe(DEMO_ACCOUNTS.length);
  });
});
