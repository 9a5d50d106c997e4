import type { Kysely } from 'kysely';
import { AREA_KINDS, createAreaIndex, detectJurisdiction, validateAreaData } from '@luoshi/core';
import type { AreaRow, Database } from '../db/schema.js';
import { lockUnitRegistry } from '../db/dialect.js';
import { changeOf } from '../audit/changes.js';
import { audited, withTransaction, type Actor, type Db } from '../audit/audit.js';
import { DomainError, defineErrorCodes } from '../errors/index.js';
import { areaDataFromRows, parseAliases } from './area-data.js';
import { areasRepository, type AreaFields } from './areas-repository.js';
import { AreaTree, type AreaNode, type AreaRef } from './area-tree.js';

defineErrorCodes({
  AREA_NOT_FOUND: { status: 404, message: { zh: '行政区划不存在。', en: 'Area not found.' } },
  AREA_CODE_TAKEN: {
    status: 409,
    message: {
      zh: '该区划代码在同一时期已属于另一个区划。',
      en: 'This area code belongs to another area at the same time.',
    },
  },
  AREA_REQUIRED: {
    status: 409,
    message: {
      zh: '尚未指定本系统所属辖区：请管理员在“行政区划”中设定。',
      en: 'No home jurisdiction is set: an admin sets one on the areas page.',
    },
  },
  UNIT_AREA_MISMATCH: {
    status: 409,
    message: {
      zh: '该单位不属于本方案的辖区。',
      en: "The unit does not belong to the plan's jurisdiction.",
    },
  },
});

/** The stored areas as a tree (roots first). */
export async function loadAreaTree(db: Kysely<Database>): Promise<AreaTree> {
  return new AreaTree(await areasRepository.all(db));
}

export async function listAreas(db: Kysely<Database>): Promise<AreaNode[]> {
  return (await loadAreaTree(db)).nodes();
}

/** The home jurisdiction, which a plan whose issuer names no area (and a unit created without one) belongs to. */
export async function requireHomeArea(db: Kysely<Database>): Promise<AreaRow> {
  const home = await areasRepository.home(db);
  if (!home) throw new DomainError('AREA_REQUIRED');
  return home;
}

export async function requireArea(db: Db, id: number): Promise<AreaRow> {
  const row = await areasRepository.get(db, id);
  if (!row) throw new DomainError('AREA_NOT_FOUND', { detail: `area ${id}` });
  return row;
}

export type AreaSource = 'issuer' | 'plan' | 'home' | 'reviewer';

/**
 * The jurisdiction of a plan's issuer (成都市人民政府办公厅 → 成都市, 广州市人民政府办公厅 → 广州市), as of the
 * plan's first year when known, with the core's `detectJurisdiction` over the stored areas; null when the issuer
 * names no area (市商务局).
 */
export function detectIssuerArea(tree: AreaTree, issuer: string | null, year: number | null): AreaRow | null {
  if (!issuer) return null;
  const index = createAreaIndex(areaDataFromRows(tree.rows));
  const found = detectJurisdiction(index, issuer, year === null ? undefined : `${year}-01-01`);
  if (!found) return null;
  return (
    tree.rows.find((r) => r.area_key === found.area.key && r.code === found.version.code) ??
    tree.rows.find((r) => r.area_key === found.area.key && r.valid_to === null) ??
    null
  );
}

/** The jurisdiction a new draft starts with, and why: its issuer's, else the home one. */
export async function initialDraftArea(
  db: Kysely<Database>,
  issuer: string | null,
  year: number | null,
): Promise<{ area: AreaRow; source: AreaSource }> {
  const detected = detectIssuerArea(await loadAreaTree(db), issuer, year);
  if (detected) return { area: detected, source: 'issuer' };
  return { area: await requireHomeArea(db), source: 'home' };
}

export interface AreaInput {
  /** To add a version to an existing area (a renamed or recoded one); a new area's key is its code. */
  areaKey?: string;
  code: string;
  name: string;
  level: string;
  parentId: number | null;
  validFrom: string | null;
  validTo: string | null;
  aliases?: string[];
  home?: boolean;
}

const bad = (path: string, zh: string, en: string) =>
  new DomainError('VALIDATION_FAILED', { message: { zh, en }, errors: [{ path, message: en }] });

/** Checks one area row against the rest: its fields, its parent, and the whole data by the core's rules. */
function checkArea(tree: AreaTree, id: number | null, f: AreaFields): void {
  const zone = f.level === 'functional_zone';
  if (!(AREA_KINDS as readonly string[]).includes(f.level))
    throw bad('/body/level', '区划级别无效。', `level must be one of ${AREA_KINDS.join(', ')}`);
  if (zone === /^\d{6}$/.test(f.code))
    throw bad(
      '/body/code',
      zone
        ? '功能区使用本地代码（如 510100-Z01），不使用六位行政区划代码。'
        : '行政区划代码应为六位数字（GB/T 2260）。',
      zone ? 'a functional zone has a local code, not a GB/T 2260 code' : 'a GB/T 2260 code has six digits',
    );
  if (f.validFrom !== null && f.validTo !== null && f.validFrom >= f.validTo)
    throw bad('/body/validTo', '终止日期应晚于起始日期。', 'validTo must be after validFrom');
  if (f.parentId !== null) {
    if (!tree.byId.has(f.parentId))
      throw new DomainError('AREA_NOT_FOUND', { detail: `parent ${f.parentId}` });
    if (id !== null && tree.within(f.parentId, id))
      throw bad(
        '/body/parentId',
        '上级区划不能是它自己或它的下级。',
        'the parent cannot be the area or one of its descendants',
      );
  }
  const rows = tree.rows.filter((r) => r.id !== id);
  const candidate: AreaRow = {
    id: id ?? -1,
    area_key: f.areaKey,
    code: f.code,
    name: f.name,
    level: f.level,
    functional: zone ? 1 : 0,
    parent_id: f.parentId,
    valid_from: f.validFrom,
    valid_to: f.validTo,
    aliases_json: JSON.stringify(f.aliases),
    home: 0,
  };
  const problems = validateAreaData(areaDataFromRows([...rows, candidate])).filter(
    (p) => p.key === f.areaKey || p.message.includes(f.code),
  );
  const taken = problems.find((p) => p.message.startsWith(`code ${f.code}`));
  if (taken) throw new DomainError('AREA_CODE_TAKEN', { detail: taken.message });
  if (problems.length > 0)
    throw new DomainError('VALIDATION_FAILED', {
      message: {
        zh: `区划的各个时期不能重叠或矛盾：${problems[0]!.message}`,
        en: `The area's periods overlap or contradict each other: ${problems[0]!.message}`,
      },
      errors: problems.map((p) => ({ path: '/body', message: p.message })),
    });
}

const toView = (tree: AreaTree, id: number): Omit<AreaNode, 'children'> => {
  const { children: _c, ...node } = findNode(tree.nodes(), id)!;
  return node;
};
function findNode(list: AreaNode[], id: number): AreaNode | null {
  for (const n of list) {
    if (n.id === id) return n;
    const hit = findNode(n.children, id);
    if (hit) return hit;
  }
  return null;
}

const cleanAliases = (aliases: readonly string[] | undefined): string[] => [
  ...new Set((aliases ?? []).map((a) => a.trim()).filter((a) => a !== '')),
];

/** Adds an area, or a version of one (`areaKey`); admins only; audited. */
export async function createArea(
  db: Kysely<Database>,
  actor: Actor,
  input: AreaInput,
): Promise<Omit<AreaNode, 'children'>> {
  return withTransaction(db, async (trx) => {
    // Area changes take the registry lock: name resolution reads the tree while it resolves units.
    await lockUnitRegistry(trx);
    const tree = await loadAreaTree(trx);
    const code = input.code.trim();
    const areaKey = input.areaKey?.trim() || code;
    if (input.areaKey === undefined && tree.rows.some((r) => r.area_key === areaKey))
      throw new DomainError('AREA_CODE_TAKEN', {
        message: {
          zh: `已有以 ${areaKey} 为标识的区划；如要为它增加一个时期（更名、改代码），请指定其标识。`,
          en: `An area keyed ${areaKey} exists; to add a period to it (a new name or code), give its key.`,
        },
      });
    if (input.areaKey !== undefined && !tree.rows.some((r) => r.area_key === areaKey))
      throw new DomainError('AREA_NOT_FOUND', { detail: `area key ${areaKey}` });
    const fields: AreaFields = {
      areaKey,
      code,
      name: input.name.trim(),
      level: input.level,
      parentId: input.parentId,
      validFrom: input.validFrom,
      validTo: input.validTo,
      aliases: cleanAliases(input.aliases),
    };
    checkArea(tree, null, fields);
    const id = await areasRepository.insert(trx, fields);
    if (input.home) await areasRepository.setHome(trx, id);
    const after = toView(await loadAreaTree(trx), id);
    await audited(trx, actor, {
      action: 'area.create',
      entityType: 'area',
      entityId: id,
      before: null,
      after,
    });
    return after;
  });
}

/** Corrects an area row (name, code, level, parent, dates, aliases) or makes it the home jurisdiction; audited. */
export async function updateArea(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: Partial<Omit<AreaInput, 'areaKey'>>,
): Promise<Omit<AreaNode, 'children'>> {
  return withTransaction(db, async (trx) => {
    await lockUnitRegistry(trx);
    const tree = await loadAreaTree(trx);
    const row = tree.byId.get(id);
    if (!row) throw new DomainError('AREA_NOT_FOUND', { detail: `area ${id}` });
    const before = toView(tree, id);
    const fields: AreaFields = {
      areaKey: row.area_key,
      code: input.code?.trim() ?? row.code,
      name: input.name?.trim() ?? row.name,
      level: input.level ?? row.level,
      parentId: input.parentId === undefined ? row.parent_id : input.parentId,
      validFrom: input.validFrom === undefined ? row.valid_from : input.validFrom,
      validTo: input.validTo === undefined ? row.valid_to : input.validTo,
      aliases: input.aliases === undefined ? parseAliases(row.aliases_json) : cleanAliases(input.aliases),
    };
    checkArea(tree, id, fields);
    await areasRepository.update(trx, id, fields);
    if (input.home === true) await areasRepository.setHome(trx, id);
    const after = toView(await loadAreaTree(trx), id);
    await audited(trx, actor, {
      action: 'area.update',
      entityType: 'area',
      entityId: id,
      ...changeOf(before, after),
    });
    return after;
  });
}

export type { AreaNode, AreaRef };
