import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';

let t: TestApp;
let web: string;
beforeAll(async () => {
  web = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-web-'));
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>落实</title><div id="root"></div>');
  fs.mkdirSync(path.join(web, 'assets'));
  fs.writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
  t = await createTestApp({ webDistDir: web });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(web, { recursive: true, force: true });
});

function expectSecurityHeaders(headers: Record<string, unknown>, what: string) {
  expect(headers['content-security-policy'], what).toBe(CONTENT_SECURITY_POLICY);
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('same-origin');
}

describe('security headers on every response', () => {
  it('are on the API, its errors, the web app, its assets, client-side routes and the API reference', async () => {
    const user = await t.createUser('leader');
    const requests: [string, string, number][] = [
      ['GET', '/api/v1/health', 200],
      ['GET', '/api/v1/plans', 401],
      ['GET', '/api/v1/nothing', 404],
      ['DELETE', '/api/v1/auth/login', 405],
      ['GET', '/api/v1/plans/%E0%A4%A', 400],
      ['GET', '/api/v1/openapi.json', 200],
      ['GET', '/', 200],
      ['GET', '/assets/app.js', 200],
      ['GET', '/assets/missing.js', 404],
      ['GET', '/plans/3', 200],
      ['GET', '/api/docs/', 200],
      ['GET', '/api/docs/static/swagger-ui-bundle.js', 200],
      ['GET', '/api/docs/json', 200],
    ];
    for (const [method, url, status] of requests) {
      const res = await t.app.inject({ method: method as 'GET', url });
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      expectSecurityHeaders(res.headers, `${method} ${url}`);
    }
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expectSecurityHeaders(login.headers, 'login');
  });

  it('forbid framing and inline script in the policy', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
  });

  it('add Strict-Transport-Security only over HTTPS', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // Without LUOSHI_TRUST_PROXY a client cannot claim HTTPS with a header.
    const claimed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('the session cookie is Secure when the request came over HTTPS', () => {
  const login = async (app: TestApp, headers: Record<string, string>) => {
    const user = await app.createUser('leader');
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers,
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'luoshi_session');
    expect(cookie).toBeDefined();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    return { cookie: cookie!, headers: res.headers };
  };

  it('is not Secure over plain HTTP, and X-Forwarded-Proto is ignored without LUOSHI_TRUST_PROXY', async () => {
    expect((await login(t, {})).cookie.secure).toBeFalsy();
    expect((await login(t, { 'x-forwarded-proto': 'https' })).cookie.secure).toBeFalsy();
  });

  it('is Secure behind a trusted proxy that says HTTPS (LUOSHI_TRUST_PROXY=1), with HSTS', async () => {
    const proxied = await createTestApp({ trustProxy: true });
    try {
      const https = await login(proxied, { 'x-forwarded-proto': 'https' });
      expect(https.cookie.secure).toBe(true);
      expect(https.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect((await login(proxied, { 'x-forwarded-proto': 'http' })).cookie.secure).toBeFalsy();
      expect((await login(proxied, {})).cookie.secure).toBeFalsy();
    } finally {
      await proxied.close();
    }
  });
});
