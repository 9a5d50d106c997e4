import type { AreaNode } from '../api/client.js';
import type { Translate, MessageKey } from '../i18n/index.js';

/** Every area of the tree, parents before children. */
export function flattenAreas(nodes: readonly AreaNode[], out: AreaNode[] = []): AreaNode[] {
  for (const n of nodes) {
    out.push(n);
    flattenAreas(n.children, out);
  }
  return out;
}

/**
 * The area and those above it, nearest first: the jurisdictions whose units a plan of this area may name (the
 * server resolves names the same way).
 */
export function areaChain(areas: readonly AreaNode[], id: number | null | undefined): number[] {
  const byId = new Map(areas.map((a) => [a.id, a]));
  const out: number[] = [];
  for (let a = id == null ? undefined : byId.get(id); a && !out.includes(a.id);) {
    out.push(a.id);
    a = a.parentId === null ? undefined : byId.get(a.parentId);
  }
  return out;
}

/** "双流县 (510122, –2015-12-03)": a name with its code, and its dates when it is not the current one. */
export function areaLabel(a: Pick<AreaNode, 'name' | 'code' | 'validFrom' | 'validTo'>): string {
  const dates = a.validTo ? `${a.validFrom ?? ''}–${a.validTo}` : '';
  return dates ? `${a.name}（${a.code}，${dates}）` : `${a.name}（${a.code}）`;
}

/** The areas a plan or unit may be put in: those in force now (not abolished or renamed). */
export function currentAreas(areas: readonly AreaNode[]): AreaNode[] {
  return areas.filter((a) => a.validTo === null);
}

export const AREA_LEVELS = [
  'province',
  'prefecture',
  'district',
  'county',
  'county_city',
  'functional_zone',
] as const;

export function areaLevelText(t: Translate, level: string): string {
  return (AREA_LEVELS as readonly string[]).includes(level) ? t(`areaLevel.${level}` as MessageKey) : level;
}
