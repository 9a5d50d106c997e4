import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../test/harness.js';
import { migrateToLatest, openDatabase, type ChangeStamps } from './database.js';
import { nowIso } from './dialect.js';

// The stamps that tell the caches of every server process whether what they hold is current (database.ts).
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateToLatest(tdb.handle.db);
});
afterAll(() => tdb.drop());

const stamps = async (): Promise<ChangeStamps> => (await tdb.handle.stamps())!;
const addUnit = (name: string) =>
  tdb.handle.db.insertInto('units').values({ name, kind: 'department', created_at: nowIso() }).execute();

describe(`change stamps on ${TEST_DB}`, () => {
  it('move with a committed write, and only the data stamp for a table no credential lookup reads', async () => {
    const before = await stamps();
    await addUnit('甲');
    const afterUnit = await stamps();
    expect(afterUnit.data).not.toEqual(before.data);
    expect(afterUnit.credentials).not.toEqual(before.credentials);
    await tdb.handle.db
      .insertInto('audit_log')
      .values({ at: nowIso(), actor_label: 't', action: 'a', entity_type: 'b', entity_id: '1' })
      .execute();
    const afterAudit = await stamps();
    expect(afterAudit.data).not.toEqual(afterUnit.data);
    expect(afterAudit.credentials).toEqual(afterUnit.credentials);
  });

  it('move when another connection (another server process) commits', async () => {
    const before = await stamps();
    const other = openDatabase({ databaseUrl: tdb.databaseUrl, dataDir: tdb.dataDir });
    try {
      await other.db.updateTable('units').set({ kind: 'other' }).where('name', '=', '甲').execute();
    } finally {
      await other.close();
    }
    expect((await stamps()).data).not.toEqual(before.data);
  });

  it.runIf(TEST_DB === 'postgres')('do not move for a transaction rolled back', async () => {
    const before = await stamps();
    await expect(
      tdb.handle.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('units')
          .values({ name: '乙', kind: 'department', created_at: nowIso() })
          .execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await stamps()).toEqual(before);
  });

  it.runIf(TEST_DB === 'postgres')(
    'move once per transaction, however many rows it writes, and grow (so that an older reading is known)',
    async () => {
      const before = await stamps();
      await tdb.handle.db.transaction().execute(async (trx) => {
        for (const name of ['丙', '丁', '戊'])
          await trx.insertInto('units').values({ name, kind: 'x', created_at: nowIso() }).execute();
      });
      const after = await stamps();
      expect(after.data).toBe((before.data as number) + 1);
      expect(after.credentials).toBe((before.credentials as number) + 1);
    },
  );

  it.runIf(TEST_DB === 'postgres')(
    'cover every table: a migration that creates one must call trackChanges',
    async () => {
      const tables = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'
          and table_name not in ('luoshi_changes', 'kysely_migration', 'kysely_migration_lock')`.execute(
        tdb.handle.db,
      );
      const tracked = await sql<{ name: string }>`
        select distinct event_object_table as name from information_schema.triggers
        where trigger_name = 'luoshi_changes_noted'`.execute(tdb.handle.db);
      const untracked = tables.rows.map((r) => r.name).filter((n) => !tracked.rows.some((t) => t.name === n));
      expect(untracked).toEqual([]);
      expect(tables.rows.length).toBeGreaterThan(5);
    },
  );
});
