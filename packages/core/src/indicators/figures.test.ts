import { describe, expect, it } from 'vitest';
import { combineQualifiers, selectFiguresInForce, type FigureLike } from './figures.js';
import type { Period } from './period.js';

const f = (
  period: string,
  value: number,
  qualifier: FigureLike['qualifier'],
  revisedAt: string,
): FigureLike => ({
  period: period as Period,
  value,
  qualifier,
  revisedAt,
});

describe('selectFiguresInForce', () => {
  it('uses the latest final figure and keeps the others, newest first', () => {
    const estimate = f('2016', 5620, 'preliminary', '2017-01-20');
    const final = f('2016', 5647.4, 'exact', '2017-03-08');
    const [y2016] = selectFiguresInForce([estimate, final]);
    expect(y2016).toEqual({
      period: '2016',
      figure: final,
      history: [estimate],
      lowerBound: false,
      provisional: false,
    });
  });

  it('never lets a later provisional figure displace a final one', () => {
    const final = f('2015', 806, 'exact', '2016-02-01');
    const late = f('2015', 800, 'estimated', '2016-05-01');
    const [y] = selectFiguresInForce([final, late]);
    expect(y!.figure).toBe(final);
    expect(y!.history).toEqual([late]);
  });

  it('uses a revision of a final figure, and on a tie the later row', () => {
    const first = f('2013', 4000, 'exact', '2014-01-01');
    const revised = f('2013', 4100, 'exact', '2014-06-01');
    expect(selectFiguresInForce([revised, first])[0]!.figure).toBe(revised);
    const a = f('2011', 2861.3, 'exact', '2024-01-01');
    const b = f('2011', 2861.3, 'exact', '2024-01-01');
    expect(selectFiguresInForce([a, b])[0]!.figure).toBe(b);
  });

  it('marks a lower bound or a provisional figure in force, and orders periods', () => {
    const result = selectFiguresInForce([
      f('2013', 350, 'lower_bound', '2014-01-07'),
      f('2012', 247.3, 'exact', '2013-05-27'),
      f('2014', 4200, 'preliminary', '2015-02-04'),
    ]);
    expect(result.map((x) => [x.period, x.lowerBound, x.provisional])).toEqual([
      ['2012', false, false],
      ['2013', true, false],
      ['2014', false, true],
    ]);
  });
});

describe('combineQualifiers', () => {
  it('keeps a sum of lower bounds a lower bound, but not a difference', () => {
    expect(combineQualifiers([{ qualifier: 'exact' }, { qualifier: 'exact' }])).toBe('exact');
    expect(combineQualifiers([{ qualifier: 'exact' }, { qualifier: 'lower_bound', sign: 1 }])).toBe(
      'lower_bound',
    );
    expect(combineQualifiers([{ qualifier: 'exact' }, { qualifier: 'lower_bound', sign: -1 }])).toBe(
      'estimated',
    );
    expect(combineQualifiers([{ qualifier: 'preliminary' }, { qualifier: 'exact' }])).toBe('preliminary');
    expect(combineQualifiers([{ qualifier: 'preliminary' }, { qualifier: 'lower_bound' }])).toBe('estimated');
  });
});
