import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  apiSession,
  DEMO_PASSWORD,
  inputOf,
  launchChromium,
  loginAs,
  pickDate,
  screenshot,
  startDemoServer,
  type RunningServer,
} from './harness.js';

/**
 * Delivery and supervision in the browser (issue 9), one loop on the demo's Chengdu plan: the 市商务局 officer writes
 * a work plan and the secretariat approves it; the officer reports with an evidence file (a second editor's save in
 * between is a conflict that keeps the officer's text); the secretariat runs supervision for a day after a report
 * was due, which raises a notice for the missing report; the officer signs for it and answers; the secretariat
 * verifies and closes it; the leader's count of open notices goes down by one.
 */

/** Waits for a condition in the page; the machine is shared, so a slow answer is not a failure. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 250 });

let server: RunningServer;
let browser: Browser;
let planId: number;

interface Page_<T> {
  items: T[];
  nextCursor: string | null;
}
interface WorkPlan {
  id: number;
  nodeId: number;
  status: string;
  baselineRevision: number | null;
}
interface Report {
  id: number;
  nodeId: number;
  period: string;
  status: string;
  version: number;
  progress: string;
  evidence: { fileName: string; size: number }[];
}
interface Notice {
  id: number;
  node: { id: number } | null;
  rule: string;
  state: string;
  subject: string;
  unit: { name: string };
}

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  const api = await apiSession(server.baseUrl, 'secretariat');
  planId = (await api.get<Page_<{ id: number }>>('/plans')).items[0]!.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The leader's count of open notices on the landing page (the dashboard). */
async function leaderCount(page: Page): Promise<number> {
  await page.goto(`${server.baseUrl}/`);
  await page.waitForURL(/\/plans\/\d+\/dashboard$/);
  const value = page.getByTestId('leader-open-count').locator('.ant-statistic-content-value');
  await value.waitFor();
  return Number((await value.innerText()).replace(/\D/g, ''));
}

let taskUrl = '';
let nodeId = 0;

describe('issue 9 in the browser', () => {
  it('the unit officer lands on the unit workspace and opens a task it leads', async () => {
    const page = await loginAs(browser, server.baseUrl, 'officer');
    await page.waitForURL('**/workspace');
    await poll(() => page.getByTestId('workspace-title').innerText()).toContain('市商务局');
    const rows = page.getByTestId('workspace-tasks').locator('tbody tr.ant-table-row', { hasText: '牵头' });
    await poll(() => rows.count()).toBeGreaterThan(0);
    // The reports it owes are listed with their working-day due dates.
    await poll(() => page.getByTestId('report-due').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('report-due').first().innerText()).toMatch(/截止\d{4}-\d{2}-\d{2}/);
    await screenshot(page, 'issue9-01-workspace');

    const phone = await loginAs(browser, server.baseUrl, 'officer', { width: 360, height: 740 });
    await phone.waitForURL('**/workspace');
    await phone.getByTestId('workspace-tasks').locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot(phone, 'issue9-02-workspace-phone');
    // On a phone the navigation opens from the header: its button stays clear of the page's title.
    const menuButton = await phone.getByTestId('nav-open').boundingBox();
    const title = await phone.getByTestId('workspace-title').boundingBox();
    expect(menuButton && title && menuButton.y + menuButton.height <= title.y).toBe(true);
    expect(await phone.getByTestId('nav').isVisible()).toBe(false);
    await phone.getByTestId('nav-open').click();
    await phone.getByTestId('nav').getByText('方案', { exact: true }).click();
    await phone.waitForURL('**/plans');
    await poll(() => phone.getByTestId('nav').isVisible()).toBe(false);
    // The plans table scrolls sideways rather than squeeze a title to a character a line.
    const nameCell = phone.locator('tbody tr.ant-table-row td').first();
    await poll(async () => (await nameCell.boundingBox())?.width ?? 0).toBeGreaterThan(150);
    await screenshot(phone, 'issue9-02-plans-phone');
    await phone.context().close();

    await rows.nth(1).getByTestId('task-link').click();
    await page.waitForURL(/\/plans\/\d+\/tasks\/\d+$/);
    await page.getByTestId('task-page').waitFor();
    await poll(() => page.getByTestId('task-title').innerText()).not.toBe('');
    await screenshot(page, 'issue9-02b-task');
    await page.context().close();
  });

  it('the secretariat makes 市商务局 a lead unit of a further task (one without its work plan)', async () => {
    // The demo may carry example work plans for every task a unit leads already; a newly assigned task has none.
    const secretariat = await sessionOf('secretariat');
    const officer = await sessionOf('officer');
    const me = (await officer.json('GET', '/auth/me')) as { user: { unitId: number } };
    interface Node {
      id: number;
      kind: string;
      leadUnits: { id: number }[];
      supportUnits: { id: number }[];
      children: Node[];
    }
    const plan = (await secretariat.json('GET', `/plans/${planId}`)) as { nodes: Node[] };
    const flat = (ns: Node[]): Node[] => ns.flatMap((n) => [n, ...flat(n.children)]);
    const node = flat(plan.nodes).find(
      (n) =>
        n.kind !== 'section' &&
        n.leadUnits.length > 0 &&
        ![...n.leadUnits, ...n.supportUnits].some((u) => u.id === me.user.unitId),
    )!;
    expect(node).toBeDefined();
    await secretariat.json('PATCH', `/plans/${planId}/nodes/${node.id}`, {
      leadUnitIds: [...node.leadUnits.map((u) => u.id), me.user.unitId],
    });
    nodeId = node.id;
    taskUrl = `${server.baseUrl}/plans/${planId}/tasks/${nodeId}`;
  });

  it('the officer writes a work plan and the secretariat approves it from the review queue', async () => {
    const page = await loginAs(browser, server.baseUrl, 'officer');
    await page.goto(taskUrl);
    await page.getByTestId('work-plan-write').click();
    const editor = page.getByTestId('work-plan-editor');
    await editor.getByTestId('milestone-add').click();
    const rows = editor.getByTestId('milestone-row');
    await rows.nth(0).getByTestId('milestone-title').fill('制定移动电子商务平台建设方案');
    await pickDate(inputOf(rows.nth(0), 'milestone-due'), '2013-06-30');
    await rows.nth(0).getByTestId('milestone-deliverable').fill('建设方案（报市政府审定）');
    await rows.nth(1).getByTestId('milestone-title').fill('平台上线运行');
    await pickDate(inputOf(rows.nth(1), 'milestone-due'), '2014-06-30');
    await rows.nth(1).getByTestId('milestone-deliverable').fill('平台上线运行报告');
    await inputOf(rows.nth(1), 'milestone-weight').fill('3');
    await screenshot(page, 'issue9-03-work-plan-editor', { fullPage: false });
    await editor.getByTestId('work-plan-submit').click();
    await poll(() => page.getByTestId('work-plan').getAttribute('data-status')).toBe('submitted');
    await screenshot(page, 'issue9-04-work-plan-submitted');
    await page.context().close();

    const secretariat = await loginAs(browser, server.baseUrl, 'secretariat');
    await secretariat.goto(`${server.baseUrl}/queue`);
    await secretariat.getByTestId('queue-plans').waitFor();
    await screenshot(secretariat, 'issue9-05-review-queue');
    const row = secretariat.getByTestId('queue-plans').locator('tbody tr.ant-table-row');
    await poll(() => row.count()).toBe(1);
    await screenshot(secretariat, 'issue9-05-review-queue');
    await row.getByTestId('queue-open-plan').click();
    const modal = secretariat.getByTestId('queue-plan-modal');
    await modal.getByTestId('milestones').waitFor();
    expect(await modal.getByTestId('milestones').innerText()).toContain('平台上线运行');
    await modal.getByTestId('review-approve').click();
    await secretariat.getByTestId('review-modal').getByTestId('review-comment-input').fill('同意。');
    await screenshot(secretariat, 'issue9-06-approve', { fullPage: false });
    await secretariat.getByTestId('review-confirm').click();
    await poll(() => row.count()).toBe(0);
    await secretariat.context().close();

    const api = await apiSession(server.baseUrl, 'officer');
    const plans = await api.get<Page_<WorkPlan>>(`/work-plans?nodeId=${nodeId}`);
    expect(plans.items).toHaveLength(1);
    expect(plans.items[0]!.status).toBe('approved');
    expect(plans.items[0]!.baselineRevision).toBe(1);
  });

  it('a change to the approved plan is a change request with its reason; the baseline stays visible', async () => {
    const page = await loginAs(browser, server.baseUrl, 'officer');
    await page.goto(taskUrl);
    await page.getByTestId('work-plan-change').click();
    const rows = page.getByTestId('milestone-row');
    await rows.nth(1).getByTestId('milestone-title').waitFor();
    await pickDate(inputOf(rows.nth(1), 'milestone-due'), '2014-09-30');
    await page.getByTestId('change-reason-input').fill('平台招标因采购程序调整顺延，上线时间相应推迟3个月。');
    await page.getByTestId('work-plan-submit').click();
    await poll(() => page.getByTestId('work-plan').getAttribute('data-status')).toBe('submitted');
    await page.context().close();

    const secretariat = await loginAs(browser, server.baseUrl, 'secretariat');
    await secretariat.goto(`${server.baseUrl}/queue`);
    await secretariat.getByTestId('queue-tab-changes').click();
    const row = secretariat.getByTestId('queue-changes').locator('tbody tr.ant-table-row');
    await poll(() => row.count()).toBe(1);
    await row.getByTestId('queue-open-plan').click();
    const modal = secretariat.getByTestId('queue-plan-modal');
    await modal.getByTestId('change-reason').waitFor();
    expect(await modal.getByTestId('moved-date').innerText()).toMatch(/2014-06-30\s*2014-09-30/);
    await screenshot(secretariat, 'issue9-06b-change-request', { fullPage: false });
    await modal.getByTestId('review-approve').click();
    await secretariat.getByTestId('review-confirm').click();
    await poll(() => row.count()).toBe(0);
    await secretariat.context().close();

    const api = await apiSession(server.baseUrl, 'officer');
    const plan = (await api.get<Page_<WorkPlan>>(`/work-plans?nodeId=${nodeId}`)).items[0]!;
    expect(plan.baselineRevision).toBe(2);
  });

  it('the officer reports with an evidence file; a save in between is a conflict that keeps the text', async () => {
    const page = await loginAs(browser, server.baseUrl, 'officer');
    await page.goto(taskUrl);
    await page.getByTestId('tab-reports').click();
    const q1 = page.getByTestId('task-reports').locator('tbody tr', { hasText: '2013-Q1' });
    await q1.getByTestId('report-write').click();
    const editor = page.getByTestId('report-editor');
    await editor.waitFor();
    expect(await editor.getByTestId('report-due').innerText()).toBe('2013-04-08');

    // Someone else saves the report first (the API, as a second browser would).
    const api = await apiSession(server.baseUrl, 'officer');
    const report = (await api.get<Page_<Report>>(`/progress-reports?nodeId=${nodeId}`)).items[0]!;
    const colleague = await sessionOf('officer');
    await colleague.json('PUT', `/progress-reports/${report.id}`, {
      version: report.version,
      progress: '同事先行填写的进展情况',
      problems: '',
      nextSteps: '',
      milestones: [],
    });

    const mine = '已完成移动电子商务平台建设方案编制，经市政府常务会审定印发。';
    await editor.getByTestId('report-progress').fill(mine);
    await editor.getByTestId('report-problems').fill('平台运营主体尚未最终确定。');
    await editor.getByTestId('report-next-steps').fill('6月底前完成平台招标。');
    await inputOf(editor, 'report-percent').fill('30');
    await editor.getByTestId('report-save').click();
    const conflict = editor.getByTestId('report-conflict');
    await conflict.waitFor();
    expect(await conflict.getByTestId('report-conflict-current').innerText()).toContain(
      '同事先行填写的进展情况',
    );
    expect(await editor.getByTestId('report-progress').inputValue()).toBe(mine);
    await screenshot(page, 'issue9-07-report-conflict', { fullPage: false });
    await conflict.getByTestId('conflict-keep-mine').click();

    await editor.getByTestId('report-milestone-state').first().click();
    await page.locator('.ant-select-item-option', { hasText: '已完成' }).click();
    const chooser = page.waitForEvent('filechooser');
    await editor.getByRole('button', { name: '上传佐证材料' }).click();
    await (
      await chooser
    ).setFiles({
      name: '平台建设方案.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await poll(() => editor.getByTestId('evidence-link').count()).toBe(1);
    await screenshot(page, 'issue9-08-report-form', { fullPage: false });
    await editor.getByTestId('report-submit').click();
    await poll(() => editor.getByTestId('reportStatus-tag').first().getAttribute('data-status')).toBe(
      'submitted',
    );

    const stored = await api.get<Report>(`/progress-reports/${report.id}`);
    expect(stored.status).toBe('submitted');
    expect(stored.progress).toBe(mine);
    expect(stored.evidence.map((e) => e.fileName)).toEqual(['平台建设方案.pdf']);

    await page.goto(taskUrl);
    await page.getByTestId('tab-evidence').click();
    const link = page.getByTestId('evidence-download');
    await poll(() => link.count()).toBe(1);
    const download = page.waitForEvent('download');
    await link.click();
    expect((await download).suggestedFilename()).toBe('平台建设方案.pdf');
    await screenshot(page, 'issue9-09-evidence');
    await page.context().close();
  });

  let before = 0;
  it('a supervision run for a day after a due date raises a notice for the missing report', async () => {
    const leader = await loginAs(browser, server.baseUrl, 'leader');
    before = await leaderCount(leader);

    const page = await loginAs(browser, server.baseUrl, 'secretariat');
    await page.goto(`${server.baseUrl}/supervision`);
    // The secretariat confirms the plan's reporting cycle (quarterly, due on the 5th working day after each quarter).
    await page.getByTestId('cycle-save').click();
    await page.getByText('报送周期已保存').waitFor();
    await pickDate(inputOf(page, 'supervision-as-of'), '2013-07-12');
    await page.getByTestId('supervision-run-button').click();
    await page.getByText(/已按2013-07-12运行督办规则/).waitFor();
    await poll(() =>
      page.getByTestId('board-table').locator('tbody tr.ant-table-row').count(),
    ).toBeGreaterThan(1);
    await screenshot(page, 'issue9-10-supervision-board', { fullPage: false });
    await page.context().close();

    const api = await apiSession(server.baseUrl, 'officer');
    const inbox = await api.get<Page_<Notice>>('/supervision/inbox?limit=200');
    // The Q1 report was sent after that day, so on 2013-07-12 both Q1 and Q2 were missing.
    const missing = inbox.items
      .filter((n) => n.node?.id === nodeId && n.rule === 'report_missing')
      .map((n) => n.subject);
    expect(
      missing.some((s) => s.includes('2013-Q2')),
      missing.join(),
    ).toBe(true);

    const after = await leaderCount(leader);
    expect(after).toBeGreaterThan(before);
    before = after;
    await screenshot(leader, 'issue9-11-leader-dashboard');
    await leader.context().close();
  });

  it('the officer signs for the notice and answers it; the secretariat verifies and closes it', async () => {
    const page = await loginAs(browser, server.baseUrl, 'officer');
    await page.goto(taskUrl);
    await page.getByTestId('tab-notices').click();
    const row = page.getByTestId('task-notices').locator('tbody tr.ant-table-row', { hasText: '2013-Q2' });
    await row.getByTestId('notice-open').click();
    const drawer = page.getByTestId('notice-drawer');
    await drawer.getByTestId('notice-action-sign').click();
    await drawer.getByTestId('notice-action-start').click();
    await drawer.getByTestId('notice-text').fill('已于7月15日补报2013年第二季度进展报告，今后将按时报送。');
    await screenshot(page, 'issue9-12-notice-reply', { fullPage: false });
    await drawer.getByTestId('notice-action-reply').click();
    await poll(() => drawer.getByTestId('notice-state').getAttribute('data-state')).toBe('replied');
    expect(await drawer.getByTestId('notice-reply').innerText()).toContain('补报');
    await page.context().close();

    const secretariat = await loginAs(browser, server.baseUrl, 'secretariat');
    await secretariat.goto(`${server.baseUrl}/supervision`);
    await secretariat.getByTestId('notice-table').locator('tbody tr.ant-table-row').first().waitFor();
    await secretariat.getByTestId('filter-state').click();
    await secretariat.locator('.ant-select-item-option', { hasText: '已回复' }).click();
    await poll(() => secretariat.getByTestId('filter-state').innerText()).toContain('已回复');
    const replied = secretariat.getByTestId('notice-table').locator('tbody tr.ant-table-row');
    await poll(() => replied.count()).toBe(1);
    await replied.getByTestId('notice-open').click();
    const drawer2 = secretariat.getByTestId('notice-drawer');
    await drawer2.getByTestId('notice-action-verify').click();
    await drawer2.getByTestId('notice-action-close').click();
    await poll(() => drawer2.getByTestId('notice-state').getAttribute('data-state')).toBe('closed');
    const history = await drawer2.getByTestId('notice-history').innerText();
    for (const step of ['签收', '开始办理', '回复办理情况', '核实', '办结']) expect(history).toContain(step);
    await screenshot(secretariat, 'issue9-13-notice-closed', { fullPage: false });
    const word = secretariat.waitForEvent('download');
    await drawer2.getByTestId('notice-word-download').click();
    expect((await word).suggestedFilename()).toMatch(/\.docx$/);
    await secretariat.context().close();

    const leader = await loginAs(browser, server.baseUrl, 'leader');
    expect(await leaderCount(leader)).toBe(before - 1);
    await screenshot(leader, 'issue9-14-leader-after');
    await leader.context().close();
  });

  it('the plan tree shows progress and a light per item', async () => {
    const page = await loginAs(browser, server.baseUrl, 'secretariat');
    await page.goto(`${server.baseUrl}/plans/${planId}`);
    const cell = page.getByTestId('plan-tasks').locator(`a[href$="/tasks/${nodeId}"]`);
    await cell.waitFor();
    expect(await cell.getByTestId('delivery-light').getAttribute('data-light')).not.toBe('grey');
    await screenshot(page, 'issue9-15-plan-tree', { fullPage: false });
    await page.context().close();
  });
});

/** A fresh API session of a demo account, for the steps a test takes behind the browser's back. */
async function sessionOf(username: string) {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    async json(method: string, url: string, body?: unknown): Promise<unknown> {
      const response = await fetch(`${server.baseUrl}/api/v1${url}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
      return response.json();
    },
  };
}
