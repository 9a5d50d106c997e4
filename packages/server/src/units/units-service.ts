import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isUniqueViolation, lockRows, lockUnitRegistry, nowIso } from '../db/dialect.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { changeOf } from '../audit/changes.js';
import { DomainError } from '../errors/index.js';
import { normalizeUnitName, UnitNameIndex } from './unit-names.js';
import { unitsRepository, type Unit, type UnitRecord, type UnitTask } from './units-repository.js';
import type { SeedUnit } from './chengdu-units.js';
import type { UnitsQuery } from './schemas.js';
import { decodeCursor, type Page } from '../db/keyset.js';
import { areasRepository } from '../areas/areas-repository.js';
import { loadAreaTree, requireArea, requireHomeArea } from '../areas/areas-service.js';

export const UNIT_KINDS = ['department', 'district', 'collective', 'other'] as const;

export interface UnitInput {
  name: string;
  fullName?: string | null;
  kind?: string;
  aliases?: string[];
  /** The unit's jurisdiction; the home one when not given. */
  areaId?: number;
}

const toUnit = (u: UnitRecord): Unit => ({
  id: u.id,
  name: u.name,
  fullName: u.fullName,
  kind: u.kind,
  aliases: u.aliases,
  area: u.area,
});

async function requireUnit(db: Db, id: number): Promise<UnitRecord> {
  const unit = await unitsRepository.get(db, id);
  if (!unit) throw new DomainError('UNIT_NOT_FOUND', { detail: `unit ${id}` });
  return unit;
}

/** Trimmed, each once, none equal to the unit's own names. */
function cleanAliases(aliases: readonly string[], own: readonly (string | null)[]): string[] {
  const ownKeys = new Set(own.filter((x): x is string => !!x).map(normalizeUnitName));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of aliases) {
    const t = a.trim();
    const key = normalizeUnitName(t);
    if (key === '' || ownKeys.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

/**
 * Refuses names that already stand for another unit of the same jurisdiction (by its name, full name or an
 * alias); another city's unit may bear the same name.
 */
async function checkNamesFree(
  db: Db,
  names: readonly (string | null | undefined)[],
  exceptUnitId: number | null,
  areaId: number,
): Promise<void> {
  const others = (await unitsRepository.list(db, { areaIds: [areaId] })).filter((u) => u.id !== exceptUnitId);
  const index = new UnitNameIndex(others);
  for (const name of names) {
    if (!name) continue;
    const hit = index.resolve(name);
    if (hit) {
      throw new DomainError('UNIT_NAME_TAKEN', {
        message: {
          zh: `名称“${name}”已属于单位“${hit.unitName}”。`,
          en: `The name "${name}" already belongs to the unit "${hit.unitName}".`,
        },
        detail: `unit ${hit.unitId}`,
      });
    }
  }
}

async function guardUnique<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('UNIT_NAME_TAKEN');
    throw err;
  }
}

/**
 * A page of the units not merged away: filtered by name (or full name, or alias), kind and jurisdiction; by id or
 * name.
 */
export async function listUnits(db: Kysely<Database>, query: UnitsQuery): Promise<Page<Unit>> {
  const sort = query.sort ?? 'id';
  const order = query.order ?? 'asc';
  return unitsRepository.listPage(db, {
    q: query.q?.trim() || undefined,
    kind: query.kind,
    areaId: query.areaId,
    sort,
    order,
    after: decodeCursor(query.cursor, sort, order),
    limit: query.limit ?? 50,
  });
}

/** A unit and its tasks across plans (a merged unit shows no tasks: they moved to the survivor). */
export async function getUnitWithTasks(db: Db, id: number): Promise<{ unit: Unit; tasks: UnitTask[] }> {
  const unit = await requireUnit(db, id);
  return { unit: toUnit(unit), tasks: await unitsRepository.tasks(db, id) };
}

/**
 * Creates a unit inside a transaction the caller holds; audited. Of two requests creating one name at the same
 * moment, the second waits for the first (the registry lock) and is then refused with UNIT_NAME_TAKEN naming
 * the unit, exactly as if it had come a moment later; the unique name index backs this up.
 */
export async function createUnitIn(
  trx: Parameters<typeof audited>[0],
  actor: Actor,
  input: UnitInput,
): Promise<Unit> {
  await lockUnitRegistry(trx);
  const areaId = input.areaId ?? (await requireHomeArea(trx)).id;
  if (input.areaId !== undefined) await requireArea(trx, input.areaId);
  const name = input.name.trim();
  const fullName = input.fullName?.trim() || null;
  const aliases = cleanAliases(input.aliases ?? [], [name, fullName]);
  await checkNamesFree(trx, [name, fullName, ...aliases], null, areaId);
  const id = await guardUnique(() =>
    unitsRepository.insert(
      trx,
      { name, fullName, kind: input.kind ?? 'department', aliases, areaId },
      nowIso(),
    ),
  );
  const unit = toUnit(await requireUnit(trx, id));
  await audited(trx, actor, {
    action: 'unit.create',
    entityType: 'unit',
    entityId: id,
    before: null,
    after: unit,
  });
  return unit;
}

export async function createUnit(db: Kysely<Database>, actor: Actor, input: UnitInput): Promise<Unit> {
  return withTransaction(db, (trx) => createUnitIn(trx, actor, input));
}

/**
 * Moving a unit to another jurisdiction keeps every plan it serves within reach of its names: each such plan's
 * area must be the new area or lie under it (a plan resolves names in its own area and those above).
 */
async function checkAreaMove(db: Db, unitId: number, areaId: number): Promise<void> {
  await requireArea(db, areaId);
  const tree = await loadAreaTree(db);
  const planAreas = await areasRepository.planAreasOfUnit(db, unitId);
  if (planAreas.some((a) => a === null || !tree.within(a, areaId)))
    throw new DomainError('UNIT_AREA_MISMATCH', {
      message: {
        zh: '该单位承担着其他辖区方案的任务，不能改到这个辖区。',
        en: 'The unit has tasks in plans of another jurisdiction; it cannot move to this one.',
      },
    });
}

/** Changes a unit's names, kind, aliases (the alias list is replaced as given) or jurisdiction; audited. */
export async function updateUnit(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: Partial<UnitInput>,
): Promise<Unit> {
  return withTransaction(db, async (trx) => {
    await lockUnitRegistry(trx);
    const before = await requireUnit(trx, id);
    if (before.mergedIntoId !== null) {
      throw new DomainError('UNIT_NOT_FOUND', {
        detail: `unit ${id} was merged into unit ${before.mergedIntoId}`,
      });
    }
    const name = input.name?.trim() ?? before.name;
    const fullName = input.fullName === undefined ? before.fullName : input.fullName?.trim() || null;
    const aliases = cleanAliases(input.aliases ?? before.aliases, [name, fullName]);
    const areaId = input.areaId ?? before.areaId ?? (await requireHomeArea(trx)).id;
    if (areaId !== before.areaId) await checkAreaMove(trx, id, areaId);
    await checkNamesFree(trx, [name, fullName, ...aliases], id, areaId);
    await guardUnique(async () => {
      await unitsRepository.update(trx, id, { name, fullName, kind: input.kind, areaId });
      await unitsRepository.replaceAliases(trx, id, aliases);
    });
    const after = toUnit(await requireUnit(trx, id));
    await audited(trx, actor, {
      action: 'unit.update',
      entityType: 'unit',
      entityId: id,
      ...changeOf(toUnit(before), after),
    });
    return after;
  });
}

/**
 * Merges a duplicate unit into the survivor: its task links, aliases and users move to the survivor, and its
 * names become the survivor's aliases so that later imports resolve to the survivor. The merged unit is kept
 * (marked merged) for history. Audited with both units before and the survivor after.
 */
export async function mergeUnit(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  intoUnitId: number,
): Promise<Unit> {
  return withTransaction(db, async (trx) => {
    // A concurrent merge or rename waits for this one and then sees its outcome, instead of both moving the same
    // links. Locking both rows also makes an item edit that is linking either unit finish first (it holds them
    // shared), or wait and then find the merged unit gone.
    await lockUnitRegistry(trx);
    await lockRows(trx, 'units', [id, intoUnitId]);
    const merged = await requireUnit(trx, id);
    const survivor = await requireUnit(trx, intoUnitId);
    if (merged.mergedIntoId !== null || survivor.mergedIntoId !== null) {
      throw new DomainError('UNIT_NOT_FOUND', {
        detail: 'a unit already merged away cannot take part in a merge',
      });
    }
    if (id === intoUnitId) {
      throw new DomainError('VALIDATION_FAILED', {
        message: { zh: '不能把单位合并到它自己。', en: 'A unit cannot be merged into itself.' },
        errors: [{ path: '/body/intoUnitId', message: 'must differ from the unit merged' }],
      });
    }
    // Two cities' 市财政局 are two units, however alike their names: merging them would mix the cities' tasks.
    if (merged.areaId !== survivor.areaId) {
      throw new DomainError('UNIT_AREA_MISMATCH', {
        message: {
          zh: '不能合并不同辖区的单位。',
          en: 'Units of different jurisdictions cannot be merged.',
        },
      });
    }
    const movedLinks = await unitsRepository.moveTaskLinks(trx, id, intoUnitId);
    await unitsRepository.moveAliases(trx, id, intoUnitId);
    await unitsRepository.moveUsers(trx, id, intoUnitId);
    await unitsRepository.markMerged(trx, id, intoUnitId);
    const existing = await unitsRepository.get(trx, intoUnitId);
    const newAliases = cleanAliases(
      [merged.name, ...(merged.fullName ? [merged.fullName] : [])],
      [survivor.name, survivor.fullName, ...(existing?.aliases ?? [])],
    );
    await guardUnique(async () => {
      for (const alias of newAliases) await unitsRepository.addAlias(trx, intoUnitId, alias);
    });
    const after = toUnit(await requireUnit(trx, intoUnitId));
    await audited(trx, actor, {
      action: 'unit.merge',
      entityType: 'unit',
      entityId: intoUnitId,
      before: { merged: toUnit(merged), survivor: toUnit(survivor) },
      after: { survivor: after, mergedUnitId: id, movedTaskLinks: movedLinks },
    });
    return after;
  });
}

/**
 * Adds the given units to the registry of one jurisdiction (by default the home one) unless a unit of that name
 * already exists there; returns how many were created. Used for the demo's Chengdu departments and by tests.
 */
export async function seedUnits(
  db: Kysely<Database>,
  actor: Actor,
  units: readonly SeedUnit[],
  areaId?: number,
): Promise<number> {
  return withTransaction(db, async (trx) => {
    await lockUnitRegistry(trx);
    const area = areaId ?? (await requireHomeArea(trx)).id;
    let created = 0;
    for (const u of units) {
      const index = new UnitNameIndex(await unitsRepository.list(trx, { areaIds: [area] }));
      if (index.resolve(u.name) || index.resolve(u.fullName)) continue;
      await createUnitIn(trx, actor, { ...u, areaId: area });
      created++;
    }
    return created;
  });
}
