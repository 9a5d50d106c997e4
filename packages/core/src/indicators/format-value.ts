/**
 * The one value formatter, for the CLI, the server's messages and the web pages. Values are stored in base units
 * (6000亿元 is 600000000000 元); this writes them as a reader of each language expects:
 * - Chinese as a document writes them: 6000亿元, 500万户, 1.2万家, 5647.4亿元, 70%;
 * - English in words: 600 billion yuan, 5 million households, 12,000 enterprises, 70%.
 */

export type ValueLanguage = 'zh' | 'en';

export interface FormatValueOptions {
  /**
   * The most decimals to show after scaling (default 4). A value that is exact with fewer decimals at some
   * magnitude is written at that magnitude; otherwise it is rounded at the largest magnitude that fits.
   */
  maximumFractionDigits?: number;
}

/** Units written right after the number in both languages, never scaled. */
const PERCENT_UNITS = new Set(['%', '‰', '％']);

const ZH_MAGNITUDES: readonly [number, string][] = [
  [1e12, '万亿'],
  [1e8, '亿'],
  [1e4, '万'],
];

const EN_MAGNITUDES: readonly [number, string][] = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
];

/**
 * English names of the units plans use, singular and plural. A unit not listed stays in Chinese after the number
 * ("5 million 头"): a wrong translation would be worse than none.
 */
const EN_UNITS: Record<string, readonly [string, string]> = {
  元: ['yuan', 'yuan'],
  美元: ['US dollar', 'US dollars'],
  户: ['household', 'households'],
  家: ['enterprise', 'enterprises'],
  人: ['person', 'people'],
  名: ['person', 'people'],
  位: ['person', 'people'],
  人次: ['person-time', 'person-times'],
  个百分点: ['percentage point', 'percentage points'],
  项: ['item', 'items'],
  件: ['item', 'items'],
  个: ['', ''],
  次: ['time', 'times'],
  所: ['institution', 'institutions'],
  座: ['facility', 'facilities'],
  台: ['unit', 'units'],
  套: ['set', 'sets'],
  辆: ['vehicle', 'vehicles'],
  张: ['bed', 'beds'],
  床: ['bed', 'beds'],
  亩: ['mu', 'mu'],
  公顷: ['hectare', 'hectares'],
  平方米: ['square metre', 'square metres'],
  平方公里: ['square kilometre', 'square kilometres'],
  公里: ['kilometre', 'kilometres'],
  千米: ['kilometre', 'kilometres'],
  米: ['metre', 'metres'],
  吨: ['tonne', 'tonnes'],
  千瓦: ['kW', 'kW'],
  千瓦时: ['kWh', 'kWh'],
  年: ['year', 'years'],
  岁: ['year', 'years'],
  天: ['day', 'days'],
  小时: ['hour', 'hours'],
  分钟: ['minute', 'minutes'],
  倍: ['times', 'times'],
};

/** `value` with at most `digits` decimals, trailing zeros dropped, never in exponent notation below 1e21. */
function plain(value: number, digits: number): string {
  const rounded = Number(value.toFixed(digits));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * True when `value / size` has at most `digits` decimals. Whole numbers (what is stored: 元, 户) are tested in
 * integers, so that 31249999999969 is not taken for 31.25万亿; other values within floating-point noise.
 */
function exactAt(value: number, size: number, digits: number): boolean {
  const unit = size / 10 ** digits;
  if (Number.isSafeInteger(value) && unit >= 1) return value % unit === 0;
  const scaled = value / unit;
  return Math.abs(scaled - Math.round(scaled)) <= 1e-12 * Math.max(1, Math.abs(scaled));
}

/**
 * Picks the largest magnitude at which `value` is exact with `digits` decimals. When none is, a whole number is
 * written in full (null) and any other value is rounded at the largest magnitude it reaches (a computed 3464.1亿).
 * Returns null too when `value` is below every magnitude.
 */
function pickMagnitude(
  value: number,
  magnitudes: readonly [number, string][],
  digits: number,
): [scaled: number, word: string] | null {
  const abs = Math.abs(value);
  let fallback: [number, string] | null = null;
  for (const [size, word] of magnitudes) {
    if (abs < size) continue;
    fallback ??= [value / size, word];
    if (exactAt(value, size, digits)) return [value / size, word];
  }
  return fallback && Number.isSafeInteger(value) ? null : fallback;
}

const EN_GROUPED = new Map<number, Intl.NumberFormat>();

function grouped(value: number, digits: number): string {
  let f = EN_GROUPED.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, useGrouping: true });
    EN_GROUPED.set(digits, f);
  }
  return f.format(value);
}

/** The English name of a unit for a count of `value`, or the unit as written when there is none. */
export function englishUnit(unit: string, value: number): string {
  const names = EN_UNITS[unit];
  if (!names) return unit;
  return Math.abs(value) === 1 ? names[0] : names[1];
}

/**
 * A value in base units as a reader of `language` expects it.
 *
 * Chinese (default): 600000000000 元 → "6000亿元", 5000000 户 → "500万户", 12000 家 → "1.2万家",
 * 564740000000 元 → "5647.4亿元", 70 % → "70%", 8000 家 → "8000家".
 * English: "600 billion yuan", "5 million households", "12,000 enterprises", "564.74 billion yuan", "70%",
 * 2.87 个百分点 → "2.87 percentage points". A unit without an English name stays as written.
 */
export function formatValue(
  value: number,
  unit: string,
  language: ValueLanguage = 'zh',
  options: FormatValueOptions = {},
): string {
  const digits = options.maximumFractionDigits ?? 4;
  if (!Number.isFinite(value)) return `${String(value)}${unit}`;
  if (PERCENT_UNITS.has(unit)) return `${plain(value, digits)}${unit === '％' ? '%' : unit}`;
  if (language === 'zh') {
    const m = pickMagnitude(value, ZH_MAGNITUDES, digits);
    return m ? `${plain(m[0], digits)}${m[1]}${unit}` : `${plain(value, digits)}${unit}`;
  }
  const m = pickMagnitude(value, EN_MAGNITUDES, digits);
  const number = m ? `${plain(m[0], digits)} ${m[1]}` : grouped(value, digits);
  // "5 million households", "1 household", "0.5 households".
  const name = englishUnit(unit, m ? 2 : value);
  return name ? `${number} ${name}` : number;
}
