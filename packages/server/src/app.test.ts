import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/harness.js';

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

describe('serving the built web app', () => {
  it('serves index.html at / and its assets', async () => {
    const root = await t.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('<title>落实</title>');
    const js = await t.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
  });

  it('answers client-side routes with index.html (single-page app)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/plans/3/units?tab=x' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('id="root"');
  });

  it('still answers unknown API routes and missing files with a 404 problem', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.json<{ code: string }>().code).toBe('NOT_FOUND');
    const missing = await t.app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('every API route declares its schemas', () => {
  // Routes that take no request body although they are writes.
  const NO_BODY = new Set(['POST /api/v1/auth/logout']);

  it('has a response schema for its success status, params for path parameters, a body for writes', () => {
    const problems: string[] = [];
    for (const r of t.app.registeredRoutes) {
      if (!r.url.startsWith('/api/v1/') || r.method === 'HEAD' || r.url === '/api/v1/openapi.json') continue;
      const key = `${r.method} ${r.url}`;
      const s = r.schema as
        { response?: Record<string, unknown>; params?: unknown; body?: unknown } | undefined;
      if (!s) {
        problems.push(`${key}: no schema`);
        continue;
      }
      if (!Object.keys(s.response ?? {}).some((code) => /^2\d\d$/.test(code)))
        problems.push(`${key}: no 2xx response schema`);
      if (r.url.includes(':') && !s.params) problems.push(`${key}: no params schema`);
      if (['POST', 'PUT', 'PATCH'].includes(r.method) && !s.body && !NO_BODY.has(key))
        problems.push(`${key}: no body schema`);
    }
    expect(problems).toEqual([]);
  });
});
