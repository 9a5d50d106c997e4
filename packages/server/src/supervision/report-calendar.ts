import { reportingPeriods, type Period, type ReportFrequency } from '@luoshi/core';

/**
 * The reporting periods of a plan's cycle, each with the day its report is due (the delivery core's Chinese
 * working days, holidays and 调休 included). A report that exists carries its own due date; these are for the
 * reports that never came (a missing row is a missing report).
 */
export function cyclePeriods(
  frequency: string,
  first: string,
  last: string,
  dueWorkingDays: number,
): { period: Period; due: string }[] {
  return reportingPeriods(frequency as ReportFrequency, first as Period, last as Period, dueWorkingDays).map(
    (p) => ({ period: p.period, due: p.dueDate }),
  );
}
