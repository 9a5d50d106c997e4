import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request, Response } from 'playwright-core';
import {
  DEMO_PASSWORD,
  launchChromium,
  screenshot,
  startDemoServer,
  webDist,
  type RunningServer,
} from './harness.js';

// What the first page loads, checked against the build's own record of which chunk holds what
// (dist/.vite/manifest.json), so the test follows the chunks whatever their names and hashes.

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
const manifest = JSON.parse(fs.readFileSync(path.join(webDist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;

/**
 * The files a chunk needs before it runs: itself and its static imports (as served paths). Not their CSS: the build
 * puts the entry's into the HTML (build/prerender.ts), and no other chunk has any.
 */
function closure(...keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    files.add(`/${chunk.file}`);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return files;
}
function keyOf(test: (key: string) => boolean, what: string): string {
  const key = Object.keys(manifest).find(test);
  if (!key) throw new Error(`no chunk for ${what} in the build manifest`);
  return key;
}
const minus = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => !b.has(x)));

const entry = keyOf((k) => manifest[k]!.isEntry === true, 'the entry (index.html)');
const loginFiles = closure(entry);
/** The chunks only the plan page needs: its own and those it shares with other pages, not the entry's. */
const planPage = keyOf((k) => k.endsWith('src/pages/PlanPage.tsx'), 'PlanPage');
const planFiles = minus(closure(planPage), loginFiles);
const appLayoutFiles = minus(
  closure(keyOf((k) => k.endsWith('src/components/AppLayout.tsx'), 'AppLayout')),
  loginFiles,
);
const publicLayoutFiles = minus(
  closure(keyOf((k) => k.endsWith('src/components/PublicLayout.tsx'), 'PublicLayout')),
  loginFiles,
);
const exceljsFile = `/${manifest[keyOf((k) => k.includes('node_modules/exceljs/'), 'exceljs')]!.file}`;

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

/** Every response of the app's assets a page gets while `action` runs, by path. */
async function assetsLoaded(page: Page, action: () => Promise<void>): Promise<Map<string, Response>> {
  const loaded = new Map<string, Response>();
  const onResponse = (response: Response) => {
    const url = new URL(response.url());
    if (url.origin === server.baseUrl && url.pathname.startsWith('/assets/'))
      loaded.set(url.pathname, response);
  };
  page.on('response', onResponse);
  try {
    await action();
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('response', onResponse);
  }
  return loaded;
}

/** Bytes on the wire (encoded) of a response's body. */
async function encodedBytes(request: Request): Promise<number> {
  return (await request.sizes()).responseBodySize;
}

describe('the login page, loaded cold', () => {
  let page: Page;
  let loaded: Map<string, Response>;
  let html: Response | null = null;

  beforeAll(async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    page = await context.newPage();
    loaded = await assetsLoaded(page, async () => {
      html = await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel('用户名').waitFor();
    });
    await screenshot(page, '00-login-first-load');
  });

  it('loads exactly the entry chunk and what it imports', () => {
    expect(new Set(loaded.keys())).toEqual(loginFiles);
  });

  it("does not load the plan page's chunks, the layouts (antd) or exceljs", async () => {
    expect(planFiles.size).toBeGreaterThan(0);
    expect(appLayoutFiles.size).toBeGreaterThan(0);
    for (const file of [...planFiles, ...appLayoutFiles, ...publicLayoutFiles, exceljsFile])
      expect(loaded.has(file), file).toBe(false);
    // antd would show as its CSS-in-JS style elements and its class names.
    const antd = await page.evaluate(
      () => document.querySelectorAll('style[data-css-hash], style[data-rc-order], [class*="ant-"]').length,
    );
    expect(antd).toBe(0);
  });

  it('gets its JavaScript brotli-compressed and cached as immutable, under 150 KB in all', async () => {
    let js = 0;
    for (const [file, response] of loaded) {
      const headers = response.headers();
      expect(headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
      expect(headers.vary, file).toMatch(/accept-encoding/i);
      if (file.endsWith('.js')) {
        const bytes = await encodedBytes(response.request());
        if (bytes > 1024) expect(headers['content-encoding'], file).toBe('br');
        js += bytes;
      }
    }
    expect(js).toBeGreaterThan(0);
    expect(js).toBeLessThan(150 * 1024);
  });

  it('gets index.html compressed too, to be revalidated on every load', () => {
    const headers = html!.headers();
    expect(headers['cache-control']).toBe('no-cache');
    expect(headers['content-type']).toMatch(/^text\/html/);
    expect(headers['content-encoding']).toBe('br');
  });

  it('shows its texts in Chinese, and in English after the switch, with no antd loaded', async () => {
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('落实');
    const more = await assetsLoaded(page, async () => {
      await page.getByTestId('login-language').click();
      await page.getByLabel('Username').waitFor();
    });
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Luoshi');
    expect(await page.getByRole('button', { name: 'Log in' }).isVisible()).toBe(true);
    expect([...more.keys()]).toEqual([]);
    await screenshot(page, '00b-login-english');
  });

  it('checks the required fields in the words of the language chosen', async () => {
    await page.getByRole('button', { name: 'Log in' }).click();
    expect(await page.getByText('Enter your username').isVisible()).toBe(true);
    expect(await page.getByText('Enter your password').isVisible()).toBe(true);
    await page.getByLabel('Username').fill('secretariat');
    expect(await page.getByText('Enter your username').count()).toBe(0);
    await screenshot(page, '00c-login-required');
  });
});

describe('the chunks load where they are used', () => {
  it('the plan page loads its chunks and antd; exceljs only when the user exports', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('用户名').fill('secretariat');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('nav').waitFor();

    const plan = await assetsLoaded(page, async () => {
      await page.getByRole('link', { name: /成都/ }).first().click();
      await page.locator('[data-testid="plan-tasks"] tr.ant-table-row').first().waitFor();
    });
    // The chunks it shares with the plans list are there already; its own comes now.
    expect(plan.has(`/${manifest[planPage]!.file}`)).toBe(true);
    expect(plan.has(exceljsFile)).toBe(false);

    const exported = await assetsLoaded(page, async () => {
      const download = page.waitForEvent('download');
      await page.getByTestId('export-xlsx').first().click();
      await download;
    });
    expect([...exported.keys()]).toContain(exceljsFile);
    await context.close();
  });

  it('a cold load of the plan page shows it, the layout and the page loaded together', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const login = await page.request.post(`${server.baseUrl}/api/v1/auth/login`, {
      data: { username: 'secretariat', password: DEMO_PASSWORD },
    });
    expect(login.ok()).toBe(true);
    const plans = (
      (await (await page.request.get(`${server.baseUrl}/api/v1/plans`)).json()) as {
        items: { id: number }[];
      }
    ).items;
    const loaded = await assetsLoaded(page, async () => {
      await page.goto(`${server.baseUrl}/plans/${plans[0]!.id}`);
      await page.locator('[data-testid="plan-tasks"] tr.ant-table-row').first().waitFor();
    });
    for (const file of [...loginFiles, ...planFiles, ...appLayoutFiles])
      expect(loaded.has(file), file).toBe(true);
    expect(loaded.has(exceljsFile)).toBe(false);
    await screenshot(page, '00d-plan-cold-load');
    await context.close();
  });
});

/** What goes wrong on a page as it runs: console errors and uncaught errors (a hydration mismatch is one). */
function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** Holds back the responses of the app's assets whose path matches until `release` is called. */
async function holdBack(page: Page, path: RegExp): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname.startsWith('/assets/') && path.test(url.pathname),
    async (route) => {
      await gate;
      await route.continue();
    },
  );
  return release;
}

/** The API paths a page requests while it is open. */
function apiRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) paths.push(url.pathname);
  });
  return paths;
}

const entryFile = manifest[entry]!.file;
const planChunk = manifest[planPage]!.file;

async function demoPlan(): Promise<{ id: number; title: string; rows: number; cookie: string }> {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'secretariat', password: DEMO_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const plans = (await (await fetch(`${server.baseUrl}/api/v1/plans`, { headers: { cookie } })).json()) as {
    items: { id: number }[];
  };
  const id = plans.items[0]!.id;
  const plan = (await (
    await fetch(`${server.baseUrl}/api/v1/plans/${id}`, { headers: { cookie } })
  ).json()) as {
    title: string;
    nodes: { children: unknown[] }[];
  };
  const count = (nodes: { children: unknown[] }[]): number =>
    nodes.reduce((n, node) => n + 1 + count(node.children as { children: unknown[] }[]), 0);
  return { id, title: plan.title, rows: count(plan.nodes), cookie };
}

async function contextWithSession(cookie: string, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    ...options,
  });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: server.baseUrl }]);
  return context;
}

describe('the login page, rendered ahead', () => {
  it('is there without JavaScript, in Chinese, at /login and wherever the app would ask for a login', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false });
    const page = await context.newPage();
    for (const url of ['/login', '/plans/1', '/']) {
      await page.goto(`${server.baseUrl}${url}`);
      expect(await page.getByRole('heading', { level: 1 }).innerText(), url).toBe('落实');
      expect(await page.getByLabel('用户名').count(), url).toBe(1);
      expect(await page.getByLabel('密码').count(), url).toBe(1);
      // Typing works at once; the button waits for the script, so that the password never goes out in a URL.
      await page.getByLabel('用户名').fill('secretariat');
      expect(await page.getByRole('button', { name: /登\s*录/ }).isDisabled(), url).toBe(true);
    }
    await screenshot(page, '00e-login-without-javascript');
    await context.close();
  });

  it('React takes it over without redrawing it: what was typed stays, no mismatch, and the login works', async () => {
    const { id } = await demoPlan();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems = problemsOf(page);
    const api = apiRequests(page);
    const release = await holdBack(page, new RegExp(`^/${entryFile}$`));
    const loaded = await assetsLoaded(page, async () => {
      // A visit to a plan without a session: the server answers with the login page.
      await page.goto(`${server.baseUrl}/plans/${id}`, { waitUntil: 'commit' });
      await page.getByLabel('用户名').fill('secretariat');
      await page.evaluate(() => {
        (
          document.getElementById('login-username') as HTMLInputElement & { typedBefore?: boolean }
        ).typedBefore = true;
      });
      await screenshot(page, '00f-login-before-script', { fullPage: false, settle: false });
      release();
      await page
        .getByRole('button', { name: /登\s*录/ })
        .and(page.locator(':enabled'))
        .waitFor();
    });
    // The same element, with what was typed into it; the address says where the visitor was going.
    expect(
      await page.evaluate(
        () =>
          (document.getElementById('login-username') as HTMLInputElement & { typedBefore?: boolean })
            .typedBefore,
      ),
    ).toBe(true);
    expect(await page.getByLabel('用户名').inputValue()).toBe('secretariat');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(
      `/login?from=${encodeURIComponent(`/plans/${id}`)}`,
    );
    // The server said there is no session: nobody asks, and no other page's code loads.
    expect(api).toEqual([]);
    expect(new Set(loaded.keys())).toEqual(loginFiles);

    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('[data-testid="plan-tasks"] tr.ant-table-row').first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`/plans/${id}`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an English user gets English right after it, without a mismatch', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    await context.addInitScript(() => localStorage.setItem('luoshi.language', 'en'));
    const page = await context.newPage();
    const problems = problemsOf(page);
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('Username').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Luoshi');
    expect(await page.getByRole('button', { name: 'Log in' }).isEnabled()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('a plan’s first paint', () => {
  it('is in the HTML: title, period and every task row, without JavaScript', async () => {
    const plan = await demoPlan();
    const context = await contextWithSession(plan.cookie, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/plans/${plan.id}`);
    const paint = page.getByTestId('plan-first-paint');
    expect(await paint.getByRole('heading', { level: 1 }).innerText()).toBe(plan.title);
    expect(await paint.innerText()).toMatch(/实施期限：\s*\d{4}–\d{4}/);
    const table = paint.getByRole('table', { name: '任务分解' });
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['序号', '任务', '牵头单位']);
    expect(await table.locator('tbody tr').count()).toBe(plan.rows);
    expect(await table.locator('tbody tr', { hasText: '打造移动电子商务核心平台' }).innerText()).toContain(
      '市商务局',
    );
    await screenshot(page, '00g-plan-first-paint-without-javascript', { fullPage: false });
    await context.close();
  });

  it('covers the page until the app’s table has rendered, which takes its place where it stood', async () => {
    const plan = await demoPlan();
    const context = await contextWithSession(plan.cookie);
    const page = await context.newPage();
    const problems = problemsOf(page);
    const api = apiRequests(page);
    const release = await holdBack(page, new RegExp(`^/${planChunk}$`));
    await page.goto(`${server.baseUrl}/plans/${plan.id}`, { waitUntil: 'commit' });
    const paint = page.getByTestId('plan-first-paint');
    await paint.locator('tbody tr').first().waitFor();
    // The app renders meanwhile (its spinner, while the page's code is on its way), under the first paint.
    await page.getByTestId('loading').waitFor({ state: 'attached' });
    const before = await page.evaluate(() => {
      const title = document.querySelector('#first-paint h1')!.getBoundingClientRect();
      const row = document.querySelector('#first-paint tbody tr')!.getBoundingClientRect();
      const top = document.elementFromPoint(title.x + 10, title.y + 10);
      return { title: [title.x, title.y], row: row.y, onTop: Boolean(top?.closest('#first-paint')) };
    });
    expect(before.onTop).toBe(true);
    await screenshot(page, '00h-plan-first-paint', { fullPage: false, settle: false });

    release();
    await page.locator('[data-testid="plan-tasks"] tr.ant-table-row').first().waitFor();
    expect(await paint.count()).toBe(0);
    const after = await page.evaluate(() => {
      const title = document.querySelector('[data-testid="plan-title"]')!.getBoundingClientRect();
      const row = document
        .querySelector('[data-testid="plan-tasks"] tr.ant-table-row')!
        .getBoundingClientRect();
      return { title: [title.x, title.y], row: row.y };
    });
    // The title does not move, the first row hardly (the app's rows hold more: kinds, tags, buttons).
    expect(Math.abs(after.title[0]! - before.title[0]!)).toBeLessThanOrEqual(2);
    expect(Math.abs(after.title[1]! - before.title[1]!)).toBeLessThanOrEqual(2);
    expect(Math.abs(after.row - before.row)).toBeLessThanOrEqual(4);
    await screenshot(page, '00i-plan-after-first-paint', { fullPage: false });
    // The reads the HTML started (preload) are the ones the app took: each made once.
    expect(api.filter((p) => p === `/api/v1/plans/${plan.id}`)).toHaveLength(1);
    expect(api.filter((p) => p === '/api/v1/auth/me')).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('goes when the app goes elsewhere: a session that ended on the way leads to the login page, uncovered', async () => {
    const plan = await demoPlan();
    const context = await contextWithSession(plan.cookie);
    const page = await context.newPage();
    // The session ends between the HTML and the app's first question.
    await page.route('**/api/v1/auth/me', (route) =>
      route.fulfill({ status: 401, contentType: 'application/json', body: '{"code":"AUTH_REQUIRED"}' }),
    );
    await page.goto(`${server.baseUrl}/plans/${plan.id}`);
    await page.getByLabel('用户名').waitFor();
    expect(await page.getByTestId('plan-first-paint').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('the public page of a published plan has one too, for anyone', async () => {
    const plan = await demoPlan();
    const secretariat = await fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: { cookie: plan.cookie } });
    const { csrfToken } = (await secretariat.json()) as { csrfToken: string };
    const published = await fetch(`${server.baseUrl}/api/v1/plans/${plan.id}`, {
      method: 'PATCH',
      headers: { cookie: plan.cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ published: true }),
    });
    expect(published.status).toBe(200);
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const release = await holdBack(page, new RegExp(`^/${planChunk}$`));
    await page.goto(`${server.baseUrl}/public/plans/${plan.id}`, { waitUntil: 'commit' });
    await page.getByTestId('plan-first-paint').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('plan-first-paint').locator('tbody tr').count()).toBe(plan.rows);
    release();
    await page.locator('[data-testid="plan-tasks"] tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('plan-first-paint').count()).toBe(0);
    await screenshot(page, '00j-public-plan-after-first-paint', { fullPage: false });
    await fetch(`${server.baseUrl}/api/v1/plans/${plan.id}`, {
      method: 'PATCH',
      headers: { cookie: plan.cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ published: false }),
    });
    await context.close();
  });
});
