import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarCoversYear,
  isMakeUpWorkingDay,
  isWorkingDay,
  nthWorkingDayAfter,
} from './working-days.js';
import { reportDueDate } from './report-cycles.js';
import type { Period } from '../indicators/period.js';

// Expected dates are worked out by hand from the State Council's holiday notices of each year (国务院办公厅关于
// 部分节假日安排的通知), not from the program's output.

describe('Chinese working days', () => {
  it('covers every year of the demo plan and the years since', () => {
    for (let y = 2013; y <= 2026; y++) expect(calendarCoversYear(y), String(y)).toBe(true);
  });

  it('counts 调休 weekend days as working days and holidays as not', () => {
    // 2013 春节: 9–15 February off, Saturday 16 and Sunday 17 February worked.
    expect(isWorkingDay('2013-02-12')).toBe(false);
    expect(isWorkingDay('2013-02-16')).toBe(true);
    expect(isWorkingDay('2013-02-17')).toBe(true);
    expect(isMakeUpWorkingDay('2013-02-16')).toBe(true);
    // 2013 国庆: Sunday 29 September and Saturday 12 October worked; an ordinary Saturday is not.
    expect(isWorkingDay('2013-09-29')).toBe(true);
    expect(isWorkingDay('2013-10-12')).toBe(true);
    expect(isWorkingDay('2013-10-19')).toBe(false);
    // 2014 春节: Sunday 26 January and Saturday 8 February worked.
    expect(isWorkingDay('2014-01-26')).toBe(true);
    expect(isWorkingDay('2014-02-08')).toBe(true);
    expect(isWorkingDay('2014-02-03')).toBe(false);
    // 2015: Sunday 15 and Saturday 28 February (春节), Sunday 6 September (抗战胜利70周年), Saturday 10 October.
    expect(isWorkingDay('2015-02-15')).toBe(true);
    expect(isWorkingDay('2015-02-28')).toBe(true);
    expect(isWorkingDay('2015-09-06')).toBe(true);
    expect(isWorkingDay('2015-09-03')).toBe(false);
    expect(isWorkingDay('2015-10-10')).toBe(true);
    expect(isWorkingDay('2015-10-06')).toBe(false);
  });

  it.each([
    // [from, n, expected, why]
    ['2013-01-31', 5, '2013-02-07', 'an ordinary week'],
    ['2013-02-07', 5, '2013-02-19', '春节 2013: 8 Feb, then Sat 16 and Sun 17 (调休), Mon 18, Tue 19'],
    ['2013-09-30', 5, '2013-10-12', '国庆 2013: 8–11 Oct, then Saturday 12 Oct (调休)'],
    ['2013-09-27', 2, '2013-09-30', '国庆 2013: Sunday 29 September (调休) counts'],
    ['2014-01-24', 5, '2014-01-30', '春节 2014: Sunday 26 January (调休) counts'],
    ['2014-01-30', 5, '2014-02-12', '春节 2014: 31 Jan–6 Feb off, Sat 8 Feb (调休) counts'],
    ['2014-09-25', 5, '2014-10-08', '国庆 2014: Sun 28 Sep (调休) counts, 1–7 Oct skipped'],
    ['2014-09-30', 5, '2014-10-13', '国庆 2014: 8–10 Oct, Sat 11 Oct (调休), Mon 13 Oct'],
    ['2015-02-13', 5, '2015-02-26', '春节 2015: Sun 15 Feb (调休), 16–17 Feb, 18–24 Feb off'],
    ['2015-02-28', 5, '2015-03-06', '春节 2015: the start day (a 调休 Saturday) is not counted'],
    ['2015-09-30', 5, '2015-10-13', '国庆 2015: 8–9 Oct, Sat 10 Oct (调休), 12–13 Oct'],
    ['2024-09-30', 5, '2024-10-12', '国庆 2024: 8–11 Oct, Sat 12 Oct (调休)'],
    ['2025-01-31', 5, '2025-02-10', '春节 2025: 5–7 Feb, Sat 8 Feb (调休), Mon 10 Feb'],
  ] as const)('%s + %i working days is %s (%s)', (from, n, expected) => {
    expect(nthWorkingDayAfter(from, n)).toBe(expected);
    expect(addWorkingDays(from, n)).toBe(expected);
  });

  it('moves backwards over holidays and onto 调休 days', () => {
    expect(addWorkingDays('2013-02-18', -1)).toBe('2013-02-17');
    expect(addWorkingDays('2013-02-16', -1)).toBe('2013-02-08');
    expect(addWorkingDays('2014-10-08', -1)).toBe('2014-09-30');
    expect(addWorkingDays('2014-10-08', 0)).toBe('2014-10-08');
  });

  it('gives n = 0 as the day itself when worked, else the next working day', () => {
    expect(nthWorkingDayAfter('2013-10-01', 0)).toBe('2013-10-08');
    expect(nthWorkingDayAfter('2013-10-12', 0)).toBe('2013-10-12');
  });

  it('puts report due dates after 春节 and 国庆 of 2013–2015 where the calendar says', () => {
    const due = (p: string) => reportDueDate(p as Period, 5);
    expect(due('2013-01')).toBe('2013-02-07');
    expect(due('2013-03')).toBe('2013-04-08'); // 清明 4–6 April, Sunday 7 April worked
    expect(due('2013-Q3')).toBe('2013-10-12');
    expect(due('2014-01')).toBe('2014-02-12');
    expect(due('2014-Q3')).toBe('2014-10-13');
    expect(due('2015-01')).toBe('2015-02-06');
    expect(due('2015-Q3')).toBe('2015-10-13');
  });

  it('refuses what is not a date or not a whole number of days', () => {
    expect(() => nthWorkingDayAfter('2013-02-30', 1)).toThrow(RangeError);
    expect(() => nthWorkingDayAfter('2013-02-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2013-02-01', 1.5)).toThrow(RangeError);
  });
});
