import {
  comparePeriods,
  makePeriod,
  periodEndDate,
  periodParts,
  periodStartDate,
  type Period,
} from '../indicators/period.js';
import { nthWorkingDayAfter } from './working-days.js';

/** How often lead units report on their tasks. */
export type ReportFrequency = 'month' | 'quarter';

export const REPORT_FREQUENCIES: readonly ReportFrequency[] = ['month', 'quarter'];

/** The default: a report is due on the 5th working day after its period ends. */
export const DEFAULT_DUE_WORKING_DAYS = 5;

/** One reporting period of a cycle and the day its report is due. */
export interface ReportingPeriod {
  /** Core period text: `2014-07` (month) or `2014-Q3` (quarter). */
  period: Period;
  /** First and last day of the period, 'YYYY-MM-DD'. */
  start: string;
  end: string;
  /** The `dueWorkingDays`th Chinese working day after `end`. */
  dueDate: string;
}

/** The reporting period of `frequency` that contains the month `year`-`month`. */
export function reportingPeriodOf(frequency: ReportFrequency, year: number, month: number): Period {
  if (frequency === 'month') return makePeriod(year, month);
  const q = Math.floor((month - 1) / 3);
  return makePeriod(year, q * 3 + 1, q * 3 + 3);
}

/** The first and last reporting periods of `frequency` within a plan running from `fromYear` to `toYear`. */
export function cycleBounds(
  frequency: ReportFrequency,
  fromYear: number,
  toYear: number,
): { first: Period; last: Period } {
  return { first: reportingPeriodOf(frequency, fromYear, 1), last: reportingPeriodOf(frequency, toYear, 12) };
}

/** Whether `period` is a period of `frequency` (a single month, or a calendar quarter). */
export function isReportingPeriod(frequency: ReportFrequency, period: Period): boolean {
  const { kind, startMonth } = periodParts(period);
  return frequency === 'month' ? kind === 'month' : kind === 'quarter' && (startMonth - 1) % 3 === 0;
}

/**
 * Every reporting period of a cycle from `first` to `last` inclusive (both periods of `frequency`), each with its
 * due date: the `dueWorkingDays`th Chinese working day after the period's last day, so holidays and 调休 days
 * move it (the March 2013 report, 5 working days: 2013-04-08, as 清明 closed 4–6 April and Sunday 7 April was
 * worked).
 */
export function reportingPeriods(
  frequency: ReportFrequency,
  first: Period,
  last: Period,
  dueWorkingDays: number = DEFAULT_DUE_WORKING_DAYS,
): ReportingPeriod[] {
  if (!isReportingPeriod(frequency, first) || !isReportingPeriod(frequency, last)) {
    throw new RangeError(`not ${frequency} periods: ${first}, ${last}`);
  }
  const step = frequency === 'month' ? 1 : 3;
  const out: ReportingPeriod[] = [];
  const { year: y0, startMonth: m0 } = periodParts(first);
  for (let index = y0 * 12 + (m0 - 1); ; index += step) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const period = makePeriod(year, month, month + step - 1);
    if (comparePeriods(period, last) > 0) break;
    const end = periodEndDate(period);
    out.push({
      period,
      start: periodStartDate(period),
      end,
      dueDate: nthWorkingDayAfter(end, dueWorkingDays),
    });
  }
  return out;
}

/** The due date of one reporting period's report. */
export function reportDueDate(period: Period, dueWorkingDays: number = DEFAULT_DUE_WORKING_DAYS): string {
  return nthWorkingDayAfter(periodEndDate(period), dueWorkingDays);
}
