import { DEFAULT_THRESHOLDS, thresholdProblems, type SupervisionThresholds } from '@luoshi/core';
import type { Db } from '../audit/audit.js';
import { supervisionRepository } from './supervision.repository.js';

export interface Recipient {
  unitId: number | null;
  email: string;
}

/** Who a 督办通知单 names as 联系人, with a telephone. */
export interface NoticeContact {
  name: string;
  phone: string;
}

/** What a 督办通知单 names when the plan has no contact of its own. */
export const DEFAULT_CONTACT_TEXT = '督查秘书处';

export interface PlanSupervisionSettings {
  planId: number;
  thresholds: SupervisionThresholds;
  recipients: Recipient[];
  /** Null while unset: the document names 督查秘书处. */
  contact: NoticeContact | null;
  /** 0 while the plan uses the defaults (no row yet). */
  version: number;
  updatedAt: string | null;
}

/** Stored thresholds over the defaults, so that a setting added later has its default on older rows. */
export function mergeThresholds(stored: unknown): SupervisionThresholds {
  const s = (stored ?? {}) as Partial<SupervisionThresholds>;
  return {
    milestoneOverdue: { ...DEFAULT_THRESHOLDS.milestoneOverdue, ...s.milestoneOverdue },
    reportMissing: { ...DEFAULT_THRESHOLDS.reportMissing, ...s.reportMissing },
    noUpdate: { ...DEFAULT_THRESHOLDS.noUpdate, ...s.noUpdate },
    indicatorOffTrack: s.indicatorOffTrack ?? DEFAULT_THRESHOLDS.indicatorOffTrack,
    stepDays: { ...DEFAULT_THRESHOLDS.stepDays, ...s.stepDays },
  };
}

/** A plan's settings: its own row, or the defaults. */
export async function planSettings(db: Db, planId: number): Promise<PlanSupervisionSettings> {
  const row = await supervisionRepository.settings(db, planId);
  if (!row)
    return {
      planId,
      thresholds: DEFAULT_THRESHOLDS,
      recipients: [],
      contact: null,
      version: 0,
      updatedAt: null,
    };
  const thresholds = mergeThresholds(JSON.parse(row.thresholds_json));
  // A row written before a check existed still works: bad stored thresholds fall back to the defaults.
  return {
    planId,
    thresholds: thresholdProblems(thresholds).length === 0 ? thresholds : DEFAULT_THRESHOLDS,
    recipients: JSON.parse(row.recipients_json) as Recipient[],
    contact: row.contact_name ? { name: row.contact_name, phone: row.contact_phone ?? '' } : null,
    version: row.version,
    updatedAt: row.updated_at,
  };
}
