import { describe, expect, it } from 'vitest';
import {
  comparePeriods,
  isPeriod,
  makePeriod,
  monthIndex,
  parsePeriod,
  periodContains,
  periodEndDate,
  periodEndMonth,
  periodMonths,
  periodOfDate,
  periodParts,
  periodStartMonth,
  periodsOverlap,
  type Period,
} from './period.js';
import {
  deriveFlow,
  monthsFromYearToDate,
  rateForPeriod,
  stockForPeriod,
  valueForPeriod,
} from './period-conversion.js';

const p = (text: string): Period => {
  const r = parsePeriod(text);
  if (!r.ok) throw new Error(r.message.en);
  return r.period;
};

describe('parsePeriod', () => {
  it('reads the five canonical forms the published-figures CSV uses', () => {
    for (const text of ['2015', '2015-S1', '2015-Q3', '2015-07', '2013-01/2013-09']) {
      expect(parsePeriod(text)).toEqual({ ok: true, period: text });
      expect(isPeriod(text)).toBe(true);
    }
    expect(periodParts(p('2015-Q3'))).toEqual({ kind: 'quarter', year: 2015, startMonth: 7, endMonth: 9 });
    expect(periodParts(p('2013-01/2013-09'))).toEqual({
      kind: 'ytd',
      year: 2013,
      startMonth: 1,
      endMonth: 9,
    });
  });

  it('writes a run of months that is a quarter, half or year under that name', () => {
    expect(p('2014-01/2014-06')).toBe('2014-S1');
    expect(p('2014-01/2014-12')).toBe('2014');
    expect(p('2014-04/2014-06')).toBe('2014-Q2');
    expect(p('2014-07/2014-07')).toBe('2014-07');
    expect(p('2014-04/2014-05')).toBe('2014-04/2014-05');
    expect(isPeriod('2014-01/2014-06')).toBe(false);
  });

  it('reads the spellings people and Chinese sources use', () => {
    expect(p('2015h1')).toBe('2015-S1');
    expect(p('2015-s2')).toBe('2015-S2');
    expect(p('2015q4')).toBe('2015-Q4');
    expect(p('2015-7')).toBe('2015-07');
    expect(p('2015.5')).toBe('2015-05');
    expect(p('２０１５－０７')).toBe('2015-07');
    expect(p('2015-01~09')).toBe('2015-01/2015-09');
    expect(p('2015年')).toBe('2015');
    expect(p('2015年上半年')).toBe('2015-S1');
    expect(p('2015年三季度')).toBe('2015-Q3');
    expect(p('2015年第1季度')).toBe('2015-Q1');
    expect(p('2015年前三季度')).toBe('2015-01/2015-09');
    expect(p('2015年7月')).toBe('2015-07');
    expect(p('2013年1-9月')).toBe('2013-01/2013-09');
    expect(p('2013年1—6月')).toBe('2013-S1');
    expect(parsePeriod(2015)).toEqual({ ok: true, period: '2015' });
  });

  it('refuses what is not a period, with a reason in both languages', () => {
    for (const text of ['', '15', '2015-13', '2015-Q5', '2015-S3', 'next year', '2015-01-09', '2015-1-9']) {
      const r = parsePeriod(text);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe('PERIOD_INVALID');
        expect(r.message.zh).toContain('2015-Q3');
        expect(r.message.en).toContain('2015-Q3');
      }
    }
    const crossing = parsePeriod('2015-11/2016-02');
    expect(crossing.ok === false && crossing.code).toBe('PERIOD_CROSSES_YEAR');
    const reversed = parsePeriod('2015-09/2015-03');
    expect(reversed.ok === false && reversed.code).toBe('PERIOD_RANGE_REVERSED');
  });
});

describe('periods in time', () => {
  it('orders by the month a period ends, then by its start', () => {
    const sorted = ['2015', '2015-12', '2015-Q1', '2014', '2015-S1', '2015-01/2015-09']
      .map(p)
      .sort(comparePeriods);
    expect(sorted).toEqual(['2014', '2015-Q1', '2015-S1', '2015-01/2015-09', '2015', '2015-12']);
  });

  it('knows which periods contain or overlap which', () => {
    expect(periodContains(p('2015'), p('2015-Q3'))).toBe(true);
    expect(periodContains(p('2015-S1'), p('2015-Q3'))).toBe(false);
    expect(periodContains(p('2015-01/2015-09'), p('2015-Q3'))).toBe(true);
    expect(periodContains(p('2015'), p('2016-01'))).toBe(false);
    expect(periodsOverlap(p('2015-S1'), p('2015-04/2015-08'))).toBe(true);
    expect(periodsOverlap(p('2015-S1'), p('2015-Q3'))).toBe(false);
  });

  it('gives start and end months, dates and the months covered', () => {
    expect(periodStartMonth(p('2015-Q3'))).toBe(monthIndex(2015, 7));
    expect(periodEndMonth(p('2015-Q3'))).toBe(monthIndex(2015, 9));
    expect(periodEndDate(p('2016-S1'))).toBe('2016-06-30');
    expect(periodEndDate(p('2016-02'))).toBe('2016-02-29');
    expect(periodMonths(p('2015-Q2'))).toEqual(['2015-04', '2015-05', '2015-06']);
    expect(periodOfDate('2016-03-08T10:00:00Z')).toBe('2016-03');
    expect(makePeriod(2015, 10, 12)).toBe('2015-Q4');
  });
});

describe('conversions a statistician expects', () => {
  const v = (period: string, value: number) => ({ period: p(period), value });

  it("computes a flow's year from its quarters", () => {
    const r = deriveFlow(p('2012'), [
      v('2012-Q1', 809.4),
      v('2012-Q2', 805.3),
      v('2012-Q3', 800),
      v('2012-Q4', 902),
    ]);
    expect(r.ok && r.value).toBeCloseTo(3316.7, 6);
    expect(r.ok && r.method).toBe('sum');
  });

  it('uses the figure for the period itself when there is one', () => {
    const r = deriveFlow(p('2012'), [v('2012-Q1', 1), v('2012', 3317.7)]);
    expect(r).toEqual({ ok: true, value: 3317.7, method: 'direct', terms: [{ period: '2012', sign: 1 }] });
  });

  it('gives a month by difference of year-to-date figures (1-9月 − 1-8月)', () => {
    const r = deriveFlow(p('2013-09'), [v('2013-01/2013-08', 2400), v('2013-01/2013-09', 2705)]);
    expect(r.ok && r.value).toBe(305);
    expect(r.ok && r.terms).toEqual([
      { period: '2013-01/2013-08', sign: -1 },
      { period: '2013-01/2013-09', sign: 1 },
    ]);
    expect(r.ok && r.method).toBe('difference');
  });

  it('computes a second half from the year and the first half', () => {
    const r = deriveFlow(p('2012-S2'), [v('2012-S1', 1614.7), v('2012', 3317.7)]);
    expect(r.ok && r.value).toBeCloseTo(1703, 6);
  });

  it('says which figure is missing when the parts are incomplete', () => {
    const r = deriveFlow(p('2012'), [v('2012-Q1', 1), v('2012-Q2', 1), v('2012-Q3', 1)]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('incomplete');
      expect(r.missing).toBe('2012-Q4');
      expect(r.message.zh).toContain('2012-Q4');
      expect(r.message.en).toContain('2012-Q4');
    }
    const ytd = deriveFlow(p('2013'), [v('2013-01/2013-09', 2705)]);
    expect(!ytd.ok && ytd.missing).toBe('2013-Q4');
    const none = deriveFlow(p('2014'), [v('2013', 1)]);
    expect(!none.ok && none.reason).toBe('no_figure');
  });

  it('lists the months hidden in a series of year-to-date figures', () => {
    const months = monthsFromYearToDate([
      v('2013-Q1', 300),
      v('2013-01/2013-02', 190),
      v('2013-01', 100),
      v('2013-01/2013-05', 520),
    ]);
    expect(months).toEqual([v('2013-01', 100), v('2013-02', 90), v('2013-03', 110)]);
  });

  it("takes a stock's year from its value at the year's end, and says when that is missing", () => {
    expect(stockForPeriod(p('2012'), [v('2012-S1', 120), v('2012-12', 500)])).toMatchObject({
      ok: true,
      value: 500,
    });
    expect(stockForPeriod(p('2012'), [v('2012-Q4', 480)])).toMatchObject({ ok: true, value: 480 });
    const partial = stockForPeriod(p('2012'), [v('2012-S1', 1200000)]);
    expect(partial).toMatchObject({ ok: false, reason: 'not_at_end', missing: '2012-12' });
  });

  it('never sums a rate', () => {
    expect(rateForPeriod(p('2012'), [v('2012', 7.45)])).toMatchObject({ ok: true, value: 7.45 });
    const r = rateForPeriod(p('2012'), [v('2012-S1', 7), v('2012-S2', 8)]);
    expect(r).toMatchObject({ ok: false, reason: 'rate_not_summable', missing: '2012' });
    expect(valueForPeriod('rate', p('2012'), [v('2012-S1', 7), v('2012-S2', 8)]).ok).toBe(false);
    expect(valueForPeriod('flow', p('2012'), [v('2012-S1', 7), v('2012-S2', 8)])).toMatchObject({
      ok: true,
      value: 15,
    });
  });
});
