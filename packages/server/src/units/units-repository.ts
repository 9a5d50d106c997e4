import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { normalizeUnitName, type RegistryUnit } from './unit-names.js';

/** A unit as the API shows it. */
export interface Unit {
  id: number;
  name: string;
  fullName: string | null;
  kind: string;
  aliases: string[];
}

export interface UnitTask {
  planId: number;
  planTitle: string;
  nodeId: number;
  label: string;
  title: string;
  role: 'lead' | 'support';
}

export interface UnitRecord extends Unit {
  mergedIntoId: number | null;
}

/**
 * Storage of the units registry. Every function takes the database or the transaction to work in. Every
 * function that changes a unit's names, aliases or merged state also rewrites the unit's rows in
 * `unit_name_keys`, whose unique index refuses a name that already stands for another unit (a unique
 * violation, which callers turn into UNIT_NAME_TAKEN).
 */
export const unitsRepository = {
  async list(db: Kysely<Database>, opts: { includeMerged?: boolean } = {}): Promise<UnitRecord[]> {
    let q = db.selectFrom('units').selectAll().orderBy('id');
    if (!opts.includeMerged) q = q.where('merged_into_id', 'is', null);
    const rows = await q.execute();
    const aliases = await db.selectFrom('unit_aliases').select(['unit_id', 'alias']).orderBy('id').execute();
    const byUnit = new Map<number, string[]>();
    for (const a of aliases) {
      const list = byUnit.get(a.unit_id);
      if (list) list.push(a.alias);
      else byUnit.set(a.unit_id, [a.alias]);
    }
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      fullName: r.full_name,
      kind: r.kind,
      aliases: byUnit.get(r.id) ?? [],
      mergedIntoId: r.merged_into_id,
    }));
  },

  async get(db: Kysely<Database>, id: number): Promise<UnitRecord | null> {
    const r = await db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return null;
    const aliases = await db
      .selectFrom('unit_aliases')
      .select('alias')
      .where('unit_id', '=', id)
      .orderBy('id')
      .execute();
    return {
      id: r.id,
      name: r.name,
      fullName: r.full_name,
      kind: r.kind,
      aliases: aliases.map((a) => a.alias),
      mergedIntoId: r.merged_into_id,
    };
  },

  /** Which of these ids are units not merged away. */
  async liveIds(db: Kysely<Database>, ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('units')
      .select('id')
      .where('id', 'in', [...ids])
      .where('merged_into_id', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  },

  /** The registry as name resolution needs it: units not merged away, with their aliases. */
  async registry(db: Kysely<Database>): Promise<RegistryUnit[]> {
    return this.list(db);
  },

  async insert(
    db: Kysely<Database>,
    unit: { name: string; fullName: string | null; kind: string; aliases: string[] },
    now: string,
  ): Promise<number> {
    const row = await db
      .insertInto('units')
      .values({
        name: unit.name,
        full_name: unit.fullName,
        kind: unit.kind,
        merged_into_id: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (unit.aliases.length > 0) {
      await db
        .insertInto('unit_aliases')
        .values(unit.aliases.map((alias) => ({ unit_id: row.id, alias })))
        .execute();
    }
    await this.syncNameKeys(db, [row.id]);
    return row.id;
  },

  async update(
    db: Kysely<Database>,
    id: number,
    fields: { name?: string; fullName?: string | null; kind?: string },
  ): Promise<void> {
    const values: { name?: string; full_name?: string | null; kind?: string } = {};
    if (fields.name !== undefined) values.name = fields.name;
    if (fields.fullName !== undefined) values.full_name = fields.fullName;
    if (fields.kind !== undefined) values.kind = fields.kind;
    if (Object.keys(values).length > 0) {
      await db.updateTable('units').set(values).where('id', '=', id).execute();
      await this.syncNameKeys(db, [id]);
    }
  },

  async replaceAliases(db: Kysely<Database>, id: number, aliases: string[]): Promise<void> {
    await db.deleteFrom('unit_aliases').where('unit_id', '=', id).execute();
    if (aliases.length > 0)
      await db
        .insertInto('unit_aliases')
        .values(aliases.map((alias) => ({ unit_id: id, alias })))
        .execute();
    await this.syncNameKeys(db, [id]);
  },

  async addAlias(db: Kysely<Database>, id: number, alias: string): Promise<void> {
    await db.insertInto('unit_aliases').values({ unit_id: id, alias }).execute();
    await this.syncNameKeys(db, [id]);
  },

  /**
   * Moves every task link of `fromId` to `intoId`. Where the survivor is already linked to the same item, the
   * merged unit's link is dropped, keeping the survivor's role.
   */
  async moveTaskLinks(db: Kysely<Database>, fromId: number, intoId: number): Promise<number> {
    const survivorNodes = db.selectFrom('plan_node_units').select('node_id').where('unit_id', '=', intoId);
    await db
      .deleteFrom('plan_node_units')
      .where('unit_id', '=', fromId)
      .where('node_id', 'in', survivorNodes)
      .execute();
    const moved = await db
      .updateTable('plan_node_units')
      .set({ unit_id: intoId })
      .where('unit_id', '=', fromId)
      .executeTakeFirst();
    return Number(moved.numUpdatedRows);
  },

  async moveAliases(db: Kysely<Database>, fromId: number, intoId: number): Promise<void> {
    await db.updateTable('unit_aliases').set({ unit_id: intoId }).where('unit_id', '=', fromId).execute();
    await this.syncNameKeys(db, [fromId, intoId]);
  },

  async moveUsers(db: Kysely<Database>, fromId: number, intoId: number): Promise<void> {
    await db.updateTable('users').set({ unit_id: intoId }).where('unit_id', '=', fromId).execute();
  },

  async markMerged(db: Kysely<Database>, fromId: number, intoId: number): Promise<void> {
    await db.updateTable('units').set({ merged_into_id: intoId }).where('id', '=', fromId).execute();
    await this.syncNameKeys(db, [fromId]);
  },

  /**
   * Rewrites the name keys of these units from their names and aliases: each distinct normalised name once; a
   * unit merged away keeps none (its names became the survivor's aliases). All the units' old keys go first, so
   * that a name moving between them (a merge) never meets itself.
   */
  async syncNameKeys(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
    await db
      .deleteFrom('unit_name_keys')
      .where('unit_id', 'in', [...ids])
      .execute();
    for (const id of ids) {
      const unit = await this.get(db, id);
      if (!unit || unit.mergedIntoId !== null) continue;
      const keys = new Set(
        [unit.name, unit.fullName, ...unit.aliases]
          .filter((n): n is string => !!n)
          .map(normalizeUnitName)
          .filter((k) => k !== ''),
      );
      if (keys.size > 0)
        await db
          .insertInto('unit_name_keys')
          .values([...keys].map((name_key) => ({ unit_id: id, name_key })))
          .execute();
    }
  },

  /** The unit's tasks across plans, in plan and document order. */
  async tasks(db: Kysely<Database>, unitId: number): Promise<UnitTask[]> {
    const rows = await db
      .selectFrom('plan_node_units as l')
      .innerJoin('plan_nodes as n', 'n.id', 'l.node_id')
      .innerJoin('plans as p', 'p.id', 'n.plan_id')
      .select(['p.id as planId', 'p.title as planTitle', 'n.id as nodeId', 'n.label', 'n.title', 'l.role'])
      .where('l.unit_id', '=', unitId)
      .orderBy('p.id')
      .orderBy('n.id')
      .execute();
    return rows.map((r) => ({ ...r, role: r.role === 'support' ? 'support' : 'lead' }));
  },
};
