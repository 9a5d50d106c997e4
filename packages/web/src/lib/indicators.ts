import { formatValue } from '@luoshi/core';
import type { paths } from '../api/schema.js';
import type { Language, MessageKey, Translate } from '../i18n/index.js';

/** Shapes of the indicator routes, read from the generated schema (as `api/client.ts` does for the others). */
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Ok<Op> = Op extends { responses: infer R } ? Json<R[Extract<keyof R, 200 | 201>]> : never;

export type PlanDashboard = Ok<paths['/api/v1/plans/{id}/dashboard']['get']>;
export type TargetStatus = PlanDashboard['targets'][number];
export type TargetStatusName = TargetStatus['status'];
export type IndicatorDetail = Ok<paths['/api/v1/indicators/{id}']['get']>;
export type IndicatorSummary = IndicatorDetail['indicator'];
export type Figure = IndicatorDetail['figures'][number];
export type ComputedFigure = IndicatorDetail['computed'][number];
export type Qualifier = Figure['qualifier'];
export type FigureInput =
  paths['/api/v1/indicators/{id}/figures']['post']['requestBody']['content']['application/json'];
export type IndicatorInput =
  paths['/api/v1/indicators']['post']['requestBody']['content']['application/json'];
export type FigureImportResult = Ok<paths['/api/v1/figures/import']['post']>;
export interface ImportRowError {
  line: number;
  column?: string;
  message: { zh: string; en: string };
}

/** The statuses in the order the legend and the counts show them: best first, "no data" last. */
export const STATUSES: readonly TargetStatusName[] = [
  'achieved',
  'on_track',
  'needs_acceleration',
  'off_track',
  'deteriorating',
  'not_achieved',
  'no_data',
];

/** The light of each status: greens for good, amber to red as it worsens, grey for no data. */
export const STATUS_COLOR: Record<TargetStatusName, string> = {
  achieved: '#237804',
  on_track: '#52c41a',
  needs_acceleration: '#faad14',
  off_track: '#fa541c',
  deteriorating: '#cf1322',
  not_achieved: '#820014',
  no_data: '#bfbfbf',
};

export const QUALIFIERS: readonly Qualifier[] = ['exact', 'more_than', 'preliminary', 'estimated'];

/** Who may enter and import figures (a unit officer only for the indicators their unit owns). */
export const FIGURE_ROLES = ['statistics_officer', 'secretariat', 'admin', 'unit_officer'] as const;

export function canEnterFigures(role: string | undefined): boolean {
  return (FIGURE_ROLES as readonly string[]).includes(role ?? '');
}

export function statusText(t: Translate, status: TargetStatusName): string {
  return t(`status.${status}` as MessageKey);
}

export function qualifierText(t: Translate, qualifier: Qualifier): string {
  return t(`qualifier.${qualifier}` as MessageKey);
}

/**
 * A figure as a reader should take it: "> 350亿元" for a lower bound, the value alone otherwise (a preliminary or
 * estimated figure is marked beside it, by `qualifierText`).
 */
export function figureText(value: number, unit: string, qualifier: Qualifier, language: Language): string {
  const text = formatValue(value, unit, language, { maximumFractionDigits: 2 });
  return qualifier === 'more_than' ? `> ${text}` : text;
}

/** The same with its qualifier in words, for exports and screen readers: "> 350亿元（下限值（实际超过））". */
export function figureTextWithQualifier(
  t: Translate,
  value: number,
  unit: string,
  qualifier: Qualifier,
  language: Language,
): string {
  const text = figureText(value, unit, qualifier, language);
  if (qualifier === 'exact') return text;
  return language === 'zh'
    ? `${text}（${qualifierText(t, qualifier)}）`
    : `${text} (${qualifierText(t, qualifier)})`;
}

const COMPARATOR_SIGN: Record<string, string> = {
  '>': '>',
  '>=': '≥',
  '<=': '≤',
  '<': '<',
  about: '≈',
  '=': '=',
};

/** A target's level: "> 6000亿元". */
export function targetText(comparator: string, value: number, unit: string, language: Language): string {
  return `${COMPARATOR_SIGN[comparator] ?? comparator} ${formatValue(value, unit, language)}`;
}

/** The text of a trajectory or forecast method, or null when there is none. */
export function methodTexts(t: Translate, row: TargetStatus): string[] {
  const texts: string[] = [];
  if (row.trajectoryMethod) texts.push(t(`indicator.trajectoryMethod.${row.trajectoryMethod}` as MessageKey));
  if (row.forecast) {
    const key = `indicator.forecastMethod.${row.forecast.method}`;
    texts.push(t(key as MessageKey));
  }
  return texts;
}
