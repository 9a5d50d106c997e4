/**
 * The indicator model: what is measured, how it adds up over time, which way is better, and where its values come
 * from (figures entered or imported, or a formula over other indicators). Plain data, shared by the server's tables,
 * the API and the pages.
 */
import type { Comparator } from '../types.js';
import type { Period } from './period.js';

/** An indicator's database id. Branded so that it is not confused with a plan, item or unit id. */
export type IndicatorId = number & { readonly __brand: 'IndicatorId' };

/** Marks a number read from the database or a request as an indicator id. */
export function asIndicatorId(id: number): IndicatorId {
  return id as IndicatorId;
}

/**
 * - `flow`: summed over time (交易额, 零售总额): a year is the sum of its months; the trajectory grows at a
 *   constant rate.
 * - `stock`: a level at a moment (用户数, 企业数累计): a year's value is its value at the year's end; linear
 *   trajectory.
 * - `rate`: a ratio or share (普及率, 比重): never summed; linear trajectory.
 */
export type IndicatorKind = 'flow' | 'stock' | 'rate';

/** Which way is better: `higher` (交易额) or `lower` (能耗, 事故数). */
export type IndicatorDirection = 'higher' | 'lower';

/** How often figures are expected (what "overdue for data" is measured against). */
export type IndicatorFrequency = 'year' | 'half' | 'quarter' | 'month';

export const INDICATOR_KINDS: readonly IndicatorKind[] = ['flow', 'stock', 'rate'];
export const INDICATOR_DIRECTIONS: readonly IndicatorDirection[] = ['higher', 'lower'];
export const INDICATOR_FREQUENCIES: readonly IndicatorFrequency[] = ['year', 'half', 'quarter', 'month'];

/** An indicator as the core needs it. The server adds its own columns (owner unit, timestamps). */
export interface IndicatorDefinition {
  id: IndicatorId;
  /** A short stable code for formulas and exports (`EC_TOTAL`), or null. */
  code: string | null;
  /** The name as plans write it: 电子商务交易额. */
  name: string;
  /** Other names sources use (以成都为结算中心的移动电子商务交易规模 for 移动电子商务交易规模). */
  aliases: readonly string[];
  /** The base unit without magnitude: 元, %, 户, 家, 人 (values are stored in it: 6000亿元 is 6e11). */
  unit: string;
  kind: IndicatorKind;
  direction: IndicatorDirection;
  frequency: IndicatorFrequency;
  /** Decimals to show (rates are published with 2), or null to show the value as stored. */
  decimals: number | null;
  /** A formula over other indicators (`网络零售额 / 社会消费品零售总额 * 100`), or null for entered figures. */
  formula: string | null;
}

/**
 * How sure a figure is:
 * - `exact`: a final published value;
 * - `lower_bound`: the source says 超过/以上 ("more than"): the true value is at least this;
 * - `preliminary`: 预计/初步/有望, published before the final figure;
 * - `estimated`: an estimate by the statistics office or the unit (估计/估算).
 */
export type FigureQualifier = 'exact' | 'lower_bound' | 'preliminary' | 'estimated';

export const FIGURE_QUALIFIERS: readonly FigureQualifier[] = [
  'exact',
  'lower_bound',
  'preliminary',
  'estimated',
];

/** A final figure (exact or a lower bound) takes precedence over a provisional one (preliminary or estimated). */
export function isFinalQualifier(q: FigureQualifier): boolean {
  return q === 'exact' || q === 'lower_bound';
}

/** A target as the plan states it: comparator, value (in the indicator's base unit) and deadline year. */
export interface TargetSpec {
  comparator: Comparator;
  value: number;
  deadlineYear: number;
}

/** The starting point of a trajectory: a value and the period it was measured for. */
export interface Baseline {
  period: Period;
  value: number;
  qualifier?: FigureQualifier;
}
