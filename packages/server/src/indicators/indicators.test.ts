import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { confirmImport, createImport } from '../imports/imports-service.js';

let t: TestApp;
let secretariat: Record<string, string>;
let leader: Record<string, string>;
let targetId: number;

beforeAll(async () => {
  t = await createTestApp();
  secretariat = (await t.bearerFor('secretariat')).headers;
  leader = (await t.bearerFor('leader')).headers;
  const draft = await createImport(t.db, SYSTEM_ACTOR, {
    text: [
      '测试方案',
      '一、主要任务',
      '（一）发展电商。到2015年，电子商务交易额突破6000亿元。（牵头单位：市商务局）',
    ].join('\n'),
    fileName: null,
    format: 'pasted',
    encoding: null,
  });
  const { planId } = await confirmImport(t.db, SYSTEM_ACTOR, draft.id);
  targetId = (
    await t.db.selectFrom('targets').select('id').where('plan_id', '=', planId).executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

const call = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object, headers = secretariat) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });

describe('indicators', () => {
  let tradeId: number;
  let retailId: number;

  it('creates indicators with aliases and a code, audited', async () => {
    const audits = await t.db.selectFrom('audit_log').select('id').execute();
    const trade = await call('POST', '/indicators', {
      name: '网络零售额',
      code: 'ONLINE_RETAIL',
      aliases: ['网购总额', '网络零售总额'],
      unit: '元',
      kind: 'flow',
    });
    expect(trade.statusCode, trade.body).toBe(201);
    expect(trade.json()).toMatchObject({
      name: '网络零售额',
      code: 'ONLINE_RETAIL',
      aliases: ['网购总额', '网络零售总额'],
      direction: 'higher',
      frequency: 'year',
      formula: null,
      baseline: null,
    });
    tradeId = trade.json<{ id: number }>().id;
    retailId = (
      await call('POST', '/indicators', { name: '社会消费品零售总额', unit: '元', kind: 'flow' })
    ).json<{
      id: number;
    }>().id;
    expect((await t.db.selectFrom('audit_log').select('id').execute()).length).toBe(audits.length + 2);
  });

  it('refuses a name or alias another indicator answers to, and a taken code', async () => {
    const byAlias = await call('POST', '/indicators', { name: '网购总额', unit: '元', kind: 'flow' });
    expect(byAlias.statusCode).toBe(409);
    expect(byAlias.json()).toMatchObject({
      code: 'INDICATOR_NAME_TAKEN',
      message: { zh: expect.stringContaining('网购总额') },
    });
    // Full-width and spaced spellings are the same name.
    const spaced = await call('POST', '/indicators', { name: '网络 零售额', unit: '元', kind: 'flow' });
    expect(spaced.statusCode).toBe(409);
    const code = await call('POST', '/indicators', {
      name: '别的指标',
      code: 'ONLINE_RETAIL',
      unit: '元',
      kind: 'flow',
    });
    expect(code.json()).toMatchObject({ code: 'INDICATOR_CODE_TAKEN' });
  });

  it('checks a formula: it must parse and name existing indicators', async () => {
    const ok = await call('POST', '/indicators', {
      name: '网络零售额占社会消费品零售总额比重',
      unit: '%',
      kind: 'rate',
      decimals: 2,
      formula: '网购总额 / 社会消费品零售总额 * 100',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const unknown = await call('POST', '/indicators', {
      name: '比重二',
      unit: '%',
      kind: 'rate',
      formula: '不存在 / 社会消费品零售总额',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'FORMULA_INVALID',
      message: { en: expect.stringContaining('不存在') },
    });
    const broken = await call('POST', '/indicators', {
      name: '比重三',
      unit: '%',
      kind: 'rate',
      formula: '网络零售额 / (',
    });
    expect(broken.json()).toMatchObject({ code: 'FORMULA_INVALID' });
  });

  it('changes an indicator and its baseline; a bad period is refused', async () => {
    const res = await call('PATCH', `/indicators/${retailId}`, {
      baseline: { value: 331770000000, period: '2012年' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ baseline: { value: 331770000000, period: '2012' } });
    const bad = await call('PATCH', `/indicators/${retailId}`, { baseline: { value: 1, period: '2012-Q9' } });
    expect(bad.json()).toMatchObject({ code: 'PERIOD_INVALID' });
  });

  it('lists and searches with a cursor', async () => {
    const first = await call('GET', '/indicators?limit=2', undefined, leader);
    const page = first.json<{ items: { id: number }[]; nextCursor: string | null }>();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const next = await call('GET', `/indicators?limit=2&cursor=${page.nextCursor}`, undefined, leader);
    expect(next.json<{ items: { id: number }[] }>().items[0]!.id).toBeGreaterThan(page.items[1]!.id);
    const found = await call('GET', `/indicators?q=${encodeURIComponent('网购')}`, undefined, leader);
    expect(found.json<{ items: { id: number }[] }>().items.map((x) => x.id)).toEqual([tradeId]);
  });

  it('links a target to an indicator, audited; unknown ids are 404', async () => {
    const res = await call('PATCH', `/targets/${targetId}`, { indicatorId: tradeId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: targetId, indicatorId: tradeId });
    const row = await t.db
      .selectFrom('targets')
      .select('indicator_id')
      .where('id', '=', targetId)
      .executeTakeFirstOrThrow();
    expect(row.indicator_id).toBe(tradeId);
    expect((await call('PATCH', `/targets/${targetId}`, { indicatorId: 99999 })).json()).toMatchObject({
      code: 'INDICATOR_NOT_FOUND',
    });
    expect((await call('PATCH', '/targets/99999', { indicatorId: null })).json()).toMatchObject({
      code: 'TARGET_NOT_FOUND',
    });
  });
});
