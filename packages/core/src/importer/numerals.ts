/**
 * Numerals as Chinese plans write them: Arabic (half- or full-width, with thousands separators and decimals),
 * Chinese (五百, 两千, 一万二千, 二〇一五), fractions (三分之一) and 一半, and the magnitudes 万/亿/万亿 that fold
 * into the value. Every scanner reads forward from one position and never backtracks, so a caller that scans a
 * text left to right stays linear.
 */

/** A number read at some position of a text. */
export interface NumberToken {
  /** The value with any magnitude (万, 亿, 万亿 …) already folded in. */
  value: number;
  /** Offset just after the number and its magnitude. */
  end: number;
  /** How it was written: Arabic digits, Chinese numerals, a fraction (value in percent) or 一半 (50 percent). */
  kind: 'arabic' | 'chinese' | 'fraction';
  /** The magnitude characters folded into the value ("亿", "万", "" …). */
  magnitude: string;
}

const CHINESE_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};

const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const LARGE_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

const NUMERAL_CHARS = new Set([
  ...Object.keys(CHINESE_DIGITS),
  ...Object.keys(SMALL_UNITS),
  ...Object.keys(LARGE_UNITS),
]);

/** 1 at the code of each numeral character: scanners test codes, because indexing a CJK string allocates. */
const NUMERAL_CODES = new Uint8Array(0x10000);
for (const ch of NUMERAL_CHARS) NUMERAL_CODES[ch.charCodeAt(0)] = 1;

/** Digit and unit values by character code, so that a numeral is read without string lookups. */
const DIGIT_VALUE = new Uint8Array(0x10000);
for (const [ch, v] of Object.entries(CHINESE_DIGITS)) DIGIT_VALUE[ch.charCodeAt(0)] = v;
const UNIT_VALUE = new Uint32Array(0x10000);
for (const [ch, v] of [...Object.entries(SMALL_UNITS), ...Object.entries(LARGE_UNITS)])
  UNIT_VALUE[ch.charCodeAt(0)] = v;

/** True for a character that can be part of a Chinese numeral. */
export function isChineseNumeralChar(ch: string): boolean {
  return ch.length === 1 && NUMERAL_CODES[ch.charCodeAt(0)] === 1;
}

/** Character-code version of {@link isChineseNumeralChar} (NaN, past the end of a text, is none). */
export function isChineseNumeralCode(c: number): boolean {
  return NUMERAL_CODES[c] === 1;
}

/** True for an ASCII or full-width digit. */
export function isDigit(ch: string): boolean {
  return (ch >= '0' && ch <= '9') || (ch >= '０' && ch <= '９');
}

/** Character-code version of {@link isDigit}. */
export function isDigitCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
}

function digitValue(ch: string): number {
  return ch >= '０' ? ch.charCodeAt(0) - 0xff10 : ch.charCodeAt(0) - 48;
}

/**
 * The value of a whole Chinese numeral string such as "五百", "两千", "十五", "一万二千", "三万亿", or a
 * digit-by-digit string such as "二〇一五"; null when the string is not a well-formed numeral.
 */
export function parseChineseNumeral(s: string): number | null {
  if (s.length === 0) return null;
  let hasUnit = false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (NUMERAL_CODES[c] !== 1) return null;
    if (UNIT_VALUE[c] !== 0) hasUnit = true;
  }
  if (!hasUnit) {
    // Digit by digit (二〇一五): a year or code, read positionally.
    let v = 0;
    for (let k = 0; k < s.length; k++) v = v * 10 + DIGIT_VALUE[s.charCodeAt(k)]!;
    return v;
  }
  // total: completed 亿-groups; section: completed 万-group within them; current: below 万.
  let total = 0;
  let section = 0;
  let current = 0;
  let digit: number | null = null;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    const u = UNIT_VALUE[c]!;
    if (u === 0) {
      digit = DIGIT_VALUE[c]!;
    } else if (u < 1e4) {
      current += (digit ?? 1) * u;
      digit = null;
    } else if (u === 1e4) {
      const part = current + (digit ?? 0);
      section += (part === 0 && section === 0 && total === 0 ? 1 : part) * 1e4;
      current = 0;
      digit = null;
    } else {
      const part = section + current + (digit ?? 0);
      total = (total + (part === 0 ? 1 : part)) * 1e8;
      section = 0;
      current = 0;
      digit = null;
    }
  }
  return total + section + current + (digit ?? 0);
}

const MAGNITUDE_WORDS: readonly (readonly [string, number])[] = [
  ['万亿', 1e12],
  ['千亿', 1e11],
  ['百亿', 1e10],
  ['千万', 1e7],
  ['百万', 1e6],
  ['十万', 1e5],
];
const MAGNITUDE_FIRST = new Uint8Array(0x10000);
for (const ch of '万亿千百十') MAGNITUDE_FIRST[ch.charCodeAt(0)] = 1;

/**
 * Reads a magnitude word at `i`: 万亿 1e12, 千亿 1e11, 百亿 1e10, 亿 1e8, 千万 1e7, 百万 1e6, 十万 1e5, 万 1e4.
 * A lone 千 is read only when it is not the start of a unit (千瓦, 千米, 千克 …).
 */
export function readMagnitude(text: string, i: number): { factor: number; end: number; word: string } {
  // Every magnitude starts with one of 万亿千百十: after most figures nothing is sliced or compared.
  if (MAGNITUDE_FIRST[text.charCodeAt(i)] !== 1) return { factor: 1, end: i, word: '' };
  const two = text.slice(i, i + 2);
  for (const [w, f] of MAGNITUDE_WORDS) if (two === w) return { factor: f, end: i + 2, word: w };
  const c = text[i];
  if (c === '亿') return { factor: 1e8, end: i + 1, word: '亿' };
  if (c === '万') return { factor: 1e4, end: i + 1, word: '万' };
  if (c === '千' && !'瓦米克卡伏帕兆字'.includes(text[i + 1] ?? ''))
    return { factor: 1e3, end: i + 1, word: '千' };
  return { factor: 1, end: i, word: '' };
}

/** Rounds away binary noise from decimal scaling (1.2 × 1e4 = 12000, not 11999.999…). */
function clean(v: number): number {
  return Number.isInteger(v) ? v : Number(v.toPrecision(12));
}

/**
 * Reads Arabic digits at `i` (which must be a digit): "6000", "1,200", "4.66", "１２". Returns the plain
 * value (no magnitude) and the end offset.
 */
export function readArabic(text: string, i: number): { value: number; end: number } | null {
  let j = i;
  let s = '';
  let seenDot = false;
  let tooLong = false;
  while (j < text.length) {
    const ch = text[j] ?? '';
    if (isDigit(ch)) {
      // Past 30 digits it is a code or noise, not a quantity: skip the run without building it.
      if (s.length < 30) s += String(digitValue(ch));
      else tooLong = true;
      j++;
    } else if ((ch === '.' || ch === '．') && !seenDot && isDigit(text[j + 1] ?? '')) {
      seenDot = true;
      s += '.';
      j++;
    } else if ((ch === ',' || ch === '，') && !seenDot && s.length > 0 && s.length <= 3 && ch === ',') {
      // Thousands separator only when exactly three digits follow.
      if (
        isDigit(text[j + 1] ?? '') &&
        isDigit(text[j + 2] ?? '') &&
        isDigit(text[j + 3] ?? '') &&
        !isDigit(text[j + 4] ?? '')
      ) {
        j++;
      } else break;
    } else break;
  }
  if (s.length === 0 || tooLong) return null;
  const value = Number(s);
  return Number.isFinite(value) ? { value, end: j } : null;
}

/**
 * Reads a number at `i`: Arabic digits with an optional magnitude ("6000亿" → 6e11, "1.2万" → 12000), a
 * Chinese numeral ("五百" → 500, "两千万" → 2e7), a fraction ("三分之一" → 33.33…, percent) or "一半" (50,
 * percent). Returns null when no number starts at `i`.
 */
export function readNumber(text: string, i: number): NumberToken | null {
  const ch = text[i] ?? '';
  if (isDigit(ch)) {
    const a = readArabic(text, i);
    if (!a) return null;
    const m = readMagnitude(text, a.end);
    return { value: clean(a.value * m.factor), end: m.end, kind: 'arabic', magnitude: m.word };
  }
  if (ch === '一' && text[i + 1] === '半') return { value: 50, end: i + 2, kind: 'fraction', magnitude: '' };
  if (!isChineseNumeralChar(ch) || ch === '万' || ch === '亿') return null;
  // A Chinese numeral is a maximal run of numeral characters; bounded so that a pathological run stays cheap.
  let j = i;
  while (j < text.length && j - i < 24 && isChineseNumeralChar(text[j] ?? '')) j++;
  const run = text.slice(i, j);
  // Fractions: 三分之一 → 33.33 (percent).
  if (text.slice(j, j + 2) === '分之') {
    const den = parseChineseNumeral(run);
    let k = j + 2;
    while (k < text.length && k - j < 12 && isChineseNumeralChar(text[k] ?? '')) k++;
    const num = parseChineseNumeral(text.slice(j + 2, k));
    if (den && num !== null && num <= den) {
      return { value: clean((num / den) * 100), end: k, kind: 'fraction', magnitude: '' };
    }
    return null;
  }
  const value = parseChineseNumeral(run);
  if (value === null) return null;
  const magnitude = run.includes('亿') ? '亿' : run.includes('万') ? '万' : '';
  return { value: clean(value), end: j, kind: 'chinese', magnitude };
}
