import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../test/harness.js';
import { migrateToLatest } from './database.js';
import { migrations } from './migrations/index.js';

const TABLES = [
  'api_tokens',
  'audit_log',
  'imports',
  'plan_node_units',
  'plan_nodes',
  'plans',
  'sessions',
  'targets',
  'unit_aliases',
  'units',
  'users',
];

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb.drop());

async function tableNames(): Promise<string[]> {
  const tables = await tdb.handle.db.introspection.getTables();
  return tables
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_'))
    .sort();
}

describe(`migrations on ${TEST_DB}`, () => {
  it('create every table on an empty database, in order', async () => {
    expect(await tableNames()).toEqual([]);
    const result = await migrateToLatest(tdb.handle.db);
    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual(
      Object.keys(migrations).map((name) => [name, 'Success']),
    );
    expect(await tableNames()).toEqual(expect.arrayContaining(TABLES));
  });

  it('are a no-op when already applied', async () => {
    const again = await migrateToLatest(tdb.handle.db);
    expect(again.results).toEqual([]);
  });

  it('give auto-increment ids and enforce foreign keys', async () => {
    const db = tdb.handle.db;
    const now = new Date().toISOString();
    const a = await db
      .insertInto('units')
      .values({ name: 'A', full_name: null, kind: 'department', merged_into_id: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const b = await db
      .insertInto('units')
      .values({ name: 'B', full_name: null, kind: 'department', merged_into_id: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(b.id).toBeGreaterThan(a.id);
    await expect(
      db.insertInto('unit_aliases').values({ unit_id: 987654, alias: 'x' }).execute(),
    ).rejects.toThrow();
  });

  it('can be rolled back to nothing and applied again', async () => {
    const migrator = new Migrator({
      db: tdb.handle.db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    });
    let r;
    do r = await migrator.migrateDown();
    while (!r.error && (r.results?.length ?? 0) > 0);
    expect(r.error).toBeUndefined();
    expect(await tableNames()).toEqual([]);
    await migrateToLatest(tdb.handle.db);
    expect(await tableNames()).toEqual(expect.arrayContaining(TABLES));
  });

  it.runIf(TEST_DB === 'sqlite')(
    'open SQLite in WAL mode with foreign keys on and a busy timeout',
    async () => {
      const { rows: journal } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(
        tdb.handle.db,
      );
      const { rows: fk } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(tdb.handle.db);
      const { rows: busy } = await sql<{ timeout: number }>`pragma busy_timeout`.execute(tdb.handle.db);
      expect(journal[0]!.journal_mode).toBe('wal');
      expect(fk[0]!.foreign_keys).toBe(1);
      expect(busy[0]!.timeout).toBeGreaterThan(0);
    },
  );
});
