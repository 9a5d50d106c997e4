import { normalizeUnitName } from '../units/unit-names.js';

/** One item of a plan, flattened, as the diff sees it. Unit lists hold comparison keys chosen by the caller. */
export interface DiffNode {
  /** Dotted position path, e.g. "1.2.0". */
  path: string;
  /** The labels from the root down to this item, e.g. ["二、", "（三）", "2."]. */
  labels: string[];
  title: string;
  body: string;
  leadUnits: string[];
  supportUnits: string[];
  /** What the item's deadline means (`deadlineKey`), "" when it states none; left out: not compared. */
  deadline?: string;
  /** The stored item's id, when both sides have one (two confirmed versions): the surest pairing of all. */
  id?: number;
}

export interface NodeRef {
  path: string;
  label: string;
  title: string;
}

export interface TargetKey {
  indicator: string;
  comparator: string;
  value: number;
  unit: string;
  deadlineYear: number | null;
  /** A stored target's id (see `DiffNode.id`). */
  id?: number;
}

/** A target added, removed, or continued with other values (`fields`: which of comparator, value, unit, deadlineYear, indicator). */
export interface TargetChange {
  kind: 'added' | 'removed' | 'changed';
  before: TargetKey | null;
  after: TargetKey | null;
  fields: string[];
}

export interface PlanChanges {
  added: NodeRef[];
  removed: NodeRef[];
  changed: { before: NodeRef; after: NodeRef; fields: string[] }[];
  targetsAdded: number;
  targetsRemoved: number;
  targetsChanged: number;
  /** Each target added, removed or changed, in the new version's order, then the removed ones. */
  targetChanges: TargetChange[];
}

type TargetCounts = Pick<PlanChanges, 'targetsAdded' | 'targetsRemoved' | 'targetsChanged' | 'targetChanges'>;

export interface NodeDiff {
  changes: Omit<PlanChanges, keyof TargetCounts>;
  /** For each item of the new version that continues an item of the old one: new path → old path. */
  continued: Map<string, string>;
}

const ref = (n: DiffNode): NodeRef => ({
  path: n.path,
  label: n.labels[n.labels.length - 1] ?? '',
  title: n.title,
});
const labelKey = (n: DiffNode): string => n.labels.map(normalizeUnitName).join('/');
const titleKey = (n: DiffNode): string => normalizeUnitName(n.title);
/**
 * An item's body without its unit statement ("（牵头单位：市商务局）"): who leads is compared as units, so a changed
 * lead unit is reported once, as `leadUnits`, not also as a changed body.
 */
const bodyKey = (n: DiffNode): string =>
  normalizeUnitName(
    n.body.replace(/[（(][^（）()]*(?:牵头|配合|责任|参与|协办|主办)单位[^（）()]*[）)]/g, ''),
  );
const sameSet = (a: string[], b: string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/**
 * What a revised document changes in a plan's items. Between two stored versions items are paired by id (an
 * item keeps its id across the versions it continues). Otherwise, first when both their numbering path and
 * title agree, then by title alone (an item renumbered because another was inserted before it), then by numbering
 * path alone (an item reworded in place); what stays unpaired was added or removed.
 */
export function diffPlanNodes(before: readonly DiffNode[], after: readonly DiffNode[]): NodeDiff {
  const pairs = new Map<DiffNode, DiffNode>(); // after → before
  const usedBefore = new Set<DiffNode>();
  // Two stored versions: an item is the same item exactly when it has the same id.
  const stored = [...before, ...after].every((n) => n.id !== undefined);
  // A pass's key null: the node takes no part in that pass.
  const passes: ((n: DiffNode) => string | null)[] = stored
    ? [(n) => `#${n.id}`]
    : [(n) => `${labelKey(n)}\u0000${titleKey(n)}`, titleKey, labelKey];
  for (const key of passes) {
    const pool = new Map<string, DiffNode[]>();
    for (const b of before) {
      if (usedBefore.has(b)) continue;
      const k = key(b);
      if (k === null) continue;
      const list = pool.get(k);
      if (list) list.push(b);
      else pool.set(k, [b]);
    }
    for (const a of after) {
      if (pairs.has(a)) continue;
      const k = key(a);
      const b = k === null ? undefined : pool.get(k)?.shift();
      if (b) {
        pairs.set(a, b);
        usedBefore.add(b);
      }
    }
  }

  const changes: NodeDiff['changes'] = { added: [], removed: [], changed: [] };
  const continued = new Map<string, string>();
  for (const a of after) {
    const b = pairs.get(a);
    if (!b) {
      changes.added.push(ref(a));
      continue;
    }
    continued.set(a.path, b.path);
    const fields: string[] = [];
    if (labelKey(a) !== labelKey(b)) fields.push('label');
    if (a.title.trim() !== b.title.trim()) fields.push('title');
    if (bodyKey(a) !== bodyKey(b)) fields.push('body');
    if (!sameSet(a.leadUnits, b.leadUnits)) fields.push('leadUnits');
    if (!sameSet(a.supportUnits, b.supportUnits)) fields.push('supportUnits');
    if (a.deadline !== undefined && b.deadline !== undefined && a.deadline !== b.deadline)
      fields.push('deadline');
    if (fields.length > 0) changes.changed.push({ before: ref(b), after: ref(a), fields });
  }
  for (const b of before) if (!usedBefore.has(b)) changes.removed.push(ref(b));
  return { changes, continued };
}

const targetKey = (t: TargetKey) =>
  [normalizeUnitName(t.indicator), t.comparator, t.value, t.unit, t.deadlineYear ?? ''].join('\u0000');
const indicatorKey = (t: TargetKey) => normalizeUnitName(t.indicator);
const pick = (t: TargetKey): TargetKey => ({
  indicator: t.indicator,
  comparator: t.comparator,
  value: t.value,
  unit: t.unit,
  deadlineYear: t.deadlineYear,
});

/**
 * Which target of the new version continues which of the old one, as the items are paired: identical targets
 * first (as a multiset), then the rest by indicator name (电子商务交易额 raised from 6000 to 7000亿元 is the same
 * target, changed), in document order; between two stored versions, by id. Returns new index → old index.
 */
export function pairTargets(before: readonly TargetKey[], after: readonly TargetKey[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const used = new Set<number>();
  const stored = [...before, ...after].every((t) => t.id !== undefined);
  for (const key of stored ? [(t: TargetKey) => `#${t.id}`] : [targetKey, indicatorKey]) {
    const pool = new Map<string, number[]>();
    before.forEach((t, i) => {
      if (used.has(i)) return;
      const k = key(t);
      pool.set(k, [...(pool.get(k) ?? []), i]);
    });
    after.forEach((t, i) => {
      if (pairs.has(i)) return;
      const b = pool.get(key(t))?.shift();
      if (b !== undefined) {
        pairs.set(i, b);
        used.add(b);
      }
    });
  }
  return pairs;
}

/** What the revision does to the targets: added, removed, and continued with other values. */
export function diffTargets(before: readonly TargetKey[], after: readonly TargetKey[]): TargetCounts {
  const pairs = pairTargets(before, after);
  const targetChanges: TargetChange[] = [];
  after.forEach((a, i) => {
    const bi = pairs.get(i);
    if (bi === undefined) {
      targetChanges.push({ kind: 'added', before: null, after: pick(a), fields: [] });
      return;
    }
    const b = before[bi]!;
    const fields = (['indicator', 'comparator', 'value', 'unit', 'deadlineYear'] as const).filter((f) =>
      f === 'indicator' ? a.indicator.trim() !== b.indicator.trim() : a[f] !== b[f],
    );
    if (fields.length > 0) targetChanges.push({ kind: 'changed', before: pick(b), after: pick(a), fields });
  });
  const paired = new Set(pairs.values());
  before.forEach((b, i) => {
    if (!paired.has(i)) targetChanges.push({ kind: 'removed', before: pick(b), after: null, fields: [] });
  });
  const count = (kind: TargetChange['kind']) => targetChanges.filter((c) => c.kind === kind).length;
  return {
    targetsAdded: count('added'),
    targetsRemoved: count('removed'),
    targetsChanged: count('changed'),
    targetChanges,
  };
}
