import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/**
 * Chinese working days: Monday to Friday, except the public holidays the State Council announces each year, plus
 * the make-up working days (调休) that fall on a Saturday or Sunday. The data is the `chinese-days` package's
 * (maintained, one entry per announced day from 2004 on); it is data, not I/O, so the core stays pure.
 *
 * A date is a local China date written 'YYYY-MM-DD'. Years the data does not cover yet (announcements come each
 * November for the next year) fall back to Monday to Friday; `calendarCoversYear` says which years are covered.
 */

const HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(calendar.holidays));
const MAKE_UP_WORKING_DAYS: ReadonlySet<string> = new Set(Object.keys(calendar.workdays));
const COVERED_YEARS: ReadonlySet<number> = new Set(
  [...HOLIDAYS, ...MAKE_UP_WORKING_DAYS].map((d) => Number(d.slice(0, 4))),
);

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `date` is a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(date: string): boolean {
  const m = ISO_DATE.exec(date);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === date;
}

function toDay(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return fromDay(toDay(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDay(to) - toDay(from);
}

/** Whether the working-day data covers `year` (its holidays and make-up days have been announced). */
export function calendarCoversYear(year: number): boolean {
  return COVERED_YEARS.has(year);
}

/** Whether a make-up working day (调休) moved work onto this Saturday or Sunday. */
export function isMakeUpWorkingDay(date: string): boolean {
  return MAKE_UP_WORKING_DAYS.has(date);
}

/** Whether this is a public holiday (including the weekend days inside a holiday run). */
export function isPublicHoliday(date: string): boolean {
  return HOLIDAYS.has(date);
}

/** Whether government offices work on `date`. */
export function isWorkingDay(date: string): boolean {
  if (MAKE_UP_WORKING_DAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  const weekday = new Date(toDay(date) * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The `n`th working day after `date` (n ≥ 1), not counting `date` itself: the 5th working day after 2013-09-30
 * is 2013-10-12 (国庆 runs 1–7 October; Sunday 29 September and Saturday 12 October were 调休 working days). For
 * n = 0, `date` itself when it is a working day, else the next working day.
 */
export function nthWorkingDayAfter(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let day = toDay(date);
  if (n === 0) {
    while (!isWorkingDay(fromDay(day))) day += 1;
    return fromDay(day);
  }
  let left = n;
  while (left > 0) {
    day += 1;
    if (isWorkingDay(fromDay(day))) left -= 1;
  }
  return fromDay(day);
}

/**
 * `date` moved by `n` working days: forward for n > 0 (same as `nthWorkingDayAfter`), backward for n < 0 (the
 * |n|th working day before `date`), and `date` itself for n = 0.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  if (n >= 0) return n === 0 ? (toDay(date), date) : nthWorkingDayAfter(date, n);
  let day = toDay(date);
  let left = -n;
  while (left > 0) {
    day -= 1;
    if (isWorkingDay(fromDay(day))) left -= 1;
  }
  return fromDay(day);
}
