import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { createIndicator } from '../indicators/indicators.service.js';
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
import type { PlanDetail } from './plans-repository.js';

/**
 * Plans keep their identity: a confirmed re-import updates the items and targets that continue in place (same
 * ids, so notes — and figures, work plans, anything attached by id — stay), retires the dropped ones with their
 * history, and keeps every version readable. The revision: one task reworded, one removed.
 */
const REWORDED_FROM = '(一)强化示范城市创建工作。';
const REWORDED_TO = '(一)全面推进示范城市创建工作。';
const REMOVED = '会计档案电子化';

function revise(text: string): string {
  if (!text.includes(REWORDED_FROM)) throw new Error('fixture changed');
  text = text.replace(REWORDED_FROM, REWORDED_TO);
  const start = text.indexOf('(9)会计档案电子化');
  const end = text.indexOf('(10)专业人才');
  if (start < 0 || end < 0) throw new Error('fixture changed');
  return text.slice(0, start) + text.slice(end);
}

let t: TestApp;
let sec: Session;
let planId: number;
let v1: PlanDetail;
let v2: PlanDetail;
const indicatorOf = new Map<number, number>();

async function api<T>(url: string, who: Session = sec): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who.headers });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

beforeAll(async () => {
  t = await createTestApp();
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  sec = await t.loginAs('secretariat');
  planId = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
  v1 = await getPlan(t, sec, planId);
  // A note on every item, each naming its item.
  for (const n of flatPlan(v1.nodes)) {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${n.id}`,
      headers: sec.headers,
      payload: { note: `备注：${n.id}` },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  // What the indicators work attaches to a target (targets.indicator_id): each target linked to an indicator.
  for (const target of v1.targets) {
    const indicator = await createIndicator(t.db, SYSTEM_ACTOR, {
      name: `身份测试指标${target.id}`,
      unit: '元',
      kind: 'flow',
    });
    indicatorOf.set(target.id, indicator.id);
    await sql`update targets set indicator_id = ${indicator.id} where id = ${target.id}`.execute(t.db);
  }
  const reimport = await t.app.inject({
    method: 'POST',
    url: `/api/v1/plans/${planId}/reimport`,
    headers: sec.headers,
    payload: { text: revise(CHENGDU_TEXT), fileName: 'chengdu-v2.txt' },
  });
  expect(reimport.statusCode, reimport.body).toBe(201);
  const draft = reimport.json<ImportDraftView>();
  expect(draft.changes!.removed.map((n) => n.title)).toEqual([REMOVED]);
  expect(await confirm(t, sec, draft.id)).toBe(planId);
  v2 = await getPlan(t, sec, planId);
});
afterAll(() => t.close());

describe('a confirmed re-import keeps the identity of what continues', () => {
  it('keeps every other item under its id, with its note; the reworded task too', () => {
    const before = flatPlan(v1.nodes);
    const after = new Map(flatPlan(v2.nodes).map((n) => [n.id, n]));
    const removed = nodeTitled(v1, REMOVED);
    expect(after.size).toBe(before.length - 1);
    for (const n of before) {
      if (n.id === removed.id) continue;
      expect(after.get(n.id), `item ${n.label} ${n.title}`).toBeDefined();
      expect(after.get(n.id)!.note).toBe(`备注：${n.id}`);
    }
    const reworded = nodeTitled(v1, '强化示范城市创建工作');
    expect(after.get(reworded.id)!.title).toBe('全面推进示范城市创建工作');
    expect(v2).toMatchObject({ version: 2, taskCount: v1.taskCount - 1, targetCount: v1.targetCount });
  });

  it('keeps every target under its id, with what is attached to it (indicator_id)', async () => {
    expect(v2.targets.map((x) => x.id)).toEqual(v1.targets.map((x) => x.id));
    const rows = await sql<{
      id: number;
      indicator_id: number;
    }>`select id, indicator_id from targets where plan_id = ${planId}`.execute(t.db);
    for (const r of rows.rows) expect(Number(r.indicator_id)).toBe(indicatorOf.get(r.id));
  });

  it('retires the removed task: out of the tree, readable with its note and units, its history kept', async () => {
    const removed = nodeTitled(v1, REMOVED);
    expect(flatPlan(v2.nodes).some((n) => n.id === removed.id)).toBe(false);
    const retired = await api<{
      nodes: { id: number; note: string; retiredInVersion: number; leadUnits: unknown[] }[];
    }>(`/plans/${planId}/retired`);
    expect(retired.nodes).toEqual([
      expect.objectContaining({
        id: removed.id,
        title: REMOVED,
        note: `备注：${removed.id}`,
        retiredInVersion: 2,
        leadUnits: removed.leadUnits,
      }),
    ]);
    const history = await api<{ items: { action: string; after: { note?: string } }[] }>(
      `/audit?entityType=plan_node&entityId=${removed.id}`,
    );
    expect(history.items.map((x) => x.action)).toEqual(['plan_node.update']);
    // A retired item is read, not edited.
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${removed.id}`,
      headers: sec.headers,
      payload: { note: '改' },
    });
    expect(problemOf(edit)).toMatchObject({ status: 409, code: 'RETIRED' });
    // Its unit no longer answers for it.
    const unit = await api<{ tasks: { nodeId: number }[] }>(`/units/${removed.leadUnits[0]!.id}`);
    expect(unit.tasks.some((x) => x.nodeId === removed.id)).toBe(false);
  });

  it('keeps version 1 readable as it was, and version 2 as confirmed', async () => {
    const versions = await api<{ version: number; importId: number | null; taskCount: number }[]>(
      `/plans/${planId}/versions`,
    );
    expect(versions.map((v) => [v.version, v.taskCount])).toEqual([
      [2, v1.taskCount - 1],
      [1, v1.taskCount],
    ]);
    const first = await api<{ sourceText: string; nodes: PlanDetail['nodes']; targets: { id: number }[] }>(
      `/plans/${planId}/versions/1`,
    );
    expect(first.sourceText).toBe(CHENGDU_TEXT);
    const titles = (nodes: { title: string; children: unknown[] }[]): string[] =>
      nodes.flatMap((n) => [n.title, ...titles(n.children as typeof nodes)]);
    expect(titles(first.nodes)).toContain(REMOVED);
    expect(titles(first.nodes)).toContain('强化示范城市创建工作');
    expect(first.targets.map((x) => x.id)).toEqual(v1.targets.map((x) => x.id));
    const second = await api<{ sourceText: string; sourceFileName: string; nodes: PlanDetail['nodes'] }>(
      `/plans/${planId}/versions/2`,
    );
    expect(second.sourceText).toBe(revise(CHENGDU_TEXT));
    expect(second.sourceFileName).toBe('chengdu-v2.txt');
    expect(titles(second.nodes)).not.toContain(REMOVED);
  });

  it('diffs any two versions, items and targets paired by id', async () => {
    const diff = await api<{
      changes: {
        removed: { title: string }[];
        added: unknown[];
        changed: { after: { title: string }; fields: string[] }[];
        targetsChanged: number;
      };
    }>(`/plans/${planId}/versions/1/diff/2`);
    expect(diff.changes.removed.map((n) => n.title)).toEqual([REMOVED]);
    expect(diff.changes.added).toEqual([]);
    expect(diff.changes.changed.map((c) => [c.after.title, c.fields])).toEqual([
      ['全面推进示范城市创建工作', ['title']],
    ]);
    expect(diff.changes.targetsChanged).toBe(0);
    const back = await api<{ changes: { added: { title: string }[] } }>(`/plans/${planId}/versions/2/diff/1`);
    expect(back.changes.added.map((n) => n.title)).toEqual([REMOVED]);
    const missing = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${planId}/versions/3`,
      headers: sec.headers,
    });
    expect(problemOf(missing)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('shows versions of a published plan to the public, and of no other', async () => {
    const hidden = await t.app.inject({ method: 'GET', url: `/api/v1/public/plans/${planId}/versions` });
    expect(problemOf(hidden)).toMatchObject({ status: 404, code: 'PLAN_NOT_FOUND' });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}`,
      headers: sec.headers,
      payload: { published: true },
    });
    const shown = await t.app.inject({ method: 'GET', url: `/api/v1/public/plans/${planId}/versions/1` });
    expect(shown.statusCode).toBe(200);
    expect(shown.json<{ version: number }>().version).toBe(1);
  });
});
