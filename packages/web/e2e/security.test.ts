import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, launchChromium, startDemoServer, type RunningServer } from './harness.js';

/**
 * The app in a real browser under its Content-Security-Policy: every page loads and works with no violation
 * (no inline script, nothing blocked), /api/docs too; no other page can frame it; and every export button
 * writes formula-like text as text.
 */
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** CSP violations seen, from the page's own event and from the console. */
const violations: string[] = [];

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** Formula-like values seeded into every kind of record an export shows. */
const F = {
  unit: '=HYPERLINK("http://example.invalid","单位")',
  plan: '+恶意方案标题',
  node: '=1+2任务',
  indicator: '@SUM(1,1)指标',
  user: '-恶意用户',
  token: '@令牌',
  actor: '@ops',
  draftFile: '=draft.txt',
  draftUnit: '=恶意单位',
};

/** A logged-in API client for seeding (cookie + CSRF), with any method. */
async function api(username: string, password = DEMO_PASSWORD) {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.baseUrl}/api/v1${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? null : await res.json()) as T;
  };
}

interface PlanDetail {
  id: number;
  nodes: { id: number; children: { id: number }[] }[];
  targets: {
    id: number;
    indicator: string;
    comparator: string;
    value: number;
    unit: string;
    deadlineYear: number | null;
    cumulative: boolean;
  }[];
}

let planId: number;
let unitId: number;
let draftId: number;

/** Seeds formula-like text into a unit, the plan, an item, a target, a user, a token, the audit log and a draft. */
async function seed(): Promise<void> {
  const admin = await api('admin');
  const [summary] = (await admin<{ items: { id: number }[] }>('GET', '/plans')).items;
  planId = summary!.id;
  const plan = await admin<PlanDetail>('GET', `/plans/${planId}`);
  unitId = (await admin<{ id: number }>('POST', '/units', { name: F.unit })).id;
  await admin('PATCH', `/plans/${planId}`, { title: F.plan, published: true });
  const node = plan.nodes[0]!.children[0]!;
  await admin('PATCH', `/plans/${planId}/nodes/${node.id}`, { title: F.node, leadUnitIds: [unitId] });
  const { id: targetId, comparator, value, unit, deadlineYear, cumulative } = plan.targets[0]!;
  await admin('PUT', `/plans/${planId}/targets/${targetId}`, {
    indicator: F.indicator,
    comparator,
    value,
    unit,
    deadlineYear,
    cumulative,
  });
  await admin('POST', '/users', {
    username: F.actor,
    displayName: F.user,
    role: 'admin',
    password: 'ops password 1',
  });
  const ops = await api(F.actor, 'ops password 1');
  await ops('POST', '/tokens', { name: F.token });
  const draft = await ops<{ id: number }>('POST', '/imports', {
    text: '测试方案\n一、主要任务\n（一）第一项任务。到2015年，交易额突破100亿元。（牵头单位：市商务局）\n',
    fileName: F.draftFile,
  });
  draftId = draft.id;
  await ops('PATCH', `/imports/${draftId}/nodes/0.0`, { leadUnits: [F.draftUnit] });
  await ops('PUT', `/imports/${draftId}/targets/0`, {
    indicator: F.indicator,
    comparator: '>',
    value: 1e10,
    unit: '元',
    deadlineYear: 2015,
    cumulative: false,
  });
}

beforeAll(async () => {
  server = await startDemoServer();
  await seed();
  browser = await launchChromium();
  context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page = await context.newPage();
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to (load|execute|apply|frame|connect)/i.test(msg.text()))
      violations.push(`console: ${msg.text()}`);
  });
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill(F.actor);
  await page.getByLabel('密码').fill('ops password 1');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The violations the page recorded since it loaded, plus the console's. */
async function pageViolations(): Promise<string[]> {
  const own = await page.evaluate(() => window.__cspViolations ?? []);
  return [...own, ...violations];
}

/** The pages an admin can open, each with every export button on it (tabs included). */
const PAGES = () => [
  '/plans',
  `/plans/${planId}`,
  '/import',
  `/imports/${draftId}`,
  '/units',
  `/units/${unitId}`,
  '/audit',
  '/users',
  '/tokens',
  '/public',
  `/public/plans/${planId}`,
];

/** Every cell of a workbook as [type, value]. */
async function cellsOf(path: string): Promise<ExcelJS.Cell[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const cells: ExcelJS.Cell[] = [];
  for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
  return cells;
}

describe('under the Content-Security-Policy', () => {
  const exportsSeen: { where: string; cells: ExcelJS.Cell[] }[] = [];

  it('loads and works on every page with no violation, and every export writes formula-like text as text', async () => {
    for (const path of PAGES()) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.waitForLoadState('networkidle');
      // Each of these pages shows an export button, or tabs holding them, once its data is there.
      await page
        .getByTestId('export-xlsx')
        .or(page.getByRole('tab'))
        .first()
        .waitFor()
        .catch((err: unknown) => {
          throw new Error(`${path}: no export button or tab (${String(err)})`);
        });
      const tabs = page.getByRole('tab');
      const tabCount = await tabs.count();
      for (let i = 0; i < Math.max(1, tabCount); i++) {
        if (tabCount > 0) {
          await tabs.nth(i).click();
          await expect.poll(() => tabs.nth(i).getAttribute('aria-selected')).toBe('true');
          await page.waitForLoadState('networkidle');
        }
        const buttons = page.getByTestId('export-xlsx').filter({ visible: true });
        for (let b = 0; b < (await buttons.count()); b++) {
          const [download] = await Promise.all([page.waitForEvent('download'), buttons.nth(b).click()]);
          const where = `${path}${tabCount > 0 ? ` tab ${i}` : ''} #${b}`;
          exportsSeen.push({ where, cells: await cellsOf(await download.path()) });
        }
      }
      expect(await pageViolations(), path).toEqual([]);
    }

    // Every export button of every page was pressed (13 in the app, a few shown on two pages).
    expect(exportsSeen.length, exportsSeen.map((e) => e.where).join('\n')).toBeGreaterThanOrEqual(13);
    console.log(`exports checked: ${exportsSeen.length} (${exportsSeen.map((e) => e.where).join(', ')})`);
    const problems: string[] = [];
    for (const { where, cells } of exportsSeen) {
      for (const cell of cells) {
        if (cell.type === ExcelJS.ValueType.Formula) problems.push(`${where}: formula ${cell.address}`);
        if (typeof cell.value === 'string' && /^[=+\-@\t\r]/.test(cell.value))
          problems.push(`${where}: ${cell.address} begins like a formula: ${cell.value}`);
      }
    }
    expect(problems).toEqual([]);
    // The seeded values did reach the exports, neutralised.
    const texts = new Set(exportsSeen.flatMap((e) => e.cells.map((c) => c.text)));
    for (const value of Object.values(F))
      expect(texts.has(`'${value}`), `'${value} in some export`).toBe(true);
  });

  it('shows the API reference (/api/docs) with no violation', async () => {
    violations.length = 0;
    await page.goto(`${server.baseUrl}/api/docs`);
    await page.getByText('Luoshi (落实) API').first().waitFor();
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(30);
    expect(await pageViolations()).toEqual([]);
  });

  it('cannot be framed by another page', async () => {
    const other = await context.newPage();
    const refused = other.waitForEvent('console', { predicate: (msg) => /frame-ancestors/.test(msg.text()) });
    await other.setContent(`<iframe src="${server.baseUrl}/login" width="800" height="600"></iframe>`);
    await refused;
    const frame = other.frames().find((f) => f !== other.mainFrame());
    // The frame holds the browser's error page, never the app.
    expect(frame).toBeDefined();
    expect(await frame!.locator('#root').count()).toBe(0);
    await other.close();
  });
});
