import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../test/harness.js';
import { migrations } from './migrations/index.js';
import { isUniqueViolation, nowIso } from './dialect.js';
import { verifyAuditChain } from '../audit/chain.js';

// Data written before areas and plan versions (the demo's units and plan) migrates: everything belongs to 成都市,
// unit names become unique per jurisdiction, and each plan's current content becomes its one recorded version.

let tdb: TestDatabase;
const ids: Record<string, number> = {};
beforeAll(async () => {
  tdb = await createTestDatabase();
  const migrator = new Migrator({
    db: tdb.handle.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const r = await migrator.migrateTo('2026113003_accounts');
  expect(r.error).toBeUndefined();
  const db = tdb.handle.db;
  const unit = async (name: string) => {
    const id = (
      await db
        .insertInto('units')
        .values({ name, full_name: null, kind: 'department', merged_into_id: null, created_at: nowIso() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('unit_name_keys').values({ unit_id: id, name_key: name }).execute();
    return id;
  };
  ids.finance = await unit('市财政局');
  ids.commerce = await unit('市商务局');
  await db.insertInto('unit_aliases').values({ unit_id: ids.finance, alias: '财政局' }).execute();
  await db.insertInto('unit_name_keys').values({ unit_id: ids.finance, name_key: '财政局' }).execute();
  ids.plan = (
    await db
      .insertInto('plans')
      .values({
        title: '示范方案',
        source_text: '示范方案全文',
        version: 3,
        created_at: nowIso(),
        updated_at: '2026-01-02T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ids.node = (
    await db
      .insertInto('plan_nodes')
      .values({
        plan_id: ids.plan,
        parent_id: null,
        position: 0,
        path: '0',
        label: '（一）',
        kind: 'task',
        title: '开展试点',
        body: '',
        span_start: 0,
        span_end: 4,
        note: '已启动',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('plan_node_units')
    .values({ node_id: ids.node, unit_id: ids.finance, role: 'lead', position: 0 })
    .execute();
  await db
    .insertInto('targets')
    .values({
      plan_id: ids.plan,
      node_id: ids.node,
      position: 0,
      indicator: '交易额',
      comparator: '>',
      value: 1e9,
      unit: '元',
      deadline_year: 2015,
      cumulative: 0,
      text: '交易额突破10亿元',
      span_start: 0,
      span_end: 4,
    })
    .execute();
  const r2 = await migrator.migrateToLatest();
  expect(r2.error).toBeUndefined();
});
afterAll(() => tdb.drop());

describe(`migrations 2026113020–21 on ${TEST_DB}`, () => {
  it('puts existing units, plans and their name keys in 成都市, the home jurisdiction', async () => {
    const db = tdb.handle.db;
    const chengdu = await db
      .selectFrom('areas')
      .selectAll()
      .where('code', '=', '510100')
      .executeTakeFirstOrThrow();
    expect(chengdu.home).toBe(1);
    const units = await db.selectFrom('units').select(['id', 'area_id']).execute();
    expect(units.every((u) => u.area_id === chengdu.id)).toBe(true);
    const plan = await db
      .selectFrom('plans')
      .select('area_id')
      .where('id', '=', ids.plan!)
      .executeTakeFirstOrThrow();
    expect(plan.area_id).toBe(chengdu.id);
    const keys = await db
      .selectFrom('unit_name_keys')
      .select(['name_key', 'area_id'])
      .orderBy('name_key')
      .execute();
    expect(keys).toEqual(
      ['市商务局', '市财政局', '财政局'].sort().map((k) => ({ name_key: k, area_id: chengdu.id })),
    );
    const audit = await db.selectFrom('audit_log').select(['action', 'after_json']).execute();
    expect(audit.map((a) => a.action)).toEqual(['migration.apply']);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ unitsAssigned: 2, plansAssigned: 1 });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('makes names unique per jurisdiction: the same name and alias in another area, never twice in one', async () => {
    const db = tdb.handle.db;
    const guangzhou = await db
      .selectFrom('areas')
      .select('id')
      .where('code', '=', '440100')
      .executeTakeFirstOrThrow();
    const chengdu = await db
      .selectFrom('areas')
      .select('id')
      .where('code', '=', '510100')
      .executeTakeFirstOrThrow();
    const gz = (
      await db
        .insertInto('units')
        .values({
          name: '市财政局',
          full_name: null,
          kind: 'department',
          merged_into_id: null,
          created_at: nowIso(),
          area_id: guangzhou.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('unit_name_keys')
      .values({ unit_id: gz, name_key: '市财政局', area_id: guangzhou.id })
      .execute();
    await db.insertInto('unit_aliases').values({ unit_id: gz, alias: '财政局' }).execute();
    let refused: unknown = null;
    try {
      await db
        .insertInto('unit_name_keys')
        .values({ unit_id: gz, name_key: '市商务局', area_id: chengdu.id })
        .execute();
    } catch (err) {
      refused = err;
    }
    expect(isUniqueViolation(refused)).toBe(true);
  });

  it("records each existing plan's current content as its one version, and adds retirement columns", async () => {
    const db = tdb.handle.db;
    const versions = await db.selectFrom('plan_versions').selectAll().execute();
    expect(versions).toHaveLength(1);
    const v = versions[0]!;
    expect(v).toMatchObject({ plan_id: ids.plan, version: 3, source_text: '示范方案全文', import_id: null });
    const snapshot = JSON.parse(v.snapshot_json) as {
      title: string;
      nodes: { id: number; title: string; leadUnits: { id: number }[] }[];
      targets: { indicator: string }[];
      area: { code: string };
    };
    expect(snapshot).toMatchObject({
      title: '示范方案',
      area: { code: '510100' },
      nodes: [{ id: ids.node, title: '开展试点', leadUnits: [{ id: ids.finance, name: '市财政局' }] }],
      targets: [{ indicator: '交易额' }],
    });
    expect(JSON.stringify(snapshot)).not.toContain('已启动'); // notes are not part of a version
    const node = await db
      .selectFrom('plan_nodes')
      .select(['retired_at', 'retired_in_version'])
      .executeTakeFirstOrThrow();
    expect(node).toEqual({ retired_at: null, retired_in_version: null });
  });
});
