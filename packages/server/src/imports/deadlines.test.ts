import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { createTestApp, TEST_DB, type Session, type TestApp } from '../test/harness.js';
import type { ImportDraftView } from './imports-service.js';
import { PlanDetail as PlanDetailSchema, PlanNode } from '../plans/schemas.js';
import { confirm, draftPathOf, getPlan, nodeTitled, postImport, problemOf, unitIdNamed } from './testing.js';

/** A small plan whose tasks state their deadlines the ways plans do. */
const TEXT = `某市推进电子商务发展实施方案
一、总体要求
到2020年，全市电子商务交易额突破100亿元。
二、重点任务
（一）建设电子商务公共服务平台。整合资源，建成市级平台。（市商务局牵头，市财政局配合，2020年底前完成）
（二）培育电子商务示范企业。每年认定一批示范企业。（市经信委牵头，持续推进）
（三）完善物流配送体系。加快建设城乡配送网络。（市交通运输局牵头）
`;

let t: TestApp;
let sec: Session;
let leader: Session;
beforeAll(async () => {
  t = await createTestApp();
  sec = await t.loginAs('secretariat');
  leader = await t.loginAs('leader');
});
afterAll(() => t.close());

const addFormats = ajvFormats as unknown as (ajv: Ajv) => Ajv;
const validatePlan = addFormats(new Ajv({ strict: false, allErrors: true }))
  .addSchema(PlanNode)
  .compile(PlanDetailSchema);

const nodeOf = (view: ImportDraftView, title: string) => {
  const path = draftPathOf(view.draft, title);
  let list = view.draft.nodes;
  let node = list[0]!;
  for (const p of path.split('.')) {
    node = list[Number(p)]!;
    list = node.children;
  }
  return { path, node };
};

async function patchDraftNode(importId: number, path: string, payload: unknown) {
  return t.app.inject({
    method: 'PATCH',
    url: `/api/v1/imports/${importId}/nodes/${path}`,
    headers: sec.headers,
    payload: payload as Record<string, unknown>,
  });
}

describe(`task deadlines on ${TEST_DB}`, () => {
  let view: ImportDraftView;
  let planId: number;

  it('the draft shows each item’s deadline as the text states it', async () => {
    view = await postImport(t, sec, TEXT);
    expect(nodeOf(view, '建设电子商务公共服务平台').node.deadline).toMatchObject({
      kind: 'date',
      date: '2020',
      text: '2020年底前',
    });
    expect(nodeOf(view, '培育电子商务示范企业').node.deadline).toMatchObject({
      kind: 'ongoing',
      text: '持续推进',
    });
    expect(nodeOf(view, '完善物流配送体系').node.deadline).toBeNull();
    const span = nodeOf(view, '建设电子商务公共服务平台').node.deadline!.span;
    expect(view.sourceText.slice(span[0], span[1])).toBe('2020年底前');
  });

  it('a reviewer corrects a deadline (its words written for it) and clears one; both audited', async () => {
    const { path } = nodeOf(view, '完善物流配送体系');
    const res = await patchDraftNode(view.id, path, { deadline: { kind: 'relative', months: 3 } });
    expect(res.statusCode, res.body).toBe(200);
    view = res.json<ImportDraftView>();
    expect(nodeOf(view, '完善物流配送体系').node.deadline).toMatchObject({
      kind: 'relative',
      months: 3,
      text: '印发后3个月内',
    });
    const ongoing = nodeOf(view, '培育电子商务示范企业').path;
    const cleared = await patchDraftNode(view.id, ongoing, { deadline: null });
    expect(cleared.statusCode).toBe(200);
    expect(nodeOf(cleared.json<ImportDraftView>(), '培育电子商务示范企业').node.deadline).toBeNull();
    const back = await patchDraftNode(view.id, ongoing, { deadline: { kind: 'recurring', every: 'year' } });
    view = back.json<ImportDraftView>();
    expect(nodeOf(view, '培育电子商务示范企业').node.deadline).toMatchObject({
      kind: 'recurring',
      text: '每年',
    });

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'import.update_node')
      .where('entity_id', '=', String(view.id))
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(3);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ path, deadline: null });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({
      path,
      deadline: { kind: 'relative', months: 3 },
    });
  });

  it('a bad deadline is refused with 400 in both languages and changes nothing', async () => {
    const { path } = nodeOf(view, '建设电子商务公共服务平台');
    const before = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${view.id}`,
      headers: sec.headers,
    });
    for (const deadline of [
      { kind: 'someday' },
      { kind: 'date' },
      { kind: 'date', date: '2020-13' },
      { kind: 'date', date: '20' },
      { kind: 'date', date: '2020', months: 3 },
      { kind: 'relative' },
      { kind: 'relative', months: 0 },
      { kind: 'relative', months: 1.5 },
      { kind: 'relative', months: 3, days: 10 },
      { kind: 'recurring', every: 'decade' },
      { kind: 'ongoing', text: 'x'.repeat(201) },
      { kind: 'ongoing', span: [0, 1] },
      '2020年底前',
    ]) {
      const res = await patchDraftNode(view.id, path, { deadline });
      expect(res.statusCode, JSON.stringify(deadline)).toBe(400);
      const problem = problemOf(res);
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.message.zh).toBeTruthy();
      expect(problem.message.en).toBeTruthy();
    }
    const after = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${view.id}`,
      headers: sec.headers,
    });
    expect(after.json<ImportDraftView>().draft).toEqual(before.json<ImportDraftView>().draft);
  });

  it('confirming stores the deadlines; the plan document carries them and matches its schema', async () => {
    planId = await confirm(t, sec, view.id);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: sec.headers });
    const body: unknown = res.json();
    expect(validatePlan(body), JSON.stringify(validatePlan.errors)).toBe(true);
    const plan = await getPlan(t, sec, planId);
    expect(nodeTitled(plan, '建设电子商务公共服务平台').deadline).toEqual({
      kind: 'date',
      date: '2020',
      text: '2020年底前',
    });
    expect(nodeTitled(plan, '完善物流配送体系').deadline).toEqual({
      kind: 'relative',
      months: 3,
      text: '印发后3个月内',
    });
    expect(nodeTitled(plan, '重点任务').deadline).toBeNull();
  });

  it('a re-import with a changed deadline keeps the item, shows the change, and updates it', async () => {
    const before = nodeTitled(await getPlan(t, sec, planId), '建设电子商务公共服务平台');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/plans/${planId}/reimport`,
      headers: sec.headers,
      payload: { text: TEXT.replace('2020年底前完成', '2021年6月底前完成') },
    });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json<ImportDraftView>();
    expect(draft.changes!.changed).toContainEqual(
      expect.objectContaining({
        after: expect.objectContaining({ title: '建设电子商务公共服务平台' }),
        fields: ['deadline'],
      }),
    );
    await confirm(t, sec, draft.id);
    const after = nodeTitled(await getPlan(t, sec, planId), '建设电子商务公共服务平台');
    expect(after.id).toBe(before.id);
    expect(after.deadline).toEqual({ kind: 'date', date: '2021-06', text: '2021年6月底前' });
    // The reviewer's corrections of the first import are not in the new text: the re-import reads what it says.
    expect(nodeTitled(await getPlan(t, sec, planId), '完善物流配送体系').deadline).toBeNull();
  });

  it('the secretariat edits a plan item’s deadline (audited, only what changed); others may not', async () => {
    const node = nodeTitled(await getPlan(t, sec, planId), '完善物流配送体系');
    const url = `/api/v1/plans/${planId}/nodes/${node.id}`;
    const res = await t.app.inject({
      method: 'PATCH',
      url,
      headers: sec.headers,
      payload: { deadline: { kind: 'date', date: '2020-06-30' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ deadline: unknown }>().deadline).toEqual({
      kind: 'date',
      date: '2020-06-30',
      text: '2020年6月30日前',
    });
    expect(nodeTitled(await getPlan(t, sec, planId), '完善物流配送体系').deadline).toMatchObject({
      date: '2020-06-30',
    });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'plan_node.update')
      .where('entity_id', '=', String(node.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!)).toEqual({ planId, deadline: null });
    expect(JSON.parse(audit.after_json!)).toEqual({
      planId,
      deadline: { kind: 'date', date: '2020-06-30', text: '2020年6月30日前' },
    });

    const bad = await t.app.inject({
      method: 'PATCH',
      url,
      headers: sec.headers,
      payload: { deadline: { kind: 'recurring' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).code).toBe('VALIDATION_FAILED');
    const officer = await t.loginAs('unit_officer', {
      unitId: await unitIdNamed(t, '市交通运输局').catch(() => 1),
    });
    for (const who of [leader, officer]) {
      const denied = await t.app.inject({
        method: 'PATCH',
        url,
        headers: who.headers,
        payload: { deadline: null },
      });
      expect(denied.statusCode).toBe(403);
    }
    const cleared = await t.app.inject({
      method: 'PATCH',
      url,
      headers: sec.headers,
      payload: { deadline: null },
    });
    expect(cleared.json<{ deadline: unknown }>().deadline).toBeNull();
  });
});
