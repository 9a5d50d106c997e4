import { periodEndDate, shiftDate, type LocalDate, type Period } from '@luoshi/core';

/**
 * The reporting periods of a plan's cycle and when each report is due. The due date of a report that exists is
 * the one delivery stored on it; this is for the reports that never came (a missing row is a missing report).
 *
 * Working days here skip weekends only, until the delivery core's Chinese working-day calendar (holidays and
 * 调休 make-up days) is on main; `dueDateAfter` is the one place to switch over.
 */
export function cyclePeriods(frequency: string, first: string, last: string): Period[] {
  const step = frequency === 'quarter' ? 3 : 1;
  const parse = (p: string): [number, number] => {
    const q = /^(\d{4})-Q([1-4])$/.exec(p);
    if (q) return [Number(q[1]), (Number(q[2]) - 1) * 3 + 1];
    const m = /^(\d{4})-(\d{2})$/.exec(p);
    if (m) return [Number(m[1]), Number(m[2])];
    throw new RangeError(`not a reporting period: ${p}`);
  };
  const [fy, fm] = parse(first);
  const [ly, lm] = parse(last);
  const out: Period[] = [];
  for (let i = fy * 12 + fm - 1; i <= ly * 12 + lm - 1; i += step) {
    const y = Math.floor(i / 12);
    const m = (i % 12) + 1;
    out.push(
      (step === 3 ? `${y}-Q${Math.floor((m - 1) / 3) + 1}` : `${y}-${String(m).padStart(2, '0')}`) as Period,
    );
  }
  return out;
}

/** The `n`th working day after `date`. */
export function dueDateAfter(date: LocalDate, n: number): LocalDate {
  let d = date;
  let left = n;
  while (left > 0) {
    d = shiftDate(d, 1);
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return d;
}

/** When the report of `period` is due: the `dueWorkingDays`th working day after the period ends. */
export function reportDueDate(period: Period, dueWorkingDays: number): LocalDate {
  return dueDateAfter(periodEndDate(period), dueWorkingDays);
}
