import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  apiSession,
  DEMO_PASSWORD,
  launchChromium,
  screenshot,
  startDemoServer,
  type RunningServer,
} from './harness.js';

/** A user changes their own password from the user menu; their other logins end, this one stays. */

const NEW_PASSWORD = 'leader-new-passphrase';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(password: string) {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill('leader');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

const dialog = () => page.getByTestId('password-dialog');
const fieldError = (text: string) => dialog().locator('.ant-form-item-explain-error', { hasText: text });

describe('changing one’s own password', () => {
  let elsewhere: Awaited<ReturnType<typeof apiSession>>;

  it('opens from the user menu, saying what happens to the other logins', async () => {
    // The same user is also logged in elsewhere (another browser), which the change must end.
    elsewhere = await apiSession(server.baseUrl, 'leader');
    await logIn(DEMO_PASSWORD);
    // A leader lands on the first plan's indicator dashboard, everyone else on the plans.
    await page.waitForURL(/\/plans(\/\d+\/dashboard)?$/);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    await dialog().getByText('当前页面保持登录').waitFor();
    await screenshot(page, '40-password-dialog', { fullPage: false });
  });

  it('says so on the field when the new password is too short or the current one is wrong', async () => {
    await page.getByTestId('password-current').fill(DEMO_PASSWORD);
    await page.getByTestId('password-new').fill('short');
    await page.getByTestId('password-confirm').fill('short');
    await dialog().getByRole('button', { name: '确认修改' }).click();
    await fieldError('新密码至少需要 8 个字符').waitFor();

    await page.getByTestId('password-current').fill('not my password');
    await page.getByTestId('password-new').fill(NEW_PASSWORD);
    await page.getByTestId('password-confirm').fill(NEW_PASSWORD);
    await dialog().getByRole('button', { name: '确认修改' }).click();
    await fieldError('当前密码不正确。').waitFor();
    await screenshot(page, '41-password-wrong-current', { fullPage: false });
    // Nothing changed: the other login still works.
    expect((await elsewhere.get<{ user: { username: string } }>('/auth/me')).user.username).toBe('leader');
  });

  it('changes it: the other login ends, this page stays logged in and can still write', async () => {
    await page.getByTestId('password-current').fill(DEMO_PASSWORD);
    await dialog().getByRole('button', { name: '确认修改' }).click();
    await page.getByText('密码已修改').waitFor();
    await dialog().waitFor({ state: 'detached' });
    await screenshot(page, '42-password-changed', { fullPage: false });
    await expect(elsewhere.get('/auth/me')).rejects.toThrow(/401/);
    // Still logged in here, with the renewed session's CSRF token: a write from this page works.
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '接口令牌' }).click();
    await page.waitForURL('**/tokens');
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-name').fill('改密码之后');
    await page.locator('.ant-modal').getByRole('button', { name: '创建令牌' }).click();
    await page.getByTestId('token-secret').waitFor();
    await page.getByTestId('token-done').click();
  });

  it('logs out; the old password no longer logs in, the new one does', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    await logIn(DEMO_PASSWORD);
    await page.getByTestId('login-error').getByText('用户名或密码错误').waitFor();
    await logIn(NEW_PASSWORD);
    // Logged in (on the plans, or back on the page the user left: which one depends on how logout raced).
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.getByTestId('user-menu').getByText('市领导').waitFor();
    await screenshot(page, '43-logged-in-with-new-password');
  });
});
