/**
 * Statistical periods: a year (`2015`), a half (`2015-S1`), a quarter (`2015-Q3`), a month (`2015-07`) and a run
 * of months inside one year (`2015-01/2015-09`, the "1-9月" year-to-date figure Chinese statistics publish).
 *
 * A `Period` is the canonical text itself, branded so that an arbitrary string cannot be passed where a checked
 * period is expected. Canonical means one spelling per run of months: `2015-01/2015-06` is the first half and is
 * written `2015-S1`, `2015-01/2015-12` is `2015`, `2015-04/2015-06` is `2015-Q2`, `2015-07/2015-07` is `2015-07`.
 * The text is what the database stores and compares; `periodParts` reads it back.
 */
import type { LocalizedText } from '../types.js';

/** A checked, canonical period text such as `2015`, `2015-S1`, `2015-Q3`, `2015-07`, `2015-01/2015-09`. */
export type Period = string & { readonly __brand: 'Period' };

/**
 * `ytd` is a run of months from January (累计, "1-9月"); `range` any other run of months inside one year that is
 * not a quarter or a half (rare in publications, kept so that a difference of two year-to-date figures has a name).
 */
export type PeriodKind = 'year' | 'half' | 'quarter' | 'month' | 'ytd' | 'range';

/** A period read back: its kind, its year and the months it covers (1–12, both inclusive). */
export interface PeriodParts {
  kind: PeriodKind;
  year: number;
  startMonth: number;
  endMonth: number;
}

export type PeriodErrorCode = 'PERIOD_INVALID' | 'PERIOD_CROSSES_YEAR' | 'PERIOD_RANGE_REVERSED';

export type PeriodParseResult =
  { ok: true; period: Period } | { ok: false; code: PeriodErrorCode; message: LocalizedText };

/** The earliest and latest year a period may name: four digits, as every source writes them. */
export const MIN_PERIOD_YEAR = 1000;
export const MAX_PERIOD_YEAR = 9999;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The kind a run of months gets; the canonical text follows from it. */
function kindOf(startMonth: number, endMonth: number): PeriodKind {
  if (startMonth === 1 && endMonth === 12) return 'year';
  if (startMonth === endMonth) return 'month';
  if ((startMonth === 1 && endMonth === 6) || (startMonth === 7 && endMonth === 12)) return 'half';
  if (startMonth % 3 === 1 && endMonth === startMonth + 2) return 'quarter';
  return startMonth === 1 ? 'ytd' : 'range';
}

/**
 * The canonical period for the months `startMonth`–`endMonth` (1–12, inclusive) of `year`. Throws a RangeError
 * on months outside 1–12, a reversed range or a year outside four digits: callers build periods from checked
 * numbers; text from people goes through `parsePeriod`.
 */
export function makePeriod(year: number, startMonth: number, endMonth: number = startMonth): Period {
  if (
    !Number.isInteger(year) ||
    year < MIN_PERIOD_YEAR ||
    year > MAX_PERIOD_YEAR ||
    !Number.isInteger(startMonth) ||
    !Number.isInteger(endMonth) ||
    startMonth < 1 ||
    endMonth > 12 ||
    startMonth > endMonth
  ) {
    throw new RangeError(`No period for ${year} months ${startMonth}–${endMonth}`);
  }
  const y = String(year);
  switch (kindOf(startMonth, endMonth)) {
    case 'year':
      return y as Period;
    case 'half':
      return `${y}-S${startMonth === 1 ? 1 : 2}` as Period;
    case 'quarter':
      return `${y}-Q${(startMonth + 2) / 3}` as Period;
    case 'month':
      return `${y}-${pad2(startMonth)}` as Period;
    case 'ytd':
    case 'range':
      return `${y}-${pad2(startMonth)}/${y}-${pad2(endMonth)}` as Period;
  }
}

/** The canonical text of `parts` (its `kind` is recomputed from the months, so it cannot disagree). */
export function formatPeriod(parts: Pick<PeriodParts, 'year' | 'startMonth' | 'endMonth'>): Period {
  return makePeriod(parts.year, parts.startMonth, parts.endMonth);
}

function digit(code: number): number {
  return code >= 48 && code <= 57 ? code - 48 : -1;
}

/** Four ASCII digits at `at`, or -1. */
function year4(s: string, at: number): number {
  const a = digit(s.charCodeAt(at));
  const b = digit(s.charCodeAt(at + 1));
  const c = digit(s.charCodeAt(at + 2));
  const d = digit(s.charCodeAt(at + 3));
  if (a < 0 || b < 0 || c < 0 || d < 0) return -1;
  return a * 1000 + b * 100 + c * 10 + d;
}

/** Two ASCII digits at `at` forming 01–12, or -1. */
function month2(s: string, at: number): number {
  const a = digit(s.charCodeAt(at));
  const b = digit(s.charCodeAt(at + 1));
  if (a < 0 || b < 0) return -1;
  const m = a * 10 + b;
  return m >= 1 && m <= 12 ? m : -1;
}

/**
 * The months of a canonical period text without allocating, or null when `s` is not canonical. Kept separate from
 * the lenient parser because an import reads a million periods, nearly all canonical.
 */
function readCanonical(s: string): [year: number, start: number, end: number] | null {
  const year = year4(s, 0);
  if (year < MIN_PERIOD_YEAR) return null;
  const n = s.length;
  if (n === 4) return [year, 1, 12];
  if (s.charCodeAt(4) !== 45 /* - */) return null;
  if (n === 7) {
    const c = s.charCodeAt(5);
    const k = digit(s.charCodeAt(6));
    if (c === 83 /* S */ && (k === 1 || k === 2)) return k === 1 ? [year, 1, 6] : [year, 7, 12];
    if (c === 81 /* Q */ && k >= 1 && k <= 4) return [year, k * 3 - 2, k * 3];
    const m = month2(s, 5);
    return m > 0 ? [year, m, m] : null;
  }
  if (n === 15 && s.charCodeAt(7) === 47 /* / */ && s.charCodeAt(12) === 45 && year4(s, 8) === year) {
    const a = month2(s, 5);
    const b = month2(s, 13);
    return a > 0 && b > 0 && a < b ? [year, a, b] : null;
  }
  return null;
}

/** True when `s` is a period in its canonical spelling (what `parsePeriod` returns and the database stores). */
export function isPeriod(s: string): s is Period {
  const r = readCanonical(s);
  return r !== null && kindOf(r[1], r[2]) === kindOfText(s);
}

/** The kind a canonical-looking text claims, to reject `2015-01/2015-06` (which must be written `2015-S1`). */
function kindOfText(s: string): PeriodKind | null {
  if (s.length === 4) return 'year';
  if (s.length === 15) {
    const r = readCanonical(s);
    return r && r[1] === 1 ? 'ytd' : 'range';
  }
  const c = s.charCodeAt(5);
  return c === 83 ? 'half' : c === 81 ? 'quarter' : 'month';
}

/** The kind, year and months of a period. */
export function periodParts(p: Period): PeriodParts {
  const r = readCanonical(p);
  if (r === null) throw new RangeError(`Not a canonical period: ${p}`);
  return { kind: kindOf(r[1], r[2]), year: r[0], startMonth: r[1], endMonth: r[2] };
}

// Lenient spellings people and sources use, compiled once. Full-width digits are folded before matching.
const LENIENT_HALF = /^(\d{4})\s*-?\s*[SsHh]\s*([12])$/;
const LENIENT_QUARTER = /^(\d{4})\s*-?\s*[Qq]\s*([1-4])$/;
const LENIENT_MONTH = /^(\d{4})\s*[-./]\s*(\d{1,2})$/;
// No ASCII hyphen between the months: `2015-01-09` is a date, not January to September.
const LENIENT_RANGE = /^(\d{4})\s*[-./]\s*(\d{1,2})\s*[/~～—–]\s*(?:(\d{4})\s*[-./]\s*)?(\d{1,2})$/;
const ZH_YEAR = /^(\d{4})\s*年(?:度|全年)?$/;
const ZH_HALF = /^(\d{4})\s*年\s*(上|下)半年$/;
const ZH_QUARTER = /^(\d{4})\s*年\s*第?\s*([一二三四1-4])\s*季度?$/;
const ZH_FIRST_QUARTERS = /^(\d{4})\s*年\s*前\s*([一二三1-3])\s*(?:个)?季度$/;
const ZH_MONTH = /^(\d{4})\s*年\s*(\d{1,2})\s*月(?:份)?$/;
const ZH_RANGE = /^(\d{4})\s*年\s*(\d{1,2})\s*(?:月)?\s*[-~～—–至到]\s*(\d{1,2})\s*月(?:份)?(?:累计)?$/;
const ZH_NUMERAL: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

function numeral(s: string): number {
  return ZH_NUMERAL[s] ?? Number(s);
}

const EXPECTED: LocalizedText = {
  zh: '应为 2015、2015-S1、2015-Q3、2015-07 或 2015-01/2015-09 这样的期间',
  en: 'expected a period such as 2015, 2015-S1, 2015-Q3, 2015-07 or 2015-01/2015-09',
};

function invalid(text: string): PeriodParseResult {
  return {
    ok: false,
    code: 'PERIOD_INVALID',
    message: {
      zh: `无法识别的期间“${text}”：${EXPECTED.zh}`,
      en: `Unrecognised period "${text}": ${EXPECTED.en}`,
    },
  };
}

function fromMonths(
  text: string,
  year: number,
  start: number,
  end: number,
  endYear = year,
): PeriodParseResult {
  if (endYear !== year) {
    return {
      ok: false,
      code: 'PERIOD_CROSSES_YEAR',
      message: {
        zh: `期间“${text}”跨越年度：一段期间只能在同一年内（可分成两段录入）`,
        en: `Period "${text}" crosses a year boundary: a period must lie within one year (enter it as two periods)`,
      },
    };
  }
  if (year < MIN_PERIOD_YEAR || start < 1 || start > 12 || end < 1 || end > 12) return invalid(text);
  if (start > end) {
    return {
      ok: false,
      code: 'PERIOD_RANGE_REVERSED',
      message: {
        zh: `期间“${text}”的起始月份晚于结束月份`,
        en: `Period "${text}" starts after it ends`,
      },
    };
  }
  return { ok: true, period: makePeriod(year, start, end) };
}

function foldFullWidth(s: string): string {
  // ０-９ and the full-width solidus, hyphen and letters sources paste from Word.
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Reads a period as a statistician or a source writes it and returns its canonical form. Accepts the canonical
 * spellings, lower-case `s`/`q`, `H1`, `2015-7`, `2015.07`, ranges `2015-01/2015-09` (also `2015-01~09`) and the
 * Chinese forms `2015年`, `2015年上半年`, `2015年三季度`, `2015年第3季度`, `2015年前三季度`, `2015年7月`,
 * `2015年1-9月`. A run of months that is a quarter, half or year gets that name (`2015年1-6月` → `2015-S1`).
 * Never throws: a bad text gives a localized reason.
 */
export function parsePeriod(input: string | number): PeriodParseResult {
  if (typeof input === 'number') {
    // A spreadsheet cell holding the year as a number.
    return Number.isInteger(input) && input >= MIN_PERIOD_YEAR && input <= MAX_PERIOD_YEAR
      ? { ok: true, period: String(input) as Period }
      : invalid(String(input));
  }
  if (isPeriod(input)) return { ok: true, period: input };
  const text = foldFullWidth(input.trim());
  const canonical = readCanonical(text.toUpperCase());
  if (canonical) return fromMonths(input, canonical[0], canonical[1], canonical[2]);
  let m: RegExpExecArray | null;
  if ((m = LENIENT_HALF.exec(text)) || (m = ZH_HALF.exec(text))) {
    const first = m[2] === '1' || m[2] === '上';
    return fromMonths(input, Number(m[1]), first ? 1 : 7, first ? 6 : 12);
  }
  if ((m = LENIENT_QUARTER.exec(text)) || (m = ZH_QUARTER.exec(text))) {
    const q = numeral(m[2]!);
    return fromMonths(input, Number(m[1]), q * 3 - 2, q * 3);
  }
  if ((m = ZH_FIRST_QUARTERS.exec(text))) return fromMonths(input, Number(m[1]), 1, numeral(m[2]!) * 3);
  if ((m = LENIENT_MONTH.exec(text)) || (m = ZH_MONTH.exec(text))) {
    const month = Number(m[2]);
    return fromMonths(input, Number(m[1]), month, month);
  }
  if ((m = LENIENT_RANGE.exec(text))) {
    const year = Number(m[1]);
    return fromMonths(input, year, Number(m[2]), Number(m[4]), m[3] === undefined ? year : Number(m[3]));
  }
  if ((m = ZH_RANGE.exec(text))) return fromMonths(input, Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = ZH_YEAR.exec(text))) return fromMonths(input, Number(m[1]), 1, 12);
  return invalid(input);
}

/**
 * A month as one integer, `year * 12 + (month - 1)`, so that months compare and subtract across years. January
 * 2015 is 24180, December 2015 is 24191.
 */
export type MonthIndex = number;

/** The month index of `month` (1–12) of `year`. */
export function monthIndex(year: number, month: number): MonthIndex {
  return year * 12 + month - 1;
}

/** The one-month period of a month index. */
export function monthPeriod(index: MonthIndex): Period {
  return makePeriod(Math.floor(index / 12), (index % 12) + 1);
}

/** The first month a period covers, as a month index. */
export function periodStartMonth(p: Period): MonthIndex {
  const { year, startMonth } = periodParts(p);
  return monthIndex(year, startMonth);
}

/** The last month a period covers, as a month index. A stock reported for a period is its value at this month's end. */
export function periodEndMonth(p: Period): MonthIndex {
  const { year, endMonth } = periodParts(p);
  return monthIndex(year, endMonth);
}

/** The year a period lies in. */
export function periodYear(p: Period): number {
  return periodParts(p).year;
}

/** How many months a period covers. */
export function periodLength(p: Period): number {
  const { startMonth, endMonth } = periodParts(p);
  return endMonth - startMonth + 1;
}

/**
 * Orders periods by the month they end, then by the month they start (so a year comes before its December, which
 * ends with it). A total order: two periods that compare equal are the same period.
 */
export function comparePeriods(a: Period, b: Period): number {
  const pa = periodParts(a);
  const pb = periodParts(b);
  return pa.year - pb.year || pa.endMonth - pb.endMonth || pa.startMonth - pb.startMonth;
}

/** True when every month of `inner` is a month of `outer` (a period contains itself). */
export function periodContains(outer: Period, inner: Period): boolean {
  const o = periodParts(outer);
  const i = periodParts(inner);
  return o.year === i.year && o.startMonth <= i.startMonth && i.endMonth <= o.endMonth;
}

/** True when the two periods share at least one month. */
export function periodsOverlap(a: Period, b: Period): boolean {
  const pa = periodParts(a);
  const pb = periodParts(b);
  return pa.year === pb.year && pa.startMonth <= pb.endMonth && pb.startMonth <= pa.endMonth;
}

/** The one-month periods a period covers, in order. */
export function periodMonths(p: Period): Period[] {
  const { year, startMonth, endMonth } = periodParts(p);
  const out: Period[] = [];
  for (let m = startMonth; m <= endMonth; m++) out.push(makePeriod(year, m));
  return out;
}

/** The first day of a period as an ISO date (`2015-07-01`). */
export function periodStartDate(p: Period): string {
  const { year, startMonth } = periodParts(p);
  return `${year}-${pad2(startMonth)}-01`;
}

/** The last day of a period as an ISO date (`2015-09-30`): the day a stock's value is taken. */
export function periodEndDate(p: Period): string {
  const { year, endMonth } = periodParts(p);
  const lastDay = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  return `${year}-${pad2(endMonth)}-${pad2(lastDay)}`;
}

/** The one-month period containing an ISO date or date-time (`2016-03-08T…` → `2016-03`), or null. */
export function periodOfDate(isoDate: string): Period | null {
  const year = year4(isoDate, 0);
  const month = isoDate.charCodeAt(4) === 45 ? month2(isoDate, 5) : -1;
  return year >= MIN_PERIOD_YEAR && month > 0 ? makePeriod(year, month) : null;
}
