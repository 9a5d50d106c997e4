/**
 * The path a target implies from its baseline to its deadline, and the value expected on it at any period.
 * Flows (交易额) grow by a constant rate each year — the way plans and statisticians speak of them ("年均增长
 * 31.6%") — so their path is geometric; stocks and rates move by a constant amount each year, a straight line.
 */
import type { Baseline, IndicatorKind, TargetSpec } from './indicator.js';
import { makePeriod, periodEndMonth, periodParts, type Period } from './period.js';

export type TrajectoryMethod = 'linear' | 'geometric';

/** A point of the trajectory: the value expected at the end of `period`. */
export interface TrajectoryPoint {
  period: Period;
  expected: number;
}

export interface Trajectory {
  method: TrajectoryMethod;
  baseline: { period: Period; value: number };
  target: { value: number; deadlineYear: number };
  /** The baseline, then each year-end up to the deadline year. */
  points: TrajectoryPoint[];
}

/**
 * The time a period's value stands for, in years: the end of its last month (2011 → 2012.0, 2012-S1 → 2012.5).
 * A stock is measured then; a flow covers the period up to then.
 */
export function periodEndTime(p: Period): number {
  return (periodEndMonth(p) + 1) / 12;
}

/** The end of the deadline year, in the same scale as `periodEndTime`. */
export function deadlineTime(deadlineYear: number): number {
  return deadlineYear + 1;
}

/**
 * The trajectory method for an indicator of `kind` going from `baselineValue` to `targetValue`: geometric for a
 * flow when both are positive (a constant growth rate is only defined between positive values), else linear.
 */
export function trajectoryMethod(
  kind: IndicatorKind,
  baselineValue: number,
  targetValue: number,
): TrajectoryMethod {
  return kind === 'flow' && baselineValue > 0 && targetValue > 0 ? 'geometric' : 'linear';
}

/** The value on the path from (t0, v0) to (t1, v1) at time t. */
export function pathValue(
  method: TrajectoryMethod,
  t0: number,
  v0: number,
  t1: number,
  v1: number,
  t: number,
): number {
  const share = (t - t0) / (t1 - t0);
  return method === 'geometric' ? v0 * Math.pow(v1 / v0, share) : v0 + (v1 - v0) * share;
}

/**
 * The trajectory from `baseline` to `target`, or null when the baseline is not before the end of the deadline year
 * (no path to draw). Flows need a full-year baseline: a flow's partial year is not on the same scale as the target.
 */
export function buildTrajectory(
  kind: IndicatorKind,
  baseline: Baseline,
  target: TargetSpec,
): Trajectory | null {
  const t0 = periodEndTime(baseline.period);
  const t1 = deadlineTime(target.deadlineYear);
  if (!(t0 < t1)) return null;
  if (kind === 'flow' && periodParts(baseline.period).kind !== 'year') return null;
  const method = trajectoryMethod(kind, baseline.value, target.value);
  const points: TrajectoryPoint[] = [{ period: baseline.period, expected: baseline.value }];
  for (let year = periodParts(baseline.period).year; year <= target.deadlineYear; year++) {
    const t = deadlineTime(year);
    if (t <= t0) continue;
    points.push({
      period: makePeriod(year, 1, 12),
      expected: pathValue(method, t0, baseline.value, t1, target.value, t),
    });
  }
  return {
    method,
    baseline: { period: baseline.period, value: baseline.value },
    target: { value: target.value, deadlineYear: target.deadlineYear },
    points,
  };
}

/**
 * The value expected at the end of `period` on the trajectory. For a geometric (flow) trajectory only whole years
 * have an expected value — a quarter of a flow is not on the scale of its annual target — so other periods give null.
 */
export function expectedValue(trajectory: Trajectory, period: Period): number | null {
  if (trajectory.method === 'geometric' && periodParts(period).kind !== 'year') return null;
  return pathValue(
    trajectory.method,
    periodEndTime(trajectory.baseline.period),
    trajectory.baseline.value,
    deadlineTime(trajectory.target.deadlineYear),
    trajectory.target.value,
    periodEndTime(period),
  );
}
