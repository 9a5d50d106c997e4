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

/** The files a chunk needs before it runs: itself, its static imports, their CSS (as served paths). */
function closure(...keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    files.add(`/${chunk.file}`);
    for (const css of chunk.css ?? []) files.add(`/${css}`);
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
