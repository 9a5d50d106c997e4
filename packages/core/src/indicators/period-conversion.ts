/**
 * The conversions a statistician makes between periods, by the kind of indicator:
 * - a flow (交易额, 零售总额) adds up over time: a year is the sum of its quarters or months, a month is the
 *   difference of two year-to-date figures (1-9月 minus 1-8月);
 * - a stock (用户数, 企业数) is a level at a moment: a year's value is its value at the year's end;
 * - a rate or share (普及率, 比重) is neither summed nor differenced: only a figure for the period itself counts.
 * Nothing is guessed: when a figure is missing the answer says which.
 */
import type { LocalizedText } from '../types.js';
import type { IndicatorKind } from './indicator.js';
import {
  makePeriod,
  monthPeriod,
  periodEndMonth,
  periodParts,
  periodStartMonth,
  type Period,
} from './period.js';

/** A value for a period (a figure stripped to what a conversion needs). */
export interface PeriodValue {
  period: Period;
  value: number;
}

/** One figure used in a derivation, added (`+1`) or subtracted (`-1`). */
export interface DerivationTerm {
  period: Period;
  sign: 1 | -1;
}

export type DerivationMethod = 'direct' | 'sum' | 'difference' | 'last_value';

export type PeriodDerivation =
  | {
      ok: true;
      value: number;
      /** `direct`: a figure for the period itself; `sum`: added parts; `difference`: at least one subtraction. */
      method: DerivationMethod;
      terms: DerivationTerm[];
    }
  | {
      ok: false;
      reason: 'incomplete' | 'not_at_end' | 'rate_not_summable' | 'no_figure';
      /** The smallest period whose figure would complete the derivation (null when no single one would). */
      missing: Period | null;
      message: LocalizedText;
    };

interface Edge {
  from: number;
  to: number;
  value: number;
  period: Period;
}

/**
 * A flow's value for `target` from figures of other periods in the same year: the figure for the period itself,
 * a sum of parts (quarters, months, halves), or differences of year-to-date figures (September = 1-9月 − 1-8月),
 * in any combination. Each figure for months s..e says P(e) − P(s−1) = value, where P(m) is the total from
 * January to the end of month m; the target is P(E) − P(S−1). A breadth-first search over the 13 points P(0..12)
 * finds the shortest chain of figures from S−1 to E. When there is none, `missing` is the shortest run of months
 * whose figure would join the two ends (the quarter or month to ask the statistics office for).
 *
 * `figures` should hold the figure in force per period (see `selectFiguresInForce`); when a period appears twice
 * the first is used. Figures of other years are ignored.
 */
export function deriveFlow(target: Period, figures: readonly PeriodValue[]): PeriodDerivation {
  const t = periodParts(target);
  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const f of figures) {
    if (seen.has(f.period)) continue;
    seen.add(f.period);
    const p = periodParts(f.period);
    if (p.year !== t.year) continue;
    if (p.startMonth === t.startMonth && p.endMonth === t.endMonth) {
      return { ok: true, value: f.value, method: 'direct', terms: [{ period: f.period, sign: 1 }] };
    }
    edges.push({ from: p.startMonth - 1, to: p.endMonth, value: f.value, period: f.period });
  }
  const start = t.startMonth - 1;
  const end = t.endMonth;
  // Breadth-first search from `start`; `via[n]` is the edge that reached n and in which direction.
  const via: ({ edge: Edge; sign: 1 | -1; prev: number } | null)[] = new Array<null>(13).fill(null);
  const reached = new Array<boolean>(13).fill(false);
  reached[start] = true;
  const queue = [start];
  for (let qi = 0; qi < queue.length && !reached[end]; qi++) {
    const n = queue[qi]!;
    for (const e of edges) {
      const next = e.from === n ? e.to : e.to === n ? e.from : -1;
      if (next < 0 || reached[next]) continue;
      reached[next] = true;
      via[next] = { edge: e, sign: e.from === n ? 1 : -1, prev: n };
      queue.push(next);
    }
  }
  if (reached[end]) {
    const steps: { edge: Edge; sign: 1 | -1 }[] = [];
    for (let n = end; n !== start;) {
      const step = via[n]!;
      steps.push(step);
      n = step.prev;
    }
    steps.reverse();
    // Add from the start of the target onwards, so that a sum of months is the sum a reader would make.
    let value = 0;
    for (const step of steps) value += step.sign * step.edge.value;
    const terms = steps.map((step): DerivationTerm => ({ period: step.edge.period, sign: step.sign }));
    const method = terms.some((x) => x.sign < 0) ? 'difference' : 'sum';
    return { ok: true, value, method, terms };
  }
  const missing = smallestGap(t.year, start, end, reached, edges);
  return {
    ok: false,
    reason: edges.length === 0 ? 'no_figure' : 'incomplete',
    missing,
    message:
      edges.length === 0
        ? {
            zh: `${target} 没有可用的数据（本期及其组成期间均无）`,
            en: `No figure for ${target} or for any part of it`,
          }
        : {
            zh: `${target} 的数据不完整：缺少 ${missing} 的数据`,
            en: `${target} cannot be computed: the figure for ${missing} is missing`,
          },
  };
}

/** The run of months, between a point reachable from `start` and one connected to `end`, that is shortest. */
function smallestGap(year: number, start: number, end: number, fromStart: boolean[], edges: Edge[]): Period {
  const fromEnd = new Array<boolean>(13).fill(false);
  fromEnd[end] = true;
  const queue = [end];
  for (let qi = 0; qi < queue.length; qi++) {
    const n = queue[qi]!;
    for (const e of edges) {
      const next = e.from === n ? e.to : e.to === n ? e.from : -1;
      if (next >= 0 && !fromEnd[next]) {
        fromEnd[next] = true;
        queue.push(next);
      }
    }
  }
  let best: [number, number] = [start, end];
  for (let a = 0; a <= 12; a++) {
    if (!fromStart[a]) continue;
    for (let b = 0; b <= 12; b++) {
      if (!fromEnd[b] || a === b) continue;
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      if (hi - lo < best[1] - best[0]) best = [lo, hi];
    }
  }
  return makePeriod(year, best[0] + 1, best[1]);
}

/**
 * The month values hidden in a series of year-to-date figures: for every month m with the January-to-m total
 * and the January-to-(m−1) total (or m = 1), month m = their difference. Figures starting in January of any
 * length count as year-to-date (`2015-Q1` is 1-3月, `2015-S1` is 1-6月, `2015` is 1-12月).
 */
export function monthsFromYearToDate(figures: readonly PeriodValue[]): PeriodValue[] {
  const cumulative = new Map<number, number>();
  for (const f of figures) {
    const p = periodParts(f.period);
    const key = periodEndMonth(f.period);
    if (p.startMonth === 1 && !cumulative.has(key)) cumulative.set(key, f.value);
  }
  const out: PeriodValue[] = [];
  for (const [end, total] of [...cumulative].sort((a, b) => a[0] - b[0])) {
    const isJanuary = end % 12 === 0;
    const before = isJanuary ? 0 : cumulative.get(end - 1);
    if (before !== undefined) out.push({ period: monthPeriod(end), value: total - before });
  }
  return out;
}

/**
 * A stock's value for `target`: its value at the end of the period, from any figure that ends in the period's last
 * month (the year's value of 用户数 is the December or year-end figure). A figure ending earlier is only the
 * latest known level, not the period's value; the answer then names the month that is missing.
 */
export function stockForPeriod(target: Period, figures: readonly PeriodValue[]): PeriodDerivation {
  const end = periodEndMonth(target);
  const start = periodStartMonth(target);
  let exact: PeriodValue | null = null;
  let anyAtEnd: PeriodValue | null = null;
  for (const f of figures) {
    if (periodEndMonth(f.period) !== end) continue;
    if (f.period === target) exact ??= f;
    anyAtEnd ??= f;
  }
  const hit = exact ?? anyAtEnd;
  if (hit)
    return { ok: true, value: hit.value, method: 'last_value', terms: [{ period: hit.period, sign: 1 }] };
  const within = figures.some((f) => {
    const e = periodEndMonth(f.period);
    return e >= start && e < end;
  });
  const missing = monthPeriod(end);
  return {
    ok: false,
    reason: within ? 'not_at_end' : 'no_figure',
    missing,
    message: within
      ? {
          zh: `${target} 是存量指标，取期末值：缺少 ${missing} 的数据（期内较早的数据不代表期末）`,
          en: `${target} is a stock taken at the period's end: the figure for ${missing} is missing (an earlier figure in the period is not the end value)`,
        }
      : { zh: `${target} 没有期末数据`, en: `No end-of-period figure for ${target}` },
  };
}

/**
 * A rate's or share's value for `target`: only a figure for exactly that period. Rates are never summed or
 * differenced (the 2012 share is not the sum of four quarterly shares); a rate computed from its components is a
 * formula (see `evaluateFormula`).
 */
export function rateForPeriod(target: Period, figures: readonly PeriodValue[]): PeriodDerivation {
  const hit = figures.find((f) => f.period === target);
  if (hit) return { ok: true, value: hit.value, method: 'direct', terms: [{ period: target, sign: 1 }] };
  const t = periodParts(target);
  const parts = figures.some((f) => {
    const p = periodParts(f.period);
    return p.year === t.year && p.startMonth >= t.startMonth && p.endMonth <= t.endMonth;
  });
  return {
    ok: false,
    reason: parts ? 'rate_not_summable' : 'no_figure',
    missing: target,
    message: parts
      ? {
          zh: `${target} 是比率指标，不能由分期数据相加得到，需要本期的数据`,
          en: `${target} is a rate: it cannot be added up from its parts; a figure for the period itself is needed`,
        }
      : { zh: `${target} 没有数据`, en: `No figure for ${target}` },
  };
}

/** The value of an indicator of `kind` for `target`, by the rule for that kind (see the functions above). */
export function valueForPeriod(
  kind: IndicatorKind,
  target: Period,
  figures: readonly PeriodValue[],
): PeriodDerivation {
  switch (kind) {
    case 'flow':
      return deriveFlow(target, figures);
    case 'stock':
      return stockForPeriod(target, figures);
    case 'rate':
      return rateForPeriod(target, figures);
  }
}
