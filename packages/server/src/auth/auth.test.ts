import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, TEST_PASSWORD, type TestApp } from '../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: ip,
  });

describe('login', () => {
  it('with the right password returns the user and a CSRF token and sets an httpOnly, SameSite=Lax cookie', async () => {
    const user = await t.createUser('secretariat');
    const res = await login(user.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ user: { username: string; role: string }; csrfToken: string }>();
    expect(body.user).toMatchObject({ username: user.username, role: 'secretariat', disabled: false });
    expect(body.csrfToken.length).toBeGreaterThan(20);
    const cookie = res.cookies.find((c) => c.name === 'luoshi_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('stores only the SHA-256 of the session cookie', async () => {
    const user = await t.createUser('leader');
    const res = await login(user.username, TEST_PASSWORD);
    const value = sessionCookie(res).split('=')[1]!;
    const rows = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(value);
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('with a wrong password is 401 LOGIN_FAILED, and so is an unknown username (same answer)', async () => {
    const user = await t.createUser('leader');
    const wrong = await login(user.username, 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json()).toMatchObject({
      code: 'LOGIN_FAILED',
      message: { zh: expect.any(String), en: expect.any(String) },
    });
    const unknown = await login('no-such-user', 'whatever');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<{ code: string }>().code).toBe('LOGIN_FAILED');
    expect(wrong.cookies.find((c) => c.name === 'luoshi_session')).toBeUndefined();
  });

  it('is refused for a disabled user even with the right password', async () => {
    const user = await t.createUser('leader');
    await t.db.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
    const res = await login(user.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(401);
  });

  it('is rate limited per address and username after too many failures, even for the right password', async () => {
    const user = await t.createUser('leader');
    const max = t.config.loginMaxFailures;
    for (let i = 0; i < max; i++)
      expect((await login(user.username, 'wrong', '10.0.0.9')).statusCode).toBe(401);
    const blocked = await login(user.username, TEST_PASSWORD, '10.0.0.9');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json<{ code: string }>().code).toBe('LOGIN_RATE_LIMITED');
    // Another address is not affected by this address's limit (only by the account's, which is higher).
    expect((await login(user.username, TEST_PASSWORD, '10.0.0.10')).statusCode).toBe(200);
  });
});

describe('login rate limiting behind a reverse proxy (LUOSHI_TRUST_PROXY=1)', () => {
  it('counts failures per forwarded client address, not per proxy', async () => {
    const t2 = await createTestApp({ trustProxy: true, loginMaxFailures: 2 });
    try {
      const user = await t2.createUser('leader');
      const attempt = (client: string, password: string) =>
        t2.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '10.9.9.9',
          headers: { 'x-forwarded-for': client },
          payload: { username: user.username, password },
        });
      expect((await attempt('203.0.113.1', 'wrong')).statusCode).toBe(401);
      expect((await attempt('203.0.113.1', 'wrong')).statusCode).toBe(401);
      expect((await attempt('203.0.113.1', TEST_PASSWORD)).statusCode).toBe(429);
      expect((await attempt('203.0.113.2', TEST_PASSWORD)).statusCode).toBe(200);
    } finally {
      await t2.close();
    }
  });
});

describe('me and logout', () => {
  it('GET /auth/me returns the logged-in user and the session CSRF token; 401 without login', async () => {
    const s = await t.loginAs('statistics_officer');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ user: s.user, csrfToken: s.csrfToken });
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json<{ code: string }>().code).toBe('AUTH_REQUIRED');
  });

  it('logout ends the session: the same cookie no longer works', async () => {
    const s = await t.loginAs('leader');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('an expired session counts as no login', async () => {
    const s = await t.loginAs('leader');
    await t.db
      .updateTable('sessions')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('user_id', '=', s.user.id)
      .execute();
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('login and logout are recorded in the audit log', async () => {
    const s = await t.loginAs('leader');
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers });
    const rows = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_user_id', '=', s.user.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['session.login', 'session.logout']);
  });
});
