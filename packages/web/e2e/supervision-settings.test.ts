import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
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
 * The secretariat's supervision settings in the browser, on the demo's Chengdu plan: a threshold out of order is
 * refused with the reason beside the field; a good change and the notice contact are saved, and a second editor's
 * save in between is a conflict that keeps the user's input; a run of the rules shows in the run history (and its
 * Excel export); a notice's Word document names the contact; a 企业微信 robot is added, hears of the next run's
 * notices, and is removed after a confirmation. A unit officer sees none of it, a leader only the run history.
 * Desktop and 360 px screenshots.
 */

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 250 });

let server: RunningServer;
let browser: Browser;
let planId: number;
/** A stand-in for the 企业微信 robot: answers as the robot does and remembers what it was sent. */
let robot: http.Server;
let robotUrl = '';
const robotHeard: { url: string; body: string }[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
  const api = await apiSession(server.baseUrl, 'secretariat');
  planId = (await api.get<{ items: { id: number }[] }>('/plans')).items[0]!.id;
  robot = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      robotHeard.push({ url: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((r) => robot.listen(0, '127.0.0.1', r));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=e2e-test`;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((r) => (robot ? robot.close(() => r()) : r()));
});

async function setNumber(page: Page, testId: string, value: number) {
  const input = inputOf(page, testId);
  await input.fill(String(value));
  await input.blur();
}

/** The page must not scroll sideways: everything fits the phone's width (tables scroll inside their own box). */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

interface Settings {
  version: number;
  thresholds: { reportMissing: { blue: number; yellow: number; red: number } };
  contact: { name: string; phone: string } | null;
}

const CONTACT = { name: '王晓梅', phone: '028-61881234' };

describe('the secretariat’s supervision settings in the browser', () => {
  it('refuses thresholds out of order beside the field, saves good ones and the notice contact, and keeps the input on a conflict', async () => {
    const page = await loginAs(browser, server.baseUrl, 'secretariat');
    await page.goto(`${server.baseUrl}/supervision?plan=${planId}`);
    await page.getByTestId('supervision-tabs').getByText('督办规则设置').click();
    await page.waitForURL(/tab=settings/);
    const form = page.getByTestId('supervision-settings');
    await form.waitFor();
    expect(await form.getByTestId('settings-defaults').innerText()).toContain('系统默认值');
    // The defaults show beside the fields.
    expect(await form.innerText()).toContain('默认10');

    // Yellow before blue: the server refuses, and says why under the rule, in Chinese.
    await setNumber(page, 'settings-reportMissing-blue', 5);
    await setNumber(page, 'settings-reportMissing-yellow', 3);
    await page.getByTestId('settings-save').click();
    await poll(() => form.getByTestId('settings-error-reportMissing').isVisible()).toBe(true);
    expect(await form.getByTestId('settings-error-reportMissing').innerText()).toBe(
      '天数应满足：蓝色 ≤ 黄色 ≤ 红色',
    );
    await screenshot(page, 'sup-settings-01-error', { fullPage: false });
    const api = await apiSession(server.baseUrl, 'secretariat');
    expect((await api.get<Settings>(`/plans/${planId}/supervision/settings`)).version).toBe(0);

    // Put right, with the contact the notice document will name.
    await setNumber(page, 'settings-reportMissing-yellow', 12);
    expect(await form.getByTestId('settings-error-reportMissing').count()).toBe(0);
    await inputOf(page, 'settings-contact-name').fill(CONTACT.name);
    await inputOf(page, 'settings-contact-phone').fill(CONTACT.phone);
    await page.getByTestId('settings-recipient-add').click();
    await inputOf(page, 'settings-recipient-email').fill('duban@example.gov.cn');
    await page.getByTestId('settings-save').click();
    await page.getByText('督办规则设置已保存').waitFor();
    await poll(() => form.getByTestId('settings-version').innerText()).toContain('第1版');
    const saved = await api.get<Settings>(`/plans/${planId}/supervision/settings`);
    expect(saved).toMatchObject({
      version: 1,
      thresholds: { reportMissing: { blue: 5, yellow: 12, red: 20 } },
      contact: CONTACT,
      recipients: [{ unitId: null, email: 'duban@example.gov.cn' }],
    });
    await screenshot(page, 'sup-settings-02-saved');

    // Someone else saves in between: the current settings show, the user's input stays in the form.
    const other = await putAs('secretariat', `/plans/${planId}/supervision/settings`, {
      thresholds: {
        ...(saved as unknown as { thresholds: object }).thresholds,
        reportMissing: { blue: 2, yellow: 9, red: 19 },
      },
      recipients: [],
      version: 1,
    });
    expect(other.status).toBe(200);
    await setNumber(page, 'settings-reportMissing-red', 25);
    await page.getByTestId('settings-save').click();
    const conflict = page.getByTestId('settings-conflict');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('2 / 9 / 19 天');
    expect(await inputOf(page, 'settings-reportMissing-red').inputValue()).toBe('25');
    await screenshot(page, 'sup-settings-03-conflict', { fullPage: false });
    await conflict.getByTestId('conflict-keep-mine').click();
    await page.getByTestId('settings-save').click();
    await poll(() => form.getByTestId('settings-version').innerText()).toContain('第3版');
    const after = await api.get<Settings>(`/plans/${planId}/supervision/settings`);
    expect(after.thresholds.reportMissing).toEqual({ blue: 5, yellow: 12, red: 25 });
    // The other editor's PUT left the contact out, which keeps it.
    expect(after.contact).toEqual(CONTACT);

    // 恢复默认 fills the defaults in (saving applies them).
    await page.getByTestId('settings-restore').click();
    expect(await inputOf(page, 'settings-reportMissing-red').inputValue()).toBe('20');
    expect(await inputOf(page, 'settings-contact-name').inputValue()).toBe(CONTACT.name);
    await page.reload();
    await form.waitFor();
    expect(await inputOf(page, 'settings-reportMissing-red').inputValue()).toBe('25');
    await page.context().close();
  });

  it('a run of the rules shows in the run history, which exports to Excel; the Word notice names the contact', async () => {
    const page = await loginAs(browser, server.baseUrl, 'secretariat');
    await page.goto(`${server.baseUrl}/supervision?plan=${planId}`);
    await page.getByTestId('cycle-save').click();
    await page.getByText('报送周期已保存').waitFor();
    await pickDate(inputOf(page, 'supervision-as-of'), '2013-07-12');
    await page.getByTestId('supervision-run-button').click();
    await page.getByText(/已按2013-07-12运行督办规则/).waitFor();

    await page.getByTestId('supervision-tabs').getByText('运行记录').click();
    const runs = page.getByTestId('runs-table');
    const row = runs.locator('tbody tr.ant-table-row', { hasText: '2013-07-12' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('手动运行');
    expect(Number(await row.getByTestId('run-raised').innerText())).toBeGreaterThan(0);
    await screenshot(page, 'sup-settings-04-runs', { fullPage: false });
    const download = page.waitForEvent('download');
    await page.getByTestId('supervision-runs').getByTestId('export-xlsx').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('督办规则运行记录.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(await file.path()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('督办日期');
    expect(sheet.getColumn(1).values).toContain('2013-07-12');

    // A notice's Word document names the configured contact under 三、联系人.
    await page.getByTestId('supervision-tabs').getByText('督办台账').click();
    await page
      .getByTestId('notice-table')
      .locator('tbody tr.ant-table-row')
      .first()
      .getByTestId('notice-open')
      .click();
    const word = page.waitForEvent('download');
    await page.getByTestId('notice-drawer').getByTestId('notice-word-download').click();
    const docx = await word;
    const xml = await (
      await JSZip.loadAsync(fs.readFileSync(await docx.path()))
    )
      .file('word/document.xml')!
      .async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain(`三、联系人${CONTACT.name}，联系电话：${CONTACT.phone}`);
    await page.context().close();
  });

  it('adds a 企业微信 robot, which hears of the next run’s notices; its deliveries show; removing it asks first', async () => {
    const page = await loginAs(browser, server.baseUrl, 'secretariat');
    await page.goto(`${server.baseUrl}/supervision?plan=${planId}&tab=webhooks`);
    const list = page.getByTestId('webhooks');
    await list.waitFor();
    await page.getByTestId('webhook-add').click();
    const modal = page.getByTestId('webhook-modal');
    await inputOf(modal, 'webhook-name').waitFor();
    // 企业微信 is the first kind and needs no secret.
    expect(await modal.getByTestId('webhook-secret').count()).toBe(0);
    await page.getByTestId('webhook-save').click();
    await modal.getByText('请填写名称').waitFor();
    await inputOf(modal, 'webhook-name').fill('督查工作群');
    await inputOf(modal, 'webhook-url').fill(robotUrl);
    await screenshot(page, 'sup-settings-05-webhook-add', { fullPage: false });
    await page.getByTestId('webhook-save').click();
    await page.getByText('已添加推送“督查工作群”').waitFor();
    const row = page
      .getByTestId('webhook-table')
      .locator('tbody tr.ant-table-row', { hasText: '督查工作群' });
    await row.waitFor();
    expect(await row.getByTestId('webhook-row-format').innerText()).toBe('企业微信');
    expect(await row.innerText()).toContain('仅本方案');

    // A generic one with a secret: the secret is never shown again.
    await page.getByTestId('webhook-add').click();
    await modal.getByText('通用（JSON）').click();
    await inputOf(modal, 'webhook-name').fill('市政府督查系统');
    await inputOf(modal, 'webhook-url').fill('https://duban.example.gov.cn/hooks/luoshi');
    await inputOf(modal, 'webhook-secret').fill('s3cret-不外传');
    // Disabled for now (it points nowhere real): nothing is sent to it.
    await modal.getByTestId('webhook-enabled').click();
    await page.getByTestId('webhook-save').click();
    const generic = page
      .getByTestId('webhook-table')
      .locator('tbody tr.ant-table-row', { hasText: '市政府督查系统' });
    await generic.waitFor();
    expect(await generic.innerText()).toContain('已设密钥');
    expect(await generic.innerText()).toContain('已停用');
    expect(await page.locator('body').innerText()).not.toContain('s3cret');
    await generic.getByTestId('webhook-edit').click();
    await inputOf(modal, 'webhook-name').waitFor();
    expect(await inputOf(modal, 'webhook-secret').inputValue()).toBe('');
    expect(await inputOf(modal, 'webhook-secret').getAttribute('placeholder')).toBe('已设置密钥，留空则不变');
    await page.getByRole('button', { name: /取\s*消/ }).click();

    // The next run's new notices go to the robot.
    await page.getByTestId('supervision-tabs').getByText('督办台账').click();
    await pickDate(inputOf(page, 'supervision-as-of'), '2013-10-15');
    await page.getByTestId('supervision-run-button').click();
    await page.getByText(/已按2013-10-15运行督办规则/).waitFor();
    await poll(() => robotHeard.length).toBeGreaterThan(0);
    expect(JSON.parse(robotHeard[0]!.body)).toMatchObject({ msgtype: 'markdown' });

    // Sends leave after the run's commit, one after another: wait until the server has recorded every one.
    const api = await apiSession(server.baseUrl, 'secretariat');
    const hook = (await api.get<{ items: { id: number; name: string }[] }>('/webhooks')).items.find(
      (w) => w.name === '督查工作群',
    )!;
    const sent = () => api.get<{ items: { status: string }[] }>(`/webhooks/${hook.id}/deliveries?limit=200`);
    await poll(async () => (await sent()).items.every((d) => d.status === 'delivered')).toBe(true);
    const count = (await sent()).items.length;
    expect(count).toBeGreaterThan(0);
    expect(robotHeard.length).toBe(count);

    await page.getByTestId('supervision-tabs').getByText('消息推送').click();
    const deliveries = page.getByTestId('webhook-deliveries');
    const shown = () => deliveries.getByTestId('delivery-status').count();
    await row.getByTestId('webhook-deliveries-open').click();
    await poll(shown).toBe(Math.min(count, 50));
    expect(await deliveries.getByTestId('delivery-status').first().innerText()).toBe('已送达');
    await screenshot(page, 'sup-settings-06-deliveries', { fullPage: false });
    await page.keyboard.press('Escape');
    await deliveries.waitFor({ state: 'hidden' });

    // Removing asks first.
    await generic.getByTestId('webhook-remove').click();
    await page.getByText('确定删除推送“市政府督查系统”吗？').waitFor();
    await page.getByTestId('webhook-remove-confirm').click();
    await page.getByText('已删除推送“市政府督查系统”').waitFor();
    await poll(() => generic.count()).toBe(0);
    await screenshot(page, 'sup-settings-07-webhooks');
    await page.context().close();
  });

  it('fits a phone’s width', async () => {
    const phone = await loginAs(browser, server.baseUrl, 'secretariat', { width: 360, height: 740 });
    for (const tab of ['settings', 'runs', 'webhooks']) {
      await phone.goto(`${server.baseUrl}/supervision?plan=${planId}&tab=${tab}`);
      await phone
        .getByTestId(
          { settings: 'supervision-settings', runs: 'runs-table', webhooks: 'webhook-table' }[tab]!,
        )
        .waitFor();
      await screenshot(phone, `sup-settings-08-phone-${tab}`);
      expect(await fitsWidth(phone), tab).toBe(true);
    }
    await phone.context().close();
  });

  it('speaks English to a user who chose it, the server’s refusal included', async () => {
    const page = await loginAs(browser, server.baseUrl, 'secretariat');
    await page.evaluate(() => localStorage.setItem('luoshi.language', 'en'));
    await page.goto(`${server.baseUrl}/supervision?plan=${planId}&tab=settings`);
    const form = page.getByTestId('supervision-settings');
    await form.waitFor();
    expect(await page.getByTestId('supervision-tabs').innerText()).toContain('Rules and thresholds');
    await setNumber(page, 'settings-milestoneOverdue-red', 2);
    await page.getByTestId('settings-save').click();
    await poll(() => form.getByTestId('settings-error-milestoneOverdue').isVisible()).toBe(true);
    expect(await form.getByTestId('settings-error-milestoneOverdue').innerText()).toBe(
      'The days must not decrease: blue ≤ yellow ≤ red',
    );
    await screenshot(page, 'sup-settings-09-english', { fullPage: false });
    await page.context().close();
  });

  it('shows the chosen tab at once, in the same turn as the click', async () => {
    // The tab is kept in the address. Were the navigation rendered in a React transition, the old tab would stay
    // (and answer clicks) until React found time for an uninterrupted render, five seconds at worst on a busy
    // machine; rendered at once, the new tab is in the page before the click's task has ended.
    const page = await loginAs(browser, server.baseUrl, 'secretariat');
    await page.goto(`${server.baseUrl}/supervision?plan=${planId}&tab=webhooks`);
    await page.getByTestId('webhooks').waitFor();
    // Each tab's own content (or its loading sign) replaces the one before.
    const contents = {
      督办台账: 'notice-table',
      运行记录: 'runs-table',
      督办规则设置: 'supervision-settings',
    };
    let before = 'webhooks';
    for (const [label, after] of [...Object.entries(contents), ['消息推送', 'webhooks']] as const) {
      const seen = await page.evaluate(
        async ({ label, before }) => {
          const tab = [...document.querySelectorAll('[data-testid=supervision-tabs] [role=tab]')].find(
            (el) => el.textContent === label,
          ) as HTMLElement;
          tab.click();
          // Microtasks only: React's render of an urgent update is flushed in them, a transition's is not.
          for (let i = 0; i < 100; i++) await Promise.resolve();
          const active = document.querySelector('[data-testid=supervision-tabs] [aria-selected=true]');
          return {
            active: active?.textContent,
            beforeGone: !document.querySelector(`[data-testid=${before}]`),
          };
        },
        { label, before },
      );
      expect(seen, label).toEqual({ active: label, beforeGone: true });
      await page.getByTestId(after).waitFor();
      before = after;
    }
    await page.context().close();
  });

  it('a unit officer sees none of the settings, a leader only the run history', async () => {
    const officer = await loginAs(browser, server.baseUrl, 'officer');
    await officer.goto(`${server.baseUrl}/supervision?plan=${planId}&tab=settings`);
    await officer.getByTestId('supervision-board').waitFor();
    await officer.getByTestId('notice-table').waitFor();
    expect(await officer.getByTestId('supervision-tabs').count()).toBe(0);
    expect(await officer.getByTestId('supervision-settings').count()).toBe(0);
    expect(await officer.locator('body').innerText()).not.toContain('督办规则设置');
    await officer.context().close();

    const leader = await loginAs(browser, server.baseUrl, 'leader');
    await leader.goto(`${server.baseUrl}/supervision?plan=${planId}&tab=settings`);
    const tabs = leader.getByTestId('supervision-tabs');
    await tabs.waitFor();
    expect(await tabs.innerText()).toContain('运行记录');
    expect(await tabs.innerText()).not.toContain('督办规则设置');
    expect(await tabs.innerText()).not.toContain('消息推送');
    expect(await leader.getByTestId('supervision-settings').count()).toBe(0);
    await leader.context().close();
  });
});

/** A PUT as another session of a demo account (the harness's session sends GET and POST only). */
async function putAs(username: string, url: string, body: unknown): Promise<{ status: number }> {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const response = await fetch(`${server.baseUrl}/api/v1${url}`, {
    method: 'PUT',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status };
}
