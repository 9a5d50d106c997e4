import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  apiSession,
  DEMO_PASSWORD,
  launchChromium,
  readFixture,
  screenshot,
  startDemoServer,
  type RunningServer,
} from './harness.js';

/**
 * What a new user met on the pages issue 8 reworks, and the plan's identity and jurisdiction on screen: the
 * officer's edit dialog names units, the review screen sets period, issuer, document number and jurisdiction, the
 * audit log names objects with links, no one is asked to do what they may not, a plan's versions and retired items
 * are readable, and units show their jurisdiction.
 */

const CHENGDU = readFixture('chengdu-ecommerce-plan-2013-2015.txt');

let server: RunningServer;
let browser: Browser;
let planId: number;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  const plans = (
    await (await apiSession(server.baseUrl, 'secretariat')).get<{ items: { id: number }[] }>('/plans')
  ).items;
  planId = plans[0]!.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh browser logged in as a demo account, on the plans list. */
async function logIn(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  // A leader lands on the first plan's indicator dashboard, a unit officer on the unit's workspace (issue 9),
  // everyone else on the plans.
  await page.waitForURL(/\/(plans(\/\d+\/dashboard)?|workspace)$/);
  return page;
}

describe('what a new user met', () => {
  it("the officer's edit dialog names the task's units, never a bare id", async () => {
    const page = await logIn('officer');
    await page.goto(`${server.baseUrl}/plans/${planId}`);
    const row = page.getByTestId('plan-tasks').locator('tr', { hasText: '打造移动电子商务核心平台' });
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const chosen = await dialog.locator('.ant-select-selection-item').allInnerTexts();
    expect(chosen.map((x) => x.trim())).toContain('市商务局');
    expect(chosen.some((x) => /^\s*\d+\s*$/.test(x))).toBe(false);
    await screenshot(page, 'identity-01-officer-edit-dialog', { fullPage: false });
    await page.context().close();
  });

  it('a leader who types /import or /users sees a permission notice, and no form', async () => {
    const page = await logIn('leader');
    for (const path of ['/import', '/users', '/audit', '/areas']) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.getByTestId('forbidden').waitFor();
      expect(await page.getByTestId('import-text').count()).toBe(0);
      expect(await page.locator('form').count()).toBe(0);
      expect(await page.locator('.ant-table').count()).toBe(0);
    }
    await page.goto(`${server.baseUrl}/import`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('forbidden').innerText()).toContain('领导');
    await screenshot(page, 'identity-02-leader-import-forbidden');
    await page.context().close();
  });

  it("an enterprise reporter's landing page does not ask them to import a plan", async () => {
    const page = await logIn('enterprise');
    const table = page.getByTestId('plans-table');
    await table.waitFor();
    await page.getByText('暂无已发布的方案').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('导入');
    await screenshot(page, 'identity-03-enterprise-landing');
    await page.goto(`${server.baseUrl}/units`);
    await page.getByTestId('forbidden').waitFor();
    await page.context().close();
  });

  it('the review screen sets the period, issuer, document number and jurisdiction', async () => {
    const page = await logIn('secretariat');
    await page.goto(`${server.baseUrl}/import`);
    await page
      .getByTestId('import-text')
      .fill(
        '电子商务试点方案\n一、主要任务\n（一）设立专项资金。支持电子商务公共服务平台建设。（牵头单位：市财政局）',
      );
    await page.getByTestId('import-submit').click();
    await page.waitForURL('**/imports/*');
    const meta = page.getByTestId('draft-meta');
    await meta.waitFor();
    // No issuer yet: the installation's own jurisdiction, and 市财政局 is Chengdu's.
    // The jurisdictions load beside the draft: wait for the detected one's name.
    await expect.poll(() => meta.getByTestId('meta-area').innerText()).toContain('成都市');
    expect(await page.getByTestId('meta-area-source').innerText()).toContain('本系统所属辖区');
    await page.getByTestId('meta-period-from').fill('2015');
    await page.getByTestId('meta-period-to').fill('2017');
    await page.getByTestId('meta-issuer').fill('广州市人民政府办公厅');
    await page.getByTestId('meta-document-number').fill('穗府办〔2015〕8号');
    await page.getByTestId('meta-save').click();
    await page.getByTestId('meta-area-source').filter({ hasText: '根据印发单位自动识别' }).waitFor();
    expect(await meta.getByTestId('meta-area').innerText()).toContain('广州市');
    expect(await page.getByTestId('stat-period').innerText()).toContain('2015–2017');
    await page.getByRole('tab', { name: /单位对照/ }).click();
    await page.getByTestId('new-unit').first().waitFor();
    expect(await page.getByTestId('resolution-hint').innerText()).toContain('广州市');
    await screenshot(page, 'identity-04-review-metadata');
    await page.getByTestId('review-confirm').click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await page.waitForURL(/\/plans\/\d+$/);
    await page.getByTestId('plan-area').filter({ hasText: '广州市' }).waitFor();
    const body = await page.locator('body').innerText();
    expect(body).toContain('2015–2017');
    expect(body).toContain('穗府办〔2015〕8号');
    await screenshot(page, 'identity-05-guangzhou-plan');
    await page.context().close();
  });

  it('the units page shows and filters jurisdictions; a unit page lists one city', async () => {
    const page = await logIn('secretariat');
    await page.goto(`${server.baseUrl}/units`);
    await page.getByTestId('units-table').waitFor();
    await page.getByTestId('units-area-filter').click();
    await page.locator('.ant-select-item-option', { hasText: '广州市' }).click();
    const areas = await page.getByTestId('unit-area').allInnerTexts();
    expect(areas.length).toBeGreaterThan(0);
    expect(new Set(areas)).toEqual(new Set(['广州市']));
    await screenshot(page, 'identity-06-units-guangzhou');
    await page.getByTestId('units-table').getByRole('link', { name: '市财政局' }).click();
    await page.getByTestId('unit-page-area').filter({ hasText: '广州市' }).waitFor();
    const plans = await page.getByTestId('unit-tasks').locator('tbody tr a').allInnerTexts();
    expect(plans).toEqual(['电子商务试点方案']);
    await page.context().close();
  });

  it('the audit log names its objects, with links', async () => {
    const page = await logIn('admin');
    await page.goto(`${server.baseUrl}/audit`);
    const table = page.getByTestId('audit-table');
    await table.locator('tbody tr').first().waitFor();
    const entities = await page.getByTestId('audit-entity').allInnerTexts();
    // Users, units and plans by name: 用户 市商务局联络员（officer）, 单位 市商务局（成都市）, 方案 …
    expect(entities.some((x) => x.includes('用户') && x.includes('（officer）'))).toBe(true);
    expect(entities.some((x) => x.includes('单位') && x.includes('（广州市）'))).toBe(true);
    expect(entities.filter((x) => /^(用户|单位|方案)\s*#\d+$/.test(x.trim()))).toEqual([]);
    await screenshot(page, 'identity-07-audit-names', { fullPage: false });
    // A plan's link (an import's, whose label is its title, goes to its draft).
    await table.getByTestId('audit-entity').locator('a[href^="/plans/"]').first().click();
    await page.waitForURL(/\/plans\/\d+$/);
    await page.getByTestId('plan-title').waitFor();
    await page.context().close();
  });
});

describe("a plan's identity and the area tree", () => {
  it('shows the versions of a re-imported plan, each readable, their differences, and what was retired', async () => {
    const api = await apiSession(server.baseUrl, 'secretariat');
    const start = CHENGDU.indexOf('　　(9)会计档案电子化');
    const end = CHENGDU.indexOf('　　(10)专业人才');
    const revised = CHENGDU.slice(0, start) + CHENGDU.slice(end);
    const draft = await api.post(`/plans/${planId}/reimport`, { text: revised });
    expect(draft.status).toBe(201);
    const confirmed = await api.post(`/imports/${(draft.body as unknown as { id: number }).id}/confirm`, {});
    expect(confirmed.status).toBe(200);

    const page = await logIn('secretariat');
    await page.goto(`${server.baseUrl}/plans/${planId}`);
    await page.getByTestId('versions-tab').click();
    const versions = page.getByTestId('plan-versions');
    await versions.locator('tbody tr').nth(1).waitFor();
    expect(await versions.locator('tbody tr').count()).toBe(2);
    await page.getByTestId('version-from').click();
    await page.locator('.ant-select-item-option', { hasText: '第 1 版' }).last().click();
    await page.getByTestId('version-to').click();
    await page.locator('.ant-select-item-option', { hasText: '第 2 版' }).last().click();
    await page.getByTestId('version-compare').click();
    const diff = page.getByTestId('version-diff');
    await diff.getByTestId('change-removed').first().waitFor();
    expect(await diff.innerText()).toContain('会计档案电子化');
    await screenshot(page, 'identity-08-versions-diff');
    await versions.locator('tbody tr').nth(1).getByTestId('version-open').click();
    const drawer = page.getByTestId('version-tasks');
    await drawer.waitFor();
    expect(await drawer.innerText()).toContain('会计档案电子化');
    await screenshot(page, 'identity-09-version-1', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.getByTestId('retired-tab').click();
    const retired = page.getByTestId('retired-nodes');
    await retired.locator('tbody tr', { hasText: '会计档案电子化' }).waitFor();
    expect(await retired.innerText()).toContain('第 2 版起');
    await screenshot(page, 'identity-10-retired');
    await page.context().close();
  });

  it("the admin's area tree shows each name and code with its dates", async () => {
    const page = await logIn('admin');
    await page.getByTestId('nav').getByText('行政区划').click();
    await page.waitForURL('**/areas');
    const table = page.getByTestId('areas-table');
    await table.locator('tr', { hasText: '双流区' }).waitFor();
    const shuangliuCounty = table.locator('tr', { hasText: '双流县' });
    expect(await shuangliuCounty.innerText()).toContain('2015-12-03');
    expect(await table.locator('tr', { hasText: '成都市' }).first().innerText()).toContain('本系统辖区');
    expect(await table.locator('tr', { hasText: '成都高新技术产业开发区' }).innerText()).toContain('功能区');
    await screenshot(page, 'identity-11-areas');
    await page.getByTestId('area-add').click();
    // The test id is on the modal's root, which has no box of its own: wait for the dialog inside it.
    await page.getByTestId('area-editor').locator('.ant-modal').waitFor();
    await screenshot(page, 'identity-12-area-editor', { fullPage: false });
    await page.context().close();
  });
});
