import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { seedUnits } from '../units/units-service.js';
import { CHENGDU_UNITS } from '../units/chengdu-units.js';
import type { ImportDraftView } from './imports-service.js';
import {
  CHENGDU_TEXT,
  confirm,
  flatPlan,
  getPlan,
  nodeTitled,
  postImport,
  problemOf,
  unitIdNamed,
} from './testing.js';

/** The Chengdu plan as a revised edition might read: one task dropped, one added, a lead unit and a target changed. */
function revise(text: string): string {
  const replace = (from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`fixture changed: ${from}`);
    text = text.replace(from, to);
  };
  const dropStart = text.indexOf('(9)会计档案电子化');
  const dropEnd = text.indexOf('(10)专业人才');
  text = text.slice(0, dropStart) + text.slice(dropEnd);
  replace('(牵头单位：市旅游局)', '(牵头单位：市旅游局、市商务局)');
  replace('电子商务交易额突破6000亿元', '电子商务交易额突破7000亿元');
  replace(
    '(牵头单位：市人社局、市商务局)\u3000\u3000三、保障措施',
    '(牵头单位：市人社局、市商务局)\u3000\u3000(11)跨境电子商务。支持企业开展跨境电子商务，建设跨境电子商务公共服务平台。(牵头单位：市商务局)\u3000\u3000三、保障措施',
  );
  return text;
}

let t: TestApp;
let sec: Session;
let officer: Session;
let planId: number;
beforeAll(async () => {
  t = await createTestApp();
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  sec = await t.loginAs('secretariat');
  officer = await t.loginAs('unit_officer', { unitId: await unitIdNamed(t, '市商务局') });
  planId = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
});
afterAll(() => t.close());

describe('re-importing a plan from a revised document', () => {
  let draft: ImportDraftView;

  it('re-importing the same text shows no changes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/plans/${planId}/reimport`,
      headers: sec.headers,
      payload: { text: CHENGDU_TEXT },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ImportDraftView>()).toMatchObject({
      planId,
      changes: {
        added: [],
        removed: [],
        changed: [],
        targetsAdded: 0,
        targetsRemoved: 0,
        targetsChanged: 0,
        targetChanges: [],
      },
    });
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/imports/${res.json<ImportDraftView>().id}`,
      headers: sec.headers,
    });
  });

  it('a revised text gives a draft that lists what was added, removed and changed', async () => {
    const note = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${nodeTitled(await getPlan(t, sec, planId), '专业人才').id}`,
      headers: officer.headers,
      payload: { note: '已与市人社局联合制定人才引进计划' },
    });
    expect(note.statusCode, note.body).toBe(200);

    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/plans/${planId}/reimport`,
      headers: sec.headers,
      payload: { text: revise(CHENGDU_TEXT), fileName: 'chengdu-v2.txt' },
    });
    expect(res.statusCode, res.body).toBe(201);
    draft = res.json<ImportDraftView>();
    expect(draft.planId).toBe(planId);
    const c = draft.changes!;
    expect(c.added).toEqual([expect.objectContaining({ label: '(11)', title: '跨境电子商务' })]);
    expect(c.removed).toEqual([expect.objectContaining({ label: '(9)', title: '会计档案电子化' })]);
    expect(c.changed.map((x) => [x.after.title, x.fields])).toEqual([
      ['发展目标', ['body']],
      ['促进旅游业创新发展', ['leadUnits']],
    ]);
    // The raised target continues (paired by its indicator), changed in value: not one removed and one added.
    expect(c).toMatchObject({ targetsAdded: 0, targetsRemoved: 0, targetsChanged: 1 });
    expect(c.targetChanges).toEqual([
      {
        kind: 'changed',
        before: expect.objectContaining({ indicator: '电子商务交易额', value: 6e11 }),
        after: expect.objectContaining({ indicator: '电子商务交易额', value: 7e11 }),
        fields: ['value'],
      },
    ]);
  });

  it('changes follow the reviewer’s corrections to the draft', async () => {
    const path = draft.draft.nodes[1]!.children.findIndex((n) => n.title === '深化电子商务行业应用');
    const tourism = draft.draft.nodes[1]!.children[path]!.children.findIndex(
      (n) => n.title === '促进旅游业创新发展',
    );
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/imports/${draft.id}/nodes/1.${path}.${tourism}`,
      headers: sec.headers,
      payload: { leadUnits: ['市旅游局'] },
    });
    expect(res.json<ImportDraftView>().changes!.changed.map((x) => x.after.title)).toEqual(['发展目标']);
  });

  it('confirming replaces the items and targets, keeps notes of continuing items, bumps the version, audited', async () => {
    const before = await getPlan(t, sec, planId);
    expect(await confirm(t, sec, draft.id)).toBe(planId);
    const after = await getPlan(t, sec, planId);
    expect(after.version).toBe(before.version + 1);
    expect(after).toMatchObject({ taskCount: 25, targetCount: 7 });
    const titles = flatPlan(after.nodes).map((n) => n.title);
    expect(titles).toContain('跨境电子商务');
    expect(titles).not.toContain('会计档案电子化');
    expect(after.targets.find((x) => x.indicator === '电子商务交易额')).toMatchObject({ value: 7e11 });
    expect(nodeTitled(after, '专业人才').note).toBe('已与市人社局联合制定人才引进计划');
    expect(nodeTitled(after, '跨境电子商务').leadUnits.map((u) => u.name)).toEqual(['市商务局']);

    const audit = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?entityType=plan&entityId=${planId}`,
      headers: sec.headers,
    });
    const entry = audit
      .json<{ items: { action: string; before: { version: number }; after: { version: number } }[] }>()
      .items.find((x) => x.action === 'plan.reimport');
    expect(entry).toMatchObject({ before: { version: 1 }, after: { version: 2 } });

    // The unit page follows the new items.
    const commerce = await t.app.inject({
      method: 'GET',
      url: `/api/v1/units/${await unitIdNamed(t, '市商务局')}`,
      headers: officer.headers,
    });
    expect(commerce.json<{ tasks: { title: string }[] }>().tasks.map((x) => x.title)).toContain(
      '跨境电子商务',
    );
  });

  it('a re-import of a document that is not a plan is refused and stores nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/plans/${planId}/reimport`,
      headers: sec.headers,
      payload: { text: '通知：明天放假。' },
    });
    expect(problemOf(res)).toMatchObject({ status: 422, code: 'NOT_A_PLAN' });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/imports', headers: sec.headers });
    expect(list.json()).toEqual({ items: [], nextCursor: null });
  });
});
