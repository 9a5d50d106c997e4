import fs from 'node:fs';
import { createRequire } from 'node:module';
import { validateAreaData, type AreaData, type AreaKind, type AreaRecord } from '@luoshi/core';
import type { AreaRow } from '../db/schema.js';
import type { Db } from '../audit/audit.js';

/** The seed: 成都市 and its divisions over time, 广州市, their provinces (`@luoshi/core/data/areas-chengdu.json`). */
export function loadSeedAreas(): AreaData {
  const file = createRequire(import.meta.url).resolve('@luoshi/core/data/areas-chengdu.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as AreaData;
  const problems = validateAreaData(data);
  if (problems.length > 0)
    throw new Error(`areas-chengdu.json: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`);
  return data;
}

export const parseAliases = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * The stored rows in the core's terms (one record per `area_key`, its rows as versions), so that the core's
 * resolution (`resolveArea`, `detectJurisdiction`) and checks (`validateAreaData`) work on what admins maintain.
 */
export function areaDataFromRows(rows: readonly Pick<AreaRow, keyof AreaRow>[]): AreaData {
  const keyOf = new Map(rows.map((r) => [r.id, r.area_key]));
  const records = new Map<string, AreaRecord>();
  for (const r of rows) {
    let rec = records.get(r.area_key);
    if (!rec) {
      rec = { key: r.area_key, aliases: [], versions: [] };
      records.set(r.area_key, rec);
    }
    for (const a of parseAliases(r.aliases_json)) if (!rec.aliases!.includes(a)) rec.aliases!.push(a);
    rec.versions.push({
      code: r.code,
      name: r.name,
      kind: r.level as AreaKind,
      parent: r.parent_id === null ? null : (keyOf.get(r.parent_id) ?? null),
      from: r.valid_from,
      to: r.valid_to,
    });
  }
  return { areas: [...records.values()] };
}

/**
 * Adds the seed's areas that are not stored yet (by area key and code), parents first; a row an admin has since
 * corrected is left as it is. Idempotent: run by the migration that creates the table, and again at every start,
 * so that areas later added to the seed file arrive without a migration. Returns how many rows it added.
 *
 * A version's parent is the parent area's row valid when the version began (简阳市 512081 under 资阳市,
 * 510185 under 成都市), else the parent's latest row.
 */
export async function seedAreas(db: Db, data: AreaData = loadSeedAreas()): Promise<number> {
  const stored = await db
    .selectFrom('areas')
    .select(['id', 'area_key', 'code', 'valid_from', 'valid_to'])
    .execute();
  const have = new Set(stored.map((r) => `${r.area_key}\u0000${r.code}`));
  const rowsOfKey = new Map<string, { id: number; from: string | null; to: string | null }[]>();
  const remember = (key: string, id: number, from: string | null, to: string | null) =>
    rowsOfKey.set(key, [...(rowsOfKey.get(key) ?? []), { id, from, to }]);
  for (const r of stored) remember(r.area_key, r.id, r.valid_from, r.valid_to);
  const parentRow = (key: string, at: string | null): number | null => {
    const rows = rowsOfKey.get(key) ?? [];
    const valid = rows.find(
      (r) => (r.from === null || (at !== null && r.from <= at)) && (r.to === null || (at ?? '') < r.to),
    );
    return (valid ?? rows.find((r) => r.to === null) ?? rows[rows.length - 1])?.id ?? null;
  };
  let added = 0;
  let pending = data.areas.flatMap((area) => area.versions.map((version) => ({ area, version })));
  // Parents first: each pass adds the versions whose parent is stored; a parent that never comes is an error.
  while (pending.length > 0) {
    const next: typeof pending = [];
    for (const p of pending) {
      if (have.has(`${p.area.key}\u0000${p.version.code}`)) continue;
      const parentId = p.version.parent === null ? null : parentRow(p.version.parent, p.version.from);
      if (p.version.parent !== null && parentId === null) {
        next.push(p);
        continue;
      }
      const row = await db
        .insertInto('areas')
        .values({
          area_key: p.area.key,
          code: p.version.code,
          name: p.version.name,
          level: p.version.kind,
          functional: p.version.kind === 'functional_zone' ? 1 : 0,
          parent_id: parentId,
          valid_from: p.version.from,
          valid_to: p.version.to,
          aliases_json: JSON.stringify(p.area.aliases ?? []),
          home: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      have.add(`${p.area.key}\u0000${p.version.code}`);
      remember(p.area.key, row.id, p.version.from, p.version.to);
      added++;
    }
    if (next.length === pending.length)
      throw new Error(`area seed: parents missing for ${next.map((p) => p.version.name).join(', ')}`);
    pending = next;
  }
  return added;
}
