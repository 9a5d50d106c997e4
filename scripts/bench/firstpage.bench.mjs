// The first page, as a browser sees it: the cold load of the login page and of the demo plan page in Debian's
// chromium, each beside a bare HTML page served by the same server in the same run. "Cold": a fresh browser
// context for every sample (empty cache). The time is when the page's content is in the DOM (a MutationObserver
// installed before the page's own scripts notes performance.now(), which counts from the navigation's start):
//   - bare page: its <main id="content">;
//   - login page: the username field;
//   - plan page (logged in as the demo secretariat): the first row of the plan's task table — whichever has it
//     first: the first paint the server puts into the page's HTML (plain HTML, `data-testid="plan-first-paint"`,
//     see packages/server/src/plans/first-paint.ts) or the app's own table (`data-testid="plan-tasks"`, which
//     replaces it). The selector names the table, not antd's classes: `tbody tr` of either. Printed beside it,
//     without a goal: when the app's own table is there, i.e. after the JavaScript, the session check and the
//     plan's API read (the page interactive).
// Goals: login ≤ 3× the bare page, plan page ≤ 5×. Measured on loopback, and again with chromium throttling the
// network to 10 Mbit/s and 40 ms latency (a government network or a phone), without goals.
// Also printed: the JavaScript the login page loads, in bytes on the wire (the server sends the build's .br files),
// against the 150 KB budget; and the plan page's.
// Needs `npm run build` (server dist and web dist) and Debian's chromium (CHROMIUM_PATH to use another).
// BENCH_SAMPLES sets the samples per page and condition (default 7; the median is printed).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const title =
  'First page: cold loads in chromium beside a bare HTML page; JavaScript bytes on the wire';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const serverDist = pathToFileURL(join(repo, 'packages/server/dist/index.js')).href;
const webDist = join(repo, 'packages/web/dist');
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 7);
const DEMO_PASSWORD = 'luoshi-demo';
const THROTTLED = { latency: 40, bytesPerSecond: (10 * 1000 * 1000) / 8 };

const BARE_PAGE =
  '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>落实 Luoshi</title></head>' +
  '<body><main id="content"><h1>落实</h1><p>实施方案落实管理系统</p></main></body></html>';

// The demo server (demo accounts and the Chengdu plan) in a child process, on a temporary data directory,
// serving a copy of the built web app with the bare page beside it.
const serverProgram = `
  import fs from 'node:fs';
  const server = await import(${JSON.stringify(serverDist)});
  const { dataDir, webDir } = JSON.parse(process.env.BENCH_DIRS);
  const config = server.loadConfig({ PORT: '0', HOST: '127.0.0.1', LUOSHI_DATA_DIR: dataDir, LUOSHI_DEMO: '1',
    LOG_LEVEL: 'warn', LUOSHI_WEB_DIST: webDir });
  const app = await server.startServer(config);
  console.log('READY ' + JSON.stringify({ port: app.server.address().port }));
`;

function startServer(dirs) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', serverProgram], {
      cwd: repo,
      env: { ...process.env, BENCH_DIRS: JSON.stringify(dirs) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /READY (.*)\n/.exec(buf);
      if (m)
        resolveStart({
          port: JSON.parse(m[1]).port,
          stop: () =>
            new Promise((r) => {
              child.once('exit', r);
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited early with code ${code}`)));
  });
}

/**
 * Notes performance.now() on window.__contentAt when `selector` first matches, and on window.__appAt when
 * `appSelector` (if given) does. Runs before the page's scripts.
 */
const probe = (selector, appSelector) => `(() => {
  const check = () => {
    if (window.__contentAt === undefined && document.querySelector(${JSON.stringify(selector)}))
      window.__contentAt = performance.now();
    if (${JSON.stringify(appSelector ?? null)} === null) window.__appAt = window.__contentAt;
    else if (window.__appAt === undefined && document.querySelector(${JSON.stringify(appSelector ?? '')}))
      window.__appAt = performance.now();
    if (window.__contentAt !== undefined && window.__appAt !== undefined) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})()`;

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export default async function bench({ log }) {
  if (!fs.existsSync(join(webDist, 'index.html')) || !fs.existsSync(fileURLToPath(serverDist)))
    throw new Error('the server or the web app is not built: run `npm run build` first');
  const dataDir = fs.mkdtempSync(join(os.tmpdir(), 'luoshi-bench-firstpage-'));
  const webDir = fs.mkdtempSync(join(os.tmpdir(), 'luoshi-bench-web-'));
  fs.cpSync(webDist, webDir, { recursive: true });
  fs.writeFileSync(join(webDir, 'bare.html'), BARE_PAGE);

  const server = await startServer({ dataDir, webDir });
  const base = `http://127.0.0.1:${server.port}`;
  const browser = await chromium.launch({
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
  try {
    // One session for every plan-page sample (the login is rate limited, and is not what is measured).
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'secretariat', password: DEMO_PASSWORD }),
    });
    if (!login.ok) throw new Error(`demo login failed: ${login.status} ${await login.text()}`);
    const [cookieName, cookieValue] = (login.headers.get('set-cookie') ?? '').split(';')[0].split('=');
    const plans = await (
      await fetch(`${base}/api/v1/plans`, { headers: { cookie: `${cookieName}=${cookieValue}` } })
    ).json();
    const planId = (Array.isArray(plans) ? plans : plans.items)[0].id;

    const pages = {
      bare: { url: `${base}/bare.html`, selector: '#content' },
      login: { url: `${base}/login`, selector: '#login-username' },
      plan: {
        url: `${base}/plans/${planId}`,
        selector: '[data-testid="plan-first-paint"] tbody tr, [data-testid="plan-tasks"] tbody tr',
        // Also noted, without a goal: when the app's own table is there (the page is interactive).
        appSelector: '[data-testid="plan-tasks"] tbody tr',
        cookie: true,
      },
    };

    /** One cold load: a fresh context; returns ms to content and the JavaScript bytes received. */
    async function load(name, throttled) {
      const spec = pages[name];
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      try {
        if (spec.cookie) await context.addCookies([{ name: cookieName, value: cookieValue, url: base }]);
        const page = await context.newPage();
        await page.addInitScript(probe(spec.selector, spec.appSelector));
        if (throttled) {
          const cdp = await context.newCDPSession(page);
          await cdp.send('Network.enable');
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: THROTTLED.latency,
            downloadThroughput: THROTTLED.bytesPerSecond,
            uploadThroughput: THROTTLED.bytesPerSecond,
          });
        }
        const scripts = [];
        page.on('response', (response) => {
          if (new URL(response.url()).pathname.endsWith('.js')) scripts.push(response);
        });
        await page.goto(spec.url, { waitUntil: 'commit' });
        /** @type {() => number | undefined} */
        const contentAt = () => /** @type {{ __contentAt?: number }} */ (globalThis).__contentAt;
        /** @type {() => number | undefined} */
        const appAt = () => /** @type {{ __appAt?: number }} */ (globalThis).__appAt;
        await page.waitForFunction(appAt, null, { timeout: 60_000 });
        const ms = /** @type {number} */ (await page.evaluate(contentAt));
        const appMs = /** @type {number} */ (await page.evaluate(appAt));
        await page.waitForLoadState('networkidle');
        let jsBytes = 0;
        for (const response of scripts) jsBytes += (await response.request().sizes()).responseBodySize;
        return { ms, appMs, jsBytes };
      } finally {
        await context.close();
      }
    }

    const figures = [];
    let bytes;
    for (const throttled of [false, true]) {
      const condition = throttled ? ', 10 Mbit/s 40 ms' : '';
      // A first round to warm the server and the disk cache, not counted; then rounds that take each page in
      // turn, so that a slow moment of the shared machine falls on all three alike.
      for (const name of Object.keys(pages)) await load(name, throttled);
      /** @type {Record<string, number[]>} */
      const times = { bare: [], login: [], plan: [] };
      /** @type {number[]} */
      const planApp = [];
      for (let i = 0; i < SAMPLES; i++) {
        for (const name of Object.keys(pages)) {
          const r = await load(name, throttled);
          times[name].push(r.ms);
          if (name === 'plan') planApp.push(r.appMs);
          if (!throttled && i === 0) (bytes ??= {})[name] = r.jsBytes;
        }
      }
      for (const name of Object.keys(pages))
        log(`${name}${condition}: ${times[name].map((x) => x.toFixed(0)).join(', ')} ms`);
      log(`plan, the app's table${condition}: ${planApp.map((x) => x.toFixed(0)).join(', ')} ms`);
      const bare = { name: `bare HTML page${condition}`, value: median(times.bare) };
      figures.push(
        {
          name: `login page, cold load to content${condition}`,
          unit: 'ms',
          value: median(times.login),
          baseline: bare,
          goal: throttled ? undefined : { max: 3 },
        },
        {
          name: `demo plan page, cold load to content${condition}`,
          unit: 'ms',
          value: median(times.plan),
          baseline: bare,
          goal: throttled ? undefined : { max: 5 },
        },
        {
          name: `demo plan page, cold load to the app's own table${condition}`,
          unit: 'ms',
          value: median(planApp),
          baseline: bare,
          note: 'the page interactive (JavaScript, session check, plan read, antd table); no goal',
        },
      );
    }
    figures.push(
      {
        name: 'JavaScript the login page loads (on the wire)',
        unit: 'KB',
        value: bytes.login / 1024,
        baseline: { name: 'budget', value: 150 },
        goal: { max: 1 },
        note: 'compressed as the browser received it (brotli); the budget is a fixed figure, not a measurement',
      },
      {
        name: 'JavaScript the plan page loads (on the wire)',
        unit: 'KB',
        value: bytes.plan / 1024,
        baseline: { name: "the login page's", value: bytes.login / 1024 },
      },
    );
    return figures;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(webDir, { recursive: true, force: true });
  }
}
