import { describe, expect, it } from 'vitest';
import type { Comparator } from '../types.js';
import { parsePeriod, type Period } from './period.js';
import {
  assessablePoints,
  assessTarget,
  defaultBaseline,
  meetsTarget,
  ON_TRACK_RATIO,
  type AssessedFigure,
  type TargetAssessmentInput,
} from './status.js';
import { buildTrajectory, expectedValue } from './trajectory.js';

const p = (text: string): Period => {
  const r = parsePeriod(text);
  if (!r.ok) throw new Error(r.message.en);
  return r.period;
};
const fig = (
  period: string,
  value: number,
  qualifier: AssessedFigure['qualifier'] = 'exact',
): AssessedFigure => ({
  period: p(period),
  value,
  qualifier,
});

function input(
  over: Partial<TargetAssessmentInput> & { comparator?: Comparator; value?: number; deadline?: number },
) {
  return {
    kind: over.kind ?? 'stock',
    direction: over.direction ?? 'higher',
    target: over.target ?? {
      comparator: over.comparator ?? '>=',
      value: over.value ?? 100,
      deadlineYear: over.deadline ?? 2015,
    },
    baseline: over.baseline === undefined ? { period: p('2010'), value: 0 } : over.baseline,
    figures: over.figures ?? [],
    asOf: over.asOf,
    unit: over.unit ?? '',
  } satisfies TargetAssessmentInput;
}

describe('trajectory', () => {
  it('is geometric for a flow: constant growth from 2000亿 (2011) to 6000亿 (2015)', () => {
    const t = buildTrajectory(
      'flow',
      { period: p('2011'), value: 2000 },
      { comparator: '>', value: 6000, deadlineYear: 2015 },
    )!;
    expect(t.method).toBe('geometric');
    expect(t.points.map((x) => x.period)).toEqual(['2011', '2012', '2013', '2014', '2015']);
    expect(t.points[2]!.expected).toBeCloseTo(2000 * Math.sqrt(3), 9);
    expect(t.points[4]!.expected).toBeCloseTo(6000, 9);
    // A quarter of a flow is not on the scale of its annual target.
    expect(expectedValue(t, p('2013-Q2'))).toBeNull();
  });

  it('is linear for a stock or a rate, at any period', () => {
    const t = buildTrajectory(
      'rate',
      { period: p('2013'), value: 50 },
      { comparator: '>=', value: 70, deadlineYear: 2015 },
    )!;
    expect(t.method).toBe('linear');
    expect(t.points.map((x) => x.expected)).toEqual([50, 60, 70]);
    expect(expectedValue(t, p('2015-S1'))).toBeCloseTo(65, 9);
  });

  it('falls back to a line when a flow starts at zero, and has no path when the baseline is not before the deadline', () => {
    expect(
      buildTrajectory(
        'flow',
        { period: p('2011'), value: 0 },
        { comparator: '>', value: 10, deadlineYear: 2015 },
      )!.method,
    ).toBe('linear');
    expect(
      buildTrajectory(
        'flow',
        { period: p('2016'), value: 1 },
        { comparator: '>', value: 10, deadlineYear: 2015 },
      ),
    ).toBeNull();
  });
});

describe('meetsTarget', () => {
  it('reads each comparator, and "more than 1000" meets "> 1000"', () => {
    const t = (comparator: Comparator) => ({ comparator, value: 1000 });
    expect(meetsTarget(t('>'), 'higher', 1000)).toBe(false);
    expect(meetsTarget(t('>'), 'higher', 1000, true)).toBe(true);
    expect(meetsTarget(t('>='), 'higher', 1000)).toBe(true);
    expect(meetsTarget(t('<'), 'lower', 1000)).toBe(false);
    expect(meetsTarget(t('<='), 'lower', 1000)).toBe(true);
    expect(meetsTarget(t('='), 'higher', 1200)).toBe(true);
    expect(meetsTarget(t('='), 'lower', 1200)).toBe(false);
    expect(meetsTarget(t('about'), 'higher', 960)).toBe(true);
    expect(meetsTarget(t('about'), 'higher', 940)).toBe(false);
  });
});

describe('assessTarget', () => {
  it('has no data without a usable figure, and flows need whole years', () => {
    expect(assessTarget(input({})).status).toBe('no_data');
    const flow = assessTarget(input({ kind: 'flow', figures: [fig('2013-S1', 50)] }));
    expect(flow.status).toBe('no_data');
    expect(flow.explanation.basis).toBe('no_figure');
    expect(flow.forecast).toBeNull();
  });

  it('settles with the deadline figure: achieved or not achieved', () => {
    const hit = assessTarget(input({ figures: [fig('2014', 20), fig('2015', 100)] }));
    expect(hit.status).toBe('achieved');
    expect(hit.explanation.basis).toBe('deadline_figure');
    expect(hit.forecast).toEqual({ method: 'observed', deadlineYear: 2015, value: 100, meetsTarget: true });
    const miss = assessTarget(input({ figures: [fig('2015', 99)] }));
    expect(miss.status).toBe('not_achieved');
    // A stock measured at the end of December is the deadline year's value.
    expect(assessTarget(input({ figures: [fig('2015-12', 120)] })).status).toBe('achieved');
    // Figures after the deadline are not used.
    const late = assessTarget(input({ figures: [fig('2014', 20), fig('2016', 500)] }));
    expect(late.explanation.ignoredAfterDeadline).toEqual(['2016']);
    expect(late.status).not.toBe('achieved');
  });

  it('is achieved early when the latest figure already meets the target', () => {
    const r = assessTarget(input({ figures: [fig('2013', 100)] }));
    expect(r.status).toBe('achieved');
    expect(r.explanation.basis).toBe('target_met');
  });

  it('rates progress by the ratio of observed to required growth', () => {
    // Linear from 0 (2010) to 100 (2015): 20 a year needed.
    const at = (value: number) => assessTarget(input({ figures: [fig('2012', value)] }));
    expect(at(40).status).toBe('on_track'); // ratio 1.0
    expect(at(40).explanation.ratio).toBeCloseTo(1, 9);
    expect(at(40 * ON_TRACK_RATIO).status).toBe('on_track');
    expect(at(30).status).toBe('needs_acceleration'); // 0.75
    expect(at(10).status).toBe('off_track'); // 0.25
    expect(at(-5).status).toBe('deteriorating');
    expect(at(30).forecast).toMatchObject({ method: 'linear_extrapolation', value: 75, meetsTarget: false });
    expect(at(30).explanation.expectedAtCurrent).toBeCloseTo(40, 9);
  });

  it('reads a lower-is-better target the other way round', () => {
    const r = (value: number) =>
      assessTarget(
        input({
          direction: 'lower',
          comparator: '<=',
          value: 50,
          baseline: { period: p('2010'), value: 100 },
          figures: [fig('2012', value)],
        }),
      );
    expect(r(80).status).toBe('on_track'); // -10/yr needed, -10/yr observed
    expect(r(110).status).toBe('deteriorating');
    expect(r(110).explanation.boundEffect).toBeNull();
  });

  it('says there is no baseline, or no interval, rather than guessing', () => {
    expect(assessTarget(input({ baseline: null, figures: [fig('2013', 10)] })).explanation.basis).toBe(
      'no_baseline',
    );
    expect(assessTarget(input({ figures: [fig('2010', 10)] })).explanation.basis).toBe('no_interval');
    // A flow's half year is not a baseline for an annual target.
    const half = assessTarget(
      input({ kind: 'flow', baseline: { period: p('2012-S1'), value: 4 }, figures: [fig('2013', 10)] }),
    );
    expect(half.explanation.basis).toBe('no_baseline');
    expect(half.trajectory).toBeNull();
  });

  it('marks a lower bound and a preliminary figure, and whether the bound flatters the status', () => {
    const bound = assessTarget(input({ figures: [fig('2012', 40, 'lower_bound')] }));
    expect(bound.explanation).toMatchObject({
      lowerBound: true,
      boundEffect: 'conservative',
      provisional: false,
    });
    expect(bound.explanation.message.zh).toContain('下限');
    expect(bound.explanation.message.en).toContain('lower bound');
    const prelim = assessTarget(input({ figures: [fig('2012', 40, 'preliminary')] }));
    expect(prelim.explanation).toMatchObject({ lowerBound: false, provisional: true });
    const lower = assessTarget(
      input({
        direction: 'lower',
        comparator: '<',
        value: 5,
        baseline: { period: p('2010'), value: 10 },
        figures: [fig('2012', 8, 'lower_bound')],
      }),
    );
    expect(lower.explanation.boundEffect).toBe('optimistic');
  });

  it('says when the deadline has passed without its figure', () => {
    const r = assessTarget(input({ figures: [fig('2012', 40)], asOf: '2017-03-01' }));
    expect(r.explanation.deadlinePassedWithoutFigure).toBe(true);
    expect(r.explanation.message.en).toContain('deadline has passed');
    expect(
      assessTarget(input({ figures: [fig('2012', 40)], asOf: '2015-06-01' })).explanation
        .deadlinePassedWithoutFigure,
    ).toBe(false);
  });

  it("computes a flow's missing year from its quarters", () => {
    const figures = [
      fig('2012-Q1', 10),
      fig('2012-Q2', 10),
      fig('2012-Q3', 10),
      fig('2012-Q4', 10, 'preliminary'),
    ];
    const points = assessablePoints('flow', figures);
    expect(points).toEqual([
      { period: '2012', value: 40, qualifier: 'preliminary', time: 2013, derived: true },
    ]);
  });

  it('takes as default baseline the latest figure before the plan starts', () => {
    const figures = [fig('2010', 1000, 'preliminary'), fig('2011', 2000), fig('2013', 4000, 'preliminary')];
    expect(defaultBaseline('flow', figures, 2013)).toEqual({
      period: '2011',
      value: 2000,
      qualifier: 'exact',
    });
    expect(defaultBaseline('flow', [fig('2012-S1', 4)], 2013)).toBeNull();
    expect(
      defaultBaseline('stock', [fig('2011-07', 130000), fig('2012-S1', 1200000, 'lower_bound')], 2013),
    ).toEqual({
      period: '2012-S1',
      value: 1200000,
      qualifier: 'lower_bound',
    });
  });

  it('explains every status in both languages', () => {
    const cases = [
      input({}),
      input({ figures: [fig('2015', 100)] }),
      input({ figures: [fig('2013', 100)] }),
      input({ figures: [fig('2012', 30)] }),
      input({ baseline: null, figures: [fig('2012', 30)] }),
      input({ figures: [fig('2010', 30)] }),
      input({
        baseline: { period: p('2010'), value: 100 },
        comparator: '>',
        value: 100,
        figures: [fig('2012', 100)],
      }),
    ];
    const bases = new Set<string>();
    for (const c of cases) {
      const r = assessTarget(c);
      bases.add(r.explanation.basis);
      expect(r.explanation.message.zh).toMatch(/。$/);
      expect(r.explanation.message.en).toMatch(/\.$/);
      expect(r.explanation.thresholds.onTrack).toBe(ON_TRACK_RATIO);
    }
    expect(bases.size).toBe(7);
  });
});
