import type { Kysely } from 'kysely';
import type { AreaRow, Database } from '../db/schema.js';
import type { Db } from '../audit/audit.js';

export interface AreaFields {
  areaKey: string;
  code: string;
  name: string;
  level: string;
  parentId: number | null;
  validFrom: string | null;
  validTo: string | null;
  aliases: string[];
}

/** Storage of the area tree. The table is small (a city's divisions; a country's is a few thousand rows). */
export const areasRepository = {
  async all(db: Kysely<Database>): Promise<AreaRow[]> {
    return db.selectFrom('areas').selectAll().orderBy('id').execute();
  },

  async get(db: Kysely<Database>, id: number): Promise<AreaRow | null> {
    return (await db.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  },

  /** The row of the home jurisdiction (the one plans fall back to), or null when none is marked. */
  async home(db: Kysely<Database>): Promise<AreaRow | null> {
    return (
      (await db.selectFrom('areas').selectAll().where('home', '=', 1).orderBy('id').executeTakeFirst()) ??
      null
    );
  },

  async insert(db: Kysely<Database>, f: AreaFields): Promise<number> {
    const row = await db
      .insertInto('areas')
      .values({
        area_key: f.areaKey,
        code: f.code,
        name: f.name,
        level: f.level,
        functional: f.level === 'functional_zone' ? 1 : 0,
        parent_id: f.parentId,
        valid_from: f.validFrom,
        valid_to: f.validTo,
        aliases_json: JSON.stringify(f.aliases),
        home: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async update(db: Kysely<Database>, id: number, f: AreaFields): Promise<void> {
    await db
      .updateTable('areas')
      .set({
        code: f.code,
        name: f.name,
        level: f.level,
        functional: f.level === 'functional_zone' ? 1 : 0,
        parent_id: f.parentId,
        valid_from: f.validFrom,
        valid_to: f.validTo,
        aliases_json: JSON.stringify(f.aliases),
      })
      .where('id', '=', id)
      .execute();
  },

  /** Makes this area the home jurisdiction, and no other. */
  async setHome(db: Kysely<Database>, id: number): Promise<void> {
    await db.updateTable('areas').set({ home: 0 }).where('home', '=', 1).where('id', '!=', id).execute();
    await db.updateTable('areas').set({ home: 1 }).where('id', '=', id).execute();
  },

  /** The areas of the plans whose items link this unit (retired items included: they still link it). */
  async planAreasOfUnit(db: Db, unitId: number): Promise<(number | null)[]> {
    const rows = await db
      .selectFrom('plan_node_units as l')
      .innerJoin('plan_nodes as n', 'n.id', 'l.node_id')
      .innerJoin('plans as p', 'p.id', 'n.plan_id')
      .select('p.area_id')
      .distinct()
      .where('l.unit_id', '=', unitId)
      .execute();
    return rows.map((r) => r.area_id);
  },
};
