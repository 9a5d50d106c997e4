import { DEFAULT_THRESHOLDS } from '@luoshi/core';
import type { FieldProblem, SupervisionSettings } from '../api/client.js';
import type { MessageKey } from '../i18n/index.js';
import type { NoticeLevel } from './delivery.js';

/** The settings as the server holds them. */
export type Thresholds = SupervisionSettings['thresholds'];

/** The rules that grade lateness in days, blue → yellow → red. */
export const LATENESS_RULES = ['milestoneOverdue', 'reportMissing'] as const;
/** The indicator statuses a plan may supervise (the core's `IndicatorStatusLevels`), in order of gravity. */
export const INDICATOR_STATUSES = [
  'needs_acceleration',
  'off_track',
  'deteriorating',
  'not_achieved',
  'no_data',
] as const;
export type IndicatorStatusName = (typeof INDICATOR_STATUSES)[number];
/** The steps of a notice that have a time allowed, in the order a notice goes through them. */
export const TIMED_STATES = ['issued', 'signed', 'in_progress', 'replied', 'verified'] as const;

/** An indicator status that raises no notice: the form's choice for a status the settings leave out. */
export const NO_NOTICE = 'none';
/** The recipient of every notice of the plan (the server's `unitId: null`), as the unit picker holds it. */
export const SECRETARIAT = 0;

/** What the settings form holds: the thresholds with each indicator status's choice spelled out, the contact apart. */
export interface SettingsValues {
  thresholds: Omit<Thresholds, 'indicatorOffTrack'> & {
    indicatorOffTrack: Record<IndicatorStatusName, NoticeLevel | typeof NO_NOTICE>;
  };
  /** `unitId` SECRETARIAT for the secretariat's address (a picker cannot hold null). */
  recipients: { unitId: number; email: string }[];
  contactName: string;
  contactPhone: string;
}

export const DEFAULTS: Thresholds = DEFAULT_THRESHOLDS;

export function thresholdsToValues(t: Thresholds): SettingsValues['thresholds'] {
  return {
    milestoneOverdue: { ...t.milestoneOverdue },
    reportMissing: { ...t.reportMissing },
    noUpdate: { ...t.noUpdate },
    stepDays: { ...t.stepDays },
    indicatorOffTrack: Object.fromEntries(
      INDICATOR_STATUSES.map((s) => [s, t.indicatorOffTrack[s] ?? NO_NOTICE]),
    ) as SettingsValues['thresholds']['indicatorOffTrack'],
  };
}

export function settingsToValues(s: Pick<SupervisionSettings, 'thresholds' | 'recipients' | 'contact'>) {
  return {
    thresholds: thresholdsToValues(s.thresholds),
    recipients: s.recipients.map((r) => ({ unitId: r.unitId ?? SECRETARIAT, email: r.email })),
    contactName: s.contact?.name ?? '',
    contactPhone: s.contact?.phone ?? '',
  } satisfies SettingsValues;
}

/** The body of `PUT …/supervision/settings` from the form: a contact only when both its fields are filled. */
export function valuesToBody(v: SettingsValues, version: number) {
  const indicatorOffTrack: Thresholds['indicatorOffTrack'] = {};
  for (const s of INDICATOR_STATUSES) {
    const level = v.thresholds.indicatorOffTrack[s];
    if (level !== NO_NOTICE) indicatorOffTrack[s] = level;
  }
  const name = (v.contactName ?? '').trim();
  const phone = (v.contactPhone ?? '').trim();
  return {
    thresholds: { ...v.thresholds, indicatorOffTrack },
    recipients: (v.recipients ?? []).map((r) => ({
      unitId: r.unitId === SECRETARIAT ? null : r.unitId,
      email: (r.email ?? '').trim(),
    })),
    contact: name && phone ? { name, phone } : null,
    version,
  };
}

/**
 * Where the form shows a problem the server found, and in which words: `field` is the form's field path joined
 * with dots (`thresholds.milestoneOverdue.blue`), or a rule (`thresholds.milestoneOverdue`) when the problem is the
 * order of its days. The server's sentences are English for developers; the screen says it in the user's
 * language, chosen by where the problem is, which the server's paths name without ambiguity.
 */
export function settingsProblem(p: FieldProblem): { field: string; key: MessageKey | null } {
  const parts = p.path.replace(/^\/body\//, '').split('/');
  const [part, rule, leaf] = parts;
  if (part === 'thresholds' && rule !== undefined) {
    const field = ['thresholds', rule, leaf].filter((x) => x !== undefined).join('.');
    if (leaf === undefined)
      return {
        field,
        key: rule === 'noUpdate' ? 'supSettings.error.orderQuiet' : 'supSettings.error.order',
      };
    if (rule === 'stepDays') return { field, key: 'supSettings.error.stepDays' };
    if (leaf === 'quietDays') return { field, key: 'supSettings.error.quietDays' };
    if (rule === 'indicatorOffTrack') return { field, key: null };
    return { field, key: 'supSettings.error.days' };
  }
  if (part === 'contact')
    return rule === 'phone'
      ? { field: 'contactPhone', key: 'supSettings.error.contactPhone' }
      : { field: 'contactName', key: 'supSettings.error.contactName' };
  if (part === 'recipients' && rule !== undefined)
    return { field: `recipients.${rule}.email`, key: 'supSettings.error.email' };
  return { field: parts.join('.'), key: null };
}
