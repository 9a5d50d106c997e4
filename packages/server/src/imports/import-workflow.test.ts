import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { seedUnits } from '../units/units-service.js';
import { CHENGDU_UNITS } from '../units/chengdu-units.js';
import type { ImportDraftView } from './imports-service.js';
import {
  CHENGDU_TEXT,
  confirm,
  countRows,
  draftPathOf,
  flatDraft,
  getPlan,
  nodeTitled,
  postImport,
  problemOf,
  unitIdNamed,
} from './testing.js';

let t: TestApp;
let sec: Session;
beforeAll(async () => {
  t = await createTestApp();
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  sec = await t.loginAs('secretariat');
});
afterAll(() => t.close());

const inject = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  who: Session = sec,
) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: who.headers,
    ...(payload === undefined ? {} : { payload }),
  });

describe('import → review → confirm of the Chengdu plan', () => {
  let draft: ImportDraftView;
  let planId: number;

  it('pasting the text stores a draft with 25 tasks carrying lead units and 7 targets, all units resolved', async () => {
    draft = await postImport(t, sec, CHENGDU_TEXT, { fileName: 'chengdu.txt' });
    expect(draft).toMatchObject({
      status: 'draft',
      planId: null,
      format: 'pasted',
      fileName: 'chengdu.txt',
      changes: null,
      sourceText: CHENGDU_TEXT,
    });
    const tasks = flatDraft(draft.draft.nodes).filter((f) => f.node.leadUnits.length > 0);
    expect(tasks).toHaveLength(25);
    expect(draft.draft.targets).toHaveLength(7);
    expect(draft.draft.period).toEqual({ from: 2013, to: 2015 });
    expect(draft.unitResolution).toHaveLength(17);
    expect(draft.unitResolution.every((u) => u.unitId !== null && u.matchedBy === 'name')).toBe(true);
    // The span of an item points at its text in the stored source.
    const [start, end] = tasks[0]!.node.span;
    expect(draft.sourceText.slice(start, end)).toContain(tasks[0]!.node.title);

    const list = await inject('GET', '/imports');
    expect(list.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({
        id: draft.id,
        status: 'draft',
        title: draft.draft.title,
        createdBy: sec.user.username,
      }),
    ]);
  });

  it('the reviewer corrects lead units (one to a name the registry does not know yet), a target and the title', async () => {
    const forestry = draftPathOf(draft.draft, '助推林业转型发展');
    let res = await inject('PATCH', `/imports/${draft.id}/nodes/${forestry}`, { leadUnits: ['市农委'] });
    expect(res.statusCode, res.body).toBe(200);
    const statsPath = draftPathOf(draft.draft, '统计制度');
    res = await inject('PATCH', `/imports/${draft.id}/nodes/${statsPath}`, {
      leadUnits: ['市统计局'],
      supportUnits: ['国家统计局成都调查队'],
    });
    const edited = res.json<ImportDraftView>();
    expect(edited.draft.units).not.toContain('市林业园林局');
    expect(edited.unitResolution).toContainEqual({
      name: '国家统计局成都调查队',
      unitId: null,
      unitName: null,
      matchedBy: null,
    });

    const i = edited.draft.targets.findIndex((x) => x.indicator.includes('中小企业'));
    res = await inject('PUT', `/imports/${draft.id}/targets/${i}`, {
      indicator: '中小企业电子商务应用普及率',
      comparator: '>=',
      value: 75,
      unit: '%',
      deadlineYear: 2015,
      cumulative: false,
    });
    expect(res.json<ImportDraftView>().draft.targets[i]).toMatchObject({
      value: 75,
      indicator: '中小企业电子商务应用普及率',
    });
    res = await inject('PATCH', `/imports/${draft.id}`, {
      title: '加快促进成都电子商务健康快速发展实施方案',
    });
    expect(res.json<ImportDraftView>().draft.title).toBe('加快促进成都电子商务健康快速发展实施方案');
  });

  it('confirming writes the plan, creates the new unit, and the corrected task appears on the unit pages', async () => {
    const unitsBefore = await countRows(t, 'units');
    planId = await confirm(t, sec, draft.id);
    expect(await countRows(t, 'units')).toBe(unitsBefore + 1);

    const plan = await getPlan(t, sec, planId);
    expect(plan).toMatchObject({
      title: '加快促进成都电子商务健康快速发展实施方案',
      periodFrom: 2013,
      periodTo: 2015,
      version: 1,
      published: false,
    });
    expect(plan).toMatchObject({ taskCount: 25, targetCount: 7, unitCount: 17 });
    expect(plan.nodes.map((n) => n.title)).toEqual(['总体要求', '主要任务', '保障措施']);
    expect(nodeTitled(plan, '强化示范城市创建工作').leadUnits.map((u) => u.name)).toEqual([
      '市发改委',
      '市商务局',
    ]);
    expect(plan.targets.find((x) => x.indicator === '中小企业电子商务应用普及率')).toMatchObject({
      value: 75,
      comparator: '>=',
    });
    // Targets hang on the item whose text states them.
    expect(plan.targets.every((x) => x.nodeId === nodeTitled(plan, '发展目标').id)).toBe(true);

    const agriculture = await inject('GET', `/units/${await unitIdNamed(t, '市农委')}`);
    expect(agriculture.json().tasks).toEqual([
      expect.objectContaining({ planId, title: '推动农业现代化发展', role: 'lead' }),
      expect.objectContaining({ planId, title: '助推林业转型发展', role: 'lead' }),
    ]);
    const forestry = await inject('GET', `/units/${await unitIdNamed(t, '市林业园林局')}`);
    expect(forestry.json().tasks).toEqual([]);
    const survey = await inject('GET', `/units/${await unitIdNamed(t, '国家统计局成都调查队')}`);
    expect(survey.json()).toMatchObject({
      unit: { name: '国家统计局成都调查队', kind: 'other' },
      tasks: [expect.objectContaining({ title: '统计制度', role: 'support' })],
    });

    const share = await inject('GET', `/plans/${planId}/units`);
    expect(share.json()[0]).toMatchObject({ unit: { name: '市商务局' }, leadTasks: 10 });
  });

  it('records every step in the audit log, and the import is no longer a draft', async () => {
    const res = await inject('GET', '/audit?limit=500');
    const actions = res.json<{
      items: { action: string; entityType: string; entityId: string; actorLabel: string }[];
    }>().items;
    const mine = actions.filter((a) => a.actorLabel === sec.user.username).map((a) => a.action);
    expect(mine).toEqual(
      expect.arrayContaining([
        'import.create',
        'import.update_node',
        'import.update_target',
        'import.update',
        'unit.create',
        'plan.create',
        'import.confirm',
      ]),
    );
    expect(actions).toContainEqual(
      expect.objectContaining({ action: 'plan.create', entityType: 'plan', entityId: String(planId) }),
    );

    const again = await inject('POST', `/imports/${draft.id}/confirm`, {});
    expect(problemOf(again)).toMatchObject({ status: 409, code: 'IMPORT_NOT_DRAFT' });
    expect((await inject('PATCH', `/imports/${draft.id}`, { title: 'x' })).statusCode).toBe(409);
    expect((await inject('GET', '/imports')).json()).toEqual({ items: [], nextCursor: null });
  });

  it('two simultaneous confirmations of one draft make one plan; the other is told it is no longer a draft', async () => {
    const d = await postImport(t, sec, CHENGDU_TEXT);
    const plansBefore = await countRows(t, 'plans');
    const results = await Promise.all([1, 2, 3].map(() => inject('POST', `/imports/${d.id}/confirm`, {})));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    expect(await countRows(t, 'plans')).toBe(plansBefore + 1);
  });

  it('a reviewer can map an unknown name to an existing unit; the name becomes its alias', async () => {
    const text = '示范方案\n一、主要任务\n（一）推进电子商务进农村。（牵头单位：成都市农业委员会办公室）';
    const d = await postImport(t, sec, text);
    expect(d.unitResolution).toEqual([
      { name: '成都市农业委员会办公室', unitId: null, unitName: null, matchedBy: null },
    ]);
    const agriculture = await unitIdNamed(t, '市农委');
    const unitsBefore = await countRows(t, 'units');
    const id = await confirm(t, sec, d.id, {
      unitMappings: [{ name: '成都市农业委员会办公室', unitId: agriculture }],
    });
    expect(await countRows(t, 'units')).toBe(unitsBefore);
    expect(nodeTitled(await getPlan(t, sec, id), '推进电子商务进农村').leadUnits).toEqual([
      { id: agriculture, name: '市农委' },
    ]);
    const next = await postImport(t, sec, text);
    expect(next.unitResolution).toEqual([
      { name: '成都市农业委员会办公室', unitId: agriculture, unitName: '市农委', matchedBy: 'alias' },
    ]);
    await inject('DELETE', `/imports/${next.id}`);
  });

  it('a file can be uploaded as multipart/form-data', async () => {
    const boundary = '----luoshi-test';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="chengdu.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      Buffer.from(CHENGDU_TEXT, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...sec.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json<ImportDraftView>();
    expect(d).toMatchObject({
      fileName: 'chengdu.txt',
      format: 'txt',
      encoding: 'utf-8',
      sourceText: CHENGDU_TEXT,
    });
    expect(flatDraft(d.draft.nodes).filter((f) => f.node.leadUnits.length > 0)).toHaveLength(25);
    expect((await inject('DELETE', `/imports/${d.id}`)).statusCode).toBe(204);
    expect((await inject('GET', `/imports/${d.id}`)).json()).toMatchObject({ status: 'discarded' });
  });
});

describe('documents that are not plans', () => {
  const multipart = (text: string, fileName = 'note.txt') => {
    const boundary = '----luoshi-test';
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...sec.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`,
      ),
    });
  };

  it('are refused with 422 NOT_A_PLAN and a clear message in both languages, storing nothing', async () => {
    const before = await Promise.all(
      (['imports', 'audit_log', 'plans'] as const).map((x) => countRows(t, x)),
    );
    for (const res of [
      await inject('POST', '/imports', { text: '' }),
      await inject('POST', '/imports', { text: '   \n\u3000 ' }),
      await inject('POST', '/imports', { text: '今天天气很好，我们去公园散步吧。晚上回家吃饭。' }),
      await multipart('hello world, nothing to see here'),
      await multipart(''),
    ]) {
      const p = problemOf(res);
      expect(p).toMatchObject({ status: 422, code: 'NOT_A_PLAN' });
      expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.message.en).toMatch(/plan|empty/i);
    }
    expect(
      await Promise.all((['imports', 'audit_log', 'plans'] as const).map((x) => countRows(t, x))),
    ).toEqual(before);
  });

  it('an upload without a file field is a validation error', async () => {
    const boundary = '----luoshi-test';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...sec.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="planId"\r\n\r\n1\r\n--${boundary}--\r\n`,
      ),
    });
    expect(problemOf(res)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describe('unknown ids', () => {
  it('get 404 problem+json with the entity’s code', async () => {
    const cases: [ReturnType<typeof inject>, string][] = [
      [inject('GET', '/imports/999999'), 'IMPORT_NOT_FOUND'],
      [inject('PATCH', '/imports/999999', { title: 'x' }), 'IMPORT_NOT_FOUND'],
      [inject('PATCH', '/imports/999999/nodes/0', { title: 'x' }), 'IMPORT_NOT_FOUND'],
      [inject('POST', '/imports/999999/confirm', {}), 'IMPORT_NOT_FOUND'],
      [inject('DELETE', '/imports/999999'), 'IMPORT_NOT_FOUND'],
      [inject('GET', '/plans/999999'), 'PLAN_NOT_FOUND'],
      [inject('PATCH', '/plans/999999', { title: 'x' }), 'PLAN_NOT_FOUND'],
      [inject('GET', '/plans/999999/units'), 'PLAN_NOT_FOUND'],
      [inject('PATCH', '/plans/999999/nodes/1', { note: 'x' }), 'PLAN_NOT_FOUND'],
      [inject('POST', '/plans/999999/reimport', { text: CHENGDU_TEXT }), 'PLAN_NOT_FOUND'],
      [inject('POST', '/imports', { text: CHENGDU_TEXT, planId: 999999 }), 'PLAN_NOT_FOUND'],
      [inject('GET', '/units/999999'), 'UNIT_NOT_FOUND'],
      [inject('PATCH', '/units/999999', { name: 'x' }), 'UNIT_NOT_FOUND'],
      [inject('POST', '/units/999999/merge', { intoUnitId: 1 }), 'UNIT_NOT_FOUND'],
      [inject('GET', '/public/plans/999999', undefined, { headers: {} } as Session), 'PLAN_NOT_FOUND'],
    ];
    for (const [res, code] of cases) expect(problemOf(await res)).toMatchObject({ status: 404, code });
  });

  it('paths, target indexes and items inside existing records get 404 NOT_FOUND', async () => {
    const d = await postImport(t, sec, CHENGDU_TEXT);
    expect(problemOf(await inject('PATCH', `/imports/${d.id}/nodes/9.9.9`, { title: 'x' }))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(problemOf(await inject('DELETE', `/imports/${d.id}/targets/99`))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    const planId = await confirm(t, sec, d.id);
    expect(problemOf(await inject('PATCH', `/plans/${planId}/nodes/999999`, { note: 'x' }))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    const target = {
      indicator: 'x',
      comparator: '>',
      value: 1,
      unit: '',
      deadlineYear: null,
      cumulative: false,
    };
    expect(problemOf(await inject('PUT', `/plans/${planId}/targets/999999`, target))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    // A node of another plan is not an item of this one.
    const other = nodeTitled(await getPlan(t, sec, planId), '统计制度').id;
    const first = (await inject('GET', '/plans?sort=id&order=asc')).json<{ items: { id: number }[] }>()
      .items[0]!.id;
    expect(first).not.toBe(planId);
    expect((await inject('PATCH', `/plans/${first}/nodes/${other}`, { note: 'x' })).statusCode).toBe(404);
  });
});
