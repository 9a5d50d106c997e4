import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../test/harness.js';
import { migrations } from './migrations/index.js';
import { isUniqueViolation, nowIso } from './dialect.js';
import { createUnit } from '../units/units-service.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';

// Data written before the uniqueness rules, by writers that raced (two units of one name, a unit linked twice
// to an item), is repaired by the migration that adds the rules, then the rules hold.

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  const migrator = new Migrator({
    db: tdb.handle.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const r = await migrator.migrateTo('2026112802_audit_append_only');
  expect(r.error).toBeUndefined();
});
afterAll(() => tdb.drop());

describe(`migration 2026113001 on ${TEST_DB}`, () => {
  const ids: Record<string, number> = {};
  const nodes: Record<string, number> = {};

  it('repairs duplicate units, repeated links and aliases that answer for another unit', async () => {
    const db = tdb.handle.db;
    const unit = async (key: string, name: string, fullName: string | null = null) => {
      ids[key] = (
        await db
          .insertInto('units')
          .values({
            name,
            full_name: fullName,
            kind: 'department',
            merged_into_id: null,
            created_at: nowIso(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    await unit('commerce', '市商务局');
    await unit('commerceTwin', ' 市商务局', '成都市商务局'); // created twice by two racing requests
    await unit('reform', '市发改委');
    await unit('stats', '市统计局');
    await db
      .insertInto('unit_aliases')
      .values([
        { unit_id: ids.reform!, alias: '发改委' },
        { unit_id: ids.stats!, alias: ' 发改委' }, // resolution found this one (the later unit's) for 发改委
      ])
      .execute();
    const user = await db
      .insertInto('users')
      .values({
        username: 'officer',
        display_name: 'officer',
        password_hash: 'x',
        role: 'unit_officer',
        unit_id: ids.commerceTwin!,
        disabled: 0,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.user = user.id;
    const plan = await db
      .insertInto('plans')
      .values({ title: 'p', source_text: 't', created_at: nowIso(), updated_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [key, position] of [
      ['n', 0],
      ['m', 1],
    ] as const) {
      nodes[key] = (
        await db
          .insertInto('plan_nodes')
          .values({
            plan_id: plan.id,
            parent_id: null,
            position,
            path: String(position),
            label: '一、',
            kind: 'task',
            title: key,
            span_start: 0,
            span_end: 1,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    const link = (node: string, role: string, unitKey: string, position: number) => ({
      node_id: nodes[node]!,
      unit_id: ids[unitKey]!,
      role,
      position,
    });
    await db
      .insertInto('plan_node_units')
      .values([
        link('n', 'lead', 'commerce', 0),
        link('n', 'lead', 'commerce', 1), // the doubled link of the issue
        link('n', 'support', 'commerceTwin', 0),
        link('m', 'lead', 'commerceTwin', 0),
        link('m', 'lead', 'reform', 1),
        link('m', 'lead', 'reform', 2),
      ])
      .execute();

    const result = await new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    }).migrateToLatest();
    expect(result.error).toBeUndefined();

    const twin = await db
      .selectFrom('units')
      .selectAll()
      .where('id', '=', ids.commerceTwin!)
      .executeTakeFirst();
    expect(twin?.merged_into_id).toBe(ids.commerce);
    const links = await db
      .selectFrom('plan_node_units')
      .select(['node_id', 'role', 'unit_id'])
      .orderBy('node_id')
      .orderBy('position')
      .execute();
    expect(links).toEqual([
      { node_id: nodes.n, role: 'lead', unit_id: ids.commerce },
      { node_id: nodes.m, role: 'lead', unit_id: ids.commerce },
      { node_id: nodes.m, role: 'lead', unit_id: ids.reform },
    ]);
    const officer = await db
      .selectFrom('users')
      .select('unit_id')
      .where('id', '=', ids.user)
      .executeTakeFirst();
    expect(officer?.unit_id).toBe(ids.commerce);
    const aliases = await db.selectFrom('unit_aliases').select(['unit_id', 'alias']).orderBy('id').execute();
    expect(aliases).toEqual([
      { unit_id: ids.stats, alias: ' 发改委' },
      { unit_id: ids.commerce, alias: '成都市商务局' },
    ]);
    const keys = await db.selectFrom('unit_name_keys').select(['unit_id', 'name_key']).execute();
    expect(new Map(keys.map((k) => [k.name_key, k.unit_id]))).toEqual(
      new Map([
        ['市商务局', ids.commerce],
        ['成都市商务局', ids.commerce],
        ['市发改委', ids.reform],
        ['市统计局', ids.stats],
        ['发改委', ids.stats],
      ]),
    );
    const repair = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'migration.repair')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(repair.after_json!)).toEqual({
      mergedUnits: [{ unitId: ids.commerceTwin, name: ' 市商务局', intoUnitId: ids.commerce }],
      droppedAliases: [{ unitId: ids.reform, alias: '发改委' }],
      removedLinks: 2,
    });
  });

  it('then refuses a unit linked twice in one role, and a name that already stands for another unit', async () => {
    const db = tdb.handle.db;
    const err = await db
      .insertInto('plan_node_units')
      .values({ node_id: nodes.n!, unit_id: ids.commerce!, role: 'lead', position: 9 })
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    // The same unit in the other role is a different link.
    await db
      .insertInto('plan_node_units')
      .values({ node_id: nodes.n!, unit_id: ids.commerce!, role: 'support', position: 0 })
      .execute();
    // (Since 2026113020 a name is unique within its unit's jurisdiction: the key carries the area.)
    const { area_id } = await db
      .selectFrom('units')
      .select('area_id')
      .where('id', '=', ids.reform!)
      .executeTakeFirstOrThrow();
    const key = await db
      .insertInto('unit_name_keys')
      .values({ unit_id: ids.reform!, name_key: '市商务局', area_id })
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(key)).toBe(true);
    await expect(createUnit(db, SYSTEM_ACTOR, { name: '市商务局\u3000' })).rejects.toMatchObject({
      code: 'UNIT_NAME_TAKEN',
    });
  });

  it('can be undone', async () => {
    const migrator = new Migrator({
      db: tdb.handle.db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    });
    const down = await migrator.migrateTo('2026112802_audit_append_only');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('2026113001_unique_links_and_unit_names');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});
