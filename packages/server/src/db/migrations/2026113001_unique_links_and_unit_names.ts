import type { Kysely } from 'kysely';
import { normalizeUnitName, UnitNameIndex } from '../../units/unit-names.js';
import { dialectOf, withId } from './dialect.js';

/**
 * Uniqueness the model implies, enforced by the database so that concurrent writers cannot break it:
 * - a unit is linked to an item at most once per role (`plan_node_units_once_idx`);
 * - a normalised unit name (short name, full name or alias, folded as `normalizeUnitName` folds them) stands
 *   for at most one unit (`unit_name_keys_key_idx`). The keys live in their own table so that one index covers
 *   names and aliases alike; when names come to be scoped by jurisdiction, that column joins this index.
 *
 * Data written before, by concurrent writers, may break both rules; it is repaired first, the way the app itself
 * would have: units of the same normalised short name are merged into the oldest (links, users and aliases move,
 * the merged unit is kept and marked, as a merge from the registry does); links repeated on an item and role
 * are removed, keeping the first; an alias that another unit's name or alias already answers to (and that name
 * resolution therefore never reached) is dropped. What was repaired is recorded in one audit row.
 *
 * The keys must be exactly what the app computes (units-repository `syncNameKeys`); should
 * `normalizeUnitName` change, a migration rebuilds them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = dialectOf(db);
  const repaired = {
    mergedUnits: [] as { unitId: number; name: string; intoUnitId: number }[],
    droppedAliases: [] as { unitId: number; alias: string }[],
    removedLinks: 0,
  };

  await withId(db.schema.createTable('unit_name_keys'), d)
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('name_key', 'text', (c) => c.notNull())
    .execute();

  // Duplicate units (the same short name, normalised) → merged into the oldest.
  const units = (await db
    .selectFrom('units')
    .select(['id', 'name', 'full_name'])
    .where('merged_into_id', 'is', null)
    .orderBy('id')
    .execute()) as { id: number; name: string; full_name: string | null }[];
  const firstByName = new Map<string, number>();
  for (const u of units) {
    const key = normalizeUnitName(u.name);
    const into = firstByName.get(key);
    if (into === undefined) {
      firstByName.set(key, u.id);
      continue;
    }
    const survivorNodes = db.selectFrom('plan_node_units').select('node_id').where('unit_id', '=', into);
    await db
      .deleteFrom('plan_node_units')
      .where('unit_id', '=', u.id)
      .where('node_id', 'in', survivorNodes)
      .execute();
    await db.updateTable('plan_node_units').set({ unit_id: into }).where('unit_id', '=', u.id).execute();
    await db.updateTable('unit_aliases').set({ unit_id: into }).where('unit_id', '=', u.id).execute();
    await db.updateTable('users').set({ unit_id: into }).where('unit_id', '=', u.id).execute();
    await db.updateTable('units').set({ merged_into_id: into }).where('id', '=', u.id).execute();
    // Its full name stays findable, as the survivor's alias (the alias column is unique as typed).
    const taken =
      !u.full_name ||
      (await db.selectFrom('unit_aliases').select('id').where('alias', '=', u.full_name).executeTakeFirst());
    if (!taken) await db.insertInto('unit_aliases').values({ unit_id: into, alias: u.full_name }).execute();
    repaired.mergedUnits.push({ unitId: u.id, name: u.name, intoUnitId: into });
  }

  // Links repeated on one item and role → the first kept.
  const repeated = (await db
    .selectFrom('plan_node_units as a')
    .innerJoin('plan_node_units as b', (j) =>
      j
        .onRef('a.node_id', '=', 'b.node_id')
        .onRef('a.role', '=', 'b.role')
        .onRef('a.unit_id', '=', 'b.unit_id')
        .onRef('a.id', '<', 'b.id'),
    )
    .select('b.id')
    .distinct()
    .execute()) as { id: number }[];
  for (let i = 0; i < repeated.length; i += 500) {
    const ids = repeated.slice(i, i + 500).map((r) => r.id);
    await db.deleteFrom('plan_node_units').where('id', 'in', ids).execute();
  }
  repaired.removedLinks = repeated.length;

  // The keys: each normalised name to the unit name resolution gives it today; aliases it never reached go.
  const live = (await db
    .selectFrom('units')
    .select(['id', 'name', 'full_name'])
    .where('merged_into_id', 'is', null)
    .orderBy('id')
    .execute()) as { id: number; name: string; full_name: string | null }[];
  const aliasRows = (await db
    .selectFrom('unit_aliases')
    .select(['id', 'unit_id', 'alias'])
    .orderBy('id')
    .execute()) as { id: number; unit_id: number; alias: string }[];
  const index = new UnitNameIndex(
    live.map((u) => ({
      id: u.id,
      name: u.name,
      fullName: u.full_name,
      aliases: aliasRows.filter((a) => a.unit_id === u.id).map((a) => a.alias),
    })),
  );
  const keys = new Map<string, number>();
  const claim = (unitId: number, name: string | null): boolean => {
    if (!name) return true;
    const key = normalizeUnitName(name);
    if (key === '') return true;
    const owner = index.resolve(name)?.unitId;
    if (owner !== unitId) return false;
    keys.set(key, unitId);
    return true;
  };
  for (const u of live) {
    claim(u.id, u.name);
    claim(u.id, u.full_name);
  }
  const liveIds = new Set(live.map((u) => u.id));
  const seen = new Set<string>();
  for (const a of aliasRows) {
    const key = `${a.unit_id}\u0000${normalizeUnitName(a.alias)}`;
    // An alias kept twice on one unit, or one that answers for another unit, is never what a lookup finds.
    if (!liveIds.has(a.unit_id) || (claim(a.unit_id, a.alias) && !seen.has(key))) {
      seen.add(key);
      continue;
    }
    await db.deleteFrom('unit_aliases').where('id', '=', a.id).execute();
    repaired.droppedAliases.push({ unitId: a.unit_id, alias: a.alias });
  }
  const rows = [...keys].map(([name_key, unit_id]) => ({ unit_id, name_key }));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('unit_name_keys')
      .values(rows.slice(i, i + 500))
      .execute();
  }

  await db.schema
    .createIndex('unit_name_keys_key_idx')
    .on('unit_name_keys')
    .column('name_key')
    .unique()
    .execute();
  await db.schema.createIndex('unit_name_keys_unit_idx').on('unit_name_keys').column('unit_id').execute();
  await db.schema
    .createIndex('plan_node_units_once_idx')
    .on('plan_node_units')
    .columns(['node_id', 'role', 'unit_id'])
    .unique()
    .execute();

  if (repaired.mergedUnits.length > 0 || repaired.droppedAliases.length > 0 || repaired.removedLinks > 0) {
    await db
      .insertInto('audit_log')
      .values({
        at: new Date().toISOString(),
        actor_user_id: null,
        actor_label: 'system',
        action: 'migration.repair',
        entity_type: 'migration',
        entity_id: '2026113001_unique_links_and_unit_names',
        before_json: null,
        after_json: JSON.stringify(repaired),
      })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('plan_node_units_once_idx').execute();
  await db.schema.dropTable('unit_name_keys').execute();
}
