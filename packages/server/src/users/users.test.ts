import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.js';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.loginAs('admin')).headers;
});
afterAll(() => t.close());

const newUser = (over: Record<string, unknown> = {}) => ({
  username: `u${Math.random().toString(36).slice(2, 10)}`,
  displayName: '张三',
  role: 'leader',
  password: 'a long enough password',
  ...over,
});

describe('user administration', () => {
  it('is for admins only: other roles get 403, the public 401', async () => {
    const leader = await t.loginAs('secretariat');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: leader.headers })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: leader.headers,
      payload: newUser(),
    });
    expect(post.statusCode).toBe(403);
  });

  it('an admin creates a user, who can then log in; the password hash is argon2id and never shown', async () => {
    const body = newUser({ role: 'unit_officer', unitId: await t.createUnit('市商务局') });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: body });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: body.username,
      role: 'unit_officer',
      unitName: '市商务局',
      disabled: false,
    });
    expect(res.body).not.toContain('password');
    const row = await t.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', body.username)
      .executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    await t.login(body.username, body.password);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin });
    expect(list.json<{ items: { username: string }[] }>().items.map((u) => u.username)).toContain(
      body.username,
    );
  });

  it('refuses a taken username (409 USERNAME_TAKEN)', async () => {
    const body = newUser();
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: body }))
        .statusCode,
    ).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { ...body },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('USERNAME_TAKEN');
  });

  it('a unit officer needs a unit, and the unit must exist', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: newUser({ role: 'unit_officer' }),
    });
    expect(none.statusCode).toBe(400);
    expect(none.json<{ code: string }>().code).toBe('UNIT_REQUIRED');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: newUser({ role: 'unit_officer', unitId: 99999 }),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ code: string }>().code).toBe('UNIT_NOT_FOUND');
  });

  it('refuses an unknown role and a short password with field details', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: newUser({ role: 'superuser', password: 'short' }),
    });
    expect(res.statusCode).toBe(400);
    const p = res.json<{ code: string; errors: { path: string }[] }>();
    expect(p.code).toBe('VALIDATION_FAILED');
    expect(p.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['/body/password']));
  });

  it('disabling a user ends their sessions and stops their login', async () => {
    const s = await t.loginAs('leader');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${s.user.id}`,
      headers: admin,
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ disabled: true });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } }))
        .statusCode,
    ).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: s.user.username, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(401);
  });

  it('changes name, role and password', async () => {
    const u = await t.createUser('leader');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: admin,
      payload: { displayName: '李四', role: 'secretariat', password: 'another long password' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '李四', role: 'secretariat' });
    await t.login(u.username, 'another long password');
  });

  it('the last enabled admin cannot be disabled or demoted (409 LAST_ADMIN); with another admin it can', async () => {
    const t2 = await createTestApp();
    try {
      const a = await t2.loginAs('admin');
      const self = `/api/v1/users/${a.user.id}`;
      for (const payload of [{ disabled: true }, { role: 'leader' }]) {
        const res = await t2.app.inject({ method: 'PATCH', url: self, headers: a.headers, payload });
        expect(res.statusCode).toBe(409);
        expect(res.json<{ code: string }>().code).toBe('LAST_ADMIN');
      }
      await t2.createUser('admin');
      const ok = await t2.app.inject({
        method: 'PATCH',
        url: self,
        headers: a.headers,
        payload: { role: 'leader' },
      });
      expect(ok.statusCode).toBe(200);
    } finally {
      await t2.close();
    }
  });

  it('an unknown user id is 404 USER_NOT_FOUND', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/424242',
      headers: admin,
      payload: { displayName: 'x' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ code: string }>().code).toBe('USER_NOT_FOUND');
  });
});
