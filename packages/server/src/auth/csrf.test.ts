import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';

let t: TestApp;
let s: Session;
beforeAll(async () => {
  t = await createTestApp();
  s = await t.loginAs('leader');
});
afterAll(() => t.close());

const createToken = (headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: { name: 'x' } });

describe('CSRF protection of cookie-authenticated writes', () => {
  it('refuses a write with the session cookie but no x-csrf-token: 403 CSRF_TOKEN_INVALID, nothing stored', async () => {
    const res = await createToken({ cookie: s.cookie });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ code: string }>().code).toBe('CSRF_TOKEN_INVALID');
    const tokens = await t.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', s.user.id)
      .execute();
    expect(tokens).toHaveLength(0);
  });

  it('refuses a wrong token, including another session’s token', async () => {
    const other = await t.loginAs('leader');
    expect((await createToken({ cookie: s.cookie, 'x-csrf-token': 'nope' })).statusCode).toBe(403);
    expect((await createToken({ cookie: s.cookie, 'x-csrf-token': other.csrfToken })).statusCode).toBe(403);
  });

  it('accepts the write with the session’s token', async () => {
    expect((await createToken(s.headers)).statusCode).toBe(201);
  });

  it('does not need a token for reads', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(200);
  });

  it('does not apply to bearer-token requests (no cookie, so nothing a forged page could ride on)', async () => {
    const b = await t.bearerFor('leader');
    expect((await createToken(b.headers)).statusCode).toBe(201);
  });

  it('does not block logging in while an old session cookie is present', async () => {
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: s.cookie },
      payload: { username: s.user.username, password: 'correct horse battery staple' },
    });
    expect(again.statusCode).toBe(200);
  });
});

describe('the route table: login is the only write exempt from CSRF', () => {
  const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
  const writeRoutes = () => {
    const keys = t.app.registeredRoutes
      .filter((r) => WRITES.has(r.method))
      .map((r) => `${r.method} ${r.url}`);
    return [...new Set(keys)].sort();
  };

  it('marks no write route but login as exempt', () => {
    const exempt = t.app.registeredRoutes
      .filter((r) => WRITES.has(r.method) && !r.csrf)
      .map((r) => `${r.method} ${r.url}`);
    expect(exempt).toEqual(['POST /api/v1/auth/login']);
  });

  it('refuses every other write route with a session cookie and no token: 403 CSRF_TOKEN_INVALID', async () => {
    const admin = await t.loginAs('admin');
    const routes = writeRoutes().filter((key) => key !== 'POST /api/v1/auth/login');
    // Guard against a table that lost its routes: the API has writes on users, tokens, units, imports and plans.
    expect(routes.length).toBeGreaterThan(15);
    const failures: string[] = [];
    for (const key of routes) {
      const [method, pattern] = key.split(' ') as [string, string];
      const url = pattern.replace(/:(\w+)/g, '1');
      const res = await t.app.inject({
        method: method as 'POST',
        url,
        headers: { cookie: admin.cookie },
        payload: {},
      });
      const code = res.statusCode === 403 ? res.json<{ code: string }>().code : '';
      if (code !== 'CSRF_TOKEN_INVALID') failures.push(`${key}: ${res.statusCode} ${res.body.slice(0, 100)}`);
    }
    expect(failures).toEqual([]);
  });
});
