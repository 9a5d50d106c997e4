import { describe, expect, it } from 'vitest';
import { cycleBounds, isReportingPeriod, reportingPeriods } from './report-cycles.js';
import type { Period } from '../indicators/period.js';

describe('reporting cycles', () => {
  it('lists the 36 months and 12 quarters of a 2013–2015 plan, each due after it ends', () => {
    const m = cycleBounds('month', 2013, 2015);
    const months = reportingPeriods('month', m.first, m.last, 5);
    expect(months).toHaveLength(36);
    expect(months[0]).toEqual({
      period: '2013-01',
      start: '2013-01-01',
      end: '2013-01-31',
      dueDate: '2013-02-07',
    });
    expect(months[35]?.period).toBe('2015-12');
    const q = cycleBounds('quarter', 2013, 2015);
    const quarters = reportingPeriods('quarter', q.first, q.last, 5);
    expect(quarters.map((x) => x.period)).toEqual(
      ['2013', '2014', '2015'].flatMap((y) => [1, 2, 3, 4].map((n) => `${y}-Q${n}`)),
    );
    expect(quarters.map((x) => x.dueDate).slice(0, 4)).toEqual([
      '2013-04-08',
      '2013-07-05',
      '2013-10-12',
      '2014-01-08',
    ]);
    for (const p of [...months, ...quarters]) expect(p.dueDate > p.end).toBe(true);
  });

  it('moves the due date with the number of working days', () => {
    const [p] = reportingPeriods('month', '2013-09' as Period, '2013-09' as Period, 10);
    // 8–11 Oct, Sat 12 Oct (调休), 14–18 Oct: the 10th working day after 30 September.
    expect(p?.dueDate).toBe('2013-10-18');
  });

  it('refuses periods that are not of the cycle', () => {
    expect(isReportingPeriod('quarter', '2013-02' as Period)).toBe(false);
    expect(() => reportingPeriods('quarter', '2013-01' as Period, '2013-Q4' as Period)).toThrow(RangeError);
  });
});
