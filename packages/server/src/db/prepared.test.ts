import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/harness.js';
import { migrateToLatest } from './database.js';
import { preparedQuery } from './prepared.js';
import { nowIso } from './dialect.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await migrateToLatest(tdb.handle.db);
  for (const name of ['甲', '乙', '丙'])
    await tdb.handle.db
      .insertInto('units')
      .values({ name, kind: 'department', created_at: nowIso() })
      .execute();
});
afterAll(() => tdb.drop());

describe('preparedQuery', () => {
  const unitsNamed = preparedQuery((db, a: string, b: string) =>
    db.selectFrom('units').select('name').where('name', 'in', [b, a, '丙']).orderBy('name'),
  );

  it('runs each call with its own arguments, keeping the constants the query holds', async () => {
    const first = await unitsNamed(tdb.handle.db, '甲', '无');
    expect(first.rows.map((r) => r.name).sort()).toEqual(['丙', '甲']);
    const second = await unitsNamed(tdb.handle.db, '无', '乙');
    expect(second.rows.map((r) => r.name).sort()).toEqual(['丙', '乙']);
  });

  it('runs inside a transaction on that transaction', async () => {
    const rename = preparedQuery((db, name: string, id: number) =>
      db.updateTable('units').set({ name }).where('id', '=', id),
    );
    await expect(
      tdb.handle.db.transaction().execute(async (trx) => {
        await rename(trx, '丁', 1);
        expect((await unitsNamed(trx, '丁', '无')).rows.map((r) => r.name).sort()).toEqual(['丁', '丙']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await unitsNamed(tdb.handle.db, '甲', '丁')).rows.map((r) => r.name).sort()).toEqual([
      '丙',
      '甲',
    ]);
  });

  it('refuses a build that uses an argument for anything but a parameter', async () => {
    const bad = preparedQuery((db, table: 'units') => db.selectFrom(table).selectAll());
    await expect(bad(tdb.handle.db, 'units')).rejects.toThrow('every argument must be a parameter');
  });
});
