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

/**
 * Keeping the indicators (issue 8, item 3): the secretariat adds an indicator (a name already taken is refused in
 * Chinese on the form), edits its baseline, links one of the plan's targets to it, and the dashboard measures the
 * target by it on the next load; a leader sees no way to create, edit or link.
 */

const NAME = '跨境电子商务交易额';

interface Summary {
  id: number;
  name: string;
  unit: string;
  kind: string;
  ownerUnit: { id: number; name: string } | null;
  baseline: { value: number; period: string } | null;
}
interface Dashboard {
  targets: { targetId: number; text: string; indicator: { id: number; name: string } | null }[];
}

let server: RunningServer;
let browser: Browser;
let api: Awaited<ReturnType<typeof apiSession>>;
let planId: number;
let indicatorId: number;
let linkedTargetId: number;

async function logIn(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

async function openTargets(page: Page): Promise<void> {
  await page.goto(`${server.baseUrl}/plans/${planId}`);
  await page.getByRole('tab', { name: /发展目标/ }).click();
  await page.getByTestId('target-indicator').first().waitFor();
}

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  api = await apiSession(server.baseUrl, 'secretariat');
  const plans = await api.get<{ items: { id: number }[] }>('/plans');
  planId = plans.items[0]!.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the secretariat', () => {
  let page: Page;

  it('creates an indicator, after being told in Chinese that a name is taken', async () => {
    page = await logIn('secretariat');
    await page.goto(`${server.baseUrl}/indicators`);
    await page.getByTestId('indicator-create').click();
    await page.getByTestId('indicator-form').waitFor();
    await page.getByTestId('indicator-name').fill('网络零售额');
    await page.getByTestId('indicator-unit').fill('元');
    await page.getByTestId('indicator-owner').click();
    await page.keyboard.type('市商务局');
    await page.locator('.ant-select-item-option', { hasText: '市商务局' }).first().click();
    await page.getByTestId('indicator-baseline-value').fill('3000000000');
    await page.getByTestId('indicator-baseline-period').fill('2014');
    await page.getByTestId('indicator-submit').click();
    const error = page.getByTestId('indicator-form-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('“网络零售额”已是另一指标的名称或别名');
    // The message is also on the name field, where the mistake is.
    expect(await page.locator('.ant-form-item-explain-error').allTextContents()).toContain(
      '“网络零售额”已是另一指标的名称或别名。',
    );
    await screenshot(page, 'indicator-admin-01-name-taken', { fullPage: false });

    await page.getByTestId('indicator-name').fill(NAME);
    await page.getByTestId('indicator-submit').click();
    await page.waitForURL(/\/indicators\/\d+$/);
    indicatorId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByTestId('indicator-page').waitFor();
    expect(await page.getByTestId('indicator-page').textContent()).toContain(NAME);
    const stored = (await api.get<{ indicator: Summary }>(`/indicators/${indicatorId}`)).indicator;
    expect(stored).toMatchObject({
      name: NAME,
      unit: '元',
      kind: 'flow',
      ownerUnit: { name: '市商务局' },
      baseline: { value: 3000000000, period: '2014' },
    });
    await screenshot(page, 'indicator-admin-02-created');
  });

  it('edits the baseline on the indicator page; a bad period is refused on its field', async () => {
    await page.getByTestId('indicator-edit').click();
    await page.getByTestId('indicator-form').waitFor();
    expect(await page.getByTestId('indicator-name').inputValue()).toBe(NAME);
    await page.getByTestId('indicator-baseline-period').fill('2014-Q5');
    await page.getByTestId('indicator-submit').click();
    await page.getByTestId('indicator-form-error').waitFor();
    await page.getByTestId('indicator-baseline-value').fill('3500000000');
    await page.getByTestId('indicator-baseline-period').fill('2013');
    await page.getByTestId('indicator-submit').click();
    await page.getByTestId('indicator-form').waitFor({ state: 'detached' });
    await expect
      .poll(
        async () => (await api.get<{ indicator: Summary }>(`/indicators/${indicatorId}`)).indicator.baseline,
      )
      .toEqual({ value: 3500000000, period: '2013' });
    await expect.poll(() => page.getByTestId('indicator-page').textContent()).toContain('2013: 35亿元');
    await screenshot(page, 'indicator-admin-03-edited');
  });

  it('links a target to it on the plan page, and the dashboard measures the target by it', async () => {
    await openTargets(page);
    const first = page.getByTestId('target-indicator').first();
    // The demo links every target: each shows its indicator as a link.
    expect(await page.getByTestId('target-indicator-link').count()).toBe(7);
    await first.getByTestId('target-link-open').click();
    await page.getByTestId('target-link-select').click();
    await page.keyboard.type('跨境');
    await page.locator('.ant-select-item-option', { hasText: NAME }).click();
    await expect.poll(() => first.getByTestId('target-indicator-link').textContent()).toBe(NAME);
    expect(await first.getByTestId('target-indicator-link').getAttribute('href')).toBe(
      `/indicators/${indicatorId}`,
    );
    await screenshot(page, 'indicator-admin-04-linked');

    const board = await api.get<Dashboard>(`/plans/${planId}/dashboard`);
    const linked = board.targets.filter((x) => x.indicator?.id === indicatorId);
    expect(linked).toHaveLength(1);
    linkedTargetId = linked[0]!.targetId;

    await page.goto(`${server.baseUrl}/plans/${planId}/dashboard`);
    const card = page.locator(`[data-target-id="${linkedTargetId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(NAME);
    await screenshot(page, 'indicator-admin-05-dashboard');
  });

  it('unlinks the target, and links it back', async () => {
    await openTargets(page);
    const first = page.getByTestId('target-indicator').first();
    await first.getByTestId('target-link-open').click();
    await page.getByTestId('target-unlink').click();
    await expect.poll(() => first.textContent()).toContain('未关联');
    let board = await api.get<Dashboard>(`/plans/${planId}/dashboard`);
    expect(board.targets.find((x) => x.targetId === linkedTargetId)!.indicator).toBeNull();
    await first.getByTestId('target-link-open').click();
    await page.getByTestId('target-link-select').click();
    await page.keyboard.type(NAME);
    await page.locator('.ant-select-item-option', { hasText: NAME }).click();
    await expect.poll(() => first.getByTestId('target-indicator-link').textContent()).toBe(NAME);
    board = await api.get<Dashboard>(`/plans/${planId}/dashboard`);
    expect(board.targets.find((x) => x.targetId === linkedTargetId)!.indicator?.id).toBe(indicatorId);
    await page.context().close();
  });
});

describe('the leader', () => {
  it('sees the indicators and the links, but no button to create, edit or link', async () => {
    const page = await logIn('leader');
    await page.goto(`${server.baseUrl}/indicators`);
    await page.getByTestId('indicators-table').locator('tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('indicator-create').count()).toBe(0);
    await page.goto(`${server.baseUrl}/indicators/${indicatorId}`);
    await page.getByTestId('indicator-page').waitFor();
    expect(await page.getByTestId('indicator-edit').count()).toBe(0);
    await openTargets(page);
    expect(await page.getByTestId('target-indicator-link').count()).toBe(7);
    expect(await page.getByTestId('target-link-open').count()).toBe(0);
    await screenshot(page, 'indicator-admin-06-leader-targets');
    await page.context().close();
  });
});
