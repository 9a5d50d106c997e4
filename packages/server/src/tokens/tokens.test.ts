import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('API tokens', () => {
  it('a created token authenticates as its owner with Authorization: Bearer; only its hash is stored', async () => {
    const s = await t.loginAs('statistics_officer');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: s.headers,
      payload: { name: '脚本' },
    });
    expect(res.statusCode).toBe(201);
    const { token, apiToken } = res.json<{
      token: string;
      apiToken: { id: number; name: string; prefix: string };
    }>();
    expect(apiToken.name).toBe('脚本');
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: s.user.id }, csrfToken: null });
    const stored = await t.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', apiToken.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('lists only the caller’s own tokens, without secrets', async () => {
    const a = await t.bearerFor('leader');
    const b = await t.bearerFor('leader');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: a.headers });
    const { items } = list.json<{ items: { name: string }[] }>();
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]!).sort()).toEqual([
      'createdAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
    ]);
    expect(b.user.id).not.toBe(a.user.id);
  });

  it('a revoked token no longer works (401), and stays listed as revoked', async () => {
    const a = await t.bearerFor('leader');
    const [mine] = (await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: a.headers })).json<{
      items: { id: number }[];
    }>().items;
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${mine!.id}`,
      headers: a.headers,
    });
    expect(del.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: a.headers });
    expect(after.statusCode).toBe(401);
    const row = await t.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('id', '=', mine!.id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });

  it('someone else’s token cannot be revoked (404, as if it did not exist); an admin can revoke it', async () => {
    const owner = await t.bearerFor('leader');
    const [tok] = (
      await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: owner.headers })
    ).json<{
      items: { id: number }[];
    }>().items;
    const other = await t.bearerFor('secretariat');
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${tok!.id}`, headers: other.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: owner.headers })).statusCode,
    ).toBe(200);
    const admin = await t.bearerFor('admin');
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${tok!.id}`, headers: admin.headers }))
        .statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: owner.headers })).statusCode,
    ).toBe(401);
  });

  it('an unknown or malformed bearer token is 401 AUTH_REQUIRED, even on public routes', async () => {
    for (const authorization of ['Bearer lsk_nonsense', 'Bearer', 'Basic abc']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/health', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json<{ code: string }>().code).toBe('AUTH_REQUIRED');
    }
  });

  it('a disabled user’s token stops working', async () => {
    const a = await t.bearerFor('leader');
    await t.db.updateTable('users').set({ disabled: 1 }).where('id', '=', a.user.id).execute();
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: a.headers })).statusCode,
    ).toBe(401);
  });
});
