/**
 * Status and forecast against a brute-force reference on random series. The reference shares no code with
 * `assessTarget`: it reads period texts by hand, finds growth rates by bisection instead of closed forms, and
 * forecasts by stepping month by month instead of one power.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Comparator } from '../types.js';
import type { FigureQualifier, IndicatorDirection, IndicatorKind } from './indicator.js';
import { makePeriod, type Period } from './period.js';
import {
  assessTarget,
  type AssessedFigure,
  type TargetAssessmentInput,
  type TargetStatus,
} from './status.js';

// ---- the reference ---------------------------------------------------------------------------------------------

/** End month and start month of a canonical period text, read character by character. */
function months(period: string): { year: number; start: number; end: number } {
  const year = Number(period.slice(0, 4));
  if (period.length === 4) return { year, start: 1, end: 12 };
  const tag = period.slice(5);
  if (tag === 'S1') return { year, start: 1, end: 6 };
  if (tag === 'S2') return { year, start: 7, end: 12 };
  if (tag.startsWith('Q')) {
    const q = Number(tag.slice(1));
    return { year, start: q * 3 - 2, end: q * 3 };
  }
  if (period.length === 7) return { year, start: Number(tag), end: Number(tag) };
  return { year, start: Number(period.slice(5, 7)), end: Number(period.slice(13, 15)) };
}
const timeOf = (period: string): number => {
  const m = months(period);
  return m.year + m.end / 12;
};

function refMeets(
  comparator: Comparator,
  direction: IndicatorDirection,
  target: number,
  v: number,
  bound: boolean,
): boolean {
  if (comparator === '>') return bound ? v >= target : v > target;
  if (comparator === '>=') return v >= target;
  if (comparator === '<') return v < target;
  if (comparator === '<=') return v <= target;
  const slack = comparator === 'about' ? 0.05 * Math.abs(target) : 0;
  return direction === 'higher' ? v >= target - slack : v <= target + slack;
}

/** The yearly rate r with from·(1+r)^years = to, by bisection. */
function bisectRate(from: number, to: number, years: number): number {
  const ratio = to / from;
  let lo = -1;
  let hi = 1;
  while (Math.pow(1 + hi, years) < ratio) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (Math.pow(1 + mid, years) < ratio) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * A flow's figures plus, for each year without its own, the year from its parts: every way of adding and
 * subtracting up to seven partial figures is tried (3^n), and any that covers each month exactly once counts.
 */
function withDerivedYears(figures: readonly AssessedFigure[]): AssessedFigure[] {
  const out = [...figures];
  const years = new Set(figures.map((f) => months(f.period).year));
  for (const year of years) {
    if (figures.some((f) => f.period === String(year))) continue;
    const parts = figures.filter((f) => months(f.period).year === year);
    const coef = new Array<number>(parts.length).fill(-1);
    const combos = 3 ** parts.length;
    for (let k = 0; k < combos; k++) {
      for (let i = 0, x = k; i < parts.length; i++, x = Math.floor(x / 3)) coef[i] = (x % 3) - 1;
      const cover = new Array<number>(13).fill(0);
      parts.forEach((f, i) => {
        const m = months(f.period);
        for (let j = m.start; j <= m.end; j++) cover[j]! += coef[i]!;
      });
      if (cover.slice(1).every((c) => c === 1)) {
        const value = parts.reduce((sum, f, i) => sum + coef[i]! * f.value, 0);
        out.push({ period: String(year) as Period, value, qualifier: 'exact' });
        break;
      }
    }
  }
  return out;
}

interface Reference {
  status: TargetStatus;
  forecast: { value: number; meetsTarget: boolean } | null;
  ratio: number | null;
  required: number | null;
}

function reference(input: TargetAssessmentInput): Reference {
  const { comparator, value: target, deadlineYear } = input.target;
  const direction: IndicatorDirection =
    comparator === '>' || comparator === '>='
      ? 'higher'
      : comparator === '<' || comparator === '<='
        ? 'lower'
        : input.direction;
  const s = direction === 'higher' ? 1 : -1;
  const td = deadlineYear + 1;
  const isFlow = input.kind === 'flow';
  let current: AssessedFigure | null = null;
  for (const f of isFlow ? withDerivedYears(input.figures) : input.figures) {
    if (isFlow && f.period.length !== 4) continue;
    if (timeOf(f.period) > td + 1e-9) continue;
    if (
      current === null ||
      timeOf(f.period) > timeOf(current.period) ||
      (timeOf(f.period) === timeOf(current.period) && months(f.period).start > months(current.period).start)
    ) {
      current = f;
    }
  }
  if (!current) return { status: 'no_data', forecast: null, ratio: null, required: null };
  const bound = current.qualifier === 'lower_bound';
  const met = refMeets(comparator, direction, target, current.value, bound);
  const tc = timeOf(current.period);
  if (Math.abs(tc - td) < 1e-9) {
    return {
      status: met ? 'achieved' : 'not_achieved',
      forecast: { value: current.value, meetsTarget: met },
      ratio: null,
      required: null,
    };
  }
  const baseline = input.baseline && (!isFlow || input.baseline.period.length === 4) ? input.baseline : null;
  let forecast: Reference['forecast'] = null;
  let observed = 0;
  let required = 0;
  const tb = baseline ? timeOf(baseline.period) : Infinity;
  if (baseline && tc > tb) {
    const b = baseline.value;
    const geometric = isFlow && b > 0 && target > 0;
    if (geometric) {
      observed = current.value > 0 ? bisectRate(b, current.value, tc - tb) : -1;
      required = bisectRate(b, target, td - tb);
    } else {
      observed = (current.value - b) / (tc - tb);
      required = (target - b) / (td - tb);
    }
    let v = current.value;
    const steps = Math.round((td - tc) * 12);
    for (let i = 0; i < steps; i++) {
      if (!geometric) v += observed / 12;
      else if (current.value > 0) v *= Math.pow(1 + observed, 1 / 12);
    }
    forecast = { value: v, meetsTarget: refMeets(comparator, direction, target, v, bound) };
  }
  if (met) return { status: 'achieved', forecast, ratio: null, required };
  if (!baseline || tc <= tb) return { status: 'no_data', forecast: null, ratio: null, required: null };
  if (s * required <= 0)
    return { status: s * observed >= 0 ? 'on_track' : 'deteriorating', forecast, ratio: null, required };
  const ratio = (s * observed) / (s * required);
  const status: TargetStatus =
    ratio >= 0.95
      ? 'on_track'
      : ratio >= 0.6
        ? 'needs_acceleration'
        : ratio >= 0
          ? 'off_track'
          : 'deteriorating';
  return { status, forecast, ratio, required };
}

// ---- random series ---------------------------------------------------------------------------------------------

const kind = fc.constantFrom<IndicatorKind>('flow', 'stock', 'rate');
const comparator = fc.constantFrom<Comparator>('>', '>=', '<', '<=', '=', 'about');
const qualifier = fc.constantFrom<FigureQualifier>(
  'exact',
  'exact',
  'lower_bound',
  'preliminary',
  'estimated',
);
const amount = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: 1, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.double({ min: -1e3, max: -1, noNaN: true }) },
);
/** A period of one of the shapes figures come in (a flow's partial years are noise the status must ignore). */
const periodIn = (fromYear: number, toYear: number): fc.Arbitrary<Period> =>
  fc
    .tuple(
      fc.integer({ min: fromYear, max: toYear }),
      fc.constantFrom<[number, number]>(
        [1, 12],
        [1, 12],
        [1, 12],
        [1, 6],
        [7, 12],
        [1, 3],
        [10, 12],
        [12, 12],
        [6, 6],
        [1, 9],
      ),
    )
    .map(([y, [a, b]]) => makePeriod(y, a, b));

const scenario = fc
  .record({
    kind,
    direction: fc.constantFrom<IndicatorDirection>('higher', 'lower'),
    comparator,
    baseYear: fc.integer({ min: 2005, max: 2015 }),
    span: fc.integer({ min: 1, max: 8 }),
    baseValue: amount,
    targetValue: fc.double({ min: 1, max: 1e6, noNaN: true }),
    hasBaseline: fc.boolean(),
    baselineShape: fc.constantFrom<[number, number]>([1, 12], [1, 12], [1, 6], [6, 6]),
    asOfYear: fc.option(fc.integer({ min: 2005, max: 2026 }), { nil: undefined }),
  })
  .chain((s) =>
    fc
      .tuple(
        fc.uniqueArray(fc.tuple(periodIn(s.baseYear - 2, s.baseYear + s.span + 2), qualifier), {
          maxLength: 7,
          selector: ([period]) => period,
        }),
        // The value of every month of the years in view: a figure's value is the sum over its months, so that
        // the parts of a year agree with each other however they are combined.
        fc.array(fc.array(amount, { minLength: 12, maxLength: 12 }), { minLength: 13, maxLength: 13 }),
      )
      .map(([periods, monthly]) => {
        const valueOf = (period: Period): number => {
          const m = months(period);
          return monthly[m.year - (s.baseYear - 2)]!.slice(m.start - 1, m.end).reduce((a, b) => a + b, 0);
        };
        const rows = periods.map(([period, q]) => [period, valueOf(period), q] as const);
        const input: TargetAssessmentInput = {
          kind: s.kind,
          direction: s.direction,
          target: { comparator: s.comparator, value: s.targetValue, deadlineYear: s.baseYear + s.span },
          baseline:
            s.hasBaseline || rows.length === 0
              ? { period: makePeriod(s.baseYear, s.baselineShape[0], s.baselineShape[1]), value: s.baseValue }
              : null,
          figures: rows.map(([period, value, q]) => ({ period, value, qualifier: q })),
          asOf: s.asOfYear === undefined ? undefined : `${s.asOfYear}-06-30`,
        };
        return input;
      }),
  );

const near = (a: number, b: number, tolerance = 1e-6): boolean =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

describe('assessTarget (property, against a brute-force reference)', () => {
  const seen = new Set<TargetStatus>();
  afterAll(() => {
    // The random series must have exercised every status, or the comparison proves little.
    expect([...seen].sort()).toEqual(
      [
        'achieved',
        'deteriorating',
        'needs_acceleration',
        'no_data',
        'not_achieved',
        'off_track',
        'on_track',
      ].sort(),
    );
  });

  it('gives the same status and forecast as the reference', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const ref = reference(input);
        // Skip series that sit on a threshold or on the target itself: there rounding decides, not the method.
        if (ref.ratio !== null) fc.pre([0.95, 0.6, 0].every((t) => Math.abs(ref.ratio! - t) > 1e-6));
        if (ref.required !== null) fc.pre(Math.abs(ref.required) > 1e-9);
        for (const f of input.figures)
          fc.pre(
            !near(f.value, input.target.value, 1e-9) &&
              !near(f.value, input.target.value * 0.95, 1e-9) &&
              !near(f.value, input.target.value * 1.05, 1e-9),
          );
        if (ref.forecast)
          fc.pre(
            !near(ref.forecast.value, input.target.value, 1e-5) &&
              !near(ref.forecast.value, input.target.value * 0.95, 1e-5) &&
              !near(ref.forecast.value, input.target.value * 1.05, 1e-5),
          );

        const got = assessTarget(input);
        seen.add(got.status);
        expect(got.status).toBe(ref.status);
        if (ref.forecast === null) {
          expect(got.forecast).toBeNull();
        } else {
          expect(got.forecast).not.toBeNull();
          expect(near(got.forecast!.value, ref.forecast.value, 1e-6)).toBe(true);
          expect(got.forecast!.meetsTarget).toBe(ref.forecast.meetsTarget);
        }
        if (ref.ratio !== null) expect(near(got.explanation.ratio!, ref.ratio, 1e-6)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
