import { sql, type Kysely, type SqlBool } from 'kysely';
import { afterKey, containsPattern, pageOf, type After, type Page, type SortOrder } from '../db/keyset.js';
import type { Database } from '../db/schema.js';
import { normalizeUnitName, type RegistryUnit } from './unit-names.js';
import type { AreaRef } from '../areas/area-tree.js';

import { plansRepository } from '../plans/plans-repository.js';

/** A unit as the API shows it. */
export interface Unit {
  id: number;
  name: string;
  fullName: string | null;
  kind: string;
  aliases: string[];
  /** The jurisdiction the unit belongs to (成都市, 广州市). */
  area: AreaRef | null;
}

export interface UnitTask {
  planId: number;
  planTitle: string;
  nodeId: number;
  label: string;
  title: string;
  role: 'lead' | 'support';
}

/** How a page of the units registry is asked for (see UnitsQuery in schemas.ts). */
export interface UnitListQuery {
  q?: string;
  kind?: string;
  /** One jurisdiction only. */
  areaId?: number;
  sort: 'name' | 'id';
  order: SortOrder;
  after: After | null;
  limit: number;
}

export interface UnitRecord extends Unit {
  mergedIntoId: number | null;
  areaId: number | null;
}

const unitColumns = [
  'u.id',
  'u.name',
  'u.full_name',
  'u.kind',
  'u.merged_into_id',
  'u.area_id',
  'a.code as area_code',
  'a.name as area_name',
] as const;

interface UnitJoinRow {
  id: number;
  name: string;
  full_name: string | null;
  kind: string;
  merged_into_id: number | null;
  area_id: number | null;
  area_code: string | null;
  area_name: string | null;
}

const toRecord = (r: UnitJoinRow, aliases: string[]): UnitRecord => ({
  id: r.id,
  name: r.name,
  fullName: r.full_name,
  kind: r.kind,
  aliases,
  mergedIntoId: r.merged_into_id,
  areaId: r.area_id,
  area:
    r.area_id !== null && r.area_code !== null && r.area_name !== null
      ? { id: r.area_id, code: r.area_code, name: r.area_name }
      : null,
});

/**
 * Storage of the units registry. Every function takes the database or the transaction to work in. Every
 * function that changes a unit's names, aliases or merged state also rewrites the unit's rows in
 * `unit_name_keys`, whose unique index refuses a name that already stands for another unit (a unique
 * violation, which callers turn into UNIT_NAME_TAKEN).
 */
export const unitsRepository = {
  /** Units in registry order; `areaIds` keeps those of these jurisdictions only. */
  async list(
    db: Kysely<Database>,
    opts: { includeMerged?: boolean; areaIds?: readonly number[] } = {},
  ): Promise<UnitRecord[]> {
    if (opts.areaIds?.length === 0) return [];
    let q = db
      .selectFrom('units as u')
      .leftJoin('areas as a', 'a.id', 'u.area_id')
      .select(unitColumns)
      .orderBy('u.id');
    if (!opts.includeMerged) q = q.where('u.merged_into_id', 'is', null);
    if (opts.areaIds) q = q.where('u.area_id', 'in', [...opts.areaIds]);
    const rows = await q.execute();
    let aq = db.selectFrom('unit_aliases as x').select(['x.unit_id', 'x.alias']).orderBy('x.id');
    if (opts.areaIds)
      aq = aq.where('x.unit_id', 'in', (e) =>
        e
          .selectFrom('units')
          .select('id')
          .where('area_id', 'in', [...opts.areaIds!]),
      );
    const aliases = await aq.execute();
    const byUnit = new Map<number, string[]>();
    for (const a of aliases) {
      const list = byUnit.get(a.unit_id);
      if (list) list.push(a.alias);
      else byUnit.set(a.unit_id, [a.alias]);
    }
    return rows.map((r) => toRecord(r, byUnit.get(r.id) ?? []));
  },

  /**
   * A page of the registry (units not merged away), filtered by name, kind or jurisdiction, in name or id order.
   */
  async listPage(db: Kysely<Database>, f: UnitListQuery): Promise<Page<Unit>> {
    const column = f.sort === 'name' ? 'u.name' : 'u.id';
    let q = db
      .selectFrom('units as u')
      .leftJoin('areas as ar', 'ar.id', 'u.area_id')
      .select([
        'u.id',
        'u.name',
        'u.full_name',
        'u.kind',
        'u.area_id',
        'ar.code as area_code',
        'ar.name as area_name',
      ])
      .where('u.merged_into_id', 'is', null);
    if (f.kind !== undefined) q = q.where('u.kind', '=', f.kind);
    if (f.areaId !== undefined) q = q.where('u.area_id', '=', f.areaId);
    if (f.q !== undefined) {
      const pattern = containsPattern(f.q);
      q = q.where((eb) =>
        eb.or([
          sql<SqlBool>`lower(u.name) like ${pattern} escape '\\'`,
          sql<SqlBool>`lower(u.full_name) like ${pattern} escape '\\'`,
          eb.exists(
            eb
              .selectFrom('unit_aliases as a')
              .select('a.id')
              .whereRef('a.unit_id', '=', 'u.id')
              .where(sql<SqlBool>`lower(a.alias) like ${pattern} escape '\\'`),
          ),
        ]),
      );
    }
    if (f.after) q = q.where(afterKey(column, 'u.id', f.order, f.after));
    if (column !== 'u.id') q = q.orderBy(column, f.order);
    const rows = await q
      .orderBy('u.id', f.order)
      .limit(f.limit + 1)
      .execute();
    // Aliases of this page's units only.
    const ids = rows.slice(0, f.limit).map((r) => r.id);
    const aliases =
      ids.length === 0
        ? []
        : await db
            .selectFrom('unit_aliases')
            .select(['unit_id', 'alias'])
            .where('unit_id', 'in', ids)
            .orderBy('id')
            .execute();
    const byUnit = new Map<number, string[]>();
    for (const a of aliases) byUnit.set(a.unit_id, [...(byUnit.get(a.unit_id) ?? []), a.alias]);
    return pageOf(
      rows,
      f.limit,
      f.sort,
      f.order,
      (r) => ({ value: f.sort === 'name' ? r.name : r.id, id: r.id }),
      (r) => {
        const {
          mergedIntoId: _merged,
          areaId: _area,
          ...unit
        } = toRecord({ ...r, merged_into_id: null }, byUnit.get(r.id) ?? []);
        return unit;
      },
    );
  },

  async get(db: Kysely<Database>, id: number): Promise<UnitRecord | null> {
    const r = await db
      .selectFrom('units as u')
      .leftJoin('areas as a', 'a.id', 'u.area_id')
      .select(unitColumns)
      .where('u.id', '=', id)
      .executeTakeFirst();
    if (!r) return null;
    const aliases = await db
      .selectFrom('unit_aliases')
      .select('alias')
      .where('unit_id', '=', id)
      .orderBy('id')
      .execute();
    return toRecord(
      r,
      aliases.map((a) => a.alias),
    );
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

  /**
   * The registry as name resolution needs it: units not merged away, with their aliases and areas, of these
   * jurisdictions (a plan's area and those above it).
   */
  async registry(db: Kysely<Database>, areaIds: readonly number[]): Promise<RegistryUnit[]> {
    return this.list(db, { areaIds });
  },

  async insert(
    db: Kysely<Database>,
    unit: { name: string; fullName: string | null; kind: string; aliases: string[]; areaId: number },
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
        area_id: unit.areaId,
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
    fields: { name?: string; fullName?: string | null; kind?: string; areaId?: number },
  ): Promise<void> {
    const values: { name?: string; full_name?: string | null; kind?: string; area_id?: number } = {};
    if (fields.name !== undefined) values.name = fields.name;
    if (fields.fullName !== undefined) values.full_name = fields.fullName;
    if (fields.kind !== undefined) values.kind = fields.kind;
    if (fields.areaId !== undefined) values.area_id = fields.areaId;
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
    // Dropping or moving links can change the counts stored on the plans the merged unit appears in.
    const plans = await plansRepository.planIdsLinking(db, fromId);
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
    await plansRepository.refreshCounts(db, plans);
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
   * Rewrites the name keys of these units from their names and aliases, in the unit's jurisdiction: each
   * distinct normalised name once; a unit merged away keeps none (its names became the survivor's aliases). All the units' old keys go first, so
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
          .values([...keys].map((name_key) => ({ unit_id: id, name_key, area_id: unit.areaId })))
          .execute();
    }
  },

  /** The unit's tasks across plans (current items: a retired one is no one's task), in plan and document order. */
  async tasks(db: Kysely<Database>, unitId: number): Promise<UnitTask[]> {
    const rows = await db
      .selectFrom('plan_node_units as l')
      .innerJoin('plan_nodes as n', 'n.id', 'l.node_id')
      .innerJoin('plans as p', 'p.id', 'n.plan_id')
      .select(['p.id as planId', 'p.title as planTitle', 'n.id as nodeId', 'n.label', 'n.title', 'l.role'])
      .where('l.unit_id', '=', unitId)
      .where('n.retired_at', 'is', null)
      .orderBy('p.id')
      .orderBy('n.id')
      .execute();
    return rows.map((r) => ({ ...r, role: r.role === 'support' ? 'support' : 'lead' }));
  },
};
