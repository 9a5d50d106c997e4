import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '@luoshi/core';
import { createTestApp, type TestApp } from '../test/harness.js';
import { seedDemo, DEMO_PASSWORD } from '../demo/demo.js';
import type { Session } from '../test/harness.js';

/**
 * The "done when" checks on the demo, through the API, on SQLite and PostgreSQL alike: every number comes
 * from the published-figures CSV the demo imports and the plan's text.
 */
let t: TestApp;
let planId: number;
let leader: Session;
let stats: Session;

interface TargetStatus {
  targetId: number;
  text: string;
  indicator: { id: number; name: string } | null;
  status: string;
  latest: { period: string; value: number; qualifier: string } | null;
  baseline: { period: string; value: number } | null;
  forecast: { value: number; method: string } | null;
  explanation: {
    basis: string;
    method: string | null;
    provisional: boolean;
    message: { zh: string; en: string };
  };
  trajectory: { period: string; expected: number }[];
  trajectoryMethod: string | null;
  series: { period: string; value: number; qualifier: string; computed: boolean }[];
}
interface Dashboard {
  plan: { id: number; area: { code: string; name: string } | null };
  counts: Record<string, number>;
  targets: TargetStatus[];
  overdueForData: { targetId: number; indicatorName: string; expectedPeriod: string }[];
}

beforeAll(async () => {
  // The response cache (plugins/read-cache.ts) is on in every app; the dashboard must not be served from it stale.
  t = await createTestApp();
  const seeded = await seedDemo(t.db);
  planId = seeded.planId!;
  leader = await t.login('leader', DEMO_PASSWORD);
  stats = await t.login('stats', DEMO_PASSWORD);
});
afterAll(() => t.close());

async function dashboard(): Promise<Dashboard> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/plans/${planId}/dashboard?asOf=2017-06-30`,
    headers: leader.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Dashboard>();
}
const byIndicator = (d: Dashboard, name: string) => d.targets.find((x) => x.indicator?.name === name)!;

describe('the demo plan’s dashboard', () => {
  it('links the seven targets and reads the figures of 成都市', async () => {
    const d = await dashboard();
    expect(d.targets).toHaveLength(7);
    expect(d.targets.every((x) => x.indicator !== null)).toBe(true);
    expect(d.plan.area).toMatchObject({ code: '510100', name: '成都市' });
    expect(Object.values(d.counts).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('移动电子商务交易规模 2015 = 806亿元 against > 1000亿元 is not achieved', async () => {
    const x = byIndicator(await dashboard(), '移动电子商务交易规模');
    expect(x.status).toBe('not_achieved');
    expect(x.latest).toEqual({ period: '2015', value: 80600000000, qualifier: 'exact' });
    expect(x.explanation.message.zh).toContain('806亿元');
  });

  it('电子商务交易额 2013 (> 4000亿元, preliminary) is on track for > 6000亿元 in 2015, with the method shown', async () => {
    const x = byIndicator(await dashboard(), '电子商务交易额');
    expect(x.status).toBe('on_track');
    expect(x.latest).toEqual({ period: '2013', value: 400000000000, qualifier: 'preliminary' });
    expect(x.baseline).toEqual({ period: '2011', value: 200000000000 });
    expect(x.explanation).toMatchObject({ basis: 'growth_ratio', method: 'geometric', provisional: true });
    expect(x.trajectoryMethod).toBe('geometric');
    expect(x.forecast).toMatchObject({ method: 'geometric_extrapolation' });
    expect(x.forecast!.value).toBeCloseTo(8e11, 0);
    expect(x.explanation.message.zh).toContain('按恒定增长率');
    expect(x.explanation.message.en).toContain('constant growth rate');
  });

  it('computes the online share of retail for 2012 as 7.45% from its two component figures', async () => {
    const x = byIndicator(await dashboard(), '网络零售额占社会消费品零售总额比重');
    const p2012 = x.series.find((p) => p.period === '2012')!;
    expect(p2012.computed).toBe(true);
    expect(p2012.value).toBeCloseTo((24730000000 / 331770000000) * 100, 10);
    expect(formatValue(p2012.value, '%', 'zh', { maximumFractionDigits: 2 })).toBe('7.45%');
    // With no share for a year of the plan, the status is "no data".
    expect(x.status).toBe('no_data');

    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/indicators/${x.indicator!.id}`,
      headers: leader.headers,
    });
    const computed = detail.json<{
      computed: { period: string; value: number; components: { name: string }[] }[];
    }>().computed;
    expect(computed.find((c) => c.period === '2012')!.components.map((c) => c.name)).toEqual([
      '网络零售额',
      '社会消费品零售总额',
    ]);
  });

  it('gives "no data" where nothing was published, and lists what is overdue', async () => {
    const d = await dashboard();
    expect(byIndicator(d, '中小企业电子商务应用普及率').status).toBe('no_data');
    expect(byIndicator(d, '规模以上企业电子商务应用普及率').status).toBe('no_data');
    expect(byIndicator(d, '移动电子商务本土用户数量').status).toBe('no_data');
    expect(byIndicator(d, '网络零售额').status).toBe('on_track');
    expect(d.counts).toMatchObject({ on_track: 2, not_achieved: 1, no_data: 4 });
    // As of mid-2017 the 2015 figures are due: only 移动电子商务交易规模 has one.
    expect(d.overdueForData.map((o) => [o.indicatorName, o.expectedPeriod])).toContainEqual([
      '电子商务交易额',
      '2015',
    ]);
    expect(d.overdueForData.some((o) => o.indicatorName === '移动电子商务交易规模')).toBe(false);
  });
});

describe('社会消费品零售总额 on its indicator page', () => {
  it('shows 2016 as 5647.4亿元 (exact) with the 5620亿元 estimate in its history', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/indicators?q=${encodeURIComponent('社会消费品零售总额')}`,
      headers: leader.headers,
    });
    const id = list
      .json<{ items: { id: number; name: string }[] }>()
      .items.find((x) => x.name === '社会消费品零售总额')!.id;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/indicators/${id}`,
      headers: leader.headers,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      inForce: { id: number; period: string; value: number; qualifier: string; sourceUrl: string | null }[];
      figures: {
        id: number;
        period: string;
        value: number;
        qualifier: string;
        supersededBy: number | null;
      }[];
    }>();
    const y2016 = body.inForce.filter((f) => f.period === '2016');
    expect(y2016).toHaveLength(1);
    expect(formatValue(y2016[0]!.value, '元')).toBe('5647.4亿元');
    expect(y2016[0]).toMatchObject({ qualifier: 'exact', sourceUrl: expect.stringContaining('hkcd.com') });
    const history = body.figures.filter((f) => f.period === '2016' && f.supersededBy !== null);
    expect(history.map((f) => [formatValue(f.value, '元'), f.qualifier, f.supersededBy])).toEqual([
      ['5620亿元', 'preliminary', y2016[0]!.id],
    ]);
  });
});

describe('statuses follow the figures at once', () => {
  it('a new figure changes the dashboard on the next request (read cache on)', async () => {
    const before = byIndicator(await dashboard(), '中小企业电子商务应用普及率');
    expect(before.status).toBe('no_data');
    // A hypothetical 2015 figure, entered and then checked; this test's database is thrown away.
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/indicators/${before.indicator!.id}/figures`,
      headers: stats.headers,
      payload: { areaCode: '成都市', period: '2015', value: 72, qualifier: 'exact' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const after = byIndicator(await dashboard(), '中小企业电子商务应用普及率');
    expect(after.status).toBe('achieved');
    expect(after.latest).toEqual({ period: '2015', value: 72, qualifier: 'exact' });
    // Nor from any cache: the response says it was computed.
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${planId}/dashboard?asOf=2017-06-30`,
      headers: leader.headers,
    });
    expect(again.headers['x-luoshi-cache']).toBeUndefined();
  });
});
