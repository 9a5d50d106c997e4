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

/**
 * The workflows after the first import: re-importing a revised plan, publishing it for the public, keeping the unit
 * registry, and a user's own API tokens. The demo server has the Chengdu plan imported on first start.
 */

const CHENGDU = readFixture('chengdu-ecommerce-plan-2013-2015.txt');

/** Splices `insert` in place of the text from `from` up to (not including) `to`; fails loudly if either is gone. */
function splice(text: string, from: string, to: string, insert: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + 1);
  if (start < 0 || end < 0) throw new Error(`the fixture no longer holds ${from} … ${to}`);
  return text.slice(0, start) + insert + text.slice(end);
}

/**
 * The revision: a target raised (6000 → 7000亿元), a task dropped ((9) 会计档案电子化), a task added ((11) 数据开放)
 * and a lead unit added to (7) 统计制度.
 */
const REVISED = (() => {
  let text = CHENGDU.replace('电子商务交易额突破6000亿元', '电子商务交易额突破7000亿元');
  text = splice(text, '　　(9)会计档案电子化', '　　(10)专业人才', '');
  text = text.replace(
    '(7)统计制度。加强电子商务企业统计调查工作，完善电子商务统计和信息发布制度。(牵头单位：市统计局)',
    '(7)统计制度。加强电子商务企业统计调查工作，完善电子商务统计和信息发布制度。(牵头单位：市统计局、市商务局)',
  );
  text = text.replace(
    '　　三、保障措施',
    '　　(11)数据开放。推动公共数据资源向电子商务企业有序开放，支持开发利用。(牵头单位：市经信委)　　三、保障措施',
  );
  return text;
})();

interface Changes {
  added: { title: string }[];
  removed: { title: string }[];
  changed: { after: { title: string }; fields: string[] }[];
  targetsAdded: number;
  targetsRemoved: number;
  targetsChanged: number;
}

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: Awaited<ReturnType<typeof apiSession>>;
let planId: number;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  api = await apiSession(server.baseUrl, 'secretariat');
  const plans = (await api.get<{ items: { id: number; title: string }[] }>('/plans')).items;
  expect(plans).toHaveLength(1);
  planId = plans[0]!.id;
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill('secretariat');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL('**/plans');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const okButton = (scope: ReturnType<Page['locator']>) => scope.getByRole('button', { name: /确\s*定/ });

describe('re-importing a revised plan', () => {
  it('refuses a document that is not a plan, in the dialog, and stores nothing', async () => {
    const before = (await api.get<{ items: unknown[] }>('/imports?limit=200')).items.length;
    await page.goto(`${server.baseUrl}/plans/${planId}`);
    await page.getByTestId('plan-reimport').click();
    await page.getByTestId('reimport-text').fill('今天天气晴朗，我们去公园散步，傍晚回家吃饭。');
    await page.getByTestId('reimport-submit').click();
    const error = page.getByTestId('reimport-error');
    await error.waitFor();
    const expected = await api.post(`/plans/${planId}/reimport`, {
      text: '今天天气晴朗，我们去公园散步，傍晚回家吃饭。',
    });
    expect(expected.body.code).toBe('NOT_A_PLAN');
    expect(await error.innerText()).toContain(expected.body.message.zh);
    expect(page.url()).toMatch(new RegExp(`/plans/${planId}$`));
    await screenshot(page, '20-reimport-not-a-plan', { fullPage: false });
    expect((await api.get<{ items: unknown[] }>('/imports?limit=200')).items.length).toBe(before);
  });

  it('shows what the revision adds, removes and changes, items and targets, before confirming', async () => {
    await page.getByTestId('reimport-text').fill(REVISED);
    await screenshot(page, '21-reimport-pasted', { fullPage: false });
    await page.getByTestId('reimport-submit').click();
    await page.waitForURL(/\/imports\/\d+$/);
    const importId = Number(/\/imports\/(\d+)/.exec(page.url())![1]);
    const { changes, planId: revised } = await api.get<{ changes: Changes; planId: number }>(
      `/imports/${importId}`,
    );
    expect(revised).toBe(planId);
    expect(changes.added.map((n) => n.title)).toContain('数据开放');
    expect(changes.removed.map((n) => n.title)).toContain('会计档案电子化');

    // The changes are what the review opens on, with the plan's version named.
    const items = page.getByTestId('change-items');
    await items.waitFor();
    expect(await page.getByTestId('reimport-notice').innerText()).toContain('第 2 版');
    expect(await items.getByTestId('change-added').count()).toBe(changes.added.length);
    expect(await items.getByTestId('change-removed').count()).toBe(changes.removed.length);
    expect(await items.getByTestId('change-changed').count()).toBe(changes.changed.length);
    const row = (title: string) => items.locator('tr.ant-table-row', { hasText: title });
    expect(await row('数据开放').getByTestId('change-added').count()).toBe(1);
    expect(await row('会计档案电子化').getByTestId('change-removed').count()).toBe(1);
    expect(await row('统计制度').getByTestId('change-changed').count()).toBe(1);
    expect(await row('统计制度').innerText()).toContain('牵头单位');

    // The revised figure of the same indicator is that target changed (it keeps its id), not one removed and
    // one added.
    expect(changes).toMatchObject({ targetsAdded: 0, targetsRemoved: 0, targetsChanged: 1 });
    const targets = page.getByTestId('change-targets');
    const revisedTarget = targets.locator('tr.ant-table-row', { hasText: '7000亿元' });
    expect(await revisedTarget.getByTestId('change-changed').count()).toBe(1);
    expect(await revisedTarget.innerText()).toContain('6000亿元');
    expect(await page.getByTestId('change-summary').innerText()).toContain(
      `新增 ${changes.added.length} 项、删除 ${changes.removed.length} 项、修改 ${changes.changed.length} 项`,
    );
    await screenshot(page, '22-reimport-changes');
  });

  it('confirms, and the plan page shows the new version with the revised items and targets', async () => {
    await page.getByTestId('review-confirm').click();
    const dialog = page.locator('.ant-modal-confirm');
    expect(await dialog.innerText()).toContain('更新为新版本');
    await okButton(dialog).click();
    await page.waitForURL(new RegExp(`/plans/${planId}$`));
    await page.getByText('方案已更新为新版本').waitFor();
    await page.getByTestId('plan-tasks').waitFor();
    expect(await page.getByTestId('plan-version').innerText()).toBe('第 2 版');
    expect(await page.getByTestId('plan-version-number').innerText()).toBe('2');
    const tasks = await page.getByTestId('plan-tasks').innerText();
    expect(tasks).toContain('数据开放');
    expect(tasks).not.toContain('会计档案电子化');
    await screenshot(page, '23-reimport-confirmed-v2');
    await page.getByRole('tab', { name: /发展目标/ }).click();
    expect(await page.getByTestId('plan-targets').innerText()).toContain('7000亿元');
    const plan = await api.get<{ version: number }>(`/plans/${planId}`);
    expect(plan.version).toBe(2);
  });
});

describe('re-importing from an uploaded file', () => {
  it('reads the uploaded revision and, the plan being that revision already, says nothing changes', async () => {
    await page.goto(`${server.baseUrl}/plans/${planId}`);
    await page.getByTestId('plan-reimport').click();
    await page.getByRole('dialog').getByRole('tab', { name: '上传文件' }).click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({
      name: 'revised.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(REVISED, 'utf8'),
    });
    await page.waitForURL(/\/imports\/\d+$/);
    const importId = Number(/\/imports\/(\d+)/.exec(page.url())![1]);
    const stored = await api.get<{ planId: number; fileName: string; changes: Changes }>(
      `/imports/${importId}`,
    );
    expect(stored).toMatchObject({ planId, fileName: 'revised.txt' });
    expect(stored.changes).toMatchObject({
      added: [],
      removed: [],
      changed: [],
      targetsAdded: 0,
      targetsRemoved: 0,
    });
    await page.getByTestId('change-summary').getByText('修订稿与当前版本相比没有变化').waitFor();
    expect(await page.getByTestId('change-items').count()).toBe(0);
    expect(await page.getByTestId('reimport-notice').innerText()).toContain('第 3 版');
    await screenshot(page, '23b-reimport-upload-unchanged');
    // Leave the plan as it is: discarding stores nothing.
    await page.getByTestId('review-discard').click();
    await okButton(page.locator('.ant-popconfirm')).click();
    await page.waitForURL(/\/import$/);
    expect((await api.get<{ version: number }>(`/plans/${planId}`)).version).toBe(2);
  });
});

describe('what the other roles see', () => {
  it('a unit officer can neither publish, re-import nor edit units, but keeps API tokens of their own', async () => {
    const officerContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
    });
    const officer = await officerContext.newPage();
    await officer.goto(`${server.baseUrl}/login`);
    await officer.getByLabel('用户名').fill('officer');
    await officer.getByLabel('密码').fill(DEMO_PASSWORD);
    await officer.getByRole('button', { name: /登\s*录/ }).click();
    // A unit officer lands on the unit's workspace (issue 9).
    await officer.waitForURL('**/workspace');
    await officer.goto(`${server.baseUrl}/plans/${planId}`);
    await officer.getByTestId('plan-tasks').waitFor();
    expect(await officer.getByTestId('plan-publish').count()).toBe(0);
    expect(await officer.getByTestId('plan-reimport').count()).toBe(0);
    await officer.goto(`${server.baseUrl}/units`);
    await officer.getByTestId('units-table').locator('tr.ant-table-row').first().waitFor();
    expect(await officer.getByTestId('unit-add').count()).toBe(0);
    expect(await officer.getByTestId('unit-edit').count()).toBe(0);
    await officer.getByTestId('user-menu').click();
    await officer.getByRole('menuitem', { name: '接口令牌' }).click();
    await officer.getByTestId('token-create').waitFor();
    await screenshot(officer, '35-officer-tokens');
    await officerContext.close();
  });
});

describe('publishing a plan for the public', () => {
  let visitor: Page;

  it('publishes from the plan page', async () => {
    await page.goto(`${server.baseUrl}/plans/${planId}`);
    const toggle = page.getByTestId('plan-publish');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await page.getByText('方案已发布，公众可查看').waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect((await api.get<{ published: boolean }>(`/plans/${planId}`)).published).toBe(true);
    await screenshot(page, '24-plan-published');
  });

  it('lets anyone, without logging in, find it from the login page and read it', async () => {
    const anonymous = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    visitor = await anonymous.newPage();
    await visitor.goto(`${server.baseUrl}/login`);
    await visitor.getByTestId('login-public-link').click();
    await visitor.waitForURL('**/public');
    const list = visitor.getByTestId('public-plans');
    const title = (await api.get<{ title: string }>(`/plans/${planId}`)).title;
    await list.getByRole('link', { name: title }).waitFor();
    await screenshot(visitor, '25-public-plans');
    await list.getByRole('link', { name: title }).click();
    await visitor.waitForURL(new RegExp(`/public/plans/${planId}$`));
    await visitor.getByTestId('plan-tasks').waitFor();
    expect(await visitor.getByTestId('plan-tasks').innerText()).toContain('数据开放');
    // Read only: no edit buttons, no notes column, no publish switch, no unit pages.
    expect(await visitor.getByRole('button', { name: /编\s*辑/ }).count()).toBe(0);
    expect(await visitor.getByTestId('plan-publish').count()).toBe(0);
    expect(await visitor.getByTestId('plan-reimport').count()).toBe(0);
    expect(await visitor.getByRole('columnheader', { name: '备注' }).count()).toBe(0);
    expect(await visitor.getByTestId('plan-tasks').locator('a[href^="/units/"]').count()).toBe(0);
    expect(await visitor.getByRole('tab', { name: '单位分工' }).count()).toBe(0);
    await screenshot(visitor, '26-public-plan');
    const me = await visitor.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status));
    expect(me).toBe(401);
  });

  it('unpublishing takes it away from the public', async () => {
    await page.getByTestId('plan-publish').click();
    await page.getByText('方案已取消发布').waitFor();
    expect((await api.get<{ published: boolean }>(`/plans/${planId}`)).published).toBe(false);
    await visitor.goto(`${server.baseUrl}/public`);
    await visitor.getByText('暂无已发布的方案').waitFor();
    await screenshot(visitor, '27-public-after-unpublish');
    await visitor.getByTestId('public-language').click();
    await visitor.getByText('No plan has been published yet').waitFor();
    expect(await visitor.getByTestId('public-login').innerText()).toContain('Log in');
    await screenshot(visitor, '27b-public-english');
    await visitor.getByTestId('public-language').click();
    await visitor.getByText('暂无已发布的方案').waitFor();
    await visitor.goto(`${server.baseUrl}/public/plans/${planId}`);
    await visitor.getByTestId('load-error').waitFor();
    expect(await visitor.getByTestId('plan-tasks').count()).toBe(0);
    await visitor.getByTestId('public-back').waitFor();
    await screenshot(visitor, '28-public-plan-unpublished');
  });
});

describe('the unit registry', () => {
  interface StoredUnit {
    id: number;
    name: string;
    fullName: string | null;
    kind: string;
    aliases: string[];
  }
  const findUnit = async (name: string) =>
    (await api.get<{ items: StoredUnit[] }>('/units?limit=200')).items.find((u) => u.name === name);

  it('adds a unit with its full name, kind and aliases', async () => {
    await page.goto(`${server.baseUrl}/units`);
    await page.getByTestId('unit-add').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '新增单位' });
    await dialog.getByLabel('简称').fill('市大数据中心');
    await dialog.getByLabel('全称').fill('成都市大数据中心');
    await dialog.getByLabel('别名').fill('大数据中心');
    await page.keyboard.press('Enter');
    await dialog.getByLabel('别名').fill('市数据中心');
    await page.keyboard.press('Enter');
    await screenshot(page, '29-unit-add', { fullPage: false });
    await okButton(dialog)
      .or(dialog.getByRole('button', { name: /保\s*存/ }))
      .click();
    await page.getByText('单位已创建').waitFor();
    const stored = await findUnit('市大数据中心');
    expect(stored).toMatchObject({
      fullName: '成都市大数据中心',
      kind: 'department',
      aliases: expect.arrayContaining(['大数据中心', '市数据中心']) as unknown,
    });
    expect(stored!.aliases).toHaveLength(2);
  });

  it('edits its full name, kind and aliases', async () => {
    await page.getByPlaceholder('搜索单位').fill('市大数据中心');
    const row = page.getByTestId('units-table').locator('tr.ant-table-row', { hasText: '成都市大数据中心' });
    await row.getByTestId('unit-edit').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '修改单位' });
    await dialog.getByLabel('全称').fill('成都市公共数据运营服务中心');
    await dialog.getByLabel('类别').click();
    await page.locator('.ant-select-dropdown').getByText('其他', { exact: true }).click();
    // Drop the last alias and add another: tags mode drops the last tag on Backspace.
    await dialog.getByLabel('别名').click();
    await page.keyboard.press('Backspace');
    await dialog.getByLabel('别名').fill('数据运营中心');
    await page.keyboard.press('Enter');
    await screenshot(page, '30-unit-edit', { fullPage: false });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').waitFor();
    const stored = await findUnit('市大数据中心');
    expect(stored).toMatchObject({ fullName: '成都市公共数据运营服务中心', kind: 'other' });
    expect([...stored!.aliases].sort()).toEqual(['大数据中心', '数据运营中心'].sort());
    const shown = await page.getByTestId('units-table').innerText();
    expect(shown).toContain('成都市公共数据运营服务中心');
    expect(shown).toContain('数据运营中心');
    await screenshot(page, '31-unit-edited');
  });
});

describe("a user's own API tokens", () => {
  const asBearer = (token: string) =>
    fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  let secret: string;

  it('creates a token from the user menu, shows it once, and it works as a Bearer token', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '接口令牌' }).click();
    await page.waitForURL('**/tokens');
    await page.getByText('您还没有接口令牌').waitFor();
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-name').fill('统计数据同步脚本');
    await page.locator('.ant-modal').getByRole('button', { name: '创建令牌' }).click();
    const shown = page.getByTestId('token-secret');
    await shown.waitFor();
    secret = (await shown.innerText()).trim();
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, '32-token-created', { fullPage: false });
    const me = await asBearer(secret);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('secretariat');

    await page.getByTestId('token-done').click();
    await shown.waitFor({ state: 'detached' });
    const table = page.getByTestId('tokens-table');
    const row = table.locator('tr.ant-table-row', { hasText: '统计数据同步脚本' });
    await row.waitFor();
    const stored = (await api.get<{ items: { name: string; prefix: string }[] }>('/tokens')).items;
    expect(stored).toHaveLength(1);
    expect(secret.startsWith(stored[0]!.prefix)).toBe(true);
    expect(await row.innerText()).toContain(stored[0]!.prefix);
    // Shown once: the page holds the secret nowhere after the dialog closed.
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, '33-tokens-list');
  });

  it('revokes it, and the token stops working', async () => {
    const row = page.getByTestId('tokens-table').locator('tr.ant-table-row', { hasText: '统计数据同步脚本' });
    await row.getByTestId('token-revoke').click();
    await okButton(page.locator('.ant-popconfirm')).click();
    await page.getByText('令牌已吊销').waitFor();
    await row.getByText('已吊销').waitFor();
    expect(await row.getByTestId('token-revoke').count()).toBe(0);
    expect((await asBearer(secret)).status).toBe(401);
    await screenshot(page, '34-token-revoked');
  });
});
