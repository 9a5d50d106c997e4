import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { seedUnits } from '../units/units-service.js';
import { CHENGDU_UNITS } from '../units/chengdu-units.js';
import type { PlanDetail, PlanNodeView, PlanSummary } from './plans-repository.js';
import {
  CHENGDU_TEXT,
  confirm,
  flatPlan,
  getPlan,
  nodeTitled,
  postImport,
  problemOf,
  unitIdNamed,
} from '../imports/testing.js';

let t: TestApp;
let sec: Session;
let officer: Session;
let enterprise: Session;
let leader: Session;
let planId: number;
let draftId: number;
beforeAll(async () => {
  t = await createTestApp();
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  sec = await t.loginAs('secretariat');
  officer = await t.loginAs('unit_officer', { unitId: await unitIdNamed(t, '市统计局') });
  enterprise = await t.loginAs('enterprise_reporter');
  leader = await t.loginAs('leader');
  planId = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
  draftId = (await postImport(t, sec, CHENGDU_TEXT)).id;
});
afterAll(() => t.close());

const patchNode = (who: Session, nodeId: number, payload: object) =>
  t.app.inject({
    method: 'PATCH',
    url: `/api/v1/plans/${planId}/nodes/${nodeId}`,
    headers: who.headers,
    payload,
  });

describe('editing a plan’s items', () => {
  it('a unit officer keeps the note of a task their unit leads; the edit is audited with before and after', async () => {
    const plan = await getPlan(t, sec, planId);
    const stats = nodeTitled(plan, '统计制度');
    const res = await patchNode(officer, stats.id, { note: '已建立电子商务统计季报制度' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<PlanNodeView>()).toMatchObject({
      id: stats.id,
      note: '已建立电子商务统计季报制度',
      title: '统计制度',
    });
    const audit = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?entityType=plan_node&entityId=${stats.id}`,
      headers: sec.headers,
    });
    expect(audit.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({
        action: 'plan_node.update',
        actorLabel: officer.user.username,
        // Only what changed, and the plan the item belongs to: not the item's text twice.
        before: { planId, note: '' },
        after: { planId, note: '已建立电子商务统计季报制度' },
      }),
    ]);
  });

  it('a unit officer cannot edit another unit’s task, nor more than the note of their own', async () => {
    const plan = await getPlan(t, sec, planId);
    const other = nodeTitled(plan, '金融服务');
    const own = nodeTitled(plan, '统计制度');
    for (const res of [
      await patchNode(officer, other.id, { note: '越权' }),
      await patchNode(officer, own.id, { title: '统计制度（改）' }),
      await patchNode(officer, own.id, { note: 'x', leadUnitIds: [officer.user.unitId!] }),
    ]) {
      expect(problemOf(res)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    }
    expect(problemOf(await patchNode(leader, own.id, { note: 'x' }))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    const after = await getPlan(t, sec, planId);
    expect(nodeTitled(after, '金融服务').note).toBe('');
    expect(nodeTitled(after, '统计制度').title).toBe('统计制度');
  });

  it('the secretariat edits every field, reassigns units, and the unit share follows', async () => {
    const plan = await getPlan(t, sec, planId);
    const finance = nodeTitled(plan, '金融服务');
    const stats = await unitIdNamed(t, '市统计局');
    const financeOffice = await unitIdNamed(t, '市金融办');
    const res = await patchNode(sec, finance.id, {
      title: '金融服务支撑',
      leadUnitIds: [financeOffice],
      supportUnitIds: [stats],
      body: '引导金融服务投向电子商务产业。',
    });
    expect(res.json<PlanNodeView>()).toMatchObject({
      title: '金融服务支撑',
      body: '引导金融服务投向电子商务产业。',
      leadUnits: [{ id: financeOffice, name: '市金融办' }],
      supportUnits: [{ id: stats, name: '市统计局' }],
    });
    // The supporting unit's officer may now keep a note there too.
    expect((await patchNode(officer, finance.id, { note: '提供统计口径' })).statusCode).toBe(200);
    const share = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${planId}/units`,
      headers: officer.headers,
    });
    expect(share.json()).toContainEqual(
      expect.objectContaining({
        unit: expect.objectContaining({ id: stats }),
        leadTasks: 1,
        supportTasks: 1,
      }),
    );
    const audit = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?entityType=plan_node&entityId=${finance.id}`,
      headers: sec.headers,
    });
    const [noteEdit, edit] = audit.json<{ items: { before: object; after: object }[] }>().items;
    expect(noteEdit).toMatchObject({ before: { planId, note: '' }, after: { planId, note: '提供统计口径' } });
    // Exactly the fields that changed, each before and after; unchanged ones (path, spans, note …) are left out.
    const changed = (['title', 'body', 'leadUnits', 'supportUnits'] as const).filter(
      (k) => JSON.stringify(finance[k]) !== JSON.stringify(res.json<PlanNodeView>()[k]),
    );
    expect(changed).toContain('supportUnits');
    expect(Object.keys(edit!.after).sort()).toEqual(['planId', ...changed].sort());
    expect(Object.keys(edit!.before).sort()).toEqual(['planId', ...changed].sort());
    expect(edit!.after).toMatchObject({
      planId,
      title: '金融服务支撑',
      body: '引导金融服务投向电子商务产业。',
      supportUnits: [{ id: stats, name: '市统计局' }],
    });
    expect(edit!.before).toMatchObject({ title: '金融服务' });
    expect(problemOf(await patchNode(sec, finance.id, { leadUnitIds: [999999] }))).toMatchObject({
      status: 404,
      code: 'UNIT_NOT_FOUND',
    });
  });

  it('the secretariat corrects a target and renames the plan, both audited', async () => {
    const plan = await getPlan(t, sec, planId);
    const target = plan.targets.find((x) => x.indicator === '电子商务交易额')!;
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/plans/${planId}/targets/${target.id}`,
      headers: sec.headers,
      payload: {
        indicator: '电子商务交易额',
        comparator: '>=',
        value: 6e11,
        unit: '元',
        deadlineYear: 2015,
        cumulative: false,
      },
    });
    expect(res.json()).toMatchObject({ id: target.id, comparator: '>=', value: 6e11, text: target.text });
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}`,
      headers: sec.headers,
      payload: { title: '成都市电子商务实施方案（2013—2015年）' },
    });
    expect(renamed.json<PlanDetail>().title).toBe('成都市电子商务实施方案（2013—2015年）');
    const audit = await t.app.inject({ method: 'GET', url: `/api/v1/audit?limit=5`, headers: sec.headers });
    expect(
      audit
        .json<{ items: { action: string }[] }>()
        .items.slice(0, 2)
        .map((x) => x.action),
    ).toEqual(['plan.update', 'target.update']);
    const [planEdit, targetEdit] = audit.json<{ items: { before: object; after: object }[] }>().items;
    expect(planEdit).toMatchObject({
      before: { title: plan.title },
      after: { title: '成都市电子商务实施方案（2013—2015年）' },
    });
    expect(planEdit!.before).not.toHaveProperty('published');
    expect(targetEdit!.after).toMatchObject({ planId, comparator: '>=' });
    expect(targetEdit!.after).not.toHaveProperty('text');
    expect(Object.keys(targetEdit!.before)).toEqual(Object.keys(targetEdit!.after));
  });
});

describe('who sees what', () => {
  it('an enterprise reporter sees no drafts, no units and no unpublished plans', async () => {
    for (const url of [
      '/api/v1/imports',
      `/api/v1/imports/${draftId}`,
      '/api/v1/units',
      `/api/v1/plans/${planId}/units`,
    ]) {
      expect(
        problemOf(await t.app.inject({ method: 'GET', url, headers: enterprise.headers })),
      ).toMatchObject({ status: 403 });
    }
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/plans', headers: enterprise.headers })).json(),
    ).toEqual({ items: [], nextCursor: null });
    expect(
      problemOf(
        await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: enterprise.headers }),
      ),
    ).toMatchObject({
      status: 404,
      code: 'PLAN_NOT_FOUND',
    });
    // Other roles see the unpublished plan.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/plans', headers: leader.headers }))
        .json<{ items: PlanSummary[] }>()
        .items.map((p) => p.id),
    ).toEqual([planId]);
  });

  it('the source text comes from its own route, not with the whole plan, and only to those who see the plan', async () => {
    const plan = (
      await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: leader.headers })
    ).json<Record<string, unknown>>();
    expect(plan).not.toHaveProperty('sourceText');
    const source = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${planId}/source`,
      headers: leader.headers,
    });
    expect(source.statusCode, source.body).toBe(200);
    expect(source.json()).toEqual({ sourceText: CHENGDU_TEXT });
    // Unpublished: no source for enterprise reporters or the public either.
    expect(
      problemOf(
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/plans/${planId}/source`,
          headers: enterprise.headers,
        }),
      ),
    ).toMatchObject({ status: 404, code: 'PLAN_NOT_FOUND' });
    expect(
      problemOf(await t.app.inject({ method: 'GET', url: `/api/v1/public/plans/${planId}/source` })),
    ).toMatchObject({ status: 404, code: 'PLAN_NOT_FOUND' });
  });

  it('the public sees nothing unpublished', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/plans' })).json()).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(
      problemOf(await t.app.inject({ method: 'GET', url: `/api/v1/public/plans/${planId}` })),
    ).toMatchObject({ status: 404, code: 'PLAN_NOT_FOUND' });
    expect(problemOf(await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}` }))).toMatchObject({
      status: 401,
      code: 'AUTH_REQUIRED',
    });
  });

  it('once published, the public and enterprise reporters see the plan, without the working notes', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}`,
      headers: sec.headers,
      payload: { published: true },
    });
    expect(res.json<PlanDetail>().published).toBe(true);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/public/plans' })).json<{
      items: PlanSummary[];
    }>().items;
    expect(list).toEqual([
      expect.objectContaining({ id: planId, published: true, taskCount: 25, targetCount: 7 }),
    ]);
    const pub = (
      await t.app.inject({ method: 'GET', url: `/api/v1/public/plans/${planId}` })
    ).json<PlanDetail>();
    expect(flatPlan(pub.nodes)).toHaveLength(flatPlan((await getPlan(t, sec, planId)).nodes).length);
    expect(flatPlan(pub.nodes).every((n) => n.note === '')).toBe(true);
    expect(nodeTitled(await getPlan(t, sec, planId), '统计制度').note).not.toBe('');
    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${planId}`,
      headers: enterprise.headers,
    });
    expect(seen.statusCode).toBe(200);
    expect(flatPlan(seen.json<PlanDetail>().nodes).every((n) => n.note === '')).toBe(true);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/public/plans/${planId}/source` })).json(),
    ).toEqual({ sourceText: CHENGDU_TEXT });

    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}`,
      headers: sec.headers,
      payload: { published: false },
    });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/plans/${planId}` })).statusCode).toBe(
      404,
    );
  });
});
