import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, launchChromium, screenshot, startDemoServer, type RunningServer } from './harness.js';

/**
 * Delivery and supervision in the browser (issue 9): the unit officer's workspace and task page, the secretariat's
 * review queue and supervision board, the leader's overdue list. The demo server has the Chengdu plan imported.
 */

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh browser logged in as one of the demo accounts, at the page it lands on. */
async function loginAs(username: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

describe('the unit officer', () => {
  it('lands on the unit workspace with its tasks and opens one', async () => {
    const page = await loginAs('officer');
    await page.waitForURL('**/workspace');
    await expect.poll(() => page.getByTestId('workspace-title').innerText()).toContain('市商务局');
    const rows = page.getByTestId('workspace-tasks').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await screenshot(page, 'issue9-01-workspace');

    await rows.first().getByTestId('task-link').click();
    await page.waitForURL(/\/plans\/\d+\/tasks\/\d+$/);
    await page.getByTestId('task-page').waitFor();
    expect(await page.getByTestId('task-title').innerText()).not.toBe('');
    await screenshot(page, 'issue9-02-task');

    const phone = await loginAs('officer', { width: 360, height: 740 });
    await phone.waitForURL('**/workspace');
    await phone.getByTestId('workspace-tasks').locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot(phone, 'issue9-03-workspace-phone');
  });
});
