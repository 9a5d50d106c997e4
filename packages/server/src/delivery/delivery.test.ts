import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { confirmImport, createImport } from '../imports/imports-service.js';
import { getPlanDetail } from '../plans/plans-service.js';
import { evidencePath } from './evidence.service.js';

const PLAN = [
  '交付测试实施方案(2013—2015年)',
  '一、主要任务',
  '（一）第一项任务。推进示范工作。（交付甲单位牵头，交付乙单位配合）',
  '（二）第二项任务。完善配套政策。（牵头单位：交付乙单位）',
].join('\n');

let t: TestApp;
/** The app's clock: moved by the tests (a report's submission day is what "late" is judged by). */
let now = Date.parse('2013-03-01T02:00:00Z');
let planId: number;
let taskA: number; // led by unit A, supported by B
let taskB: number; // led by unit B
let unitA: number;
let unitB: number;
type Headers = Record<string, string>;
let officerA: Headers;
let officerA2: Headers;
let officerB: Headers;
let secretariat: Headers;
let leader: Headers;

const api = async (method: string, url: string, headers: Headers, payload?: unknown) => {
  const res = await t.app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
  // The tests read response fields freely and assert each one they rely on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.statusCode, body: res.body ? (safeJson(res.body) as any) : null, res };
};
const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

const M1 = { title: '制定工作方案', dueDate: '2013-06-30', deliverable: '工作方案', weight: 1 };
const M2 = { title: '完成试点', dueDate: '2014-06-30', deliverable: '试点总结', weight: 3 };

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  unitA = await t.createUnit('交付甲单位');
  unitB = await t.createUnit('交付乙单位');
  const draft = await createImport(t.db, SYSTEM_ACTOR, {
    text: PLAN,
    fileName: null,
    format: 'pasted',
    encoding: null,
  });
  planId = (await confirmImport(t.db, SYSTEM_ACTOR, draft.id)).planId;
  const plan = await getPlanDetail(t.db, planId, { role: 'admin', unitId: null });
  const tasks = plan.nodes.flatMap((n) => n.children);
  taskA = tasks.find((n) => n.leadUnits.some((u) => u.id === unitA))!.id;
  taskB = tasks.find((n) => n.leadUnits.some((u) => u.id === unitB))!.id;
  expect(tasks.find((n) => n.id === taskA)!.supportUnits.map((u) => u.id)).toEqual([unitB]);
  officerA = (await t.bearerFor('unit_officer', { unitId: unitA })).headers;
  officerA2 = (await t.bearerFor('unit_officer', { unitId: unitA })).headers;
  officerB = (await t.bearerFor('unit_officer', { unitId: unitB })).headers;
  secretariat = (await t.bearerFor('secretariat')).headers;
  leader = (await t.bearerFor('leader')).headers;
});
afterAll(() => t.close());

let workPlanId: number;

describe('work plans', () => {
  it('an officer drafts and submits; the secretariat returns with a reason, then approves a locked baseline', async () => {
    const created = await api('POST', '/work-plans', officerA, { nodeId: taskA, milestones: [M1, M2] });
    expect(created.status).toBe(201);
    workPlanId = created.body.id;
    expect(created.body).toMatchObject({
      status: 'draft',
      baselineRevision: null,
      currentRevision: 1,
      unitId: unitA,
    });
    expect(created.body.revisions[0].milestones.map((m: { key: string }) => m.key)).toEqual(['m1', 'm2']);
    // A task the unit does not lead.
    expect((await api('POST', '/work-plans', officerA, { nodeId: taskB, milestones: [M1] })).body.code).toBe(
      'NOT_A_LEAD_UNIT',
    );
    expect((await api('POST', '/work-plans', officerA2, { nodeId: taskA, milestones: [M1] })).body.code).toBe(
      'WORK_PLAN_EXISTS',
    );

    let v = created.body.version;
    const submitted = await api('POST', `/work-plans/${workPlanId}/submit`, officerA, { version: v });
    expect(submitted.body.status).toBe('submitted');
    v = submitted.body.version;
    // Returning needs a reason; an officer cannot review.
    expect(
      (await api('POST', `/work-plans/${workPlanId}/review`, secretariat, { version: v, decision: 'return' }))
        .body.code,
    ).toBe('COMMENT_REQUIRED');
    expect(
      (await api('POST', `/work-plans/${workPlanId}/review`, officerA, { version: v, decision: 'approve' }))
        .status,
    ).toBe(403);
    const returned = await api('POST', `/work-plans/${workPlanId}/review`, secretariat, {
      version: v,
      decision: 'return',
      comment: '请细化成果形式',
    });
    expect(returned.body).toMatchObject({ status: 'returned', baselineRevision: null });
    expect(returned.body.revisions[0]).toMatchObject({ status: 'returned', reviewComment: '请细化成果形式' });
    expect(returned.body.milestones).toEqual([]);

    const edited = await api('PUT', `/work-plans/${workPlanId}`, officerA, {
      version: returned.body.version,
      milestones: [
        { ...M1, key: 'm1', deliverable: '市政府办公厅印发的工作方案' },
        { ...M2, key: 'm2' },
      ],
    });
    expect(edited.status).toBe(200);
    const again = await api('POST', `/work-plans/${workPlanId}/submit`, officerA, {
      version: edited.body.version,
    });
    const approved = await api('POST', `/work-plans/${workPlanId}/review`, secretariat, {
      version: again.body.version,
      decision: 'approve',
    });
    expect(approved.body).toMatchObject({
      status: 'approved',
      baselineRevision: 1,
      currentRevision: 1,
      pendingChange: false,
    });
    expect(approved.body.milestones.map((m: { key: string; dueDate: string }) => [m.key, m.dueDate])).toEqual(
      [
        ['m1', '2013-06-30'],
        ['m2', '2014-06-30'],
      ],
    );
  });

  it('changes an approved baseline only by a change request with a reason; baseline and revisions stay visible', async () => {
    const wp = (await api('GET', `/work-plans/${workPlanId}`, officerA)).body;
    const moved = [
      { ...M1, key: 'm1' },
      { ...M2, key: 'm2', dueDate: '2014-09-30' },
    ];
    expect(
      (await api('PUT', `/work-plans/${workPlanId}`, officerA, { version: wp.version, milestones: moved }))
        .body.code,
    ).toBe('REASON_REQUIRED');
    const change = await api('PUT', `/work-plans/${workPlanId}`, officerA, {
      version: wp.version,
      milestones: moved,
      reason: '试点企业调整，顺延一个季度',
    });
    expect(change.body).toMatchObject({
      status: 'draft',
      baselineRevision: 1,
      currentRevision: 2,
      pendingChange: true,
    });
    expect(change.body.revisions[1]).toMatchObject({
      kind: 'change',
      reason: '试点企业调整，顺延一个季度',
      status: 'draft',
    });
    // The baseline is still in force: the live milestone has not moved.
    expect(change.body.milestones[1].dueDate).toBe('2014-06-30');
    const sub = await api('POST', `/work-plans/${workPlanId}/submit`, officerA, {
      version: change.body.version,
    });
    const ok = await api('POST', `/work-plans/${workPlanId}/review`, secretariat, {
      version: sub.body.version,
      decision: 'approve',
    });
    expect(ok.body).toMatchObject({ baselineRevision: 2, pendingChange: false });
    expect(ok.body.milestones[1]).toMatchObject({ key: 'm2', dueDate: '2014-09-30' });
    expect(ok.body.revisions.map((r: { number: number; status: string }) => [r.number, r.status])).toEqual([
      [1, 'approved'],
      [2, 'approved'],
    ]);
    expect(ok.body.revisions[0].milestones[1].dueDate).toBe('2014-06-30');
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'work_plan')
      .where('entity_id', '=', String(workPlanId))
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'work_plan.create',
      'work_plan.submit',
      'work_plan.return',
      'work_plan.save',
      'work_plan.submit',
      'work_plan.approve',
      'work_plan.change_request',
      'work_plan.submit',
      'work_plan.approve',
    ]);
    // The audit page names the work plan by its task and unit.
    const audit = await api('GET', `/audit?entityType=work_plan&entityId=${workPlanId}`, secretariat);
    expect(audit.body.items[0].entityLabel).toMatch(/第一项任务.*· 交付甲单位$/);
  });

  it('answers a stale save with 409 and the current version, and keeps the first save', async () => {
    const wp = (await api('GET', `/work-plans/${workPlanId}`, officerA)).body;
    const first = await api('PUT', `/work-plans/${workPlanId}`, officerA, {
      version: wp.version,
      milestones: [
        { ...M1, key: 'm1' },
        { ...M2, key: 'm2', dueDate: '2014-12-31' },
      ],
      reason: '第一位编辑的修改',
    });
    expect(first.status).toBe(200);
    const second = await api('PUT', `/work-plans/${workPlanId}`, officerA2, {
      version: wp.version,
      milestones: [{ ...M1, key: 'm1', title: '第二位编辑' }],
      reason: '第二位编辑的修改',
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('VERSION_CONFLICT');
    expect(second.body.current.version).toBe(first.body.version);
    expect(second.body.current.revisions.at(-1)).toMatchObject({ reason: '第一位编辑的修改' });
    const now2 = (await api('GET', `/work-plans/${workPlanId}`, officerA)).body;
    expect(now2.revisions.at(-1).milestones[1].dueDate).toBe('2014-12-31');
  });
});

let reportId: number;

describe('progress reports', () => {
  it('the secretariat sets a monthly cycle due on the 5th working day; due dates follow the Chinese calendar', async () => {
    const def = await api('GET', `/plans/${planId}/report-cycle`, officerA);
    expect(def.body).toMatchObject({
      configured: false,
      frequency: 'quarter',
      dueWorkingDays: 5,
      firstPeriod: '2013-Q1',
      lastPeriod: '2015-Q4',
    });
    expect(
      (await api('PUT', `/plans/${planId}/report-cycle`, officerA, { frequency: 'month', dueWorkingDays: 5 }))
        .status,
    ).toBe(403);
    const set = await api('PUT', `/plans/${planId}/report-cycle`, secretariat, {
      frequency: 'month',
      dueWorkingDays: 5,
    });
    expect(set.body).toMatchObject({
      configured: true,
      frequency: 'month',
      firstPeriod: '2013-01',
      lastPeriod: '2015-12',
    });
    expect(set.body.periods).toHaveLength(36);
    const due = Object.fromEntries(
      set.body.periods.map((p: { period: string; dueDate: string }) => [p.period, p.dueDate]),
    );
    expect(due['2013-01']).toBe('2013-02-07');
    expect(due['2013-09']).toBe('2013-10-12'); // Saturday 12 October 2013 was a make-up working day
    expect(due['2014-01']).toBe('2014-02-12');
  });

  it('the lead unit reports, submits late, is returned, resubmits and is accepted; the history stays', async () => {
    expect(
      (await api('POST', '/progress-reports', officerA, { nodeId: taskA, period: '2013-Q1' })).body.code,
    ).toBe('REPORT_PERIOD_INVALID');
    const opened = await api('POST', '/progress-reports', officerA, { nodeId: taskA, period: '2013-09' });
    expect(opened.status).toBe(201);
    reportId = opened.body.id;
    expect(opened.body).toMatchObject({ status: 'draft', dueDate: '2013-10-12', unitId: unitA, late: null });
    expect(
      (await api('POST', '/progress-reports', officerA2, { nodeId: taskA, period: '2013-09' })).status,
    ).toBe(200);

    const wp = (await api('GET', `/work-plans/${workPlanId}`, officerA)).body;
    const [m1, m2] = wp.milestones;
    const saved = await api('PUT', `/progress-reports/${reportId}`, officerA, {
      version: opened.body.version,
      progress: '完成工作方案印发',
      problems: '无',
      nextSteps: '推进试点',
      milestones: [
        { milestoneId: m1.id, state: 'done', percent: 100, completedOn: '2013-06-28' },
        { milestoneId: m2.id, state: 'in_progress', percent: 20 },
      ],
    });
    expect(saved.status).toBe(200);
    // Weights 1 and 3: (100 + 3 × 20) / 4 = 40.
    expect(saved.body.percent).toBe(40);

    now = Date.parse('2013-10-14T02:00:00Z'); // Monday after the due day
    const sub = await api('POST', `/progress-reports/${reportId}/submit`, officerA, {
      version: saved.body.version,
    });
    expect(sub.body).toMatchObject({ status: 'submitted', submittedOn: '2013-10-14', late: true });
    const back = await api('POST', `/progress-reports/${reportId}/review`, secretariat, {
      version: sub.body.version,
      decision: 'return',
      comment: '请补充佐证材料',
    });
    expect(back.body).toMatchObject({ status: 'returned', reviewComment: '请补充佐证材料' });
    now = Date.parse('2013-10-16T02:00:00Z');
    const resub = await api('POST', `/progress-reports/${reportId}/submit`, officerA, {
      version: back.body.version,
    });
    // The first submission's day stands.
    expect(resub.body.submittedOn).toBe('2013-10-14');
    const ok = await api('POST', `/progress-reports/${reportId}/review`, secretariat, {
      version: resub.body.version,
      decision: 'accept',
    });
    expect(ok.body.status).toBe('accepted');
    expect(ok.body.events.map((e: { action: string }) => e.action)).toEqual([
      'submitted',
      'returned',
      'submitted',
      'accepted',
    ]);
    expect(ok.body.events[1].comment).toBe('请补充佐证材料');
    // The reported states are now the milestones' live states.
    const live = (await api('GET', `/work-plans/${workPlanId}`, leader)).body.milestones;
    expect(live.map((m: { state: string; percent: number }) => [m.state, m.percent])).toEqual([
      ['done', 100],
      ['in_progress', 20],
    ]);
    expect(
      (
        await api('PUT', `/progress-reports/${reportId}`, officerA, {
          version: ok.body.version,
          progress: '',
          problems: '',
          nextSteps: '',
        })
      ).body.code,
    ).toBe('REPORT_STATE');
  });

  it('two people editing one report: the second save gets 409 with the current report, nothing is lost', async () => {
    const opened = (await api('POST', '/progress-reports', officerA, { nodeId: taskA, period: '2013-10' }))
      .body;
    const a = await api('PUT', `/progress-reports/${opened.id}`, officerA, {
      version: opened.version,
      progress: '甲的进展',
      problems: '',
      nextSteps: '',
    });
    expect(a.status).toBe(200);
    const b = await api('PUT', `/progress-reports/${opened.id}`, officerA2, {
      version: opened.version,
      progress: '乙的进展',
      problems: '',
      nextSteps: '',
    });
    expect(b.status).toBe(409);
    expect(b.body.current).toMatchObject({ version: a.body.version, progress: '甲的进展' });
    expect((await api('GET', `/progress-reports/${opened.id}`, officerA)).body.progress).toBe('甲的进展');
    // At the same moment: exactly one wins, the other is told, and the stored text is the winner's.
    const v = a.body.version;
    const both = await Promise.all(
      ['同时甲', '同时乙'].map((progress, i) =>
        api('PUT', `/progress-reports/${opened.id}`, i === 0 ? officerA : officerA2, {
          version: v,
          progress,
          problems: '',
          nextSteps: '',
        }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)!.body.progress;
    expect((await api('GET', `/progress-reports/${opened.id}`, officerA)).body).toMatchObject({
      progress: winner,
      version: v + 1,
    });
  });

  it('a supporting unit contributes its part to the lead unit’s report', async () => {
    const report = (
      await api('POST', '/progress-reports', officerB, { nodeId: taskA, period: '2013-11', unitId: unitA })
    ).body;
    expect(report.unitId).toBe(unitA);
    const part = await api('PUT', `/progress-reports/${report.id}/contribution`, officerB, {
      version: null,
      progress: '乙单位配合完成调研',
      problems: '',
      nextSteps: '',
    });
    expect(part.body).toMatchObject({ unitId: unitB, status: 'draft', version: 1 });
    const stale = await api('PUT', `/progress-reports/${report.id}/contribution`, officerB, {
      version: null,
      progress: '重复',
      problems: '',
      nextSteps: '',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.current.progress).toBe('乙单位配合完成调研');
    const sub = await api('PUT', `/progress-reports/${report.id}/contribution`, officerB, {
      version: 1,
      progress: '乙单位配合完成调研',
      problems: '',
      nextSteps: '',
      submit: true,
    });
    expect(sub.body.status).toBe('submitted');
    // The lead unit is not a supporting unit of its own task.
    expect(
      (
        await api('PUT', `/progress-reports/${report.id}/contribution`, officerA, {
          version: null,
          progress: 'x',
          problems: '',
          nextSteps: '',
        })
      ).status,
    ).toBe(403);
    const detail = (await api('GET', `/progress-reports/${report.id}`, officerA)).body;
    expect(detail.contributions).toEqual([
      expect.objectContaining({ unitName: '交付乙单位', status: 'submitted' }),
    ]);
  });
});

const multipart = (name: string, content: Buffer, type = 'application/octet-stream') => {
  const boundary = 'luoshiTestBoundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
};
const upload = async (headers: Headers, id: number, name: string, content: Buffer) => {
  const m = multipart(name, content);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/progress-reports/${id}/evidence`,
    headers: { ...headers, ...m.headers },
    payload: m.payload,
  });
  return { status: res.statusCode, body: res.json() };
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let evidenceReport: number;
let evidenceId: number;

describe('evidence files', () => {
  it('stores a file by its SHA-256 and serves it as an attachment with a safe content type', async () => {
    const report = (await api('POST', '/progress-reports', officerA, { nodeId: taskA, period: '2013-12' }))
      .body;
    evidenceReport = report.id;
    const up = await upload(officerA, report.id, '工作方案（印发稿）.pdf', PDF);
    expect(up.status).toBe(201);
    evidenceId = up.body.id;
    expect(up.body).toMatchObject({
      mediaType: 'application/pdf',
      size: PDF.length,
      fileName: '工作方案（印发稿）.pdf',
    });
    expect(fs.readFileSync(evidencePath(t.config.dataDir, up.body.sha256))).toEqual(PDF);
    // The same content again is the same attachment.
    expect((await upload(officerA, report.id, '工作方案（印发稿）.pdf', PDF)).body.id).toBe(evidenceId);

    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/progress-reports/${report.id}/evidence/${evidenceId}`,
      headers: leader,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="_________.pdf"; filename*=UTF-8''${encodeURIComponent('工作方案（印发稿）.pdf')}`,
    );
    expect(res.rawPayload).toEqual(PDF);
  });

  it('refuses types it does not accept and files that are not what their name says', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect((await upload(officerA, evidenceReport, 'report.pdf', html)).body.code).toBe('EVIDENCE_TYPE');
    expect((await upload(officerA, evidenceReport, 'page.html', html)).body.code).toBe('EVIDENCE_TYPE');
    expect((await upload(officerA, evidenceReport, 'tool.exe', Buffer.from('MZ\x90\x00'))).body.code).toBe(
      'EVIDENCE_TYPE',
    );
    expect((await upload(officerA, evidenceReport, 'empty.txt', Buffer.alloc(0))).body.code).toBe(
      'EVIDENCE_EMPTY',
    );
    const big = Buffer.alloc(t.config.bodyLimit + 10, 0x61);
    const tooBig = await upload(officerA, evidenceReport, 'big.txt', big);
    expect(tooBig.status).toBe(413);
    const txt = await upload(officerA, evidenceReport, '说明.txt', Buffer.from('进展说明\n'));
    expect(txt.body.mediaType).toBe('text/plain; charset=utf-8');
    const detail = (await api('GET', `/progress-reports/${evidenceReport}`, officerA)).body;
    expect(detail.evidence.map((e: { fileName: string }) => e.fileName)).toEqual([
      '工作方案（印发稿）.pdf',
      '说明.txt',
    ]);
  });
});

describe('record-level authorization', () => {
  it("an officer of another unit can neither read nor change unit A's work plan, report or evidence", async () => {
    const outsider = (await t.bearerFor('unit_officer', { unitId: await t.createUnit('无关单位') })).headers;
    const wp = (await api('GET', `/work-plans/${workPlanId}`, officerA)).body;
    for (const [method, url, body] of [
      ['GET', `/work-plans/${workPlanId}`, undefined],
      ['PUT', `/work-plans/${workPlanId}`, { version: wp.version, milestones: [M1], reason: 'x' }],
      ['POST', `/work-plans/${workPlanId}/submit`, { version: wp.version }],
      ['GET', `/progress-reports/${reportId}`, undefined],
      [
        'PUT',
        `/progress-reports/${evidenceReport}`,
        { version: 1, progress: 'x', problems: '', nextSteps: '' },
      ],
      ['POST', `/progress-reports/${evidenceReport}/submit`, { version: 1 }],
      ['GET', `/progress-reports/${evidenceReport}/evidence/${evidenceId}`, undefined],
      [
        'PUT',
        `/progress-reports/${evidenceReport}/contribution`,
        { version: null, progress: 'x', problems: '', nextSteps: '' },
      ],
    ] as const) {
      const r = await api(method, url, outsider, body);
      expect([r.status, r.body.code], `${method} ${url}`).toEqual([403, 'NOT_YOUR_UNIT']);
    }
    expect((await upload(outsider, evidenceReport, 'x.txt', Buffer.from('x'))).body.code).toBe(
      'NOT_YOUR_UNIT',
    );
    // Unit B supports task A: it reads A's report (to add its part) but cannot change A's work plan or report.
    expect((await api('GET', `/progress-reports/${reportId}`, officerB)).status).toBe(200);
    expect(
      (
        await api('PUT', `/work-plans/${workPlanId}`, officerB, {
          version: wp.version,
          milestones: [M1],
          reason: 'x',
        })
      ).body.code,
    ).toBe('NOT_YOUR_UNIT');
    // Lists and the task page show the outsider nothing of unit A.
    expect((await api('GET', '/work-plans', outsider)).body.items).toEqual([]);
    expect((await api('GET', '/progress-reports', outsider)).body.items).toEqual([]);
    const page = (await api('GET', `/plans/${planId}/tasks/${taskA}/delivery`, outsider)).body;
    expect([page.workPlans, page.reports, page.evidence]).toEqual([[], [], []]);
    // Leaders read everything; the unit's own officer sees its records.
    expect((await api('GET', '/work-plans', leader)).body.items.map((w: { id: number }) => w.id)).toEqual([
      workPlanId,
    ]);
    expect((await api('GET', '/progress-reports?unitId=' + unitA, officerA)).body.items.length).toBe(4);
  });
});

describe('roll-up, task page and exports', () => {
  it('gives each item progress and a light, by the stated rule', async () => {
    const p = (await api('GET', `/plans/${planId}/progress?asOf=2014-01-15`, leader)).body;
    expect(p.rule).toMatch(/weighted by their number of measured tasks/);
    const byNode = new Map(p.items.map((i: { nodeId: number }) => [i.nodeId, i]));
    // Task A: m1 done (weight 1), m2 20% (weight 3) = 40%; nothing overdue on 2014-01-15, planned 25% → green.
    expect(byNode.get(taskA)).toMatchObject({ progress: 40, light: 'green', measuredTasks: 1 });
    // Task B has no work plan: grey, left out of the mean.
    expect(byNode.get(taskB)).toMatchObject({ progress: null, light: 'grey', measuredTasks: 0 });
    expect(p.plan).toMatchObject({ progress: 40, light: 'green', measuredTasks: 1 });
    // m2 is due 2014-09-30 (the approved change; the later pending one is not in force): overdue 5 months.
    const late = (await api('GET', `/plans/${planId}/progress?asOf=2015-03-01`, leader)).body;
    expect(late.items.find((i: { nodeId: number }) => i.nodeId === taskA)).toMatchObject({
      light: 'red',
      overdueMilestones: 1,
    });
  });

  it('shows the task page: deadline, work plan with baseline and revisions, reports and evidence', async () => {
    const page = (await api('GET', `/plans/${planId}/tasks/${taskA}/delivery?asOf=2014-01-15`, secretariat))
      .body;
    expect(page.node).toMatchObject({ id: taskA, leadUnits: [{ id: unitA, name: '交付甲单位' }] });
    expect(page.workPlans).toHaveLength(1);
    expect(page.workPlans[0]).toMatchObject({ baselineRevision: 2, currentRevision: 3 });
    expect(page.reports.map((r: { period: string }) => r.period)).toEqual([
      '2013-09',
      '2013-10',
      '2013-11',
      '2013-12',
    ]);
    expect(page.evidence.map((e: { period: string }) => e.period)).toEqual(['2013-12', '2013-12']);
    expect(page.cycle.frequency).toBe('month');
    expect(page.progress).toMatchObject({ progress: 40, light: 'green' });
  });

  it('exports the lists as Excel workbooks a user can open', async () => {
    for (const [url, rows] of [
      ['/work-plans/export.xlsx', 1],
      [`/progress-reports/export.xlsx?planId=${planId}`, 4],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: leader });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets[0]!.rowCount).toBe(rows + 1);
    }
  });
});
