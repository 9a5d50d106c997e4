import type { MessageKey, Translate } from '../i18n/index.js';

/** An item's completion deadline as the API gives it (draft items add its span). */
export interface Deadline {
  kind: 'date' | 'relative' | 'recurring' | 'ongoing';
  date?: string;
  months?: number;
  days?: number;
  every?: 'year' | 'half-year' | 'quarter' | 'month';
  text: string;
}

/** A deadline in the current language's words: 2020年底前 / 印发后3个月内 / 每年 / 长期坚持. */
export function deadlineWords(d: Deadline | null | undefined, t: Translate): string {
  if (!d) return '';
  switch (d.kind) {
    case 'date': {
      const [y = '', mm, dd] = (d.date ?? '').split('-');
      if (dd && mm) return t('deadline.day', { y, m: Number(mm), d: Number(dd), mm, dd });
      if (mm) return t('deadline.month', { y, m: Number(mm), mm });
      return t('deadline.year', { y });
    }
    case 'relative':
      return d.months !== undefined
        ? t('deadline.months', { n: d.months })
        : t('deadline.days', { n: d.days ?? 0 });
    case 'recurring':
      return t(`deadline.every.${d.every ?? 'year'}` as MessageKey);
    case 'ongoing':
      return t('deadline.ongoing');
  }
}

/** The deadline fields of an item's edit form: `none` clears it. */
export interface DeadlineForm {
  kind: Deadline['kind'] | 'none';
  date?: string;
  count?: number;
  unit?: 'months' | 'days';
  every?: Deadline['every'];
}

export const DATE_PATTERN = /^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$/;

export function toDeadlineForm(d: Deadline | null | undefined): DeadlineForm {
  if (!d) return { kind: 'none', unit: 'months', every: 'year' };
  return {
    kind: d.kind,
    date: d.date,
    count: d.months ?? d.days,
    unit: d.days !== undefined ? 'days' : 'months',
    every: d.every ?? 'year',
  };
}

/** What the API takes for the form's deadline: null to clear, else its kind and that kind's field. */
export function fromDeadlineForm(f: DeadlineForm): {
  kind: Deadline['kind'];
  date?: string;
  months?: number;
  days?: number;
  every?: Deadline['every'];
} | null {
  switch (f.kind) {
    case 'none':
      return null;
    case 'date':
      return { kind: 'date', date: f.date };
    case 'relative':
      return f.unit === 'days' ? { kind: 'relative', days: f.count } : { kind: 'relative', months: f.count };
    case 'recurring':
      return { kind: 'recurring', every: f.every };
    case 'ongoing':
      return { kind: 'ongoing' };
  }
}

/** Whether the form still says what the item's deadline says (then it is not sent, keeping its words). */
export function sameDeadline(d: Deadline | null | undefined, f: DeadlineForm): boolean {
  const a = fromDeadlineForm(toDeadlineForm(d));
  const b = fromDeadlineForm(f);
  return JSON.stringify(a) === JSON.stringify(b);
}
