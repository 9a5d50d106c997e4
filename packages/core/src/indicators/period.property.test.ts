import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparePeriods,
  formatPeriod,
  isPeriod,
  makePeriod,
  parsePeriod,
  periodContains,
  periodMonths,
  periodParts,
  type Period,
} from './period.js';
import { deriveFlow, monthsFromYearToDate, type PeriodValue } from './period-conversion.js';

const year = fc.integer({ min: 1000, max: 9999 });
const span = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }))
  .map(([a, b]) => (a <= b ? [a, b] : [b, a]) as const);
const period = fc.tuple(year, span).map(([y, [a, b]]) => makePeriod(y, a, b));
/** Whole base-unit values, as figures are stored (元, 户): sums and differences are then exact. */
const amount = fc.integer({ min: 0, max: 10 ** 12 });

describe('periods (property)', () => {
  it('format then parse gives back the parts; parse then format gives back the canonical text', () => {
    fc.assert(
      fc.property(year, span, (y, [a, b]) => {
        const text = formatPeriod({ year: y, startMonth: a, endMonth: b });
        expect(isPeriod(text)).toBe(true);
        const parsed = parsePeriod(text);
        expect(parsed).toEqual({ ok: true, period: text });
        const parts = periodParts(text);
        expect([parts.year, parts.startMonth, parts.endMonth]).toEqual([y, a, b]);
        expect(formatPeriod(parts)).toBe(text);
      }),
    );
  });

  it('every run of months has exactly one canonical text', () => {
    fc.assert(
      fc.property(year, span, (y, [a, b]) => {
        const pad = (m: number) => String(m).padStart(2, '0');
        const asRange = parsePeriod(`${y}-${pad(a)}/${y}-${pad(b)}`);
        expect(asRange).toEqual({ ok: true, period: makePeriod(y, a, b) });
      }),
    );
  });

  it('containment is month-set inclusion and ordering is total', () => {
    fc.assert(
      fc.property(period, period, (x, y) => {
        const mx = new Set(periodMonths(x));
        const my = periodMonths(y);
        expect(periodContains(x, y)).toBe(my.every((m) => mx.has(m)));
        const c = comparePeriods(x, y);
        expect(Math.sign(c)).toBe(-Math.sign(comparePeriods(y, x)));
        expect(c === 0).toBe(x === y);
      }),
    );
  });

  it("a flow's year equals the sum of its months", () => {
    fc.assert(
      fc.property(
        year,
        fc.array(amount, { minLength: 12, maxLength: 12 }),
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], { minLength: 12 }),
        (y, values, order) => {
          // The months in any order, as rows of an import arrive.
          const months: PeriodValue[] = order.map((i) => ({
            period: makePeriod(y, i + 1),
            value: values[i]!,
          }));
          const r = deriveFlow(String(y) as Period, months);
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.value).toBe(values.reduce((s, v) => s + v, 0));
        },
      ),
    );
  });

  it('differences of year-to-date figures give the months back', () => {
    fc.assert(
      fc.property(year, fc.array(amount, { minLength: 1, maxLength: 12 }), (y, values) => {
        let total = 0;
        const ytd: PeriodValue[] = values.map((value, i) => {
          total += value;
          return { period: makePeriod(y, 1, i + 1), value: total };
        });
        const expected = values.map((value, i) => ({ period: makePeriod(y, i + 1), value }));
        expect(monthsFromYearToDate(ytd)).toEqual(expected);
        // The general derivation agrees, month by month.
        values.forEach((value, i) => {
          const r = deriveFlow(makePeriod(y, i + 1), ytd);
          expect(r.ok && r.value).toBe(value);
        });
      }),
    );
  });

  it('any period of a year is derived from any complete tiling of that year, and a gap is named exactly', () => {
    fc.assert(
      fc.property(
        year,
        fc.array(amount, { minLength: 12, maxLength: 12 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 11 }), { maxLength: 6 }),
        span,
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        (y, monthly, cuts, [a, b], drop) => {
          // Tile the year into runs of months at the cut points; optionally drop one run.
          const bounds = [0, ...cuts.sort((m, n) => m - n), 12];
          let tiles: PeriodValue[] = [];
          for (let i = 0; i + 1 < bounds.length; i++) {
            const from = bounds[i]! + 1;
            const to = bounds[i + 1]!;
            const value = monthly.slice(from - 1, to).reduce((s, v) => s + v, 0);
            tiles.push({ period: makePeriod(y, from, to), value });
          }
          const dropped = drop === undefined ? null : tiles[drop % tiles.length]!;
          if (dropped) tiles = tiles.filter((t) => t !== dropped);
          const target = makePeriod(y, a, b);
          const r = deriveFlow(target, tiles);
          const tileStarts = new Set(bounds.slice(0, -1).map((x) => x + 1));
          const aligned = tileStarts.has(a) && (b === 12 || tileStarts.has(b + 1));
          const t = periodParts(target);
          const needsDropped =
            dropped !== null &&
            periodParts(dropped.period).startMonth <= t.endMonth &&
            periodParts(dropped.period).endMonth >= t.startMonth;
          if (aligned && !needsDropped) {
            expect(r.ok && r.value).toBe(monthly.slice(a - 1, b).reduce((s, v) => s + v, 0));
          } else if (aligned && dropped) {
            // Only the dropped tile is missing: that is what the derivation must ask for.
            expect(r.ok).toBe(false);
            if (!r.ok) expect(r.missing).toBe(dropped.period);
          } else {
            expect(r.ok).toBe(false);
          }
        },
      ),
    );
  });
});
