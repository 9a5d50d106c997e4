/**
 * Restatement: a plan repeats its targets (an annex table restates the body, sometimes in other words). Each
 * commitment counts once.
 */
import type { TargetDraft } from '../types.js';

export const UNIT_SYNONYMS: Record<string, string> = {
  名: '人',
  位: '人',
  所: '个',
  间: '个',
  座: '个',
  处: '个',
};

export function sameUnit(a: string, b: string): boolean {
  return a === b || (UNIT_SYNONYMS[a] ?? a) === (UNIT_SYNONYMS[b] ?? b);
}

/** Length of the longest common substring of two short strings (indicators are bounded by a clause). */
export function commonRun(a: string, b: string): number {
  const x = a.slice(0, 60);
  const y = b.slice(0, 60);
  let best = 0;
  for (let p = 0; p < x.length; p++) {
    for (let q = 0; q < y.length; q++) {
      let k = 0;
      while (p + k < x.length && q + k < y.length && x[p + k] === y[q + k]) k++;
      if (k > best) best = k;
    }
  }
  return best;
}

/**
 * True when `t`, found in an annex, restates an earlier target in other words: the same value and deadline,
 * with a unit or comparator written differently (4名 for 4人, 达到90% for 90%左右) or the same indicator named
 * a little differently (签约居民续约率 for 重点人群续约率).
 */
export function restates(t: TargetDraft, earlier: readonly TargetDraft[]): boolean {
  for (let k = 0; k < earlier.length; k++) {
    const u = earlier[k];
    if (!u || u.value !== t.value || !sameUnit(u.unit, t.unit)) continue;
    if (u.deadlineYear !== null && t.deadlineYear !== null && u.deadlineYear !== t.deadlineYear) continue;
    const reworded = u.unit !== t.unit || u.comparator !== t.comparator;
    const compatible =
      u.comparator === t.comparator ||
      u.comparator === '=' ||
      t.comparator === '=' ||
      u.comparator === 'about' ||
      t.comparator === 'about';
    if (!compatible) continue;
    if (commonRun(u.indicator, t.indicator) >= 3) return true;
    if (reworded && commonRun(u.indicator.slice(-4), t.indicator.slice(-4)) >= 2) return true;
  }
  return false;
}

/** Adds table targets the prose has not already stated (same value, unit and deadline), in text order. */
export function mergeTableTargets(prose: TargetDraft[], table: TargetDraft[]): TargetDraft[] {
  if (table.length === 0) return prose;
  const byValue = new Map<number, TargetDraft[]>();
  for (const p of prose) byValue.set(p.value, [...(byValue.get(p.value) ?? []).slice(-8), p]);
  const seen = new Set<string>();
  const fresh: TargetDraft[] = [];
  for (const t of table) {
    const key = `${t.indicator}|${t.comparator}|${t.value}|${t.unit}|${t.deadlineYear}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const stated = (byValue.get(t.value) ?? []).some(
      (p) =>
        sameUnit(p.unit, t.unit) &&
        (p.deadlineYear === null || t.deadlineYear === null || p.deadlineYear === t.deadlineYear),
    );
    if (!stated) fresh.push(t);
  }
  return [...prose, ...fresh].sort((a, b) => a.span[0] - b.span[0]);
}
