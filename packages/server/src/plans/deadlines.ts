import { Type, type Static } from '@sinclair/typebox';
import type { TaskDeadline } from '@luoshi/core';
import { DomainError } from '../errors/index.js';

/**
 * An item's completion deadline as the API carries it (see `@luoshi/core`'s `TaskDeadline`): a `date`
 * (2020年底前 → "2020"), `relative` to the issue date (印发后3个月内 → months 3), `recurring` (每年 → every "year")
 * or `ongoing` (长期坚持), with the phrase as written.
 */
const DeadlineKind = Type.Union(
  [Type.Literal('date'), Type.Literal('relative'), Type.Literal('recurring'), Type.Literal('ongoing')],
  { title: 'DeadlineKind' },
);
const Every = Type.Union([
  Type.Literal('year'),
  Type.Literal('half-year'),
  Type.Literal('quarter'),
  Type.Literal('month'),
]);
const DATE_PATTERN = '^[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$';

const fields = {
  kind: DeadlineKind,
  date: Type.Optional(
    Type.String({
      pattern: DATE_PATTERN,
      description: '`date` only: YYYY, YYYY-MM or YYYY-MM-DD, the last day allowed',
    }),
  ),
  months: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1200, description: '`relative` only: months after issue' }),
  ),
  days: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 36500, description: '`relative` only: days after issue' }),
  ),
  every: Type.Optional(Every),
};

/** A stored plan item's deadline: no span, since a corrected one stands nowhere in the source. */
export const PlanDeadline = Type.Object(
  { ...fields, text: Type.String({ description: 'The phrase as written, e.g. 2020年底前' }) },
  { title: 'PlanDeadline' },
);

/** A draft item's deadline as the importer found it (or the reviewer corrected it). */
export const DraftDeadline = Type.Object(
  {
    ...fields,
    text: Type.String(),
    span: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 2, maxItems: 2 }),
  },
  { title: 'DraftDeadline' },
);

/** A deadline in a correction: its kind and the one field the kind needs; `text` written for it when left out. */
export const DeadlineInput = Type.Object(
  { ...fields, text: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false, title: 'DeadlineInput' },
);
export type DeadlineInput = Static<typeof DeadlineInput>;
export type PlanDeadline = Omit<TaskDeadline, 'span'>;

const EVERY_ZH: Record<NonNullable<TaskDeadline['every']>, string> = {
  year: '每年',
  'half-year': '每半年',
  quarter: '每季度',
  month: '每月',
};

/** The phrase a deadline is written as in a Chinese plan: 2020年底前, 2021年6月底前, 印发后3个月内, 每年, 长期坚持. */
export function deadlinePhrase(d: PlanDeadline): string {
  switch (d.kind) {
    case 'date': {
      const [y, m, day] = (d.date ?? '').split('-');
      if (day) return `${y}年${Number(m)}月${Number(day)}日前`;
      if (m) return `${y}年${Number(m)}月底前`;
      return `${y}年底前`;
    }
    case 'relative':
      return d.months !== undefined ? `印发后${d.months}个月内` : `印发之日起${d.days}日内`;
    case 'recurring':
      return EVERY_ZH[d.every ?? 'year'];
    case 'ongoing':
      return '长期坚持';
  }
}

const REQUIRED: Record<TaskDeadline['kind'], (keyof DeadlineInput)[]> = {
  date: ['date'],
  relative: ['months', 'days'],
  recurring: ['every'],
  ongoing: [],
};

/**
 * A correction's deadline checked across its fields (the schema checks each field): the kind's own field, exactly
 * one of months and days for a relative one, no field of another kind. `path`: where it stands in the request.
 */
export function checkedDeadline(input: DeadlineInput, path: string): PlanDeadline {
  const own = REQUIRED[input.kind];
  const given = (['date', 'months', 'days', 'every'] as const).filter((k) => input[k] !== undefined);
  const foreign = given.filter((k) => !own.includes(k));
  const ok =
    foreign.length === 0 && (input.kind === 'relative' ? given.length === 1 : given.length === own.length);
  if (!ok) {
    const need: Record<TaskDeadline['kind'], { zh: string; en: string }> = {
      date: {
        zh: '“日期”类时限须且只须给出 date（YYYY、YYYY-MM 或 YYYY-MM-DD）',
        en: 'a date deadline needs date (YYYY, YYYY-MM or YYYY-MM-DD) and nothing else',
      },
      relative: {
        zh: '“印发后”类时限须给出 months 或 days 之一',
        en: 'a relative deadline needs exactly one of months and days',
      },
      recurring: {
        zh: '“周期”类时限须且只须给出 every',
        en: 'a recurring deadline needs every and nothing else',
      },
      ongoing: {
        zh: '“长期”类时限不带日期或周期',
        en: 'an ongoing deadline takes no date, months, days or every',
      },
    };
    const m = need[input.kind];
    throw new DomainError('VALIDATION_FAILED', {
      message: { zh: `完成时限无效：${m.zh}。`, en: `Invalid deadline: ${m.en}.` },
      detail: `${path}: ${m.en}`,
      errors: [{ path, message: m.en }],
    });
  }
  const out: PlanDeadline = { kind: input.kind, text: '' };
  for (const k of given) (out as unknown as Record<string, unknown>)[k] = input[k];
  out.text = input.text?.trim() || deadlinePhrase(out);
  return out;
}

/** What two deadlines mean, without how they are written: 2020年底前 and 到2020年底前 are the same deadline. */
export function deadlineKey(d: PlanDeadline | null | undefined): string {
  if (!d) return '';
  return [d.kind, d.date ?? '', d.months ?? '', d.days ?? '', d.every ?? ''].join('\u0000');
}

/** The stored column's value: the deadline without its span. */
export function deadlineJson(d: TaskDeadline | PlanDeadline | null | undefined): string | null {
  if (!d) return null;
  const { kind, date, months, days, every, text } = d;
  return JSON.stringify({ kind, date, months, days, every, text });
}

export function parseDeadline(json: string | null | undefined): PlanDeadline | null {
  return json ? (JSON.parse(json) as PlanDeadline) : null;
}

/**
 * An item's body as the diff compares it: without the deadline's phrase, so that a changed deadline is reported
 * once, as `deadline`, not also as a changed body.
 */
export function bodyWithoutDeadline(body: string, d: PlanDeadline | null | undefined): string {
  return d?.text ? body.replace(d.text, '') : body;
}
