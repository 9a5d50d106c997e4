/**
 * Unit names as people write them: 市发改委, 市发改委 (with a trailing space), 成都市发展和改革委员会,
 * 市政府（效能办） with full-width brackets. Matching is exact after folding full-width forms to half-width and
 * dropping all white space, so that two spellings of the same name meet and two different names never do.
 */
export function normalizeUnitName(name: string): string {
  // NFKC folds full-width brackets, digits and letters to their half-width forms; the map catches the bracket
  // shapes NFKC leaves alone (〔〕【】［］ are used interchangeably with () in official texts).
  return name
    .normalize('NFKC')
    .replace(/[〔【［[]/g, '(')
    .replace(/[〕】］\]]/g, ')')
    .replace(/\s+/gu, '');
}

/** How a name matched the registry: by a unit's own (short or full) name, or by one of its aliases. */
export type MatchedBy = 'name' | 'alias';

export interface RegistryUnit {
  id: number;
  name: string;
  fullName: string | null;
  aliases: string[];
  /** The unit's jurisdiction (see `JurisdictionUnitIndex`). */
  areaId?: number | null;
}

export interface UnitMatch {
  unitId: number;
  unitName: string;
  matchedBy: MatchedBy;
}

/** A lookup of names and aliases of the units not merged away, built once per request. */
export class UnitNameIndex {
  private readonly byKey = new Map<string, UnitMatch>();

  constructor(units: readonly RegistryUnit[]) {
    // Own names win over aliases: add aliases first, then let names overwrite them.
    for (const u of units) {
      for (const alias of u.aliases)
        this.byKey.set(normalizeUnitName(alias), { unitId: u.id, unitName: u.name, matchedBy: 'alias' });
    }
    for (const u of units) {
      if (u.fullName)
        this.byKey.set(normalizeUnitName(u.fullName), { unitId: u.id, unitName: u.name, matchedBy: 'name' });
    }
    for (const u of units)
      this.byKey.set(normalizeUnitName(u.name), { unitId: u.id, unitName: u.name, matchedBy: 'name' });
  }

  /** The unit an imported name stands for, or null when the registry does not know it. */
  resolve(name: string): UnitMatch | null {
    const key = normalizeUnitName(name);
    if (key === '') return null;
    return this.byKey.get(key) ?? null;
  }
}

/**
 * Name resolution within a plan's jurisdiction: a name is looked up among the units of the plan's own area first,
 * then of each area above it (a district's plan may name 市财政局, the city's), never in another city: 广州市's
 * 市财政局 does not find 成都市's. Names are unique within one area (the name keys' unique index), so within each
 * area the lookup is exactly `UnitNameIndex`'s.
 */
export class JurisdictionUnitIndex {
  private readonly indices: UnitNameIndex[];

  /** `chain`: the plan's area and its ancestors, nearest first (`AreaTree.chain`). */
  constructor(units: readonly RegistryUnit[], chain: readonly number[]) {
    this.indices = chain.map((areaId) => new UnitNameIndex(units.filter((u) => u.areaId === areaId)));
  }

  resolve(name: string): UnitMatch | null {
    for (const index of this.indices) {
      const hit = index.resolve(name);
      if (hit) return hit;
    }
    return null;
  }
}

/**
 * A first guess at a new unit's kind from its name, for units created when an import is confirmed; the
 * secretariat can correct it in the registry.
 */
export function guessUnitKind(name: string): string {
  const n = normalizeUnitName(name);
  if (/^各|等$|有关|相关/.test(n)) return 'collective';
  if (/(区|县|\(市\)|县\(市\)|市\)?)$/.test(n) && !/^(成都)?市/.test(n)) return 'district';
  if (/(局|委|办|中心|厅|委员会|办公室|署|院)$/.test(n)) return 'department';
  return 'other';
}
