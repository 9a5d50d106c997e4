import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { seedUnits } from '../units/units-service.js';
import { CHENGDU_UNITS } from '../units/chengdu-units.js';
import type { ImportDraftView } from '../imports/imports-service.js';
import {
  CHENGDU_TEXT,
  confirm,
  flatPlan,
  getPlan,
  nodeTitled,
  postImport,
  problemOf,
} from '../imports/testing.js';
import type { AreaNode } from './area-tree.js';

/** A second city's plan, as the issue's trial imported one: its 市财政局 is Guangzhou's, not Chengdu's. */
export const GUANGZHOU_TEXT = [
  '广州市人民政府办公厅关于印发广州市加快电子商务发展实施方案的通知',
  '穗府办〔2014〕12号',
  '各区人民政府，市政府各部门、各直属机构：',
  '经市人民政府同意，现将《广州市加快电子商务发展实施方案（2014—2016年）》印发给你们，请认真组织实施。',
  '广州市人民政府办公厅',
  '2014年3月1日',
  '广州市加快电子商务发展实施方案（2014—2016年）',
  '一、主要任务',
  '（一）设立电子商务发展专项资金。市财政每年安排专项资金，支持电子商务公共服务平台建设。（市财政局牵头）',
  '（二）完善电子商务统计监测。建立电子商务统计调查制度，按季发布统计数据。（市统计局牵头，市商务委配合）',
  '（三）培育电子商务龙头企业。到2016年，全市电子商务交易额突破2万亿元。（市商务委牵头，市财政局配合）',
].join('\n');

interface UnitView {
  id: number;
  name: string;
  area: { id: number; code: string; name: string } | null;
}

let t: TestApp;
let sec: Session;
let admin: Session;
let chengdu: number;
let guangzhou: number;
let chengduPlan: number;
let guangzhouPlan: number;
let draft: ImportDraftView;

async function get<T>(url: string, who: Session = sec): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who.headers });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}
/** Every unit of the registry (or of one jurisdiction), read a page at a time. */
async function allUnits(query = ''): Promise<UnitView[]> {
  const out: UnitView[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: { items: UnitView[]; nextCursor: string | null } = await get(
      `/units?limit=200&cursor=${encodeURIComponent(cursor)}${query ? `&${query}` : ''}`,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  }
  return out;
}
const flatAreas = (nodes: AreaNode[]): AreaNode[] => nodes.flatMap((n) => [n, ...flatAreas(n.children)]);

beforeAll(async () => {
  t = await createTestApp();
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  sec = await t.loginAs('secretariat');
  admin = await t.loginAs('admin');
  const areas = flatAreas(await get<AreaNode[]>('/areas'));
  chengdu = areas.find((a) => a.code === '510100')!.id;
  guangzhou = areas.find((a) => a.code === '440100')!.id;
  chengduPlan = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
  draft = await postImport(t, sec, GUANGZHOU_TEXT);
});
afterAll(() => t.close());

describe('areas', () => {
  it('GET /areas: the tree with each name and code an area existed under, and when', async () => {
    const roots = await get<AreaNode[]>('/areas', await t.loginAs('enterprise_reporter'));
    const sichuan = roots.find((r) => r.code === '510000')!;
    const cd = sichuan.children.find((c) => c.code === '510100')!;
    expect(cd).toMatchObject({ name: '成都市', level: 'prefecture', home: true });
    const shuangliu = cd.children.filter((c) => c.key === '510116');
    expect(shuangliu.map((v) => [v.name, v.code, v.validFrom, v.validTo])).toEqual([
      ['双流区', '510116', '2015-12-03', null],
      ['双流县', '510122', null, '2015-12-03'],
    ]);
    // 简阳市 belonged to 资阳市 until 2016, then to 成都市: one version under each.
    const all = flatAreas(roots);
    const jianyang = all.filter((a) => a.key === '510185');
    expect(jianyang.map((v) => [v.code, all.find((p) => p.id === v.parentId)!.name])).toEqual([
      ['510185', '成都市'],
      ['512081', '资阳市'],
    ]);
    expect(all.find((a) => a.code === '510100-Z01')).toMatchObject({
      functional: true,
      name: '成都高新技术产业开发区',
    });
  });

  it('POST/PATCH /areas (admin): adds and corrects areas, refusing what contradicts the rest, in zh and en', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      headers: admin.headers,
      payload: {
        code: '510100-Z09',
        name: '成都示范功能区',
        level: 'functional_zone',
        parentId: chengdu,
        validFrom: '2020-01-01',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: number }>().id;
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/areas/${id}`,
      headers: admin.headers,
      payload: { name: '成都示范园区', aliases: ['示范园区'] },
    });
    expect(renamed.json()).toMatchObject({ name: '成都示范园区', aliases: ['示范园区'], key: '510100-Z09' });

    const badCode = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      headers: admin.headers,
      payload: { code: '5101', name: '错误', level: 'district', parentId: chengdu },
    });
    const p = problemOf(badCode);
    expect(p).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(p.message.zh).toContain('六位');
    expect(p.message.en).toContain('six digits');
    // 510122 was 双流县's code until 2015-12-03: another area cannot hold it then.
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      headers: admin.headers,
      payload: {
        code: '510122',
        name: '重复',
        level: 'county',
        parentId: chengdu,
        validFrom: '2010-01-01',
        validTo: '2012-01-01',
      },
    });
    expect(problemOf(taken)).toMatchObject({ status: 409, code: 'AREA_CODE_TAKEN' });
    const cycle = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/areas/${chengdu}`,
      headers: admin.headers,
      payload: { parentId: id },
    });
    expect(problemOf(cycle)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const bySecretariat = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/areas/${id}`,
      headers: sec.headers,
      payload: { name: 'x' },
    });
    expect(bySecretariat.statusCode).toBe(403);
  });
});

describe('jurisdictions: a Guangzhou plan beside the Chengdu demo', () => {
  it('the demo plan and its units belong to 成都市', async () => {
    const plan = await getPlan(t, sec, chengduPlan);
    expect(plan.area).toMatchObject({ code: '510100', name: '成都市' });
    const units = await allUnits();
    expect(new Set(units.map((u) => u.area?.code))).toEqual(new Set(['510100']));
  });

  it("the draft's jurisdiction is detected from its issuer, and its names resolve there only", () => {
    expect(draft.area).toMatchObject({ code: '440100', name: '广州市' });
    expect(draft.areaSource).toBe('issuer');
    // Chengdu has 市财政局 and 市统计局; Guangzhou has neither yet.
    expect(draft.unitResolution.map((r) => [r.name, r.unitId])).toEqual([
      ['市财政局', null],
      ['市统计局', null],
      ['市商务委', null],
    ]);
  });

  it('a mapping to another city’s unit is refused', async () => {
    const chengduFinance = (await allUnits(`areaId=${chengdu}`)).find((u) => u.name === '市财政局')!;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${draft.id}/confirm`,
      headers: sec.headers,
      payload: { unitMappings: [{ name: '市财政局', unitId: chengduFinance.id }] },
    });
    const p = problemOf(res);
    expect(p).toMatchObject({ status: 409, code: 'UNIT_AREA_MISMATCH' });
    expect(p.message.zh).toContain('成都市');
  });

  it("confirming gives Guangzhou its own units; no unit's page mixes two cities", async () => {
    guangzhouPlan = await confirm(t, sec, draft.id);
    const plan = await getPlan(t, sec, guangzhouPlan);
    expect(plan.area).toMatchObject({ code: '440100' });
    const gzUnits = await allUnits(`areaId=${guangzhou}`);
    expect(gzUnits.map((u) => u.name).sort()).toEqual(['市商务委', '市统计局', '市财政局'].sort());
    const finance = nodeTitled(plan, '设立电子商务发展专项资金').leadUnits[0]!;
    expect(gzUnits.map((u) => u.id)).toContain(finance.id);

    const cdFinance = (await allUnits(`areaId=${chengdu}`)).find((u) => u.name === '市财政局')!;
    expect(cdFinance.id).not.toBe(finance.id);
    for (const unit of await allUnits()) {
      const page = await get<{ unit: UnitView; tasks: { planId: number }[] }>(`/units/${unit.id}`);
      const plans = new Set(page.tasks.map((x) => x.planId));
      expect(
        plans.size,
        `${unit.name} (${unit.area?.name}) lists tasks of several cities`,
      ).toBeLessThanOrEqual(1);
      const expected = unit.area?.code === '440100' ? guangzhouPlan : chengduPlan;
      for (const p of plans) expect(p).toBe(expected);
    }
  });

  it("an item's units must be of its plan's jurisdiction; units of two cities do not merge", async () => {
    const gz = await getPlan(t, sec, guangzhouPlan);
    const item = flatPlan(gz.nodes).find((n) => n.title === '完善电子商务统计监测')!;
    const cdStats = (await allUnits(`areaId=${chengdu}`)).find((u) => u.name === '市统计局')!;
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${guangzhouPlan}/nodes/${item.id}`,
      headers: sec.headers,
      payload: { leadUnitIds: [cdStats.id] },
    });
    expect(problemOf(edit)).toMatchObject({ status: 409, code: 'UNIT_AREA_MISMATCH' });
    const merge = await t.app.inject({
      method: 'POST',
      url: `/api/v1/units/${item.leadUnits[0]!.id}/merge`,
      headers: sec.headers,
      payload: { intoUnitId: cdStats.id },
    });
    expect(problemOf(merge)).toMatchObject({ status: 409, code: 'UNIT_AREA_MISMATCH' });
    // Nor may a unit serving Guangzhou's plan move to Chengdu.
    const move = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/units/${item.leadUnits[0]!.id}`,
      headers: sec.headers,
      payload: { areaId: chengdu },
    });
    expect(problemOf(move)).toMatchObject({ status: 409, code: 'UNIT_AREA_MISMATCH' });
  });

  it('the same name may be a unit in two jurisdictions, never twice in one', async () => {
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: sec.headers,
      payload: { name: '市财政局', areaId: guangzhou },
    });
    expect(problemOf(again)).toMatchObject({ status: 409, code: 'UNIT_NAME_TAKEN' });
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: sec.headers,
      payload: {
        name: '市财政局',
        areaId: flatAreas(await get<AreaNode[]>('/areas')).find((a) => a.code === '510000')!.id,
      },
    });
    expect(other.statusCode, other.body).toBe(201);
    expect(other.json<UnitView>().area).toMatchObject({ code: '510000' });
  });

  it('a reviewer corrects the jurisdiction, issuer, document number and period of a draft', async () => {
    const text = '示范方案\n一、主要任务\n（一）开展试点。（牵头单位：市财政局）';
    const d = await postImport(t, sec, text);
    expect(d.area).toMatchObject({ code: '510100' });
    expect(d.areaSource).toBe('home');
    expect(d.unitResolution[0]).toMatchObject({ name: '市财政局', unitName: '市财政局' });
    const patch = async (payload: Record<string, unknown>) => {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/imports/${d.id}`,
        headers: sec.headers,
        payload,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<ImportDraftView>();
    };
    // A corrected issuer moves the jurisdiction with it…
    const byIssuer = await patch({
      issuer: '广州市人民政府',
      documentNumber: '穗府〔2015〕1号',
      period: { from: 2015, to: 2017 },
    });
    expect(byIssuer.draft).toMatchObject({
      issuer: '广州市人民政府',
      documentNumber: '穗府〔2015〕1号',
      period: { from: 2015, to: 2017 },
    });
    expect(byIssuer.area).toMatchObject({ code: '440100' });
    expect(byIssuer.unitResolution[0]!.unitId).toBe(
      (await allUnits(`areaId=${guangzhou}`)).find((u) => u.name === '市财政局')!.id,
    );
    // …until the reviewer chooses one.
    const chosen = await patch({ areaId: chengdu });
    expect(chosen).toMatchObject({ area: { code: '510100' }, areaSource: 'reviewer' });
    expect((await patch({ issuer: '广州市人民政府办公厅' })).area).toMatchObject({ code: '510100' });
    const planId = await confirm(t, sec, d.id);
    expect((await getPlan(t, sec, planId)).area).toMatchObject({ code: '510100' });
    const missing = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/imports/${(await postImport(t, sec, text)).id}`,
      headers: sec.headers,
      payload: { areaId: 999999 },
    });
    expect(problemOf(missing)).toMatchObject({ status: 404, code: 'AREA_NOT_FOUND' });
  });

  it("a re-import keeps its plan's jurisdiction", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/plans/${guangzhouPlan}/reimport`,
      headers: sec.headers,
      payload: { text: GUANGZHOU_TEXT },
    });
    const re = res.json<ImportDraftView>();
    expect(re).toMatchObject({ area: { code: '440100' }, areaSource: 'plan' });
    expect(re.unitResolution.every((r) => r.unitId !== null)).toBe(true);
    const change = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/imports/${re.id}`,
      headers: sec.headers,
      payload: { areaId: chengdu },
    });
    expect(problemOf(change)).toMatchObject({ status: 409, code: 'CONFLICT' });
  });
});
