import { sql, type Kysely, type Transaction } from 'kysely';
import { seedAreas } from '../../areas/area-data.js';
import { audited, SYSTEM_ACTOR } from '../../audit/audit.js';
import type { Database } from '../schema.js';
import { dialectOf, noteChangesNow, trackChanges, withId } from './dialect.js';

/** The jurisdiction existing data belongs to: every plan and unit so far is the Chengdu demo's. */
const EXISTING_DATA_AREA = '510100';

/**
 * Areas and jurisdictions. An `areas` table (one row per name and code an area existed under, with its dates),
 * seeded from `@luoshi/core/data/areas-chengdu.json`; 成都市 is marked home (the jurisdiction a plan without an
 * issuer falls back to). Plans, import drafts and units get an `area_id`; the existing ones belong to 成都市.
 *
 * Unit names become unique per jurisdiction: the unique index of `unit_name_keys` (2026113001) takes the area, so
 * 广州市's 市财政局 is a unit of its own beside 成都市's. The alias column's own unique constraint, which made an
 * alias unique across all jurisdictions, goes (SQLite cannot drop it, so the table is rebuilt); uniqueness of
 * names and aliases is the name keys' job.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  // It writes rows and then alters their tables (plans, unit_name_keys).
  await noteChangesNow(db);
  await withId(db.schema.createTable('areas'), d)
    .addColumn('area_key', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('functional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('parent_id', 'integer', (c) => c.references('areas.id'))
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('aliases_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('home', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await trackChanges(db, 'areas');
  await db.schema.createIndex('areas_key_idx').on('areas').column('area_key').execute();
  await db.schema.createIndex('areas_code_idx').on('areas').column('code').execute();
  await db.schema.createIndex('areas_parent_idx').on('areas').column('parent_id').execute();

  const seeded = await seedAreas(db);
  const home = (
    await sql<{
      id: number;
    }>`select id from areas where code = ${EXISTING_DATA_AREA} and valid_to is null`.execute(db)
  ).rows[0];
  if (!home) throw new Error(`the area seed has no current ${EXISTING_DATA_AREA}`);
  await db.updateTable('areas').set({ home: 1 }).where('id', '=', home.id).execute();

  for (const table of ['units', 'plans', 'imports']) {
    await db.schema
      .alterTable(table)
      .addColumn('area_id', 'integer', (c) => c.references('areas.id'))
      .execute();
    await db.schema.createIndex(`${table}_area_idx`).on(table).column('area_id').execute();
  }
  await db.schema.alterTable('imports').addColumn('area_source', 'text').execute();
  // The plans row keeps its source text last (see 2026113004_read_path): area_id was just added after it.
  await db.schema
    .alterTable('plans')
    .addColumn('source_text_moved', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update plans set source_text_moved = source_text`.execute(db);
  await db.schema.alterTable('plans').dropColumn('source_text').execute();
  await db.schema.alterTable('plans').renameColumn('source_text_moved', 'source_text').execute();
  const units = await db.updateTable('units').set({ area_id: home.id }).executeTakeFirst();
  const plans = await db.updateTable('plans').set({ area_id: home.id }).executeTakeFirst();
  await db.updateTable('imports').set({ area_id: home.id, area_source: 'home' }).execute();

  await db.schema
    .alterTable('unit_name_keys')
    .addColumn('area_id', 'integer', (c) => c.references('areas.id'))
    .execute();
  await sql`update unit_name_keys set area_id = (select area_id from units where units.id = unit_name_keys.unit_id)`.execute(
    db,
  );
  await db.schema.dropIndex('unit_name_keys_key_idx').execute();
  await db.schema
    .createIndex('unit_name_keys_key_idx')
    .on('unit_name_keys')
    .columns(['area_id', 'name_key'])
    .unique()
    .execute();

  if (d === 'postgres') {
    await sql`alter table unit_aliases drop constraint if exists unit_aliases_alias_key`.execute(db);
  } else {
    await sql`create table unit_aliases_rebuilt (
      id integer primary key autoincrement,
      unit_id integer not null references units (id) on delete cascade,
      alias text not null)`.execute(db);
    await sql`insert into unit_aliases_rebuilt (id, unit_id, alias) select id, unit_id, alias from unit_aliases`.execute(
      db,
    );
    await sql`drop table unit_aliases`.execute(db);
    await sql`alter table unit_aliases_rebuilt rename to unit_aliases`.execute(db);
  }
  await db.schema.createIndex('unit_aliases_unit_idx').on('unit_aliases').column('unit_id').execute();

  // Recorded when it moved existing data (a new database has none to move).
  if (Number(units.numUpdatedRows) + Number(plans.numUpdatedRows) === 0) return;
  await audited(db as Transaction<Database>, SYSTEM_ACTOR, {
    action: 'migration.apply',
    entityType: 'migration',
    entityId: '2026113020_areas_and_jurisdictions',
    before: null,
    after: {
      areasSeeded: seeded,
      homeAreaId: home.id,
      unitsAssigned: Number(units.numUpdatedRows),
      plansAssigned: Number(plans.numUpdatedRows),
    },
  });
}

/**
 * Back to names unique across all jurisdictions. Where two jurisdictions share a name, the oldest unit keeps it
 * and the others lose that key (they can no longer be found by it): a down migration cannot keep both cities'
 * 市财政局 apart.
 */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('unit_aliases_unit_idx').execute();
  await db.schema.dropIndex('unit_name_keys_key_idx').execute();
  await sql`delete from unit_name_keys where id in (select b.id from unit_name_keys a
    join unit_name_keys b on a.name_key = b.name_key and a.id < b.id)`.execute(db);
  await db.schema.alterTable('unit_name_keys').dropColumn('area_id').execute();
  await db.schema
    .createIndex('unit_name_keys_key_idx')
    .on('unit_name_keys')
    .column('name_key')
    .unique()
    .execute();
  await db.schema.alterTable('imports').dropColumn('area_source').execute();
  for (const table of ['imports', 'plans', 'units']) {
    await db.schema.dropIndex(`${table}_area_idx`).execute();
    await db.schema.alterTable(table).dropColumn('area_id').execute();
  }
  await db.schema.dropTable('areas').execute();
}
