import type { MessageKey, Translate } from '../i18n/index.js';

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
