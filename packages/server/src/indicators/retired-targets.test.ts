import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { CHENGDU_TEXT, confirm, getPlan, postImport, problemOf } from '../imports/testing.js';
import type { PlanDetail } from '../plans/plans-repository.js';
import { createIndicator } from './indicators.service.js';

/**
 * Indicators meet plan identity: a target linked to an indicator keeps the link across a re-import that continues
 * it; one the re-import drops is retired, and then it is out of the dashboard and the indicator's page, and its link
 * cannot be changed. The dashboard reads the figures of the plan's own jurisdiction.
 */
let t: TestApp;
let sec: Session;
let planId: number;
let v1: PlanDetail;
let v2: PlanDetail;
let dropped: PlanDetail['targets'][number];
const indicatorOf = new Map<number, number>();

async function api<T>(url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: sec.headers });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

beforeAll(async () => {
  t = await createTestApp();
  sec = await t.loginAs('secretariat');
  planId = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
  v1 = await getPlan(t, sec, planId);
  for (const target of v1.targets) {
    const indicator = await createIndicator(t.db, SYSTEM_ACTOR, {
      name: `退役测试指标${target.id}`,
      unit: target.unit || '元',
      kind: 'flow',
    });
    indicatorOf.set(target.id, indicator.id);
    const link = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/targets/${target.id}`,
      headers: sec.headers,
      payload: { indicatorId: indicator.id },
    });
    expect(link.statusCode, link.body).toBe(200);
  }
  // The revision drops the sentence of the last target.
  dropped = v1.targets[v1.targets.length - 1]!;
  expect(CHENGDU_TEXT).toContain(dropped.text);
  const draft = (
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/plans/${planId}/reimport`,
      headers: sec.headers,
      payload: { text: CHENGDU_TEXT.replace(dropped.text, '') },
    })
  ).json<{ id: number }>().id;
  await confirm(t, sec, draft);
  v2 = await getPlan(t, sec, planId);
});
afterAll(() => t.close());

describe('targets linked to indicators across a re-import', () => {
  it('keeps the continuing targets and their links; retires the dropped one', async () => {
    expect(v2.targets.map((x) => x.id)).toEqual(v1.targets.slice(0, -1).map((x) => x.id));
    const retired = await api<{ targets: { id: number; retiredInVersion: number }[] }>(
      `/plans/${planId}/retired`,
    );
    expect(retired.targets).toEqual([expect.objectContaining({ id: dropped.id, retiredInVersion: 2 })]);
  });

  it('leaves the retired target out of the dashboard and the indicator page; its link cannot change', async () => {
    const dashboard = await api<{
      plan: { area: { id: number | null; code: string } | null };
      counts: Record<string, number>;
      targets: { targetId: number; indicator: { id: number } | null }[];
    }>(`/plans/${planId}/dashboard?asOf=2017-06-30`);
    expect(dashboard.targets.map((x) => x.targetId)).toEqual(v2.targets.map((x) => x.id));
    expect(Object.values(dashboard.counts).reduce((a, b) => a + b, 0)).toBe(v2.targets.length);
    for (const x of dashboard.targets) expect(x.indicator?.id).toBe(indicatorOf.get(x.targetId));
    // The plan's own jurisdiction, with its id.
    expect(dashboard.plan.area).toEqual({ id: v2.area!.id, code: '510100', name: '成都市' });

    const page = await api<{ targets: { targetId: number }[] }>(`/indicators/${indicatorOf.get(dropped.id)}`);
    expect(page.targets).toEqual([]);
    const kept = v2.targets[0]!;
    const keptPage = await api<{ targets: { targetId: number }[] }>(
      `/indicators/${indicatorOf.get(kept.id)}`,
    );
    expect(keptPage.targets.map((x) => x.targetId)).toEqual([kept.id]);

    const relink = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/targets/${dropped.id}`,
      headers: sec.headers,
      payload: { indicatorId: null },
    });
    expect(problemOf(relink)).toMatchObject({ status: 409, code: 'RETIRED' });
  });
});
