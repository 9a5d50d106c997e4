/**
 * Where a target stands: a status, a forecast for the deadline, and an explanation of how both were computed.
 *
 * The model is Open SDG's progress measure for an indicator with a numeric target: the ratio of the observed
 * growth (from the baseline to the latest figure) to the growth required (from the baseline to the target by the
 * deadline). We keep its thresholds (0.95, 0.6, 0) and differ in three ways, each for a plan's needs:
 * - growth is a constant yearly rate for flows (as Open SDG does for every series) but a constant yearly amount for
 *   stocks and rates, whose targets are levels ("普及率达到70%"), not multiples;
 * - a figure for the deadline year settles it: achieved or not achieved, whatever the trend said;
 * - lower bounds and preliminary figures are used and marked, not dropped, because a plan's early years often have
 *   nothing else ("有望超过4000亿元").
 * The status of a target follows its figures at once: this is a pure function of them, cheap enough to run on
 * every request.
 */
import type { Comparator, LocalizedText } from '../types.js';
import { combineQualifiers } from './figures.js';
import type {
  Baseline,
  FigureQualifier,
  IndicatorDirection,
  IndicatorKind,
  TargetSpec,
} from './indicator.js';
import { isFinalQualifier } from './indicator.js';
import { deriveFlow } from './period-conversion.js';
import { explain } from './status-text.js';
import { periodOfDate, periodParts, type Period } from './period.js';
import {
  buildTrajectory,
  deadlineTime,
  pathValue,
  periodEndTime,
  trajectoryMethod,
  type Trajectory,
  type TrajectoryMethod,
} from './trajectory.js';

export type TargetStatus =
  'achieved' | 'not_achieved' | 'on_track' | 'needs_acceleration' | 'off_track' | 'deteriorating' | 'no_data';

export const TARGET_STATUSES: readonly TargetStatus[] = [
  'achieved',
  'not_achieved',
  'on_track',
  'needs_acceleration',
  'off_track',
  'deteriorating',
  'no_data',
];

/**
 * Observed growth at least 95% of the required growth is on track. Open SDG's "substantial progress" threshold:
 * a little slack, because two figures rarely fall exactly on the path even when the plan is being met.
 */
export const ON_TRACK_RATIO = 0.95;
/**
 * From 60% of the required growth the target can still be met with an acceleration; below it the gap is rarely
 * closed in a plan's remaining years. Open SDG's "moderate progress" threshold.
 */
export const NEEDS_ACCELERATION_RATIO = 0.6;
/** Below zero the indicator moves away from the target: deteriorating (Open SDG's "deterioration"). */
export const DETERIORATING_RATIO = 0;
/**
 * A target stated as 约/左右 ("about 500") counts as met within 5% short of it: the plan itself named an
 * approximate figure, and published figures are rounded to a few significant digits.
 */
export const ABOUT_TOLERANCE = 0.05;

/** The thresholds as one object, for explanations and pages. */
export const STATUS_THRESHOLDS = {
  onTrack: ON_TRACK_RATIO,
  needsAcceleration: NEEDS_ACCELERATION_RATIO,
  deteriorating: DETERIORATING_RATIO,
  aboutTolerance: ABOUT_TOLERANCE,
} as const;

/** A figure as the assessment needs it (the figure in force for its period). */
export interface AssessedFigure {
  period: Period;
  value: number;
  qualifier: FigureQualifier;
}

export interface TargetAssessmentInput {
  kind: IndicatorKind;
  /** The indicator's direction; a target's comparator (> ≥ or < ≤) takes precedence over it. */
  direction: IndicatorDirection;
  target: TargetSpec;
  baseline: Baseline | null;
  /** The figures in force, one per period (see `selectFiguresInForce`); any order. */
  figures: readonly AssessedFigure[];
  /** Today, ISO date: only used to say that the deadline has passed without a figure for it. */
  asOf?: string;
  /** The indicator's unit, for the values written in the explanation. */
  unit?: string;
}

/**
 * - `deadline_figure`: a figure for the deadline settled it (achieved / not achieved);
 * - `target_met`: the latest figure already meets the target before the deadline;
 * - `growth_ratio`: observed growth compared with required growth (Open SDG's measure);
 * - `target_not_ahead`: the baseline is already at or past the target level, so any movement in the right
 *   direction (or none) is on track;
 * - `no_figure`, `no_baseline`, `no_interval`: why there is no status (no figure; no baseline to measure from;
 *   the latest figure is not later than the baseline).
 */
export type StatusBasis =
  | 'deadline_figure'
  | 'target_met'
  | 'growth_ratio'
  | 'target_not_ahead'
  | 'no_figure'
  | 'no_baseline'
  | 'no_interval';

export type ForecastMethod = 'observed' | 'geometric_extrapolation' | 'linear_extrapolation';

/** The value expected at the deadline if the observed growth continues (or the deadline's own figure). */
export interface Forecast {
  method: ForecastMethod;
  deadlineYear: number;
  value: number;
  meetsTarget: boolean;
}

/** A point used by the assessment, with the time it stands for (years; 2011 → 2012.0, the end of 2011). */
export interface AssessedPoint extends AssessedFigure {
  time: number;
  /** True for a flow's year computed from its quarters or months rather than published for the year. */
  derived: boolean;
}

/** Everything a page needs to say how a status was computed, in either language. */
export interface StatusExplanation {
  basis: StatusBasis;
  /** The trajectory's shape; null when none applies. */
  method: TrajectoryMethod | null;
  direction: IndicatorDirection;
  baseline: AssessedPoint | null;
  current: AssessedPoint | null;
  target: { comparator: Comparator; value: number; deadlineYear: number; time: number };
  /** Per year: a rate (0.414 = +41.4%/yr) for a geometric trajectory, an amount for a linear one. */
  observedGrowth: number | null;
  requiredGrowth: number | null;
  /** Observed over required growth, signed so that > 0 is towards the target. */
  ratio: number | null;
  /** The trajectory's value at the time of the current figure. */
  expectedAtCurrent: number | null;
  thresholds: typeof STATUS_THRESHOLDS;
  /** The figure used is a lower bound ("more than"). */
  lowerBound: boolean;
  /**
   * How a lower bound bears on the status: `conservative` when the true value can only be better (a
   * higher-is-better target), `optimistic` when it can only be worse; null when no bound is used.
   */
  boundEffect: 'conservative' | 'optimistic' | null;
  /** The figure used is preliminary or estimated. */
  provisional: boolean;
  /** `asOf` is after the deadline year and no figure for the deadline has come. */
  deadlinePassedWithoutFigure: boolean;
  /** Figures after the deadline, not used for this target. */
  ignoredAfterDeadline: Period[];
  message: LocalizedText;
}

export interface TargetAssessment {
  status: TargetStatus;
  forecast: Forecast | null;
  trajectory: Trajectory | null;
  explanation: StatusExplanation;
}

/** The direction a target asks for: its comparator when it has one, else the indicator's. */
export function targetDirection(
  comparator: Comparator,
  indicatorDirection: IndicatorDirection,
): IndicatorDirection {
  if (comparator === '>' || comparator === '>=') return 'higher';
  if (comparator === '<' || comparator === '<=') return 'lower';
  return indicatorDirection;
}

/**
 * Whether `value` meets the target. `=` (a bare figure in the plan: "网络零售额500亿元") means reaching it in the
 * target's direction; `about` allows `ABOUT_TOLERANCE` short of it. A lower bound meets a `>` target when it
 * equals it: "more than 1000" is more than 1000.
 */
export function meetsTarget(
  target: Pick<TargetSpec, 'comparator' | 'value'>,
  direction: IndicatorDirection,
  value: number,
  lowerBound = false,
): boolean {
  const t = target.value;
  switch (target.comparator) {
    case '>':
      return lowerBound ? value >= t : value > t;
    case '>=':
      return value >= t;
    case '<':
      return value < t;
    case '<=':
      return value <= t;
    case '=':
      return direction === 'higher' ? value >= t : value <= t;
    case 'about':
      return direction === 'higher'
        ? value >= t - ABOUT_TOLERANCE * Math.abs(t)
        : value <= t + ABOUT_TOLERANCE * Math.abs(t);
  }
}

/**
 * The points a status can use. A flow needs whole years (a quarter of 交易额 is not on the scale of an annual
 * target); a year missing its own figure is computed from its quarters or months when they are complete. A stock
 * or rate uses every figure, at its period's end.
 */
export function assessablePoints(kind: IndicatorKind, figures: readonly AssessedFigure[]): AssessedPoint[] {
  const out: AssessedPoint[] = [];
  if (kind !== 'flow') {
    for (const f of figures) out.push({ ...f, time: periodEndTime(f.period), derived: false });
    return out;
  }
  const partialYears = new Map<number, AssessedFigure[]>();
  const fullYears = new Set<number>();
  for (const f of figures) {
    const p = periodParts(f.period);
    if (p.kind === 'year') {
      fullYears.add(p.year);
      out.push({ ...f, time: periodEndTime(f.period), derived: false });
    } else {
      const list = partialYears.get(p.year);
      if (list) list.push(f);
      else partialYears.set(p.year, [f]);
    }
  }
  for (const [year, parts] of partialYears) {
    if (fullYears.has(year)) continue;
    const period = String(year) as Period;
    const d = deriveFlow(period, parts);
    if (!d.ok) continue;
    const qualifiers = d.terms.map((term) => ({
      qualifier: parts.find((f) => f.period === term.period)!.qualifier,
      sign: term.sign,
    }));
    out.push({
      period,
      value: d.value,
      qualifier: combineQualifiers(qualifiers),
      time: year + 1,
      derived: true,
    });
  }
  return out;
}

/**
 * The default baseline for a target: the latest assessable figure for a period that ends before the plan's first
 * year begins (for a 2013–2015 plan, the 2012 figure, else 2011 …). Null when there is none.
 */
export function defaultBaseline(
  kind: IndicatorKind,
  figures: readonly AssessedFigure[],
  planStartYear: number,
): Baseline | null {
  let best: AssessedPoint | null = null;
  for (const p of assessablePoints(kind, figures)) {
    if (p.time > planStartYear) continue;
    if (!best || p.time > best.time || (p.time === best.time && isFinalQualifier(p.qualifier))) best = p;
  }
  return best ? { period: best.period, value: best.value, qualifier: best.qualifier } : null;
}

/** The latest point at or before `limit`; between points ending together, the shorter period (the more specific). */
function latestPoint(points: readonly AssessedPoint[], limit: number): AssessedPoint | null {
  let best: AssessedPoint | null = null;
  for (const p of points) {
    if (p.time > limit) continue;
    if (
      !best ||
      p.time > best.time ||
      (p.time === best.time && periodParts(p.period).startMonth > periodParts(best.period).startMonth)
    ) {
      best = p;
    }
  }
  return best;
}

function growth(method: TrajectoryMethod, from: number, to: number, years: number): number {
  if (method === 'linear') return (to - from) / years;
  // A flow that fell to nothing (or below) has lost everything: the steepest possible decline.
  return to > 0 ? Math.pow(to / from, 1 / years) - 1 : -1;
}

function extrapolate(method: TrajectoryMethod, value: number, perYear: number, years: number): number {
  if (method === 'linear') return value + perYear * years;
  return value > 0 ? value * Math.pow(1 + perYear, years) : value;
}

function statusFromRatio(ratio: number): TargetStatus {
  if (ratio >= ON_TRACK_RATIO) return 'on_track';
  if (ratio >= NEEDS_ACCELERATION_RATIO) return 'needs_acceleration';
  if (ratio >= DETERIORATING_RATIO) return 'off_track';
  return 'deteriorating';
}

/**
 * Assesses one target against its figures: status, forecast for the deadline, trajectory and explanation.
 *
 * In order: no usable figure → `no_data`; a figure for the deadline → `achieved` / `not_achieved`; the latest
 * figure already meets the target → `achieved`; no baseline, or no figure after it → `no_data`; else the ratio of
 * observed to required growth → `on_track` (≥ 0.95), `needs_acceleration` (≥ 0.6), `off_track` (≥ 0),
 * `deteriorating` (< 0). The forecast continues the observed growth from the latest figure to the deadline.
 */
export function assessTarget(input: TargetAssessmentInput): TargetAssessment {
  const { kind, target } = input;
  const direction = targetDirection(target.comparator, input.direction);
  const sign = direction === 'higher' ? 1 : -1;
  const tDeadline = deadlineTime(target.deadlineYear);
  const points = assessablePoints(kind, input.figures);
  const current = latestPoint(points, tDeadline);
  // A flow's baseline must be a whole year, on the scale of its annual target.
  const baselineUsable =
    input.baseline !== null && (kind !== 'flow' || periodParts(input.baseline.period).kind === 'year');
  const baselinePoint: AssessedPoint | null =
    input.baseline && baselineUsable
      ? {
          period: input.baseline.period,
          value: input.baseline.value,
          qualifier: input.baseline.qualifier ?? 'exact',
          time: periodEndTime(input.baseline.period),
          derived: false,
        }
      : null;
  const trajectory = input.baseline && baselineUsable ? buildTrajectory(kind, input.baseline, target) : null;
  const lowerBound = current?.qualifier === 'lower_bound';
  const asOfPeriod = input.asOf ? periodOfDate(input.asOf) : null;
  const explanation: StatusExplanation = {
    basis: 'no_figure',
    method: trajectory?.method ?? null,
    direction,
    baseline: baselinePoint,
    current,
    target: {
      comparator: target.comparator,
      value: target.value,
      deadlineYear: target.deadlineYear,
      time: tDeadline,
    },
    observedGrowth: null,
    requiredGrowth: null,
    ratio: null,
    expectedAtCurrent: null,
    thresholds: STATUS_THRESHOLDS,
    lowerBound,
    boundEffect: lowerBound ? (direction === 'higher' ? 'conservative' : 'optimistic') : null,
    provisional: current ? !isFinalQualifier(current.qualifier) : false,
    deadlinePassedWithoutFigure:
      asOfPeriod !== null &&
      periodParts(asOfPeriod).year > target.deadlineYear &&
      (current?.time ?? 0) < tDeadline,
    ignoredAfterDeadline: points.filter((p) => p.time > tDeadline).map((p) => p.period),
    message: { zh: '', en: '' },
  };
  const done = (status: TargetStatus, forecast: Forecast | null): TargetAssessment => {
    explanation.message = explain(status, explanation, forecast, input.unit ?? '');
    return { status, forecast, trajectory, explanation };
  };

  if (!current) return done('no_data', null);
  const met = meetsTarget(target, direction, current.value, lowerBound);
  if (current.time >= tDeadline) {
    explanation.basis = 'deadline_figure';
    const forecast: Forecast = {
      method: 'observed',
      deadlineYear: target.deadlineYear,
      value: current.value,
      meetsTarget: met,
    };
    return done(met ? 'achieved' : 'not_achieved', forecast);
  }

  // Growth from the baseline, when there is an interval to measure it over.
  let forecast: Forecast | null = null;
  let ratio: number | null = null;
  let notAhead = false;
  if (baselinePoint && current.time > baselinePoint.time) {
    const method = trajectory?.method ?? trajectoryMethod(kind, baselinePoint.value, target.value);
    const observed = growth(method, baselinePoint.value, current.value, current.time - baselinePoint.time);
    const required = growth(method, baselinePoint.value, target.value, tDeadline - baselinePoint.time);
    const value = extrapolate(method, current.value, observed, tDeadline - current.time);
    explanation.method = method;
    explanation.observedGrowth = observed;
    explanation.requiredGrowth = required;
    explanation.expectedAtCurrent = pathValue(
      method,
      baselinePoint.time,
      baselinePoint.value,
      tDeadline,
      target.value,
      current.time,
    );
    forecast = {
      method: method === 'geometric' ? 'geometric_extrapolation' : 'linear_extrapolation',
      deadlineYear: target.deadlineYear,
      value,
      meetsTarget: meetsTarget(target, direction, value, lowerBound),
    };
    if (sign * required > 0) {
      ratio = (sign * observed) / (sign * required);
      explanation.ratio = ratio;
    } else {
      notAhead = true;
    }
  }

  if (met) {
    explanation.basis = 'target_met';
    return done('achieved', forecast);
  }
  if (!baselinePoint) {
    explanation.basis = 'no_baseline';
    return done('no_data', null);
  }
  if (current.time <= baselinePoint.time) {
    explanation.basis = 'no_interval';
    return done('no_data', null);
  }
  if (notAhead) {
    explanation.basis = 'target_not_ahead';
    return done(sign * explanation.observedGrowth! >= 0 ? 'on_track' : 'deteriorating', forecast);
  }
  explanation.basis = 'growth_ratio';
  return done(statusFromRatio(ratio!), forecast);
}
