import type { MessageKey, Translate } from '../i18n/index.js';

/** The light beside a task (core `DeliveryLight`): on schedule, slipping, behind, or nothing to judge yet. */
export type DeliveryLightName = 'green' | 'yellow' | 'red' | 'grey';

export const LIGHT_COLOR: Record<DeliveryLightName, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  grey: '#bfbfbf',
};

/** A supervision notice's level (督办等级), blue the mildest. */
export type NoticeLevel = 'blue' | 'yellow' | 'red';
export const LEVELS: readonly NoticeLevel[] = ['red', 'yellow', 'blue'];
export const LEVEL_COLOR: Record<NoticeLevel, string> = { blue: 'blue', yellow: 'gold', red: 'red' };

export type NoticeState = 'issued' | 'signed' | 'in_progress' | 'replied' | 'verified' | 'closed';
export const NOTICE_STATES: readonly NoticeState[] = [
  'issued',
  'signed',
  'in_progress',
  'replied',
  'verified',
  'closed',
];

export type MilestoneState = 'not_started' | 'in_progress' | 'done';
export const MILESTONE_STATES: readonly MilestoneState[] = ['not_started', 'in_progress', 'done'];

/** The words of a value of a closed set, from its key prefix (`light.`, `level.`, `noticeState.` …). */
export function wordOf(t: Translate, prefix: string, value: string): string {
  return t(`${prefix}.${value}` as MessageKey);
}

/** A percentage as the screens show it: whole numbers, "—" when there is nothing to measure. */
export function percentText(p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${Math.round(p)}%`;
}

/** A notice's matter in words: its rule, then what it is about (a period, a milestone, an item). */
export function noticeSubject(t: Translate, notice: { rule: string; subject: string }): string {
  return `${wordOf(t, 'rule', notice.rule)}：${notice.subject}`;
}
