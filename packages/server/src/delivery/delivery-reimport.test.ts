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
  unitIdNamed,
} from '../imports/testing.js';

/**
 * Work plans and reports hang on item ids, which a confirmed re-import keeps for the items that continue (issue 8):
 * they stay on a reworded task, and on a dropped task they stay readable with the retired item. So do the
 * supervision notices raised on them, with the steps already taken. The revision is the one
 * plans/plan-identity.test.ts makes: one task reworded, one removed.
 */
const REWORDED_FROM = '(一)强化示范城市创建工作。';
const REWORDED_TO = '(一)全面推进示范城市创建工作。';

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
let kept: number;
let dropped: number;
const ids: { keptWorkPlan: number; keptReport: number; droppedWorkPlan: number; droppedReport: number } = {
  keptWorkPlan: 0,
  keptReport: 0,
  droppedWorkPlan: 0,
  droppedReport: 0,
};
/** The milestone-overdue notice raised on the kept task before the re-import, signed for by its unit. */
let keptNotice: { id: number; state: string };
let noticesBefore: number;
let commerce: Record<string, string>;
let finance: Record<string, string>;

async function call(method: string, url: string, headers: Record<string, string>, payload?: object) {
  const res = await t.app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers,
    ...(payload && { payload }),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number; version: number } & Record<string, unknown>>();
}

/** A work plan drafted, submitted and approved, and a report opened and submitted, for the unit on the task. */
async function deliver(officer: Record<string, string>, nodeId: number): Promise<[number, number]> {
  const wp = await call('POST', '/work-plans', officer, {
    nodeId,
    milestones: [{ title: '制定工作方案', dueDate: '2013-06-30', deliverable: '方案', weight: 1 }],
  });
  const sub = await call('POST', `/work-plans/${wp.id}/submit`, officer, { version: wp.version });
  await call('POST', `/work-plans/${wp.id}/review`, sec.headers, {
    version: sub.version,
    decision: 'approve',
  });
  const report = await call('POST', '/progress-reports', officer, { nodeId, period: '2013-Q2' });
  await call('POST', `/progress-reports/${report.id}/submit`, officer, { version: report.version });
  return [wp.id, report.id];
}

interface NoticeRow {
  id: number;
  rule: string;
  state: string;
  version: number;
  node: { id: number; title: string } | null;
}
async function listNotices(): Promise<NoticeRow[]> {
  const page = await call('GET', `/supervision/notices?planId=${planId}&limit=200`, sec.headers);
  return page.items as NoticeRow[];
}

beforeAll(async () => {
  t = await createTestApp();
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  sec = await t.loginAs('secretariat');
  planId = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
  const v1 = await getPlan(t, sec, planId);
  kept = nodeTitled(v1, '强化示范城市创建工作').id;
  dropped = nodeTitled(v1, '会计档案电子化').id;
  commerce = (await t.bearerFor('unit_officer', { unitId: await unitIdNamed(t, '市商务局') })).headers;
  finance = (await t.bearerFor('unit_officer', { unitId: await unitIdNamed(t, '市财政局') })).headers;
  [ids.keptWorkPlan, ids.keptReport] = await deliver(commerce, kept);
  [ids.droppedWorkPlan, ids.droppedReport] = await deliver(finance, dropped);
  // Both milestones (due 2013-06-30) are overdue on 2013-07-15: supervision raises a notice on each task.
  const run = await call('POST', `/plans/${planId}/supervision/run`, sec.headers, { asOf: '2013-07-15' });
  expect(run.raised).toBeGreaterThanOrEqual(2);
  const notices = await listNotices();
  noticesBefore = notices.length;
  const onKept = notices.find((n) => n.node?.id === kept && n.rule === 'milestone_overdue');
  expect(onKept, JSON.stringify(notices)).toBeDefined();
  const signed = await call('POST', `/supervision/notices/${onKept!.id}/steps`, commerce, {
    action: 'sign',
    version: onKept!.version,
  });
  keptNotice = (signed as unknown as { notice: { id: number; state: string } }).notice;
  expect(keptNotice.state).toBe('signed');

  const reimport = await t.app.inject({
    method: 'POST',
    url: `/api/v1/plans/${planId}/reimport`,
    headers: sec.headers,
    payload: { text: revise(CHENGDU_TEXT), fileName: 'chengdu-v2.txt' },
  });
  expect(reimport.statusCode, reimport.body).toBe(201);
  expect(await confirm(t, sec, reimport.json<ImportDraftView>().id)).toBe(planId);
});
afterAll(() => t.close());

describe('a confirmed re-import and delivery records', () => {
  it('keeps the work plan and report on the reworded task, under the same item', async () => {
    const v2 = await getPlan(t, sec, planId);
    expect(flatPlan(v2.nodes).find((n) => n.id === kept)?.title).toBe('全面推进示范城市创建工作');
    const page = await call('GET', `/plans/${planId}/tasks/${kept}/delivery?asOf=2013-07-15`, sec.headers);
    expect(
      (page.workPlans as { id: number; baselineRevision: number }[]).map((w) => [w.id, w.baselineRevision]),
    ).toEqual([[ids.keptWorkPlan, 1]]);
    expect((page.reports as { id: number }[]).map((r) => r.id)).toEqual([ids.keptReport]);
    expect(page.node).toMatchObject({ title: '全面推进示范城市创建工作', retired: false });
    // Its milestone (due 2013-06-30, not done, 0%) still counts in the plan's roll-up: 100 points behind → red.
    const progress = await call('GET', `/plans/${planId}/progress?asOf=2013-07-15`, sec.headers);
    const item = (progress.items as { nodeId: number; light: string; overdueMilestones: number }[]).find(
      (i) => i.nodeId === kept,
    );
    expect(item).toMatchObject({ light: 'red', progress: 0, overdueMilestones: 1 });
  });

  it('keeps the dropped task’s work plan and report readable with the retired item, out of the roll-up', async () => {
    const wp = await call('GET', `/work-plans/${ids.droppedWorkPlan}`, finance);
    expect(wp).toMatchObject({ nodeId: dropped, status: 'approved' });
    const report = await call('GET', `/progress-reports/${ids.droppedReport}`, sec.headers);
    expect(report).toMatchObject({ nodeId: dropped, status: 'submitted' });
    const page = await call('GET', `/plans/${planId}/tasks/${dropped}/delivery`, sec.headers);
    expect(page.node).toMatchObject({ retired: true });
    expect((page.workPlans as unknown[]).length).toBe(1);
    const progress = await call('GET', `/plans/${planId}/progress?asOf=2013-07-15`, sec.headers);
    expect((progress.items as { nodeId: number }[]).some((i) => i.nodeId === dropped)).toBe(false);
    expect(progress.plan).toMatchObject({ measuredTasks: 1 });
    // No new report on a retired item.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/progress-reports',
      headers: finance,
      payload: { nodeId: dropped, period: '2013-Q3' },
    });
    expect(res.json()).toMatchObject({ code: 'RETIRED' });
  });

  it('keeps the notices raised on the items, with their steps; running the rules again raises nothing twice', async () => {
    const after = await listNotices();
    expect(after.length).toBe(noticesBefore);
    const kept_ = after.find((n) => n.id === keptNotice.id);
    expect(kept_).toMatchObject({ state: 'signed', node: { id: kept, title: '全面推进示范城市创建工作' } });
    // The dropped task's notice is still readable, on its retired item.
    expect(after.some((n) => n.node?.id === dropped)).toBe(true);
    const again = await call('POST', `/plans/${planId}/supervision/run`, sec.headers, { asOf: '2013-07-15' });
    expect(again.raised).toBe(0);
    expect((await listNotices()).length).toBe(noticesBefore);
    // The unit's inbox still holds it.
    const inbox = await call('GET', '/supervision/inbox', commerce);
    expect((inbox.items as { id: number }[]).map((n) => n.id)).toContain(keptNotice.id);
  });
});
