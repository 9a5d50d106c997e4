import fs from 'node:fs';
import { createRequire } from 'node:module';
import {
  areaVersionAt,
  createAreaIndex,
  detectJurisdiction,
  periodEndDate,
  type AreaData,
  type AreaIndex,
  type Period,
} from '@luoshi/core';

/**
 * The core's area data (`@luoshi/core/data/areas-chengdu.json`), read once. Figures refer to areas by their
 * stable key (`area_code`); names and codes are resolved here until areas have a table of their own.
 */
let cached: AreaIndex | null = null;
export function areaIndex(): AreaIndex {
  if (!cached) {
    const file = createRequire(import.meta.url).resolve('@luoshi/core/data/areas-chengdu.json');
    cached = createAreaIndex(JSON.parse(fs.readFileSync(file, 'utf8')) as AreaData);
  }
  return cached;
}

/** An area as the API shows it. `id` waits for the areas table; until then it is null. */
export interface AreaRef {
  id: number | null;
  code: string;
  name: string;
}

/** The area of `key` under the name it had at the end of `period` (双流县 in 2013, 双流区 in 2016). */
export function areaRef(key: string, period?: Period | string): AreaRef {
  const area = areaIndex().byKey.get(key);
  if (!area) return { id: null, code: key, name: key };
  const date = period ? safeEndDate(period) : undefined;
  const version =
    areaVersionAt(area, date) ?? areaVersionAt(area) ?? area.versions[area.versions.length - 1]!;
  return { id: null, code: key, name: version.name };
}

function safeEndDate(period: string): string | undefined {
  try {
    return periodEndDate(period as Period);
  } catch {
    return undefined;
  }
}

/**
 * The jurisdiction a plan's figures are read for: from its issuer (成都市人民政府办公厅 → 成都市), else the first
 * area its title names (加快促进成都电子商务… → 成都市). Null when neither names one. For plans without a
 * jurisdiction of their own (plans.area_id), which the dashboard reads first.
 */
export function planAreaKey(plan: { issuer: string | null; title: string }): string | null {
  const index = areaIndex();
  if (plan.issuer) {
    const found = detectJurisdiction(index, plan.issuer);
    if (found) return found.area.key;
  }
  for (let i = 0; i < plan.title.length - 1; i++) {
    const found = detectJurisdiction(index, plan.title.slice(i));
    if (found) return found.area.key;
  }
  return null;
}
