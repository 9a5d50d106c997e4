import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, type TestApp } from '../test/harness.js';
import { ADVISORY_LOCK } from '../db/dialect.js';

// A write that cannot get its lock within the wait (another process holds it: a long transaction, a stuck
// client) answers 503 problem+json with Retry-After, writes nothing, and goes through once the lock is free.
// The lock is held by a second connection of the test's own, as another server process would hold it.

let t: TestApp;
let auth: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  auth = (await t.bearerFor('admin')).headers;
  // The token's first use records itself; done now, so the blocked request below blocks on its own write.
  await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: auth });
});
afterAll(() => t.close());

/** Holds the lock a unit creation needs (SQLite: the database's write lock; PostgreSQL: the registry's). */
async function holdLock(): Promise<() => Promise<void>> {
  if (TEST_DB === 'sqlite') {
    const other = new SqliteDatabase(path.join(t.config.dataDir, 'luoshi.db'));
    other.exec('begin immediate');
    return () => {
      other.exec('rollback');
      other.close();
      return Promise.resolve();
    };
  }
  const other = new pg.Client({ connectionString: t.config.databaseUrl! });
  await other.connect();
  await other.query('begin');
  await other.query('select pg_advisory_xact_lock($1, $2)', [
    ADVISORY_LOCK.namespace,
    ADVISORY_LOCK.unitRegistry,
  ]);
  return async () => {
    await other.query('rollback');
    await other.end();
  };
}

describe(`a write that cannot get its lock in time (${TEST_DB})`, () => {
  it('answers 503 problem+json with Retry-After and a zh/en message, writes nothing, and succeeds once free', async () => {
    const create = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/units',
        headers: auth,
        payload: { name: '市锁等待测试局' },
      });
    const release = await holdLock();
    let res;
    try {
      res = await create();
    } finally {
      await release();
    }
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['retry-after']).toBe('1');
    const body = res.json<{ code: string; message: { zh: string; en: string } }>();
    expect(body.code).toBe('DATABASE_BUSY');
    expect(body.message.zh).toMatch(/稍后重试/);
    expect(body.message.en).toMatch(/try again/);
    expect(
      await t.db.selectFrom('units').select('id').where('name', '=', '市锁等待测试局').execute(),
    ).toEqual([]);

    const again = await create();
    expect(again.statusCode, again.body).toBe(201);
  });
});
