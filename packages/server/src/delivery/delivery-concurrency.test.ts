import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { secondInstance } from '../test/second-instance.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { confirmImport, createImport } from '../imports/imports-service.js';
import { getPlanDetail } from '../plans/plans-service.js';

/**
 * Two servers on one database (as two processes would be), and two officers saving the same work plan and report
 * from the same version at the same moment: exactly one save wins on each, the other gets 409 with the winner's
 * version, and the stored record is the winner's — on SQLite and PostgreSQL alike.
 */
const PLAN = ['并发测试方案(2013—2015年)', '一、主要任务', '（一）并发任务。（牵头单位：并发测试单位）'].join(
  '\n',
);

let t: TestApp;
let other: Awaited<ReturnType<typeof secondInstance>>;
let headers: Record<string, string>[];
let nodeId: number;

beforeAll(async () => {
  t = await createTestApp();
  other = await secondInstance(t);
  const unitId = await t.createUnit('并发测试单位');
  const draft = await createImport(t.db, SYSTEM_ACTOR, {
    text: PLAN,
    fileName: null,
    format: 'pasted',
    encoding: null,
  });
  const planId = (await confirmImport(t.db, SYSTEM_ACTOR, draft.id)).planId;
  nodeId = (await getPlanDetail(t.db, planId, { role: 'admin', unitId: null })).nodes[0]!.children[0]!.id;
  headers = [
    (await t.bearerFor('unit_officer', { unitId })).headers,
    (await t.bearerFor('unit_officer', { unitId })).headers,
  ];
});
afterAll(async () => {
  await other.close();
  await t.close();
});

const call = (i: number, method: string, url: string, payload: object) =>
  (i === 0 ? t.app : other.app).inject({
    method: method as 'PUT',
    url: `/api/v1${url}`,
    headers: headers[i]!,
    payload,
  });

describe('saves of one record from two servers at once', () => {
  it('let exactly one of two work plan saves win, round after round', async () => {
    const created = await call(0, 'POST', '/work-plans', {
      nodeId,
      milestones: [{ title: '起步', dueDate: '2013-06-30', deliverable: '', weight: 1 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: number }>().id;
    let version = created.json<{ version: number }>().version;
    for (let round = 0; round < 5; round++) {
      const both = await Promise.all(
        [0, 1].map((i) =>
          call(i, 'PUT', `/work-plans/${id}`, {
            version,
            milestones: [{ title: `第${round}轮-${i}`, dueDate: '2013-06-30', deliverable: '', weight: 1 }],
          }),
        ),
      );
      expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const winner = both
        .find((r) => r.statusCode === 200)!
        .json<{ version: number; revisions: { milestones: { title: string }[] }[] }>();
      const loser = both.find((r) => r.statusCode === 409)!.json<{ current: { version: number } }>();
      expect(loser.current.version).toBe(winner.version);
      version = winner.version;
      const stored = await t.db
        .selectFrom('work_plan_revisions')
        .select('milestones_json')
        .where('work_plan_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(stored.milestones_json)[0].title).toBe(winner.revisions[0]!.milestones[0]!.title);
    }
  });

  it('let exactly one of two report saves win', async () => {
    const opened = await call(0, 'POST', '/progress-reports', { nodeId, period: '2013-Q1' });
    expect(opened.statusCode, opened.body).toBe(201);
    const { id, version } = opened.json<{ id: number; version: number }>();
    const both = await Promise.all(
      [0, 1].map((i) =>
        call(i, 'PUT', `/progress-reports/${id}`, {
          version,
          progress: `进展${i}`,
          problems: '',
          nextSteps: '',
        }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.statusCode === 200)!.json<{ progress: string }>();
    const row = await t.db
      .selectFrom('progress_reports')
      .select(['progress', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ progress: winner.progress, version: version + 1 });
  });
});
