import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { audited, withTransaction, SYSTEM_ACTOR } from './audit.js';
import type { AuditEntry } from './schemas.js';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.loginAs('admin')).headers;
});
afterAll(() => t.close());

const auditCount = async () => (await t.db.selectFrom('audit_log').select('id').execute()).length;

describe('audit trail', () => {
  it('records who, when, what, before and after of a write made through the API', async () => {
    const u = await t.createUser('leader');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: admin,
      payload: { displayName: '王五' },
    });
    expect(res.statusCode).toBe(200);
    const page = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?entityType=user&entityId=${u.id}`,
      headers: admin,
    });
    expect(page.statusCode).toBe(200);
    const [latest] = page.json<{ items: AuditEntry[] }>().items;
    expect(latest).toMatchObject({
      action: 'user.update',
      entityType: 'user',
      entityId: String(u.id),
      actorLabel: expect.stringMatching(/^admin_/),
      before: { displayName: u.displayName },
      after: { displayName: '王五' },
    });
    expect(Date.now() - Date.parse(latest!.at)).toBeLessThan(60_000);
    expect(JSON.stringify(latest)).not.toMatch(/argon2|password_hash/);
  });

  it('a write that fails after its change leaves neither the change nor an audit row', async () => {
    const u = await t.createUser('leader');
    const before = await auditCount();
    await expect(
      withTransaction(t.db, async (trx) => {
        await trx.updateTable('users').set({ display_name: '不该保存' }).where('id', '=', u.id).execute();
        await audited(trx, SYSTEM_ACTOR, {
          action: 'user.update',
          entityType: 'user',
          entityId: u.id,
          before: {},
          after: {},
        });
        throw new Error('the write fails after auditing');
      }),
    ).rejects.toThrow('the write fails');
    expect(await auditCount()).toBe(before);
    const row = await t.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.display_name).toBe(u.displayName);
  });

  it('a write whose audit record cannot be stored is rolled back', async () => {
    const u = await t.createUser('leader');
    const before = await auditCount();
    await expect(
      withTransaction(t.db, async (trx) => {
        await trx.updateTable('users').set({ display_name: '不该保存' }).where('id', '=', u.id).execute();
        // actor_label is NOT NULL: the audit insert fails, so must the write.
        await audited(
          trx,
          { userId: null, label: null as unknown as string },
          { action: 'x', entityType: 'user', entityId: u.id },
        );
      }),
    ).rejects.toThrow();
    expect(await auditCount()).toBe(before);
    const row = await t.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.display_name).toBe(u.displayName);
  });

  it('a refused API write (unknown unit) stores no audit row', async () => {
    const before = await auditCount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        username: 'ghost',
        displayName: 'x',
        role: 'unit_officer',
        unitId: 777,
        password: 'long enough pw',
      },
    });
    expect(res.statusCode).toBe(404);
    expect(await auditCount()).toBe(before);
  });

  it('is browsable by admin and secretariat only', async () => {
    const sec = await t.bearerFor('secretariat');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: sec.headers })).statusCode,
    ).toBe(200);
    for (const role of ['leader', 'unit_officer', 'statistics_officer', 'enterprise_reporter'] as const) {
      const b = await t.bearerFor(role);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: b.headers })).statusCode,
        role,
      ).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });

  it('pages backwards with limit and nextBefore, and filters by actor and action', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=2', headers: admin });
    const p1 = first.json<{ items: AuditEntry[]; nextBefore: number | null }>();
    expect(p1.items).toHaveLength(2);
    expect(p1.items[0]!.id).toBeGreaterThan(p1.items[1]!.id);
    expect(p1.nextBefore).toBe(p1.items[1]!.id);
    const second = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?limit=2&before=${p1.nextBefore}`,
      headers: admin,
    });
    const p2 = second.json<{ items: AuditEntry[] }>();
    expect(p2.items[0]!.id).toBeLessThan(p1.items[1]!.id);

    const byAction = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=user.create&actor=system',
      headers: admin,
    });
    const items = byAction.json<{ items: AuditEntry[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.action === 'user.create' && e.actorLabel === 'system')).toBe(true);

    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=0', headers: admin });
    expect(bad.statusCode).toBe(400);
  });

  // On PostgreSQL the app role has no UPDATE or DELETE right on the log to begin with; the trigger stops the owner.
  it('cannot be changed in the database either: UPDATE and DELETE of entries fail', async () => {
    const before = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(
      t.db.updateTable('audit_log').set({ actor_label: 'someone else' }).execute(),
    ).rejects.toThrow(/append-only|permission denied/);
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only|permission denied/);
    expect(await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('cannot be changed: no route writes to it', async () => {
    const writes = t.app.registeredRoutes.filter(
      (r) => r.url.startsWith('/api/v1/audit') && !['GET', 'HEAD'].includes(r.method),
    );
    expect(writes).toEqual([]);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const url of ['/api/v1/audit', '/api/v1/audit/1']) {
        const res = await t.app.inject({ method, url, headers: admin, payload: {} });
        // 405 where the path exists for reading (GET /audit), 404 where it does not.
        expect(res.statusCode, `${method} ${url}`).toBe(url === '/api/v1/audit' ? 405 : 404);
      }
    }
  });
});
