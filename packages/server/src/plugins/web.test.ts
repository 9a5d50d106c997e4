import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { IMMUTABLE, REVALIDATE } from './web.js';

// A built web app as Vite and packages/web/build/precompress.ts leave it: hashed files under assets/, each text
// file of 1 KB or more with a .br and a .gz beside it, and the build manifest under .vite/.
let t: TestApp;
let web: string;
const INDEX = `<!doctype html><title>落实</title><div id="root"></div><script src="/assets/index-Ab12Cd34.js"></script>${' '.repeat(1100)}`;
const SCRIPT = `console.log(${JSON.stringify('落实'.repeat(400))});`;
const SMALL = 'export const x = 1;';
// The login page as packages/web/build/prerender.ts writes it: index.html with the form rendered into #root.
const LOGIN = INDEX.replace(
  '<div id="root"></div>',
  '<div id="root" data-prerendered="login"><form><input id="login-username"></form></div>',
);
const LOGIN_NO_SESSION = LOGIN.replace(
  'data-prerendered="login"',
  'data-prerendered="login" data-session="none"',
);

function writeWithCompressed(file: string, text: string) {
  fs.writeFileSync(file, text);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(text));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(text));
}

beforeAll(async () => {
  web = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-web-'));
  fs.mkdirSync(path.join(web, 'assets'));
  fs.mkdirSync(path.join(web, '.vite'));
  writeWithCompressed(path.join(web, 'index.html'), INDEX);
  writeWithCompressed(path.join(web, 'login.html'), LOGIN);
  writeWithCompressed(path.join(web, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
  fs.writeFileSync(path.join(web, 'assets', 'small-Ef56Gh78.js'), SMALL);
  fs.writeFileSync(path.join(web, '.vite', 'manifest.json'), '{}');
  t = await createTestApp({ webDistDir: web });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(web, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

function decode(res: LightMyRequestResponse): string {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(res.rawPayload).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(res.rawPayload).toString('utf8');
  expect(encoding).toBeUndefined();
  return res.rawPayload.toString('utf8');
}

describe('the web app’s hashed assets', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate', 'gzip'],
  ])('are sent precompressed when the browser accepts %s', async (accept, encoding) => {
    const res = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': accept });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 5);
    expect(decode(res)).toBe(SCRIPT);
  });

  it('are sent as they are to a browser that accepts no encoding', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }]) {
      const res = await get('/assets/index-Ab12Cd34.js', headers);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.body).toBe(SCRIPT);
    }
  });

  it('are cached for a year as immutable, compressed or not', async () => {
    for (const [url, accept] of [
      ['/assets/index-Ab12Cd34.js', 'br'],
      ['/assets/index-Ab12Cd34.js', 'gzip'],
      ['/assets/index-Ab12Cd34.js', 'identity'],
      ['/assets/small-Ef56Gh78.js', 'br'],
    ] as const) {
      const res = await get(url, { 'accept-encoding': accept });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
    }
    expect(IMMUTABLE).toBe('public, max-age=31536000, immutable');
  });

  it('below the compression threshold, are sent as they are (no .br was built for them)', async () => {
    const res = await get('/assets/small-Ef56Gh78.js', { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(SMALL);
  });
});

describe('the pages', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = (await t.loginAs('leader')).cookie;
  });

  it.each([
    // Without a session: the login page rendered ahead, saying there is no session, wherever the app would go
    // to the login page; the public pages and the file itself as they are.
    ['/', null, LOGIN_NO_SESSION],
    ['/plans/3?tab=units', null, LOGIN_NO_SESSION],
    ['/login', null, LOGIN_NO_SESSION],
    ['/public', null, INDEX],
    ['/public/plans/3', null, INDEX],
    ['/index.html', null, INDEX],
    // With one: the app, and at /login the login page (the app moves on once it knows who is logged in).
    ['/', 'session', INDEX],
    ['/plans/3?tab=units', 'session', INDEX],
    ['/login', 'session', LOGIN],
  ])(
    'at %s (%s) must be revalidated on every load, so that a deploy shows at once',
    async (url, session, page) => {
      const res = await get(url, { 'accept-encoding': 'gzip, deflate, br', ...(session ? { cookie } : {}) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe(REVALIDATE);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-encoding']).toBe('br');
      expect(decode(res)).toBe(page);
      // What a page holds depends on the session: no cache may hand one visitor's to another.
      if (url !== '/index.html') expect(res.headers.vary).toMatch(/cookie/i);
    },
  );

  it('an unknown or ended session is no session', async () => {
    const res = await get('/plans/3', { cookie: 'luoshi_session=nonsense' });
    expect(res.body).toBe(LOGIN_NO_SESSION);
  });

  it('answers a revalidation with 304 while it has not changed, and not across sessions', async () => {
    const first = await get('/', { 'accept-encoding': 'br', cookie });
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(etag), cookie });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    // The same address without the session is another page (the login page): sent whole.
    const other = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(etag) });
    expect(other.statusCode).toBe(200);
    expect(decode(other)).toBe(LOGIN_NO_SESSION);
  });

  it('is sent as it is without Accept-Encoding', async () => {
    const res = await get('/', { cookie });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(INDEX);
  });
});

it('does not serve the build’s dotfiles (the manifest is for the tests)', async () => {
  const res = await get('/.vite/manifest.json');
  expect(res.statusCode).toBe(404);
});
