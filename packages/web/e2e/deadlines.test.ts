import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  apiSession,
  DEMO_PASSWORD,
  launchChromium,
  screenshot,
  startDemoServer,
  type RunningServer,
} from './harness.js';

/** Task deadlines from the review to the plan: the reviewer sees each one in words, corrects one, confirms. */

const TEXT = `某市推进电子商务发展实施方案
一、总体要求
到2020年，全市电子商务交易额突破100亿元。
二、重点任务
（一）建设电子商务公共服务平台。整合资源，建成市级平台。（市商务局牵头，市财政局配合，2020年底前完成）
（二）培育电子商务示范企业。每年认定一批示范企业。（市经信委牵头，持续推进）
（三）完善物流配送体系。加快建设城乡配送网络。（市交通运输局牵头）
`;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
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

const draftNode = (title: string) => page.locator('[data-testid=draft-node]', { hasText: title });

describe('task deadlines', () => {
  it('the reviewer sees each deadline in words, corrects one, and the plan shows the correction', async () => {
    await page.goto(`${server.baseUrl}/import`);
    await page.getByTestId('import-text').fill(TEXT);
    await page.getByTestId('import-submit').click();
    await page.waitForURL(/\/imports\/\d+$/);
    await page.getByTestId('draft-tree').waitFor();
    expect(await draftNode('建设电子商务公共服务平台').getByTestId('deadline-tag').innerText()).toBe(
      '2020年底前',
    );
    expect(await draftNode('培育电子商务示范企业').getByTestId('deadline-tag').innerText()).toBe('长期坚持');
    expect(await draftNode('完善物流配送体系').getByTestId('deadline-tag').count()).toBe(0);

    await draftNode('建设电子商务公共服务平台').click();
    const editor = page.getByTestId('node-editor');
    const date = editor.getByTestId('deadline-date');
    expect(await date.inputValue()).toBe('2020');
    await date.fill('2021-06');
    await screenshot(page, 'deadline-01-review-edit');
    await page.getByTestId('node-save').click();
    await page.getByText('已保存').waitFor();
    await expect
      .poll(() => draftNode('建设电子商务公共服务平台').getByTestId('deadline-tag').innerText())
      .toBe('2021年6月底前');
    await screenshot(page, 'deadline-02-review-corrected');

    await page.getByTestId('review-confirm').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.waitForURL(/\/plans\/\d+$/);
    const planId = Number(/\/plans\/(\d+)/.exec(page.url())![1]);
    const tasks = page.getByTestId('plan-tasks');
    await tasks.waitFor();
    const row = tasks.locator('tr', { hasText: '建设电子商务公共服务平台' });
    expect(await row.getByTestId('deadline-tag').innerText()).toBe('2021年6月底前');
    expect(
      await tasks.locator('tr', { hasText: '培育电子商务示范企业' }).getByTestId('deadline-tag').innerText(),
    ).toBe('长期坚持');
    await screenshot(page, 'deadline-03-plan-tasks');

    // The secretariat gives the third task a deadline in its edit dialog.
    await tasks.locator('tr', { hasText: '完善物流配送体系' }).getByText('编辑').click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByTestId('deadline-kind').click();
    await page.locator('.ant-select-item-option', { hasText: '印发后' }).click();
    await dialog.getByTestId('deadline-count').fill('3');
    await screenshot(page, 'deadline-04-plan-edit');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect
      .poll(() =>
        tasks.locator('tr', { hasText: '完善物流配送体系' }).getByTestId('deadline-tag').allInnerTexts(),
      )
      .toEqual(['印发后3个月内']);
    await screenshot(page, 'deadline-05-plan-edited');

    const api = await apiSession(server.baseUrl, 'secretariat');
    interface Node {
      title: string;
      deadline: unknown;
      children: Node[];
    }
    const plan = await api.get<{ nodes: Node[] }>(`/plans/${planId}`);
    const flat = (ns: Node[]): Node[] => ns.flatMap((n) => [n, ...flat(n.children)]);
    expect(flat(plan.nodes).find((n) => n.title === '建设电子商务公共服务平台')?.deadline).toEqual({
      kind: 'date',
      date: '2021-06',
      text: '2021年6月底前',
    });
  });
});
