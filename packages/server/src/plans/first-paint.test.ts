import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { seedUnits } from '../units/units-service.js';
import { CHENGDU_UNITS } from '../units/chengdu-units.js';
import { ROLES } from '../users/schemas.js';
import { NO_STORE } from '../plugins/web.js';
import { CHENGDU_TEXT, confirm, flatPlan, getPlan, nodeTitled, postImport } from '../imports/testing.js';

// The page the server sends for a plan (plugins/web.ts) with the plan's first paint (plans/first-paint.ts): only
// to whom GET /api/v1/plans/:id answers, with every text escaped, never stored by a cache.

const INDEX =
  '<!doctype html><html><head><title>落实</title><script type="module" src="/assets/index-Ab12Cd34.js"></script>' +
  '</head><body><div id="root"></div></body></html>';
const LOGIN = INDEX.replace(
  '<div id="root"></div>',
  '<div id="root" data-prerendered="login"><form></form></div>',
);
const PLAN_CHUNKS = ['/assets/PlanPage-Xy12.js', '/assets/table-Zz34.js'];
const APP_CHUNKS = ['/assets/AppLayout-Ab56.js'];
const SESSION_HEAD =
  '<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/v1/auth/me">' +
  '<link rel="modulepreload" crossorigin href="/assets/AppLayout-Ab56.js">';
const HOSTILE_TITLE = '<script>alert("方案")</script> & <img src=x onerror=alert(1)>';
const HOSTILE_ITEM = '</td></tr></table><a href="javascript:alert(1)">\'点我\'</a>';

let t: TestApp;
let web: string;
let sec: Session;
let planId: number;
const sessions = new Map<string, Session>();

beforeAll(async () => {
  web = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-web-'));
  fs.mkdirSync(path.join(web, '.vite'));
  fs.writeFileSync(path.join(web, 'index.html'), INDEX);
  fs.writeFileSync(path.join(web, 'login.html'), LOGIN);
  fs.writeFileSync(
    path.join(web, '.vite', 'first-page.json'),
    JSON.stringify({ app: APP_CHUNKS, plan: PLAN_CHUNKS }),
  );
  t = await createTestApp({ webDistDir: web });
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  sec = await t.loginAs('secretariat');
  for (const role of ROLES) sessions.set(role, await t.loginAs(role));
  planId = await confirm(t, sec, (await postImport(t, sec, CHENGDU_TEXT)).id);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(web, { recursive: true, force: true });
});

const page = (url: string, who: Session | null) =>
  t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
const firstPaintOf = (html: string) =>
  /<div id="first-paint"[\s\S]*?<\/table><\/div><\/div><\/div>/.exec(html)?.[0];

describe('a plan’s page with its first paint', () => {
  it('holds the title, the period and every task row (number, title, lead units), outside #root', async () => {
    const res = await page(`/plans/${planId}`, sec);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe(NO_STORE);
    expect(res.headers.vary).toMatch(/cookie/i);
    const html = res.body;
    const paint = firstPaintOf(html);
    expect(paint).toBeDefined();
    // Before the app's root, which stays empty for React.
    expect(html.indexOf('<div id="first-paint"')).toBeLessThan(html.indexOf('<div id="root"></div>'));

    const plan = await getPlan(t, sec, planId);
    expect(paint).toContain(`<h1>${plan.title}</h1>`);
    expect(paint).toContain(`${plan.periodFrom}–${plan.periodTo}`);
    const items = flatPlan(plan.nodes);
    const rows = [
      ...paint!.matchAll(
        /<tr><td class="fp-label"[^>]*>(.*?)<\/td><td>(.*?)<\/td><td class="fp-units">(.*?)<\/td><\/tr>/g,
      ),
    ];
    expect(rows.map((r) => [r[1], r[2], r[3]])).toEqual(
      items.map((n) => [n.label, n.title, n.leadUnits.map((u) => u.name).join('、')]),
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.some((r) => r[3] !== '')).toBe(true);

    // The plan page's chunks and its reads start with the HTML, the frame's too.
    expect(html).toContain(SESSION_HEAD);
    for (const file of PLAN_CHUNKS)
      expect(html).toContain(`<link rel="modulepreload" crossorigin href="${file}">`);
    expect(html).toContain(
      `<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/v1/plans/${planId}">`,
    );
    expect(html).toContain('<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/v1/auth/me">');
  });

  it('is in English for a user who reads the app in English (the app’s cookie), else in Chinese', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/plans/${planId}`,
      headers: { cookie: `${sec.cookie}; luoshi_language=en` },
    });
    const paint = firstPaintOf(res.body)!;
    expect(paint).toContain('<table aria-label="Tasks">');
    expect(paint).toContain('<th scope="col" class="fp-units">Lead units</th>');
    expect(paint).toContain('<dt>Period: </dt>');
    const zh = firstPaintOf((await page(`/plans/${planId}`, sec)).body)!;
    expect(zh).toContain('<table aria-label="任务分解">');
    expect(zh).toContain('<dt>实施期限：</dt>');
  });

  it('goes to exactly the roles the API lets read the plan, unpublished then published', async () => {
    for (const published of [false, true]) {
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/plans/${planId}`,
        headers: sec.headers,
        payload: { published },
      });
      expect(patch.statusCode, patch.body).toBe(200);
      for (const role of ROLES) {
        const who = sessions.get(role)!;
        const api = await t.app.inject({
          method: 'GET',
          url: `/api/v1/plans/${planId}`,
          headers: { cookie: who.cookie },
        });
        const res = await page(`/plans/${planId}`, who);
        expect(res.statusCode).toBe(200);
        expect(firstPaintOf(res.body) !== undefined, `${role}, published ${published}`).toBe(
          api.statusCode === 200,
        );
        if (api.statusCode !== 200) {
          expect(res.body).toBe(INDEX.replace('</head>', `${SESSION_HEAD}</head>`));
          expect(res.headers['cache-control']).toBe('no-cache');
        }
      }
      // The enterprise reporter, who sees published plans only, is the one the answer turns on.
      const reporter = await page(`/plans/${planId}`, sessions.get('enterprise_reporter')!);
      expect(firstPaintOf(reporter.body) !== undefined).toBe(published);
    }
  });

  it('goes to nobody without a valid session: they get the login page', async () => {
    for (const headers of [{}, { cookie: 'luoshi_session=forged' }]) {
      const res = await t.app.inject({ method: 'GET', url: `/plans/${planId}`, headers });
      expect(res.body).not.toContain('first-paint');
      expect(res.body).toContain('data-session="none"');
      expect(res.body).not.toContain((await getPlan(t, sec, planId)).title);
    }
  });

  it('is not there for a plan that does not exist', async () => {
    const res = await page(`/plans/${planId + 1000}`, sec);
    expect(res.body).toBe(INDEX.replace('</head>', `${SESSION_HEAD}</head>`));
  });

  it('the other pages of a session start the session check and the frame’s chunks; the public ones do not', async () => {
    for (const [url, who, head] of [
      ['/plans', sec, true],
      ['/units/1', sec, true],
      ['/public', sec, false],
      ['/public', null, false],
    ] as const) {
      const res = await page(url, who);
      expect(res.body.includes(SESSION_HEAD), url).toBe(head);
      expect(res.body, url).not.toContain('first-paint');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('the public page of a plan has it while the plan is published, for anyone, without notes', async () => {
    const plan = await getPlan(t, sec, planId);
    const item = flatPlan(plan.nodes)[0]!;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${item.id}`,
      headers: sec.headers,
      payload: { note: '内部备注不公开' },
    });
    for (const published of [true, false]) {
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/plans/${planId}`,
        headers: sec.headers,
        payload: { published },
      });
      const res = await page(`/public/plans/${planId}`, null);
      expect(firstPaintOf(res.body) !== undefined).toBe(published);
      expect(res.body).not.toContain('内部备注不公开');
      if (published) {
        expect(res.headers['cache-control']).toBe(NO_STORE);
        expect(res.body).toContain(`href="/api/v1/public/plans/${planId}"`);
        expect(res.body).not.toContain('/api/v1/auth/me');
      }
    }
  });

  it('escapes what the plan says: a hostile title or item is text, not markup', async () => {
    const plan = await getPlan(t, sec, planId);
    const item = nodeTitled(plan, flatPlan(plan.nodes)[1]!.title);
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}`,
      headers: sec.headers,
      payload: { title: HOSTILE_TITLE },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${item.id}`,
      headers: sec.headers,
      payload: { title: HOSTILE_ITEM },
    });
    expect(edited.statusCode, edited.body).toBe(200);

    const html = (await page(`/plans/${planId}`, sec)).body;
    const paint = firstPaintOf(html)!;
    expect(paint).toContain(
      '<h1>&lt;script&gt;alert(&quot;方案&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</h1>',
    );
    expect(paint).toContain(
      '<td>&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;a href=&quot;javascript:alert(1)&quot;&gt;&#39;点我&#39;&lt;/a&gt;</td>',
    );
    // Nothing of them as markup anywhere in the page: the page's only script is its own, one table, no link.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<a ');
    expect(html.match(/<table/g)).toHaveLength(1);
    expect(html.match(/<\/table>/g)).toHaveLength(1);
  });
});
