import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { loadConfig, startServer } from '@luoshi/server';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
export const webDist = path.resolve(here, '../dist');
export const screenshotDir = path.join(repoRoot, 'screenshots');

/** The demo accounts' password (docs/API-CONTRACT.md, demo mode). */
export const DEMO_PASSWORD = 'luoshi-demo';

export function readFixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot, 'packages/core/fixtures', name), 'utf8');
}

export interface RunningServer {
  app: FastifyInstance;
  baseUrl: string;
  stop: () => Promise<void>;
}

/**
 * The real server, in this process: demo mode on a fresh data directory, a random port, serving the built web app.
 */
export async function startDemoServer(): Promise<RunningServer> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`The web app is not built (${webDist}); run \`npm run build\` first.`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LUOSHI_DATA_DIR: dataDir,
    LUOSHI_DEMO: '1',
    LOG_LEVEL: 'warn',
    LUOSHI_WEB_DIST: webDist,
  });
  const app = await startServer(config);
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the server is not listening on a TCP port');
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's chromium, never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser context logged in as one of the demo accounts, at the page it lands on. */
export async function loginAs(
  browser: Browser,
  baseUrl: string,
  username: string,
  viewport = { width: 1440, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** The <input> of an antd field carrying `testId` (antd puts the attribute on the input or on its wrapper). */
export const inputOf = (scope: Pick<Page, 'locator'>, testId: string): Locator =>
  scope.locator(`input[data-testid=${testId}], [data-testid=${testId}] input`).first();

/** Fills an antd DatePicker by typing the date (YYYY-MM-DD) into its input and pressing Enter. */
export async function pickDate(input: Locator, date: string): Promise<void> {
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/**
 * Saves a screenshot as screenshots/<name>.png (gitignored) for a person to look at: the full page, or only the
 * window with `{ fullPage: false }` for a dialog, whose mask covers only the window. `settle: false` takes it at
 * once, for a state that lasts only while a test holds a request back.
 */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true, settle = true } = {},
): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  // Let requests finish and transitions settle so the picture shows the state the step produced.
  if (settle) {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(400);
  }
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
}

/** The fields of a problem+json body the tests compare with what the page shows. */
export interface Problem {
  code: string;
  message: { zh: string; en: string };
}

/** A logged-in API client (cookie + CSRF token), to check what the server stored behind the browser's back. */
export async function apiSession(baseUrl: string, username: string, password = DEMO_PASSWORD) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`API login as ${username} failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    async get<T>(url: string): Promise<T> {
      const response = await fetch(`${baseUrl}/api/v1${url}`, { headers: { cookie } });
      if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async post(url: string, body: unknown): Promise<{ status: number; body: Problem }> {
      const response = await fetch(`${baseUrl}/api/v1${url}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Problem };
    },
    /** Uploads a file as the browser's upload field does: multipart/form-data, field `file`. */
    async upload(
      url: string,
      fileName: string,
      bytes: Uint8Array<ArrayBuffer>,
    ): Promise<{ status: number; body: Problem }> {
      const form = new FormData();
      form.append('file', new Blob([bytes]), fileName);
      const response = await fetch(`${baseUrl}/api/v1${url}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Problem };
    },
  };
}
