import type { Language, MessageKey, Translate } from '../i18n/index.js';

const COMPARATOR_SIGN: Record<string, string> = {
  '>': '>',
  '>=': '≥',
  '<=': '≤',
  '<': '<',
  about: '≈',
  '=': '=',
};

/** "突破 (>)", "达到 (≥)": the word a plan would use, with the sign beside it. */
export function formatComparator(t: Translate, comparator: string): string {
  const key = `comparator.${comparator}` as MessageKey;
  const sign = COMPARATOR_SIGN[comparator] ?? comparator;
  return `${t(key)} (${sign})`;
}

function trimNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}

/**
 * A target value as a reader of `language` expects it. Chinese as a document writes it: 600000000000 元 →
 * "6000亿元", 5000000 户 → "500万户", 70 % → "70%" (values below ten thousand keep their digits). English in
 * short scale: "600B 元", "5M 户". The unit is kept as the plan wrote it.
 */
export function formatTargetValue(value: number, unit: string, language: Language = 'zh'): string {
  if (unit === '%' || unit === '个百分点') return `${trimNumber(value)}${unit}`;
  if (language === 'en') {
    const n = Math.abs(value) >= 1e4 ? ENGLISH_COMPACT.format(value) : trimNumber(value);
    return unit ? `${n} ${unit}` : n;
  }
  const abs = Math.abs(value);
  if (abs >= 1e8 && Number.isInteger(value / 1e6)) return `${trimNumber(value / 1e8)}亿${unit}`;
  if (abs >= 1e4 && Number.isInteger(value / 1e2)) return `${trimNumber(value / 1e4)}万${unit}`;
  return `${trimNumber(value)}${unit}`;
}

const ENGLISH_COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 4 });

export function formatPeriod(from: number | null | undefined, to: number | null | undefined): string {
  if (from == null && to == null) return '—';
  if (from === to || to == null) return String(from);
  return `${from ?? ''}–${to}`;
}

export function formatTime(iso: string, language: 'zh' | 'en'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}
