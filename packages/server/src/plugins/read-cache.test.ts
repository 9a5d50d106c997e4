import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { ChangeScopedCache } from './read-cache.js';

describe('ChangeScopedCache', () => {
  it('serves a value only for the database state it was computed from', () => {
    let stamp: string | null = 'a';
    const cache = new ChangeScopedCache<number>(() => stamp);
    const s = cache.now();
    cache.set('k', 1, s);
    expect(cache.get('k', cache.now())).toBe(1);
    stamp = 'b';
    expect(cache.get('k', cache.now())).toBeUndefined();
  });

  it('does not store a value when the database changed while it was computed', () => {
    let stamp: string | null = 'a';
    const cache = new ChangeScopedCache<number>(() => stamp);
    const s = cache.now();
    stamp = 'b'; // a write committed during the read
    cache.set('k', 1, s);
    expect(cache.get('k', cache.now())).toBeUndefined();
  });

  it('holds at most its budget, by the size of what it holds', () => {
    const cache = new ChangeScopedCache<string>(
      () => 'a',
      100,
      10,
      (v) => v.length,
    );
    cache.set('a', 'xxxx', 'a');
    cache.set('b', 'yyyy', 'a');
    expect([cache.get('a', 'a'), cache.get('b', 'a')]).toEqual(['xxxx', 'yyyy']);
    cache.set('a', 'zzzzz', 'a'); // replaces 4 with 5: 9 in all
    expect([cache.get('a', 'a'), cache.get('b', 'a')]).toEqual(['zzzzz', 'yyyy']);
    cache.set('c', 'ww', 'a'); // 11: over the budget, so it starts over
    expect([cache.get('a', 'a'), cache.get('b', 'a'), cache.get('c', 'a')]).toEqual([
      undefined,
      undefined,
      'ww',
    ]);
    cache.set('d', 'v'.repeat(11), 'a'); // larger than the whole budget: not kept, and nothing else lost
    expect([cache.get('c', 'a'), cache.get('d', 'a')]).toEqual(['ww', undefined]);
  });

  it('never caches without a stamp', () => {
    const cache = new ChangeScopedCache<number>(() => null);
    cache.set('k', 1, cache.now());
    expect(cache.get('k', cache.now())).toBeUndefined();
  });

  it('with counter stamps read per request (PostgreSQL), ignores a request that read an older stamp', () => {
    const cache = new ChangeScopedCache<number>();
    cache.set('k', 1, 5);
    expect(cache.get('k', 5)).toBe(1);
    expect(cache.get('k', 6)).toBeUndefined(); // a newer state: forgets
    cache.set('k', 2, 6);
    // A request that began before the write neither finds the newer value nor brings back its own.
    expect(cache.get('k', 5)).toBeUndefined();
    cache.set('k', 1, 5);
    expect(cache.get('k', 6)).toBe(2);
  });
});

// The plan page opts in to response caching (`config: { cache: true }`); these check that what it serves is
// never stale, whoever writes: the API, a direct write on the same connection, or another process.
describe('cached reads stay correct', () => {
  let t: TestApp;
  let admin: { authorization: string };
  let planId: number;
  let nodeId: number;
  const PLAN = ['缓存测试方案', '一、主要任务', '（一）第一项任务。（牵头单位：缓存测试单位）'].join('\n');

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.bearerFor('admin')).headers;
    const imp = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: admin,
      payload: { text: PLAN },
    });
    expect(imp.statusCode).toBe(201);
    const conf = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.json<{ id: number }>().id}/confirm`,
      headers: admin,
      payload: {},
    });
    planId = conf.json<{ planId: number }>().planId;
    const row = await t.db
      .selectFrom('plan_nodes')
      .select('id')
      .where('plan_id', '=', planId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    nodeId = row.id;
  });
  afterAll(() => t.close());

  const getPlan = (headers: Record<string, string> = admin) =>
    t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers });
  const noteOf = (body: string) => {
    const find = (nodes: { id: number; note: string; children: never[] }[]): string | undefined => {
      for (const n of nodes) {
        if (n.id === nodeId) return n.note;
        const c = find(n.children);
        if (c !== undefined) return c;
      }
      return undefined;
    };
    return find((JSON.parse(body) as { nodes: never[] }).nodes);
  };

  it('answers a repeated read from memory, and computes it again after a write', async () => {
    await getPlan();
    expect((await getPlan()).headers['x-luoshi-cache']).toBe('hit');
    await t.db.updateTable('plan_nodes').set({ note: '任意' }).where('id', '=', nodeId).execute();
    expect((await getPlan()).headers['x-luoshi-cache']).toBe('miss');
    expect((await getPlan()).headers['x-luoshi-cache']).toBe('hit');
  });

  it('a write through the API shows in the next read', async () => {
    expect((await getPlan()).statusCode).toBe(200);
    expect((await getPlan()).statusCode).toBe(200);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${nodeId}`,
      headers: admin,
      payload: { note: '第一次备注' },
    });
    expect(patch.statusCode).toBe(200);
    expect(noteOf((await getPlan()).body)).toBe('第一次备注');
  });

  it('a direct write on the same connection shows in the next read', async () => {
    await getPlan();
    await t.db.updateTable('plan_nodes').set({ note: '直接写入' }).where('id', '=', nodeId).execute();
    expect(noteOf((await getPlan()).body)).toBe('直接写入');
  });

  it('a write by another process (another connection) shows in the next read', async () => {
    await getPlan();
    expect((await getPlan()).headers['x-luoshi-cache']).toBe('hit');
    const other = openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: t.config.dataDir });
    try {
      await other.db.updateTable('plan_nodes').set({ note: '另一进程' }).where('id', '=', nodeId).execute();
    } finally {
      await other.close();
    }
    expect(noteOf((await getPlan()).body)).toBe('另一进程');
  });

  it('is not shared between roles: an enterprise reporter still cannot see the unpublished plan', async () => {
    expect((await getPlan()).statusCode).toBe(200);
    const reporter = await t.bearerFor('enterprise_reporter');
    expect((await getPlan(reporter.headers)).statusCode).toBe(404);
  });

  it('an API token revoked by another connection stops working at once', async () => {
    const b = await t.bearerFor('leader');
    // Twice: the first use records the token's last use (a write), the second is answered from memory.
    for (let i = 0; i < 2; i++) {
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: b.headers })).statusCode,
      ).toBe(200);
    }
    const other = openDatabase({ databaseUrl: t.config.databaseUrl, dataDir: t.config.dataDir });
    try {
      await other.db
        .updateTable('api_tokens')
        .set({ revoked_at: new Date().toISOString() })
        .where('user_id', '=', b.user.id)
        .execute();
    } finally {
      await other.close();
    }
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: b.headers })).statusCode,
    ).toBe(401);
  });
});
