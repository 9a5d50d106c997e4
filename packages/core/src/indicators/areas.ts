/**
 * Areas (行政区划) over time. An area is one territory with a stable key; its versions say under which name, code
 * (GB/T 2260), kind and parent it existed, from when to when: 双流县 510122 until 2015-12-03, then 双流区 510116.
 * Changes over time are data (`packages/core/data/areas-chengdu.json`), not code. Functional zones (高新区,
 * 天府新区) have no official code and are marked `functional_zone` with a local code.
 *
 * Dates are ISO `YYYY-MM-DD` strings; `from` is inclusive, `to` exclusive; null means open (before the earliest
 * change recorded, or still valid).
 */

export type AreaKind = 'province' | 'prefecture' | 'district' | 'county' | 'county_city' | 'functional_zone';

export const AREA_KINDS: readonly AreaKind[] = [
  'province',
  'prefecture',
  'district',
  'county',
  'county_city',
  'functional_zone',
];

/** One name and code under which an area existed, and when. */
export interface AreaVersion {
  /** GB/T 2260 code (`510116`), or a local code for a functional zone (`510100-Z01`). */
  code: string;
  name: string;
  kind: AreaKind;
  /** The key of the parent area during this version, or null for a province. */
  parent: string | null;
  from: string | null;
  to: string | null;
  /** The document the dates come from, for a reader to check. */
  basis?: string;
}

export interface AreaRecord {
  /** Stable key: the area's current code, or its last code if it was abolished. */
  key: string;
  /** Other names sources use (成都, 成都高新区); matched like names. */
  aliases?: string[];
  versions: AreaVersion[];
  /** The key of the area it was merged into or renamed to, when it ended without a version continuing it. */
  successor?: string;
}

export interface AreaData {
  areas: AreaRecord[];
}

/** A name or code matched to an area, and which of its versions applies. */
export interface AreaMatch {
  area: AreaRecord;
  /** The version valid at the date asked (or the latest, when none is), never null. */
  version: AreaVersion;
  /** How the text matched: the area's code, name or alias (any version's). */
  matchedBy: 'code' | 'name' | 'alias';
  /** True when the matched name or code was in use at the date asked (双流县 in 2013, not 双流县 in 2020). */
  currentAtDate: boolean;
}

interface Entry {
  area: AreaRecord;
  /** The version whose name or code matched (null for an alias, which holds for every version). */
  version: AreaVersion | null;
  matchedBy: AreaMatch['matchedBy'];
}

/** A lookup structure over area data, built once (`createAreaIndex`) and used for every row of an import. */
export interface AreaIndex {
  readonly areas: readonly AreaRecord[];
  readonly byKey: ReadonlyMap<string, AreaRecord>;
  /** Every name, alias, short name and code → the areas it can mean. */
  readonly byText: ReadonlyMap<string, readonly Entry[]>;
}

/** 双流县 → 双流, 成都市 → 成都, 郫都区 → 郫都; names that would be one character (郫县 → 郫) keep their suffix. */
function shortName(name: string): string | null {
  const m = /^(.{2,}?)(?:省|市|区|县|自治县|新区)$/u.exec(name);
  return m ? m[1]! : null;
}

function validAt(v: AreaVersion, date: string): boolean {
  return (v.from === null || v.from <= date) && (v.to === null || date < v.to);
}

/**
 * The version of `area` valid at `date` (ISO), or, without a date, the version in force now (still open). Null when
 * the area did not exist then (or, without a date, was abolished).
 */
export function areaVersionAt(area: AreaRecord, date?: string): AreaVersion | null {
  if (date === undefined) return area.versions.find((v) => v.to === null) ?? null;
  return area.versions.find((v) => validAt(v, date)) ?? null;
}

function latestVersion(area: AreaRecord): AreaVersion {
  let best = area.versions[0]!;
  for (const v of area.versions) {
    if (v.to === null) return v;
    if (best.to !== null && v.to > best.to) best = v;
  }
  return best;
}

/** Builds the lookup maps. The data should have passed `validateAreaData`. */
export function createAreaIndex(data: AreaData): AreaIndex {
  const byKey = new Map<string, AreaRecord>();
  const byText = new Map<string, Entry[]>();
  const add = (text: string, entry: Entry): void => {
    const list = byText.get(text);
    if (!list) byText.set(text, [entry]);
    else if (!list.some((e) => e.area === entry.area && e.version === entry.version)) list.push(entry);
  };
  for (const area of data.areas) {
    byKey.set(area.key, area);
    for (const v of area.versions) {
      add(v.code, { area, version: v, matchedBy: 'code' });
      add(v.name, { area, version: v, matchedBy: 'name' });
    }
    for (const alias of area.aliases ?? []) add(alias, { area, version: null, matchedBy: 'alias' });
  }
  // Short names (成都, 双流) only where they are not already a full name or alias of something else.
  for (const area of data.areas) {
    for (const v of area.versions) {
      const short = shortName(v.name);
      if (short && !(byText.get(short) ?? []).some((e) => e.matchedBy !== 'alias')) {
        add(short, { area, version: null, matchedBy: 'alias' });
      }
    }
  }
  return { areas: data.areas, byKey, byText };
}

function toMatch(entry: Entry, date: string | undefined): AreaMatch {
  const atDate = areaVersionAt(entry.area, date);
  const version = atDate ?? entry.version ?? latestVersion(entry.area);
  const currentAtDate =
    entry.version === null
      ? atDate !== null
      : date === undefined
        ? entry.version.to === null
        : validAt(entry.version, date);
  return { area: entry.area, version, matchedBy: entry.matchedBy, currentAtDate };
}

/**
 * The area a name, alias, short name or code means, at `date` (ISO; default: now, i.e. the latest versions).
 * A name used at the wrong time still finds its area (双流县 for a 2020 figure → the area now called 双流区), with
 * `currentAtDate` false. When a text can mean several areas, the one in use at the date wins; if still several,
 * null (ambiguous: the caller asks for a code).
 */
export function resolveArea(index: AreaIndex, text: string, date?: string): AreaMatch | null {
  const entries = index.byText.get(text.trim());
  if (!entries || entries.length === 0) return null;
  if (entries.length === 1) return toMatch(entries[0]!, date);
  const matches = entries.map((e) => toMatch(e, date));
  const current = matches.filter((m) => m.currentAtDate);
  const pool = current.length > 0 ? current : matches;
  const areas = new Set(pool.map((m) => m.area));
  return areas.size === 1 ? pool[0]! : null;
}

/** The areas whose parent at `date` is `key` (the districts of 成都市 in 2014 include 双流县 and not 简阳市). */
export function areaChildren(index: AreaIndex, key: string, date?: string): AreaRecord[] {
  return index.areas.filter((a) => areaVersionAt(a, date)?.parent === key);
}

/** The chain of areas from `key` up to its province, at `date`. */
export function areaAncestors(index: AreaIndex, key: string, date?: string): AreaRecord[] {
  const out: AreaRecord[] = [];
  let area = index.byKey.get(key);
  for (let guard = 0; area && guard < 10; guard++) {
    out.push(area);
    const parent = areaVersionAt(area, date)?.parent;
    area = parent ? index.byKey.get(parent) : undefined;
  }
  return out;
}

/** Prefixes an issuer may carry before the government's name (中共成都市委办公厅). */
const ISSUER_PREFIXES = ['中共', '中国共产党'];

/**
 * The jurisdiction of the government that issued a plan, from the issuer as written: 成都市人民政府办公厅 →
 * 成都市 (510100); 广州市卫生健康委 → 广州市; 四川省人民政府 → 四川省; 成都市双流区人民政府 → 双流区. Names
 * are matched from the start, each next one among the children of the last (the deepest wins). An issuer without an
 * area name of its own (市商务局) gives null: the reviewer chooses.
 */
export function detectJurisdiction(
  index: AreaIndex,
  issuer: string,
  date?: string,
): { area: AreaRecord; version: AreaVersion; matchedText: string } | null {
  let text = issuer.trim();
  for (const prefix of ISSUER_PREFIXES) if (text.startsWith(prefix)) text = text.slice(prefix.length);
  let found: AreaMatch | null = null;
  let matchedText = '';
  let pos = 0;
  for (let guard = 0; guard < 5; guard++) {
    const next = longestAreaAt(index, text, pos, found?.area.key ?? null, date);
    if (!next) break;
    found = next.match;
    matchedText += next.text;
    pos += next.text.length;
  }
  return found ? { area: found.area, version: found.version, matchedText } : null;
}

function longestAreaAt(
  index: AreaIndex,
  text: string,
  pos: number,
  parentKey: string | null,
  date: string | undefined,
): { match: AreaMatch; text: string } | null {
  // Area names are 2–14 characters; try the longest first so that 成都高新区 wins over 成都.
  for (let len = Math.min(14, text.length - pos); len >= 2; len--) {
    const candidate = text.slice(pos, pos + len);
    const entries = index.byText.get(candidate);
    if (!entries) continue;
    const matches = entries
      .filter((e) => e.matchedBy !== 'code')
      .map((e) => toMatch(e, date))
      .filter(
        (m) => parentKey === null || areaAncestors(index, m.area.key, date).some((a) => a.key === parentKey),
      );
    if (parentKey !== null && matches.some((m) => m.area.key === parentKey)) continue;
    const chosen = matches.find((m) => m.currentAtDate) ?? matches[0];
    if (chosen) return { match: chosen, text: candidate };
  }
  return null;
}

/** A problem found in area data, for the seed and for tests. */
export interface AreaDataProblem {
  key: string | null;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks area data before it is seeded: keys unique, versions ordered and not overlapping, dates well-formed,
 * parents existing, every code meaning one area at any date, and functional zones (only they) with a local code.
 */
export function validateAreaData(data: AreaData): AreaDataProblem[] {
  const problems: AreaDataProblem[] = [];
  const keys = new Set<string>();
  for (const a of data.areas) {
    if (keys.has(a.key)) problems.push({ key: a.key, message: 'duplicate key' });
    keys.add(a.key);
  }
  const gb = /^\d{6}$/;
  for (const a of data.areas) {
    if (a.versions.length === 0) problems.push({ key: a.key, message: 'no versions' });
    const sorted = [...a.versions].sort((x, y) => (x.from ?? '').localeCompare(y.from ?? ''));
    sorted.forEach((v, i) => {
      for (const d of [v.from, v.to]) {
        if (d !== null && !DATE.test(d)) problems.push({ key: a.key, message: `bad date ${d}` });
      }
      if (v.from !== null && v.to !== null && v.from >= v.to)
        problems.push({ key: a.key, message: `${v.name}: from ≥ to` });
      const next = sorted[i + 1];
      if (next && (v.to === null || next.from === null || v.to > next.from)) {
        problems.push({ key: a.key, message: `${v.name} overlaps ${next.name}` });
      }
      if (v.parent !== null && !keys.has(v.parent))
        problems.push({ key: a.key, message: `unknown parent ${v.parent}` });
      const isZone = v.kind === 'functional_zone';
      if (isZone === gb.test(v.code)) {
        problems.push({
          key: a.key,
          message: isZone ? `zone ${v.name} has a GB code` : `${v.name}: code ${v.code} is not GB/T 2260`,
        });
      }
    });
    if (a.successor !== undefined && !keys.has(a.successor)) {
      problems.push({ key: a.key, message: `unknown successor ${a.successor}` });
    }
  }
  // A code names one area at any moment (codes may be reused only after the first holder ended).
  const byCode = new Map<string, { key: string; v: AreaVersion }[]>();
  for (const a of data.areas) {
    for (const v of a.versions) {
      const list = byCode.get(v.code) ?? [];
      for (const other of list) {
        if (other.key === a.key) continue;
        const overlap = (v.from ?? '') < (other.v.to ?? '~') && (other.v.from ?? '') < (v.to ?? '~');
        if (overlap)
          problems.push({ key: a.key, message: `code ${v.code} also used by ${other.key} at the same time` });
      }
      list.push({ key: a.key, v });
      byCode.set(v.code, list);
    }
  }
  return problems;
}
