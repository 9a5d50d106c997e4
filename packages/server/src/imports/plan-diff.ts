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
}

export interface NodeRef {
  path: string;
  label: string;
  title: string;
}

export interface PlanChanges {
  added: NodeRef[];
  removed: NodeRef[];
  changed: { before: NodeRef; after: NodeRef; fields: string[] }[];
  targetsAdded: number;
  targetsRemoved: number;
}

export interface TargetKey {
  indicator: string;
  comparator: string;
  value: number;
  unit: string;
  deadlineYear: number | null;
}

export interface NodeDiff {
  changes: Omit<PlanChanges, 'targetsAdded' | 'targetsRemoved'>;
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
 * What a revised document changes in a plan's items. Items are paired first when both their numbering path and
 * title agree, then by title alone (an item renumbered because another was inserted before it), then by numbering
 * path alone (an item reworded in place); what stays unpaired was added or removed.
 */
export function diffPlanNodes(before: readonly DiffNode[], after: readonly DiffNode[]): NodeDiff {
  const pairs = new Map<DiffNode, DiffNode>(); // after → before
  const usedBefore = new Set<DiffNode>();
  const passes: ((n: DiffNode) => string)[] = [
    (n) => `${labelKey(n)}\u0000${titleKey(n)}`,
    titleKey,
    labelKey,
  ];
  for (const key of passes) {
    const pool = new Map<string, DiffNode[]>();
    for (const b of before) {
      if (usedBefore.has(b)) continue;
      const k = key(b);
      const list = pool.get(k);
      if (list) list.push(b);
      else pool.set(k, [b]);
    }
    for (const a of after) {
      if (pairs.has(a)) continue;
      const b = pool.get(key(a))?.shift();
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
    if (fields.length > 0) changes.changed.push({ before: ref(b), after: ref(a), fields });
  }
  for (const b of before) if (!usedBefore.has(b)) changes.removed.push(ref(b));
  return { changes, continued };
}

/** How many targets the revision adds and removes, counting identical targets as a multiset. */
export function diffTargets(
  before: readonly TargetKey[],
  after: readonly TargetKey[],
): { targetsAdded: number; targetsRemoved: number } {
  const key = (t: TargetKey) =>
    [normalizeUnitName(t.indicator), t.comparator, t.value, t.unit, t.deadlineYear ?? ''].join('\u0000');
  const remaining = new Map<string, number>();
  for (const t of before) remaining.set(key(t), (remaining.get(key(t)) ?? 0) + 1);
  let targetsAdded = 0;
  for (const t of after) {
    const n = remaining.get(key(t)) ?? 0;
    if (n > 0) remaining.set(key(t), n - 1);
    else targetsAdded++;
  }
  let targetsRemoved = 0;
  for (const n of remaining.values()) targetsRemoved += n;
  return { targetsAdded, targetsRemoved };
}
