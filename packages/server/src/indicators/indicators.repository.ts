import { sql, type Kysely } from 'kysely';
import type { Database, IndicatorRow } from '../db/schema.js';
import type { Db } from '../audit/audit.js';
import type { Static } from '@sinclair/typebox';
import type { IndicatorSummary } from './schemas.js';

/**
 * One spelling for comparing names: full-width forms folded (NFKC), spaces removed, Latin letters in lower case.
 * 社会消费品零售总额 and ＥＣ_trade compare equal to themselves written any other way; a name and every alias
 * of every indicator are unique under it.
 */
export function normalizeIndicatorName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** An indicator as the API shows it: the type of the contract's IndicatorSummary, so the two cannot drift. */
export type IndicatorView = Static<typeof IndicatorSummary>;

/** The columns an indicator write sets. */
export interface IndicatorValues {
  code: string | null;
  name: string;
  unit: string;
  direction: string;
  kind: string;
  frequency: string;
  decimals: number | null;
  owner_unit_id: number | null;
  formula: string | null;
  baseline_value: number | null;
  baseline_period: string | null;
}

type IndicatorWithOwner = IndicatorRow & { owner_name: string | null };

function toView(row: IndicatorWithOwner, aliases: string[]): IndicatorView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    aliases,
    unit: row.unit,
    direction: row.direction as IndicatorView['direction'],
    kind: row.kind as IndicatorView['kind'],
    frequency: row.frequency as IndicatorView['frequency'],
    decimals: row.decimals,
    ownerUnit:
      row.owner_unit_id === null
        ? null
        : { id: row.owner_unit_id, name: row.owner_name ?? String(row.owner_unit_id) },
    formula: row.formula,
    baseline:
      row.baseline_value === null || row.baseline_period === null
        ? null
        : { value: Number(row.baseline_value), period: row.baseline_period },
  };
}

const selectIndicators = (db: Db) =>
  db
    .selectFrom('indicators as i')
    .leftJoin('units as u', 'u.id', 'i.owner_unit_id')
    .selectAll('i')
    .select('u.name as owner_name');

async function withAliases(db: Db, rows: IndicatorWithOwner[]): Promise<IndicatorView[]> {
  if (rows.length === 0) return [];
  const aliasRows = await db
    .selectFrom('indicator_aliases')
    .select(['indicator_id', 'alias'])
    .where(
      'indicator_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  const byIndicator = new Map<number, string[]>();
  for (const a of aliasRows) {
    const list = byIndicator.get(a.indicator_id);
    if (list) list.push(a.alias);
    else byIndicator.set(a.indicator_id, [a.alias]);
  }
  return rows.map((r) => toView(r, byIndicator.get(r.id) ?? []));
}

/** The SQL of indicators and their aliases. */
export const indicatorsRepository = {
  /** A page of indicators by id, optionally those whose name, code or an alias contains `q`. */
  async page(db: Db, opts: { q?: string; afterId?: number; limit: number }): Promise<IndicatorView[]> {
    let query = selectIndicators(db).orderBy('i.id').limit(opts.limit);
    if (opts.afterId !== undefined) query = query.where('i.id', '>', opts.afterId);
    if (opts.q) {
      const like = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const key = `%${normalizeIndicatorName(opts.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((e) =>
        e.or([
          e('i.name', 'like', sql<string>`${like} escape '\\'`),
          e('i.name_key', 'like', sql<string>`${key} escape '\\'`),
          e('i.code', 'like', sql<string>`${like} escape '\\'`),
          e.exists(
            e
              .selectFrom('indicator_aliases as a')
              .select('a.id')
              .whereRef('a.indicator_id', '=', 'i.id')
              .where('a.alias_key', 'like', sql<string>`${key} escape '\\'`),
          ),
        ]),
      );
    }
    return withAliases(db, await query.execute());
  },

  async byIds(db: Db, ids: readonly number[]): Promise<IndicatorView[]> {
    if (ids.length === 0) return [];
    return withAliases(
      db,
      await selectIndicators(db)
        .where('i.id', 'in', [...ids])
        .orderBy('i.id')
        .execute(),
    );
  },

  async get(db: Db, id: number): Promise<IndicatorView | null> {
    return (await indicatorsRepository.byIds(db, [id]))[0] ?? null;
  },

  /** Every indicator, for matching names in an import or a formula. Indicators number in the hundreds. */
  async all(db: Db): Promise<IndicatorView[]> {
    return withAliases(db, await selectIndicators(db).orderBy('i.id').execute());
  },

  /** The indicator (if any) that already answers to `key` by its name or an alias, other than `exceptId`. */
  async whoseNameKey(db: Db, key: string, exceptId: number | null): Promise<number | null> {
    let byName = db.selectFrom('indicators').select('id').where('name_key', '=', key);
    let byAlias = db
      .selectFrom('indicator_aliases')
      .select('indicator_id as id')
      .where('alias_key', '=', key);
    if (exceptId !== null) {
      byName = byName.where('id', '<>', exceptId);
      byAlias = byAlias.where('indicator_id', '<>', exceptId);
    }
    const row = (await byName.executeTakeFirst()) ?? (await byAlias.executeTakeFirst());
    return row?.id ?? null;
  },

  async codeTaken(db: Db, code: string, exceptId: number | null): Promise<boolean> {
    let q = db.selectFrom('indicators').select('id').where('code', '=', code);
    if (exceptId !== null) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  },

  async insert(db: Db, values: IndicatorValues, createdBy: number | null, at: string): Promise<number> {
    const row = await db
      .insertInto('indicators')
      .values({
        ...values,
        name_key: normalizeIndicatorName(values.name),
        created_by: createdBy,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  async update(db: Db, id: number, values: Partial<IndicatorValues>, at: string): Promise<void> {
    const set: Record<string, unknown> = { ...values, updated_at: at };
    if (values.name !== undefined) set.name_key = normalizeIndicatorName(values.name);
    await db.updateTable('indicators').set(set).where('id', '=', id).execute();
  },

  /** Replaces an indicator's aliases. */
  async setAliases(db: Db, id: number, aliases: readonly string[]): Promise<void> {
    await db.deleteFrom('indicator_aliases').where('indicator_id', '=', id).execute();
    if (aliases.length === 0) return;
    await db
      .insertInto('indicator_aliases')
      .values(aliases.map((alias) => ({ indicator_id: id, alias, alias_key: normalizeIndicatorName(alias) })))
      .execute();
  },

  /** Links (or unlinks, with null) a target to an indicator; false when there is no such target. */
  async linkTarget(db: Db, targetId: number, indicatorId: number | null): Promise<boolean> {
    const r = await db
      .updateTable('targets')
      .set({ indicator_id: indicatorId })
      .where('id', '=', targetId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async target(db: Db, targetId: number) {
    return db.selectFrom('targets').selectAll().where('id', '=', targetId).executeTakeFirst();
  },

  /** The current targets of a plan in order (not those a re-import retired), with their indicator ids. */
  async planTargets(db: Db, planId: number) {
    return db
      .selectFrom('targets')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('retired_at', 'is', null)
      .orderBy('position')
      .execute();
  },

  /** What the dashboard needs of a plan (never its source text), with its jurisdiction's area key. */
  async planHead(db: Db, planId: number) {
    return db
      .selectFrom('plans as p')
      .leftJoin('areas as a', 'a.id', 'p.area_id')
      .select([
        'p.id',
        'p.title',
        'p.issuer',
        'p.period_from',
        'p.period_to',
        'p.published',
        'p.area_id',
        'a.area_key',
      ])
      .where('p.id', '=', planId)
      .executeTakeFirst();
  },

  /** Current targets linked to an indicator (not those a re-import retired), with their plan's title and period. */
  async targetsOf(db: Kysely<Database>, indicatorId: number) {
    return db
      .selectFrom('targets as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .leftJoin('areas as a', 'a.id', 'p.area_id')
      .selectAll('t')
      .select([
        'a.area_key as plan_area_key',
        'p.title as plan_title',
        'p.issuer as plan_issuer',
        'p.period_from',
        'p.period_to',
        'p.published',
      ])
      .where('t.indicator_id', '=', indicatorId)
      .where('t.retired_at', 'is', null)
      .orderBy('t.plan_id')
      .orderBy('t.position')
      .execute();
  },
};
