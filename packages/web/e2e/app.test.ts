import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  apiSession,
  DEMO_PASSWORD,
  launchChromium,
  readFixture,
  screenshot,
  startDemoServer,
  type RunningServer,
} from './harness.js';

const CHENGDU = readFixture('chengdu-ecommerce-plan-2013-2015.txt');

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: Awaited<ReturnType<typeof apiSession>>;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  api = await apiSession(server.baseUrl, 'secretariat');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(username: string, password: string): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page
    .getByRole('button', { name: '登 录' })
    .or(page.getByRole('button', { name: '登录' }))
    .click();
}

async function storedCounts() {
  const [imports, plans] = await Promise.all([
    api.get<{ items: unknown[] }>('/imports?limit=200'),
    api.get<{ items: unknown[] }>('/plans?limit=200'),
  ]);
  return { imports: imports.items.length, plans: plans.items.length };
}

describe('the browser has a CJK font', () => {
  it('renders two different Chinese characters differently', async () => {
    const scratch = await browser.newPage();
    await scratch.setContent(
      '<span id="a" style="font-size:48px">落</span> <span id="b" style="font-size:48px">实</span>',
    );
    const a = await scratch.locator('#a').screenshot();
    const b = await scratch.locator('#b').screenshot();
    await scratch.close();
    expect(a.equals(b)).toBe(false);
  });
});

describe('login', () => {
  it("tells the user a password is wrong, in the server's words, and opens no session", async () => {
    const expected = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'secretariat', password: 'not-the-password' }),
    }).then((r) => r.json() as Promise<{ code: string; message: { zh: string } }>);
    expect(expected.code).toBe('LOGIN_FAILED');

    await logIn('secretariat', 'wrong-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.innerText()).toContain(expected.message.zh);
    await screenshot(page, '01-login-wrong-password');
    const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status));
    expect(me).toBe(401);
  });

  it('lets the secretariat in and shows the navigation of the role', async () => {
    await logIn('secretariat', DEMO_PASSWORD);
    await page.waitForURL('**/plans');
    const nav = page.getByTestId('nav');
    await nav.getByText('导入方案').waitFor();
    expect(await nav.innerText()).toContain('操作日志');
    expect(await nav.innerText()).not.toContain('用户');
    await screenshot(page, '02-plans-after-login');
  });
});

describe('the audit log page', () => {
  it('shows the audit chain head that the API gives, to be recorded for a later verify', async () => {
    const head = await api.get<{ rows: number; hash: string }>('/audit/head');
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
    await page.goto(`${server.baseUrl}/audit`);
    const note = page.getByTestId('audit-head');
    await note.getByText(head.hash).waitFor();
    expect(await note.innerText()).toContain(`共 ${head.rows} 条记录`);
    expect(await note.innerText()).toContain('luoshi audit verify --expect-head');
  });
});

describe('documents that are not plans', () => {
  it('says so for an empty file and stores nothing', async () => {
    const before = await storedCounts();
    await page.goto(`${server.baseUrl}/import`);
    await page.getByRole('tab', { name: '上传文件' }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    const error = page.getByTestId('import-error');
    await error.waitFor();
    const shown = await error.innerText();
    await screenshot(page, '03-import-empty-file');
    expect(await storedCounts()).toEqual(before);

    const expected = await api.upload('/imports', 'empty.txt', new Uint8Array(0));
    expect(expected.status).toBe(422);
    expect(expected.body.code).toBe('NOT_A_PLAN');
    expect(shown).toContain(expected.body.message.zh);
    expect(await storedCounts()).toEqual(before);
  });

  it('says so for a text with nothing plan-like and stores nothing', async () => {
    const before = await storedCounts();
    await page.goto(`${server.baseUrl}/import`);
    await page.getByTestId('import-text').fill('今天天气晴朗，我们去公园散步，傍晚回家吃饭。');
    await page.getByTestId('import-submit').click();
    const error = page.getByTestId('import-error');
    await error.waitFor();
    const text = await error.innerText();
    const expected = await api.post('/imports', { text: '今天天气晴朗，我们去公园散步，傍晚回家吃饭。' });
    expect(expected.body.code).toBe('NOT_A_PLAN');
    expect(text).toContain(expected.body.message.zh);
    expect(page.url()).toMatch(/\/import$/);
    await screenshot(page, '04-import-not-a-plan');
    expect(await storedCounts()).toEqual(before);
  });
});

describe('discarding a draft', () => {
  it('removes the draft and leaves the plans as they were', async () => {
    const before = await storedCounts();
    await page.goto(`${server.baseUrl}/import`);
    await page.getByTestId('import-text').fill(CHENGDU);
    await page.getByTestId('import-submit').click();
    await page.waitForURL(/\/imports\/\d+$/);
    expect((await storedCounts()).imports).toBe(before.imports + 1);
    await page.getByTestId('review-discard').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.waitForURL(/\/import$/);
    await page.getByText('草稿已放弃').waitFor();
    await screenshot(page, '04b-draft-discarded');
    expect(await storedCounts()).toEqual(before);
  });
});

describe('the secretariat imports the Chengdu plan', () => {
  let planId: number;
  let correctedTitle: string;
  const NEW_LEAD = '市科技局';

  it('pastes the text and sees 25 tasks with lead units and 7 targets in the review', async () => {
    await page.goto(`${server.baseUrl}/import`);
    await page.getByTestId('import-text').fill(CHENGDU);
    await screenshot(page, '05-import-pasted');
    await page.getByTestId('import-submit').click();
    await page.waitForURL(/\/imports\/\d+$/);
    await page.getByTestId('draft-tree').waitFor();
    expect(await page.locator('[data-testid=draft-node][data-has-lead=true]').count()).toBe(25);
    expect(await page.getByTestId('stat-tasks-with-lead').innerText()).toContain('25');
    await screenshot(page, '06-review-tree');

    await page.getByRole('tab', { name: /发展目标/ }).click();
    expect(await page.locator('[data-testid=draft-targets] tbody tr.ant-table-row').count()).toBe(7);
    expect(await page.getByTestId('draft-targets').innerText()).toContain('6000亿元');
    await screenshot(page, '07-review-targets');

    await page.getByRole('tab', { name: /单位对照/ }).click();
    await page.getByTestId('unit-resolution').waitFor();
    await screenshot(page, '08-review-units');
  });

  it('selects a task, sees its source highlighted, and corrects its lead unit', async () => {
    await page.getByRole('tab', { name: '识别结果' }).click();
    const task = page.locator('[data-testid=draft-node][data-has-lead=true]').first();
    const leadsBefore = await task.locator('[data-testid=draft-lead-unit]').allInnerTexts();
    await task.click();
    const highlight = page.getByTestId('source-highlight');
    await highlight.waitFor();
    const titleInput = page.getByTestId('node-editor').getByLabel('标题');
    correctedTitle = (await titleInput.inputValue()).trim();
    expect(await highlight.innerText()).toContain(correctedTitle);

    // Replace the lead units with one the importer did not see: tags mode drops the last tag on Backspace.
    const leadSelect = page.getByTestId('node-editor').getByLabel('牵头单位');
    await leadSelect.click();
    for (let i = 0; i < leadsBefore.length; i += 1) await page.keyboard.press('Backspace');
    await page.keyboard.type(NEW_LEAD);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await screenshot(page, '09-review-edit-lead');
    await page.getByTestId('node-save').click();
    await page.getByText('已保存').waitFor();
    await expect
      .poll(() => task.locator('[data-testid=draft-lead-unit]').allInnerTexts())
      .toEqual([NEW_LEAD]);
    await screenshot(page, '10-review-lead-corrected');

    const importId = Number(/\/imports\/(\d+)/.exec(page.url())![1]);
    interface StoredNode {
      title: string;
      leadUnits: string[];
      children: StoredNode[];
    }
    const stored = await api.get<{ draft: { nodes: StoredNode[] } }>(`/imports/${importId}`);
    const find = (nodes: StoredNode[]): StoredNode | undefined =>
      nodes.map((n) => (n.title === correctedTitle ? n : find(n.children))).find(Boolean);
    expect(find(stored.draft.nodes)?.leadUnits).toEqual([NEW_LEAD]);
  });

  it('confirms the draft and lands on the plan page', async () => {
    await page.getByTestId('review-confirm').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.waitForURL(/\/plans\/\d+$/);
    planId = Number(/\/plans\/(\d+)/.exec(page.url())![1]);
    await page.getByTestId('plan-tasks').waitFor();
    expect(await page.getByTestId('plan-tasks').innerText()).toContain(correctedTitle);
    await screenshot(page, '11-plan-tasks');
    // On a 1280 px screen the titles keep a readable width beside the fixed columns (they had been squeezed to a
    // character a line).
    await page.setViewportSize({ width: 1280, height: 800 });
    const titleCell = page
      .getByTestId('plan-tasks')
      .locator('tbody tr.ant-table-row')
      .first()
      .locator('td')
      .nth(1);
    await expect.poll(async () => (await titleCell.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(170);
    await screenshot(page, '11-plan-tasks-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('tab', { name: /发展目标/ }).click();
    expect(await page.locator('[data-testid=plan-targets] tbody tr.ant-table-row').count()).toBe(7);
    await screenshot(page, '12-plan-targets');
    await page.getByRole('tab', { name: '单位分工' }).click();
    await page.getByTestId('plan-units').getByText(NEW_LEAD).waitFor();
    await screenshot(page, '13-plan-units');
    const plan = await api.get<{ title: string }>(`/plans/${planId}`);
    expect(plan.title.length).toBeGreaterThan(0);
  });

  it('exports the targets table to an Excel workbook with the rows shown', async () => {
    await page.getByRole('tab', { name: /发展目标/ }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('tabpanel').getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(1 + 7);
    expect(rows[0]).toContain('指标');
    const cells = rows.slice(1).map((row) => row.join('|'));
    expect(cells.some((row) => row.includes('电子商务交易额') && row.includes('6000亿元'))).toBe(true);
  });

  it("finds the corrected task on the unit's page", async () => {
    await page.goto(`${server.baseUrl}/units`);
    await page.getByPlaceholder('搜索单位').fill(NEW_LEAD);
    await page.getByTestId('units-table').getByRole('link', { name: NEW_LEAD, exact: true }).click();
    await page.waitForURL(/\/units\/\d+$/);
    expect(await page.getByTestId('unit-name').innerText()).toBe(NEW_LEAD);
    const tasks = page.getByTestId('unit-tasks');
    await tasks.getByText(correctedTitle).waitFor();
    expect(await tasks.innerText()).toContain('牵头');
    await screenshot(page, '14-unit-page');
  });

  it('switches to English, and the choice survives a reload', async () => {
    const navBefore = await page.getByTestId('nav').innerText();
    expect(navBefore).toContain('方案');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByTestId('nav').getByText('Plans').waitFor();
    const navAfter = await page.getByTestId('nav').innerText();
    expect(navAfter).toContain('Units');
    expect(navAfter).not.toContain('方案');
    expect(await page.getByTestId('unit-tasks').innerText()).toContain('Lead');
    await screenshot(page, '15-unit-page-english');
    await page.reload();
    await page.getByTestId('nav').getByText('Import a plan').waitFor();
    await page.goto(`${server.baseUrl}/plans/${planId}`);
    await page.getByTestId('plan-tasks').waitFor();
    expect(await page.getByRole('tab', { name: /Targets/ }).count()).toBe(1);
    await screenshot(page, '16-plan-english');
    // Figures are written the English way too: 6000亿元 reads "600 billion yuan", 500万户 "5 million
    // households" (the quoted source keeps its words).
    await page.getByRole('tab', { name: /Targets/ }).click();
    const targetsText = await page.getByTestId('plan-targets').innerText();
    expect(targetsText).toContain('600 billion yuan');
    expect(targetsText).toContain('5 million households');
    await screenshot(page, '16b-plan-targets-english');
  });

  it('sends a user whose session has ended back to the login page, saying why', async () => {
    await context.clearCookies();
    await page.getByTestId('nav').getByText('Units').click();
    await page.waitForURL('**/login');
    await page.getByText('Your session has ended; please log in again').waitFor();
    await screenshot(page, '17-session-ended');
  });
});
