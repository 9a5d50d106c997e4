import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, sessionCookie, TEST_DB, TEST_PASSWORD, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { createApiToken } from '../tokens/service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ loginMaxFailures: 3 });
});
afterAll(() => t.close());

const NEW_PASSWORD = 'a much better passphrase';

const change = (headers: Record<string, string>, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/me/password', headers, payload: body });

const works = async (headers: Record<string, string>) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode === 200;

const problem = (res: LightMyRequestResponse) =>
  res.json<{ code: string; message: { zh: string; en: string }; errors?: { path: string }[] }>();

describe(`POST /api/v1/me/password (${TEST_DB})`, () => {
  it('with the right current password: changes it, ends the other sessions and tokens, renews this session', async () => {
    const user = await t.createUser('statistics_officer');
    const here = await t.login(user.username);
    const elsewhere = await t.login(user.username);
    const { token } = await createApiToken(t.db, SYSTEM_ACTOR, user.id, 'script');
    const bearer = { authorization: `Bearer ${token}` };
    expect(await works(elsewhere.headers)).toBe(true);
    expect(await works(bearer)).toBe(true);

    const res = await change(here.headers, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ user: { id: number }; csrfToken: string; otherSessionsEnded: number }>();
    expect(body).toMatchObject({ user: { id: user.id }, otherSessionsEnded: 1, tokensRevoked: 1 });

    // The other session and the token have ended; so has this browser's old cookie, replaced by a new one.
    expect(await works(elsewhere.headers)).toBe(false);
    expect(await works(bearer)).toBe(false);
    expect(await works(here.headers)).toBe(false);
    const renewed = { cookie: sessionCookie(res), 'x-csrf-token': body.csrfToken };
    expect(renewed.cookie).not.toBe(here.cookie);
    expect(await works(renewed)).toBe(true);
    // The renewed session writes with its new CSRF token.
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: renewed,
      payload: { name: 'after' },
    });
    expect(write.statusCode).toBe(201);

    await expect(t.login(user.username)).rejects.toThrow(/401/);
    expect(await works((await t.login(user.username, NEW_PASSWORD)).headers)).toBe(true);

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'after_json'])
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(user.id))
      .where('action', '=', 'user.password_change')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_user_id).toBe(user.id);
    expect(audit[0]!.after_json).not.toContain(NEW_PASSWORD);
  });

  it('with a wrong current password: 400 CURRENT_PASSWORD_WRONG in zh and en, and nothing changes', async () => {
    const user = await t.createUser('leader');
    const here = await t.login(user.username);
    const elsewhere = await t.login(user.username);
    const res = await change(here.headers, { currentPassword: 'not it at all', newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(problem(res)).toMatchObject({
      code: 'CURRENT_PASSWORD_WRONG',
      message: { zh: '当前密码不正确。', en: 'The current password is wrong.' },
      errors: [{ path: '/body/currentPassword' }],
    });
    expect(res.cookies.find((c) => c.name === 'luoshi_session')).toBeUndefined();
    expect(await works(here.headers)).toBe(true);
    expect(await works(elsewhere.headers)).toBe(true);
    expect(await works((await t.login(user.username)).headers)).toBe(true);
  });

  it('refuses a new password shorter than 8 characters, and one equal to the current', async () => {
    const s = await t.loginAs('leader');
    const short = await change(s.headers, { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(problem(short)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ path: '/body/newPassword' })],
    });
    const same = await change(s.headers, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(problem(same).code).toBe('PASSWORD_UNCHANGED');
    expect(await works(s.headers)).toBe(true);
  });

  it('needs the CSRF token with a session cookie, like every cookie write', async () => {
    const s = await t.loginAs('leader');
    const res = await change(
      { cookie: s.cookie },
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    );
    expect(res.statusCode).toBe(403);
    expect(problem(res).code).toBe('CSRF_TOKEN_INVALID');
    expect(await works(s.headers)).toBe(true);
  });

  it('with an API token: works, and revokes that token too (no session to renew)', async () => {
    const b = await t.bearerFor('secretariat');
    const res = await change(b.headers, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ csrfToken: null, otherSessionsEnded: 0, tokensRevoked: 1 });
    expect(res.cookies).toEqual([]);
    expect(await works(b.headers)).toBe(false);
  });

  it('counts wrong current passwords like failed logins: a session cannot guess faster than the login page', async () => {
    const s = await t.loginAs('leader');
    const max = t.config.loginMaxFailures;
    for (let i = 0; i < max; i++) {
      const wrong = await change(s.headers, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD });
      expect(wrong.statusCode).toBe(400);
    }
    const blocked = await change(s.headers, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(problem(blocked).code).toBe('LOGIN_RATE_LIMITED');
    expect(await works(s.headers)).toBe(true);
  });

  it('is for logged-in users only', async () => {
    const res = await change({}, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(401);
  });
});
