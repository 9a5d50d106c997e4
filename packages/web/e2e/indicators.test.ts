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

/**
 * The indicator screens (issue 8) on the demo: the statistics officer imports a figure and enters a revision, the
 * leader's dashboard follows on the next load, the indicator page draws a lower bound as such, a bad import row is
 * named and nothing is stored, and the dashboard fits a phone.
 */

const HEADER = 'indicator,area,period,value,unit,qualifier,source_url,quote';

interface TargetRow {
  targetId: number;
  status: string;
  indicator: { id: number; name: string } | null;
}
interface Dashboard {
  counts: Record<string, number>;
  targets: TargetRow[];
}
interface FigureRow {
  period: string;
  value: number;
  supersededBy: number | null;
}

let server: RunningServer;
let browser: Browser;
let statsContext: BrowserContext;
let leaderContext: BrowserContext;
let stats: Page;
let leader: Page;
let api: Awaited<ReturnType<typeof apiSession>>;
let planId: number;

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

async function dashboard(): Promise<Dashboard> {
  return api.get<Dashboard>(`/plans/${planId}/dashboard`);
}

function targetOf(board: Dashboard, indicatorName: string): TargetRow {
  const row = board.targets.find((x) => x.indicator?.name === indicatorName);
  if (!row) throw new Error(`no target measured by ${indicatorName}`);
  return row;
}

async function uploadCsv(page: Page, name: string, text: string): Promise<void> {
  await page.locator('input[type=file]').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(text, 'utf8'),
  });
}

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  api = await apiSession(server.baseUrl, 'secretariat');
  const plans = await api.get<{ id: number }[] | { items: { id: number }[] }>('/plans');
  planId = (Array.isArray(plans) ? plans : plans.items)[0]!.id;
  statsContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  leaderContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  stats = await statsContext.newPage();
  leader = await leaderContext.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the leader', () => {
  it('lands on the plan’s dashboard: each target with its status light, the counts, what is overdue', async () => {
    await logIn(leader, 'leader');
    await leader.waitForURL(`**/plans/${planId}/dashboard`);
    const cards = leader.getByTestId('target-card');
    await expect.poll(() => cards.count()).toBe(7);
    const board = await dashboard();
    // The demo's published figures: 806亿元 in 2015 against > 1000亿元 is not achieved.
    const mobile = targetOf(board, '移动电子商务交易规模');
    expect(mobile.status).toBe('not_achieved');
    await expect
      .poll(() => leader.locator(`[data-target-id="${mobile.targetId}"]`).getAttribute('data-status'))
      .toBe('not_achieved');
    expect(await leader.getByTestId('count-not_achieved-value').textContent()).toBe(
      String(board.counts.not_achieved),
    );
    expect(await leader.getByTestId('status-legend').textContent()).toContain('需加快');
    expect(await leader.getByTestId('overdue').textContent()).toContain('规模以上企业电子商务应用普及率');
    // A lower bound is marked where it is the latest figure (网络零售额 2013: more than 350亿元).
    const retail = leader.locator(`[data-target-id="${targetOf(board, '网络零售额').targetId}"]`);
    expect(await retail.getByTestId('latest').textContent()).toBe('> 350亿元');
    expect(await retail.getByTestId('latest-qualifier').textContent()).toContain('下限值');
    await leader.locator('canvas').first().waitFor();
    await screenshot(leader, 'indicators-01-leader-dashboard');
  });

  it('sees a permission notice, not a form, on the figures page', async () => {
    await leader.goto(`${server.baseUrl}/figures`);
    await leader.getByTestId('forbidden').waitFor();
    expect(await leader.locator('input[type=file]').count()).toBe(0);
  });
});

describe('the statistics officer', () => {
  it('imports a CSV figure, and the leader’s dashboard shows it on the next load', async () => {
    const before = targetOf(await dashboard(), '规模以上企业电子商务应用普及率');
    expect(before.status).toBe('no_data');
    await logIn(stats, 'stats');
    await stats.getByTestId('nav').getByText('数据录入').click();
    await stats.waitForURL('**/figures');
    await uploadCsv(
      stats,
      'figures.csv',
      `${HEADER}\n规模以上企业电子商务应用普及率,成都市,2015,92,%,exact,https://example.org/stats,2015年规模以上企业电子商务应用普及率达到92%\n`,
    );
    await stats.getByTestId('figures-imported').waitFor();
    expect(await stats.getByTestId('figures-imported').textContent()).toContain('已导入 1 条');
    await screenshot(stats, 'indicators-02-import-done');

    await leader.goto(`${server.baseUrl}/plans/${planId}/dashboard`);
    await expect
      .poll(() => leader.locator(`[data-target-id="${before.targetId}"]`).getAttribute('data-status'))
      .toBe('achieved');
    expect(
      await leader.locator(`[data-target-id="${before.targetId}"]`).getByTestId('latest').textContent(),
    ).toBe('92%');
  });

  it('enters a revision on the indicator page: the old figure stays in the history, the dashboard follows', async () => {
    const mobile = targetOf(await dashboard(), '移动电子商务交易规模');
    const indicatorId = mobile.indicator!.id;
    await stats.goto(`${server.baseUrl}/indicators/${indicatorId}`);
    await stats.getByTestId('enter-figure').click();
    await stats.getByTestId('figure-period').fill('2015');
    await stats.getByTestId('figure-value').fill('110000000000');
    await stats.getByTestId('figure-quote').fill('修订：按统计局终核数');
    await stats.getByTestId('revision-notice').waitFor();
    expect(await stats.getByTestId('revision-notice').textContent()).toContain('806亿元');
    await screenshot(stats, 'indicators-03-revision-form', { fullPage: false });
    await stats.getByTestId('figure-submit').click();
    await stats.getByTestId('superseded').first().waitFor();
    const history = await stats.getByTestId('history-table').textContent();
    expect(history).toContain('806亿元');
    expect(history).toContain('1100亿元');
    expect(history).toContain('已修订');

    const figures = await api.get<{ figures: FigureRow[] }>(`/indicators/${indicatorId}`);
    const of2015 = figures.figures.filter((f) => f.period === '2015');
    expect(of2015).toHaveLength(2);
    expect(of2015.filter((f) => f.supersededBy === null).map((f) => f.value)).toEqual([110000000000]);

    await leader.goto(`${server.baseUrl}/plans/${planId}/dashboard`);
    const card = leader.locator(`[data-target-id="${mobile.targetId}"]`);
    await expect.poll(() => card.getAttribute('data-status')).toBe('achieved');
    expect(await card.getByTestId('latest').textContent()).toBe('1100亿元');
    await screenshot(leader, 'indicators-04-dashboard-after');
  });

  it('is told every bad row of an import, with its line and why, and nothing is stored', async () => {
    const retail = targetOf(await dashboard(), '网络零售额').indicator!.id;
    const before = await api.get<{ figures: FigureRow[] }>(`/indicators/${retail}`);
    await stats.goto(`${server.baseUrl}/figures`);
    await uploadCsv(
      stats,
      'bad.csv',
      `${HEADER}\n网络零售额,成都市,2014,45000000000,元,exact,,\n不存在的指标,成都市,2014,1,元,exact,,\n网络零售额,成都市,20x4,1,元,exact,,\n`,
    );
    await stats.getByTestId('import-errors').waitFor();
    const errors = stats.getByTestId('import-errors').locator('tbody tr.ant-table-row');
    await expect.poll(() => errors.count()).toBe(2);
    expect(await errors.nth(0).textContent()).toContain('3');
    expect(await errors.nth(0).textContent()).toContain('不存在的指标');
    expect(await errors.nth(1).textContent()).toContain('20x4');
    expect(await stats.getByTestId('figures-import-failed').textContent()).toContain('未导入任何数据');
    await screenshot(stats, 'indicators-05-import-bad-rows');
    const after = await api.get<{ figures: FigureRow[] }>(`/indicators/${retail}`);
    expect(after.figures).toHaveLength(before.figures.length);
  });
});

describe('the indicator page', () => {
  it('draws the figures with the lower bound marked, the trajectory and the target, and the status method', async () => {
    const retail = targetOf(await dashboard(), '网络零售额').indicator!.id;
    await leader.goto(`${server.baseUrl}/indicators/${retail}`);
    const chart = leader.getByRole('img', { name: /网络零售额各期数据/ });
    await chart.waitFor();
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('≥');
    expect(await leader.getByTestId('mark-lower-bound').textContent()).toContain('下限值');
    expect(await leader.getByTestId('figures-table').textContent()).toContain('> 350亿元');
    expect(await leader.getByTestId('figures-table').textContent()).toContain('chinadaily.com.cn');
    const methods = await leader.getByTestId('method-text').allTextContents();
    expect(methods.join('')).toContain('恒定增长率');
    expect(await leader.getByTestId('status-explanation').textContent()).toContain('下限值');
    await screenshot(leader, 'indicators-06-indicator-page');
  });
});

describe('on a phone', () => {
  it('the dashboard fits 360 px: the cards stack, nothing scrolls sideways', async () => {
    const phone = await leaderContext.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${server.baseUrl}/plans/${planId}/dashboard`);
    await expect.poll(() => phone.getByTestId('target-card').count()).toBe(7);
    await phone.locator('canvas').first().waitFor();
    const widths = await phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      body: document.body.scrollWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.body).toBeLessThanOrEqual(360);
    const boxes = await phone
      .getByTestId('target-card')
      .evaluateAll((cards) =>
        cards
          .slice(0, 2)
          .map((card) => card.getBoundingClientRect().toJSON() as { x: number; y: number; width: number }),
      );
    expect(boxes[1]!.y).toBeGreaterThan(boxes[0]!.y);
    expect(boxes[0]!.width).toBeLessThanOrEqual(360);
    await screenshot(phone, 'indicators-07-dashboard-360');
    await phone.close();
  });
});
