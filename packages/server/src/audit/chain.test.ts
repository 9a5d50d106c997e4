import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Migrator, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestDatabase,
  PG_APP_ROLE,
  PG_OWNER_ROLE,
  TEST_DB,
  type TestApp,
} from '../test/harness.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { migrations } from '../db/migrations/index.js';
import { SYSTEM_ACTOR, audited, withTransaction } from './audit.js';
import { GENESIS_HASH, readAuditHead, verifyAuditChain } from './chain.js';
import type { AuditHead } from './schemas.js';

/**
 * Runs SQL on the test database as an attacker with full access would: on SQLite with the file open and the
 * append-only triggers dropped for the edit (then put back); on PostgreSQL as a superuser with the trigger
 * disabled for the edit.
 */
async function asAttacker(t: TestApp, statements: string[]): Promise<void> {
  if (t.dialect === 'sqlite') {
    const file = new SqliteDatabase(path.join(t.testDb.dataDir, 'luoshi.db'));
    try {
      file.pragma('busy_timeout = 5000');
      const triggers = file
        .prepare(`select sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'`)
        .pluck()
        .all() as string[];
      file.exec(`drop trigger audit_log_no_update; drop trigger audit_log_no_delete;`);
      for (const s of statements) file.exec(s);
      for (const s of triggers) file.exec(s);
    } finally {
      file.close();
    }
    return;
  }
  const c = new pg.Client({ connectionString: t.testDb.adminUrl! });
  await c.connect();
  try {
    await c.query('alter table audit_log disable trigger audit_log_append_only');
    for (const s of statements) await c.query(s);
    await c.query('alter table audit_log enable trigger audit_log_append_only');
  } finally {
    await c.end();
  }
}

/** A few audited writes: users created by the system, then changed through the API. */
async function someWrites(t: TestApp, n: number): Promise<void> {
  const admin = await t.loginAs('admin');
  for (let i = 0; i < n; i++) {
    const u = await t.createUser('leader');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: admin.headers,
      payload: { displayName: `改名${i}` },
    });
    expect(res.statusCode).toBe(200);
  }
}

const rowIds = async (t: TestApp) =>
  (await t.db.selectFrom('audit_log').select('id').orderBy('seq').execute()).map((r) => r.id);

describe(`audit hash chain on ${TEST_DB}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await someWrites(t, 5);
  });
  afterAll(() => t.close());

  it('chains every row to the one before it; verify walks it and ends on the head', async () => {
    const rows = await t.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const v = await verifyAuditChain(t.db);
    expect(v).toMatchObject({ ok: true, problem: null, verifiedRows: rows.length, totalRows: rows.length });
    expect(v.head).toEqual(await readAuditHead(t.db));
    expect(v.head.hash).toBe(rows.at(-1)!.hash);
  });

  it('a rolled-back write leaves the chain as it was', async () => {
    const before = await readAuditHead(t.db);
    await expect(
      withTransaction(t.db, async (trx) => {
        await audited(trx, SYSTEM_ACTOR, { action: 'x.test', entityType: 'x', entityId: 1 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await readAuditHead(t.db)).toEqual(before);
    await someWrites(t, 1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('GET /api/v1/audit/head gives admins the head that verify ends on', async () => {
    const admin = await t.bearerFor('admin');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit/head', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const head = res.json<AuditHead>();
    const v = await verifyAuditChain(t.db, { expectHead: head.hash! });
    expect(v.ok).toBe(true);
    expect(head).toEqual(v.head);
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores what it hashed even for text that UTF-8 cannot hold (a lone surrogate)', async () => {
    await withTransaction(t.db, (trx) =>
      audited(
        trx,
        { userId: null, label: 'bad\uD800label' },
        { action: 'x.test', entityType: 'x', entityId: 2 },
      ),
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

describe(`audit tampering on ${TEST_DB} is reported by verify`, () => {
  let t: TestApp;
  afterEach(() => t.close());
  const fresh = async () => {
    t = await createTestApp();
    await someWrites(t, 4);
    return rowIds(t);
  };

  it('an edited row: content does not match its hash', async () => {
    const ids = await fresh();
    const victim = ids[4]!;
    await asAttacker(t, [`update audit_log set actor_label = 'nobody' where id = ${victim}`]);
    const v = await verifyAuditChain(t.db);
    expect(v.ok).toBe(false);
    expect(v.problem).toMatchObject({ reason: 'content-edited', id: victim, seq: 5 });
    expect(v.verifiedRows).toBe(4);
    expect(v.head.rows).toBe(4);
  });

  it('an edited row whose hash was recomputed: the next row no longer follows it', async () => {
    const ids = await fresh();
    // The attacker edits row 3 and gives it a matching hash, but cannot fix row 4's prev_hash without
    // rewriting every row up to the head, which a recorded head catches (next test).
    const v0 = await verifyAuditChain(t.db);
    const { auditRowHash } = await import('./chain.js');
    const r = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', ids[2]!)
      .executeTakeFirstOrThrow();
    const forged = auditRowHash({
      seq: r.seq!,
      id: r.id,
      at: r.at,
      actorUserId: r.actor_user_id,
      actorLabel: 'nobody',
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      beforeJson: r.before_json,
      afterJson: r.after_json,
      prevHash: r.prev_hash!,
    });
    await asAttacker(t, [
      `update audit_log set actor_label = 'nobody', hash = '${forged}' where id = ${ids[2]}`,
    ]);
    const v = await verifyAuditChain(t.db);
    expect(v.problem).toMatchObject({ reason: 'prev-hash-mismatch', id: ids[3], seq: 4 });
    expect(v0.ok).toBe(true);
  });

  it('a deleted row: the next row reports the gap', async () => {
    const ids = await fresh();
    await asAttacker(t, [`delete from audit_log where id = ${ids[5]}`]);
    const v = await verifyAuditChain(t.db);
    expect(v.problem).toMatchObject({ reason: 'rows-missing', id: ids[6], seq: 7 });
    expect(v.problem!.detail).toContain('seq 6 missing');
    expect(v.verifiedRows).toBe(5);
  });

  it('a truncated log: the chain of what is left verifies, the recorded head does not', async () => {
    await fresh();
    const recorded = await readAuditHead(t.db);
    expect((await verifyAuditChain(t.db, { expectHead: recorded.hash! })).ok).toBe(true);
    await asAttacker(t, [t.dialect === 'sqlite' ? 'delete from audit_log' : 'truncate audit_log']);
    // The application keeps writing on the emptied log: a new chain starts, consistent in itself.
    await someWrites(t, 1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    const v = await verifyAuditChain(t.db, { expectHead: recorded.hash! });
    expect(v.ok).toBe(false);
    expect(v.problem).toMatchObject({ reason: 'expected-head-missing', id: null });
    expect(v.problem!.detail).toContain(recorded.hash);
  });

  it('the tail cut off: the recorded head is missing', async () => {
    const ids = await fresh();
    const recorded = await readAuditHead(t.db);
    await asAttacker(t, [`delete from audit_log where id >= ${ids.at(-3)}`]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    expect((await verifyAuditChain(t.db, { expectHead: recorded.hash! })).problem?.reason).toBe(
      'expected-head-missing',
    );
  });

  it('a row slipped in around the application: unchained', async () => {
    await fresh();
    await asAttacker(t, [
      `insert into audit_log (id, at, actor_label, action, entity_type, entity_id)
       values (100000, '2026-01-01T00:00:00.000Z', 'ghost', 'user.create', 'user', '1')`,
    ]);
    const v = await verifyAuditChain(t.db);
    expect(v.problem).toMatchObject({ reason: 'unchained', id: 100000 });
  });
});

describe.runIf(TEST_DB === 'postgres')('the app role on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await someWrites(t, 1);
  });
  afterAll(() => t.close());

  it('is not the owner and cannot truncate, alter, disable triggers on, drop, update or delete the audit log', async () => {
    const { auditLogPowers } = await import('../db/roles.js');
    expect(await auditLogPowers(t.db)).toMatchObject({
      superuser: false,
      owner: false,
      canTruncate: false,
      canUpdateOrDelete: false,
    });
    const before = await readAuditHead(t.db);
    for (const statement of [
      'truncate audit_log',
      'alter table audit_log disable trigger audit_log_append_only',
      'alter table audit_log disable trigger all',
      'drop table audit_log',
      'delete from audit_log',
      `update audit_log set actor_label = 'x'`,
      'drop trigger audit_log_append_only on audit_log',
    ]) {
      await expect(sql.raw(statement).execute(t.db), statement).rejects.toThrow(
        /permission denied|must be owner/,
      );
    }
    expect(await readAuditHead(t.db)).toEqual(before);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('cannot apply migrations, and says what to run instead', async () => {
    const fresh = await createTestDatabase();
    const asApp = openDatabase({
      databaseUrl: fresh.ownerUrl!.replace(PG_OWNER_ROLE, PG_APP_ROLE),
      dataDir: fresh.dataDir,
    });
    try {
      await expect(migrateToLatest(asApp.db)).rejects.toThrow(
        /2026112801_initial.*may not apply.*luoshi db migrate --app-role/,
      );
    } finally {
      await asApp.close();
      await fresh.drop();
    }
  });

  it('still writes everything else', async () => {
    const admin = await t.loginAs('admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: admin.headers,
      payload: { name: '最小权限测试局' },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe(`the chain migration on ${TEST_DB}`, () => {
  it('chains the rows written before it, in id order, and keeps the log append-only', async () => {
    const tdb = await createTestDatabase();
    try {
      const db = tdb.handle.db;
      const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
      const r = await migrator.migrateTo('2026112802_audit_append_only');
      expect(r.error).toBeUndefined();
      for (let i = 0; i < 3; i++) {
        await sql`insert into audit_log (at, actor_user_id, actor_label, action, entity_type, entity_id, before_json, after_json)
          values (${`2026-11-2${i}T00:00:00.000Z`}, null, 'system', 'user.create', 'user', ${String(i)}, null, ${'{"n":' + i + '}'})`.execute(
          db,
        );
      }
      await migrateToLatest(db);
      const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
      expect(rows.map((x) => x.seq)).toEqual([1, 2, 3]);
      const v = await verifyAuditChain(db);
      expect(v).toMatchObject({ ok: true, verifiedRows: 3 });
      // The next append continues the chain.
      await db
        .transaction()
        .execute((trx) => audited(trx, SYSTEM_ACTOR, { action: 'x.test', entityType: 'x', entityId: 9 }));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, verifiedRows: 4 });
      await expect(db.updateTable('audit_log').set({ actor_label: 'x' }).execute()).rejects.toThrow(
        /append-only/,
      );
      await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    } finally {
      await tdb.drop();
    }
  });
});
