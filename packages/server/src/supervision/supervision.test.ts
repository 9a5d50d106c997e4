import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { SMTPServer } from 'smtp-server';
import { DEFAULT_THRESHOLDS } from '@luoshi/core';
import { createTestApp, TEST_DB, type TestApp } from '../test/harness.js';
import {
  approvedWorkPlan,
  planWithTasks,
  reportCycle,
  submittedReport,
  type DeliveryFixture,
} from '../test/delivery-fixture.js';
import { emailNoticeEvents } from './email.js';
import { dingtalkSignedUrl } from './messages.js';

let t: TestApp;
let plan: DeliveryFixture;
let secretariat: Record<string, string>;
let leader: Record<string, string>;
let officerA: Record<string, string>;
let officerB: Record<string, string>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test checks the shape it reads
async function call<T = any>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
): Promise<{ status: number; body: T; raw: Buffer; headers: Record<string, unknown> }> {
  const res = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  let body: unknown = null;
  try {
    body = res.json();
  } catch {
    body = null;
  }
  return { status: res.statusCode, body: body as T, raw: res.rawPayload, headers: res.headers };
}

beforeAll(async () => {
  t = await createTestApp();
  plan = await planWithTasks(t.db, '督办测试方案', ['督办甲单位', '督办乙单位']);
  const [a, b] = plan.tasks as [DeliveryFixture['tasks'][0], DeliveryFixture['tasks'][0]];
  await approvedWorkPlan(t.db, plan.planId, a, [{ key: 'm1', title: '完成方案编制', due: '2014-03-31' }]);
  await approvedWorkPlan(t.db, plan.planId, b, [
    { key: 'm1', title: '完成调研', due: '2014-03-31', doneOn: '2014-03-20' },
  ]);
  await reportCycle(t.db, plan.planId, 'quarter', '2014-Q1', '2014-Q4');
  await submittedReport(t.db, plan.planId, b, '2014-Q1', '2014-04-08', '2014-04-03');
  secretariat = (await t.bearerFor('secretariat')).headers;
  leader = (await t.bearerFor('leader')).headers;
  officerA = (await t.bearerFor('unit_officer', { unitId: a.unitId })).headers;
  officerB = (await t.bearerFor('unit_officer', { unitId: b.unitId })).headers;
});
afterAll(() => t.close());

type Notice = {
  id: number;
  rule: string;
  level: string;
  state: string;
  unit: { id: number };
  stepDueOn: string;
  daysLate: number;
  documentNumber: string;
};

describe(`supervision on ${TEST_DB}`, () => {
  it('raises the notices of a day once: a second run for the same day raises and escalates nothing', async () => {
    const first = await call('POST', `/plans/${plan.planId}/supervision/run`, secretariat, {
      asOf: '2014-04-15',
    });
    expect(first.status).toBe(200);
    const list = await call<{ items: Notice[] }>(
      'GET',
      `/supervision/notices?planId=${plan.planId}`,
      secretariat,
    );
    const byRule = Object.fromEntries(list.body.items.map((n) => [n.rule, n]));
    // 甲 missed its milestone (15 days: yellow), its Q1 report (blue) and has been quiet since January (blue);
    // 乙 did its milestone and reported on time.
    expect(Object.keys(byRule).sort()).toEqual(['milestone_overdue', 'no_update', 'report_missing']);
    expect(byRule.milestone_overdue).toMatchObject({ level: 'yellow', daysLate: 15, state: 'issued' });
    expect(byRule.report_missing).toMatchObject({ level: 'blue', stepDueOn: '2014-04-18' });
    expect(list.body.items.every((n) => n.unit.id === plan.tasks[0]!.unitId)).toBe(true);
    expect(first.body).toMatchObject({ raised: 3, escalated: 0, asOf: '2014-04-15' });

    const again = await call('POST', `/plans/${plan.planId}/supervision/run`, secretariat, {
      asOf: '2014-04-15',
    });
    expect(again.body).toMatchObject({ raised: 0, escalated: 0 });
    const runs = await call<{ items: unknown[] }>('GET', `/plans/${plan.planId}/supervision/runs`, leader);
    expect(runs.body.items).toHaveLength(2);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'supervision.run')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('escalates a notice whose unit step is overdue, and records why', async () => {
    const r = await call('POST', `/plans/${plan.planId}/supervision/run`, secretariat, {
      asOf: '2014-04-20',
    });
    expect(r.body).toMatchObject({ raised: 0 });
    const list = await call<{ items: Notice[] }>(
      'GET',
      `/supervision/notices?planId=${plan.planId}&rule=report_missing`,
      secretariat,
    );
    const n = list.body.items[0]!;
    expect(n.level).toBe('yellow');
    const detail = await call<{
      events: { kind: string; fromLevel: string; toLevel: string; comment: string }[];
    }>('GET', `/supervision/notices/${n.id}`, secretariat);
    expect(detail.body.events.map((e) => e.kind)).toEqual(['raised', 'escalated']);
    expect(detail.body.events[1]).toMatchObject({
      fromLevel: 'blue',
      toLevel: 'yellow',
      comment: 'step_overdue',
    });
  });

  it('shows an officer their own unit’s notices only, and refuses another unit’s notice', async () => {
    const own = await call<{ items: Notice[] }>('GET', '/supervision/notices', officerA);
    expect(own.body.items).toHaveLength(3);
    const other = await call<{ items: Notice[] }>('GET', '/supervision/notices', officerB);
    expect(other.body.items).toEqual([]);
    const asked = await call<{ items: Notice[] }>(
      'GET',
      `/supervision/notices?unitId=${plan.tasks[0]!.unitId}`,
      officerB,
    );
    expect(asked.body.items).toEqual([]);
    const id = own.body.items[0]!.id;
    expect((await call('GET', `/supervision/notices/${id}`, officerB)).status).toBe(404);
    expect((await call('GET', `/supervision/notices/${id}/document.docx`, officerB)).status).toBe(404);
    const step = await call('POST', `/supervision/notices/${id}/steps`, officerB, { action: 'sign' });
    expect(step.status).toBe(404);
    const state = await t.db
      .selectFrom('supervision_notices')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('issued');
    const xlsx = await call('GET', '/supervision/notices.xlsx', officerB);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(1);
  });

  it('runs a notice’s life: the unit signs, starts, replies; the secretariat returns, verifies and closes', async () => {
    const list = await call<{ items: Notice[] }>(
      'GET',
      '/supervision/notices?rule=milestone_overdue',
      officerA,
    );
    const id = list.body.items[0]!.id;
    const early = await call<{ code: string; message: { zh: string } }>(
      'POST',
      `/supervision/notices/${id}/steps`,
      officerA,
      {
        action: 'reply',
        text: '已完成',
      },
    );
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('NOTICE_STEP_INVALID');
    expect(early.body.message.zh).toContain('已下发');
    const notYours = await call<{ code: string }>('POST', `/supervision/notices/${id}/steps`, secretariat, {
      action: 'sign',
    });
    expect(notYours).toMatchObject({ status: 403, body: { code: 'NOTICE_STEP_NOT_YOURS' } });

    const signed = await call<{ notice: Notice; actions: string[] }>(
      'POST',
      `/supervision/notices/${id}/steps`,
      officerA,
      { action: 'sign' },
    );
    expect(signed.body.notice.state).toBe('signed');
    expect(signed.body.actions).toEqual(['start']);
    await call('POST', `/supervision/notices/${id}/steps`, officerA, { action: 'start' });
    const empty = await call<{ code: string }>('POST', `/supervision/notices/${id}/steps`, officerA, {
      action: 'reply',
      text: ' ',
    });
    expect(empty.body.code).toBe('NOTICE_TEXT_REQUIRED');
    await call('POST', `/supervision/notices/${id}/steps`, officerA, {
      action: 'reply',
      text: '方案已于4月底印发',
    });
    expect(
      (await call('POST', `/supervision/notices/${id}/steps`, officerA, { action: 'verify' })).status,
    ).toBe(403);
    const returned = await call<{ notice: Notice }>('POST', `/supervision/notices/${id}/steps`, secretariat, {
      action: 'return',
      text: '请附印发文件',
    });
    expect(returned.body.notice.state).toBe('in_progress');
    await call('POST', `/supervision/notices/${id}/steps`, officerA, {
      action: 'reply',
      text: '已附印发文件',
    });
    await call('POST', `/supervision/notices/${id}/steps`, secretariat, { action: 'verify' });
    const stale = await call('POST', `/supervision/notices/${id}/steps`, secretariat, {
      action: 'close',
      version: 1,
    });
    expect(stale.status).toBe(409);
    const closed = await call<{
      notice: Notice & { reply: string };
      events: { kind: string; actor: string }[];
    }>('POST', `/supervision/notices/${id}/steps`, secretariat, { action: 'close' });
    expect(closed.body.notice).toMatchObject({ state: 'closed', stepDueOn: null, reply: '已附印发文件' });
    expect(closed.body.events.map((e) => e.kind)).toEqual([
      'raised',
      // Not signed for within 3 days of 04-15: one level up at the run of 04-20.
      'escalated',
      'sign',
      'start',
      'reply',
      'return',
      'reply',
      'verify',
      'close',
    ]);
    const leaderView = await call<{ actions: string[] }>('GET', `/supervision/notices/${id}`, leader);
    expect(leaderView.body.actions).toEqual([]);
    const audits = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'supervision_notice')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audits).toHaveLength(7);
  });

  it('gives the unit inbox (open notices, soonest due first) and the secretariat’s board by unit and level', async () => {
    const inbox = await call<{ items: Notice[] }>('GET', '/supervision/inbox', officerA);
    expect(inbox.body.items.map((n) => n.state).includes('closed')).toBe(false);
    const dues = inbox.body.items.map((n) => n.stepDueOn);
    expect(dues).toEqual([...dues].sort());
    expect(inbox.body.items).toHaveLength(2);
    expect((await call('GET', '/supervision/inbox', secretariat)).status).toBe(400);
    const board = await call<{
      units: { unitId: number; blue: number; yellow: number; red: number; total: number }[];
      totals: { total: number };
    }>('GET', `/supervision/board?planId=${plan.planId}`, leader);
    expect(board.body.units).toEqual([
      { unitId: plan.tasks[0]!.unitId, unitName: '督办甲单位', blue: 0, yellow: 2, red: 0, total: 2 },
    ]);
  });

  it('writes a notice as a Word 督办通知单 and a list as an Excel workbook', async () => {
    const list = await call<{ items: Notice[] }>('GET', '/supervision/notices?rule=report_missing', officerA);
    const n = list.body.items[0]!;
    const doc = await call('GET', `/supervision/notices/${n.id}/document.docx`, officerA);
    expect(doc.status).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(doc.raw);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain(n.documentNumber);
    expect(n.documentNumber).toMatch(/^督办〔2014〕\d+号$/);
    expect(text).toContain('督办甲单位：');
    expect(text).toContain('进展报告未按时报送');
    expect(text).toContain('办理时限');
    expect(text).toContain('联系人');
    // 22 pt title (二号小标宋) and 16 pt body (三号仿宋), in half-points.
    expect(xml).toContain('<w:sz w:val="44"/>');
    expect(xml).toContain('<w:sz w:val="32"/>');
    expect(xml).toContain('仿宋_GB2312');

    const xlsx = await call('GET', `/supervision/notices.xlsx?planId=${plan.planId}`, secretariat);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(1).value).toBe('文号');
    expect(sheet.getColumn(2).values).toContain('督办甲单位');
  });

  it('keeps settings per plan, refuses bad thresholds and a stale version', async () => {
    const url = `/plans/${plan.planId}/supervision/settings`;
    const got = await call<{ version: number; thresholds: unknown }>('GET', url, secretariat);
    expect(got.body).toMatchObject({ version: 0, thresholds: DEFAULT_THRESHOLDS });
    const bad = { ...DEFAULT_THRESHOLDS, reportMissing: { blue: 10, yellow: 5, red: 20 } };
    const refused = await call<{ code: string }>('PUT', url, secretariat, {
      thresholds: bad,
      recipients: [],
      version: 0,
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'SUPERVISION_SETTINGS_INVALID' } });
    const thresholds = { ...DEFAULT_THRESHOLDS, reportMissing: { blue: 1, yellow: 3, red: 5 } };
    const put = await call<{ version: number }>('PUT', url, secretariat, {
      thresholds,
      recipients: [],
      version: 0,
    });
    expect(put.body.version).toBe(1);
    expect((await call('PUT', url, secretariat, { thresholds, recipients: [], version: 0 })).status).toBe(
      409,
    );
    expect((await call('PUT', url, officerA, { thresholds, recipients: [], version: 1 })).status).toBe(403);
  });
});

describe(`the 联系人 of a plan's 督办通知单 on ${TEST_DB}`, () => {
  const documentText = async (noticeId: number) => {
    const doc = await call('GET', `/supervision/notices/${noticeId}/document.docx`, secretariat);
    expect(doc.status).toBe(200);
    const xml = await (await JSZip.loadAsync(doc.raw)).file('word/document.xml')!.async('string');
    return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  };
  /** The text of the paragraph under the document's 三、联系人 heading. */
  const contactLine = (text: string) => text.split('三、联系人')[1]!.slice(0, 40);

  it('names 督查秘书处 until set, then the configured person and telephone; left out keeps it, null clears it', async () => {
    const own = await planWithTasks(t.db, '督办联系人方案', ['联系人庚单位']);
    await approvedWorkPlan(t.db, own.planId, own.tasks[0]!, [
      { key: 'k', title: '建成平台', due: '2014-05-31' },
    ]);
    await call('POST', `/plans/${own.planId}/supervision/run`, secretariat, { asOf: '2014-06-20' });
    const list = await call<{ items: Notice[] }>(
      'GET',
      `/supervision/notices?planId=${own.planId}`,
      secretariat,
    );
    const noticeId = list.body.items[0]!.id;
    const url = `/plans/${own.planId}/supervision/settings`;

    const unset = await call<{ contact: unknown }>('GET', url, secretariat);
    expect(unset.body.contact).toBeNull();
    expect(contactLine(await documentText(noticeId))).toMatch(/^督查秘书处/);

    const contact = { name: '王晓梅', phone: '028-61881234' };
    const put = await call<{ contact: unknown; version: number }>('PUT', url, secretariat, {
      thresholds: DEFAULT_THRESHOLDS,
      recipients: [],
      contact,
      version: 0,
    });
    expect(put).toMatchObject({ status: 200, body: { contact, version: 1 } });
    expect((await call('GET', url, leader)).body.contact).toEqual(contact);
    const text = await documentText(noticeId);
    expect(contactLine(text)).toMatch(/^王晓梅，联系电话：028-61881234/);
    expect(text).not.toContain('三、联系人督查秘书处');

    // A caller that sends only thresholds and recipients (written before the contact existed) does not erase it.
    const kept = await call('PUT', url, secretariat, {
      thresholds: DEFAULT_THRESHOLDS,
      recipients: [],
      version: 1,
    });
    expect(kept.body.contact).toEqual(contact);
    // A blank name is refused; null returns the documents to 督查秘书处.
    const blank = await call('PUT', url, secretariat, {
      thresholds: DEFAULT_THRESHOLDS,
      recipients: [],
      contact: { name: '  ', phone: '028-61881234' },
      version: 2,
    });
    expect(blank.status).toBe(400);
    const cleared = await call('PUT', url, secretariat, {
      thresholds: DEFAULT_THRESHOLDS,
      recipients: [],
      contact: null,
      version: 2,
    });
    expect(cleared.body).toMatchObject({ contact: null, version: 3 });
    expect(contactLine(await documentText(noticeId))).toMatch(/^督查秘书处/);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'supervision_settings.update')
      .where('entity_id', '=', String(own.planId))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => (JSON.parse(a.after_json ?? '{}') as { contact: unknown }).contact)).toEqual([
      contact,
      contact,
      null,
    ]);
  });
});

describe(`the quiet-item rule on ${TEST_DB}`, () => {
  it('counts a note on the item as a sign of life: silence starts again from it', async () => {
    const { chinaDate } = await import('./runner.js');
    const { addDays } = await import('@luoshi/core');
    const today = chinaDate(Date.now());
    const quiet = await planWithTasks(t.db, '督办静默方案', ['静默戊单位']);
    const year = today.slice(0, 4);
    await reportCycle(t.db, quiet.planId, 'month', `${Number(year) - 1}-01`, `${year}-12`);
    const run = (asOf: string) =>
      call('POST', `/plans/${quiet.planId}/supervision/run`, secretariat, { asOf });
    const quietNotices = async () =>
      (
        await call<{ items: (Notice & { subjectDueOn: string })[] }>(
          'GET',
          `/supervision/notices?planId=${quiet.planId}&rule=no_update`,
          secretariat,
        )
      ).body.items.map((n) => n.subjectDueOn);
    await run(today);
    expect(await quietNotices()).toEqual([`${Number(year) - 1}-01-01`]);
    const note = await call('PATCH', `/plans/${quiet.planId}/nodes/${quiet.tasks[0]!.nodeId}`, secretariat, {
      note: '已电话督促，单位称本月底报送。',
    });
    expect(note.status).toBe(200);
    await run(addDays(today, 60));
    expect(await quietNotices()).toHaveLength(1);
    await run(addDays(today, 90));
    expect((await quietNotices()).sort()).toEqual([`${Number(year) - 1}-01-01`, today]);
  });
});

describe(`a plan whose reporting cycle is not set, on ${TEST_DB}`, () => {
  it('is chased on delivery’s default cycle (quarterly, the 5th working day), the one its screens show', async () => {
    const p = await planWithTasks(t.db, '默认周期方案', ['默认周期单位']);
    const { runSupervision } = await import('./runner.js');
    await runSupervision(t.db, p.planId, '2014-04-14', 'api', { userId: null, label: 'test' });
    const rows = await t.db
      .selectFrom('supervision_notices')
      .select(['subject', 'subject_due_on', 'unit_id'])
      .where('plan_id', '=', p.planId)
      .where('rule', '=', 'report_missing')
      .execute();
    // 2014-Q1: 1–4 April, 清明 on Monday 7 April, Tuesday 8 April the 5th working day.
    expect(rows).toEqual([{ subject: '2014-Q1', subject_due_on: '2014-04-08', unit_id: p.tasks[0]!.unitId }]);
  });
});

describe(`webhooks and e-mail on ${TEST_DB}`, () => {
  let server: http.Server;
  let base: string;
  const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  let flakyCalls = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        if (req.url?.startsWith('/flaky') && ++flakyCalls <= 2) {
          res.writeHead(500).end('busy');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends signed events, 企业微信 and 钉钉 robot messages after the commit, retrying a failing endpoint', async () => {
    const second = await planWithTasks(t.db, '督办推送方案', ['推送丙单位']);
    await approvedWorkPlan(t.db, second.planId, second.tasks[0]!, [
      { key: 'k', title: '建成平台', due: '2014-01-31' },
    ]);
    const mk = (name: string, path: string, format: string, secret: string | null) =>
      call<{ id: number }>('POST', '/webhooks', secretariat, {
        name,
        url: `${base}${path}`,
        format,
        secret,
        planId: second.planId,
      });
    const generic = await mk('通用', '/generic', 'generic', 'generic-secret');
    await mk('企业微信', '/wecom?key=abc', 'wecom', null);
    await mk('钉钉', '/dingtalk?access_token=t', 'dingtalk', 'SECding');
    const flaky = await mk('不稳定', '/flaky', 'generic', null);
    expect(generic.status).toBe(201);

    const run = await call('POST', `/plans/${second.planId}/supervision/run`, secretariat, {
      asOf: '2014-03-10',
    });
    expect(run.body).toMatchObject({ raised: 1 });
    await t.app.supervisionIdle();

    const g = received.find((r) => r.path === '/generic')!;
    const ts = g.headers['x-luoshi-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', 'generic-secret').update(`${ts}.${g.body}`).digest('hex')}`;
    expect(g.headers['x-luoshi-signature']).toBe(expected);
    expect(JSON.parse(g.body)).toMatchObject({
      event: 'raised',
      notice: { rule: 'milestone_overdue', unit: '推送丙单位', level: 'red' },
    });

    const w = received.find((r) => r.path.startsWith('/wecom'))!;
    const wecom = JSON.parse(w.body) as { msgtype: string; markdown: { content: string } };
    expect(wecom.msgtype).toBe('markdown');
    expect(wecom.markdown.content).toContain('<font color="warning">红色</font>');
    expect(wecom.markdown.content).toContain('推送丙单位');

    const d = received.find((r) => r.path.startsWith('/dingtalk'))!;
    const url = new URL(d.path, base);
    const stamp = Number(url.searchParams.get('timestamp'));
    expect(url.toString()).toBe(dingtalkSignedUrl(`${base}/dingtalk?access_token=t`, 'SECding', stamp));
    const sign = createHmac('sha256', 'SECding').update(`${stamp}\nSECding`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(sign);
    expect(JSON.parse(d.body)).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: expect.stringContaining('推送丙单位') },
    });

    const deliveries = await call<{ items: { status: string; attempts: number; responseStatus: number }[] }>(
      'GET',
      `/webhooks/${flaky.body.id}/deliveries`,
      secretariat,
    );
    expect(deliveries.body.items).toMatchObject([{ status: 'delivered', attempts: 3, responseStatus: 200 }]);
    expect(flakyCalls).toBe(3);
  });

  it('e-mails new notices to the unit’s and the secretariat’s addresses over SMTP', async () => {
    const mails: { from: string; to: string[]; data: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as AddressInfo).port;
    try {
      const third = await planWithTasks(t.db, '督办邮件方案', ['邮件丁单位']);
      await approvedWorkPlan(t.db, third.planId, third.tasks[0]!, [
        { key: 'k', title: '出台办法', due: '2014-05-31' },
      ]);
      // Reports from the second quarter (first due in July): the one notice of 3 June is the milestone's.
      await reportCycle(t.db, third.planId, 'quarter', '2014-Q2', '2014-Q4');
      const url = `/plans/${third.planId}/supervision/settings`;
      await call('PUT', url, secretariat, {
        thresholds: DEFAULT_THRESHOLDS,
        recipients: [
          { unitId: third.tasks[0]!.unitId, email: 'ding@example.gov.cn' },
          { unitId: null, email: 'dubanshi@example.gov.cn' },
          { unitId: plan.tasks[0]!.unitId, email: 'not-this-unit@example.gov.cn' },
        ],
        version: 0,
      });
      const { runSupervision } = await import('./runner.js');
      const r = await runSupervision(t.db, third.planId, '2014-06-03', 'api', {
        userId: null,
        label: 'test',
      });
      const sent = await emailNoticeEvents(
        t.db,
        { host: '127.0.0.1', port, secure: false, user: null, password: null, from: 'luoshi@example.gov.cn' },
        r.events,
        '2014-06-03',
      );
      expect(sent).toBe(1);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to.sort()).toEqual(['ding@example.gov.cn', 'dubanshi@example.gov.cn']);
      expect(mails[0]!.from).toBe('luoshi@example.gov.cn');
      expect(mails[0]!.data).toContain('Subject:');
    } finally {
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});
