import type { Generated } from 'kysely';
import type { Flag, IsoTime } from './schema.js';

/** The tables of delivery (issue 9): work plans, milestones, report cycles, progress reports, evidence. */

/** A local China date as 'YYYY-MM-DD'. */
export type LocalDate = string;

/** A lead unit's work plan for a task (issue 9): the state of its latest revision and its approved baseline. */
export interface WorkPlanTable {
  id: Generated<number>;
  plan_id: number;
  node_id: number;
  /** A lead unit of the node. */
  unit_id: number;
  /** draft | submitted | approved | returned: the state of the latest revision. */
  status: string;
  /** Number of the latest approved revision (the locked baseline), null before the first approval. */
  baseline_revision: number | null;
  /** Number of the latest revision. */
  current_revision: number;
  version: Generated<number>;
  /** 1 on rows the demo generated (示例数据). */
  example: Generated<Flag>;
  created_by: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface WorkPlanRevisionTable {
  id: Generated<number>;
  work_plan_id: number;
  /** 1, 2, …: unique per work plan. */
  number: number;
  /** initial | change */
  kind: string;
  /** Why a change request changes the baseline; null for the initial revision. */
  reason: string | null;
  /** draft | submitted | approved | returned */
  status: string;
  review_comment: string | null;
  /** JSON array of `{key, title, due_date, deliverable, weight}`. */
  milestones_json: string;
  created_by: number | null;
  created_at: IsoTime;
  submitted_by: number | null;
  submitted_at: IsoTime | null;
  reviewed_by: number | null;
  reviewed_at: IsoTime | null;
}

/** The milestones of a work plan's latest approved revision (live unless `retired`); supervision reads these. */
export interface MilestoneTable {
  id: Generated<number>;
  plan_id: number;
  work_plan_id: number;
  node_id: number;
  unit_id: number;
  /** Stable across revisions. */
  key: string;
  title: string;
  due_date: LocalDate;
  deliverable: string;
  weight: number;
  ordinal: number;
  /** not_started | in_progress | done */
  state: Generated<string>;
  percent: Generated<number>;
  completed_on: LocalDate | null;
  retired: Generated<Flag>;
  example: Generated<Flag>;
}

export interface ReportCycleTable {
  plan_id: number;
  /** month | quarter */
  frequency: string;
  /** The report is due on this many Chinese working days after the period's end. */
  due_working_days: number;
  first_period: string;
  last_period: string;
  version: Generated<number>;
  example: Generated<Flag>;
  updated_by: number | null;
  updated_at: IsoTime;
}

export interface ProgressReportTable {
  id: Generated<number>;
  plan_id: number;
  node_id: number;
  /** The lead unit that reports. */
  unit_id: number;
  /** Core period text: 2014-07 or 2014-Q3. */
  period: string;
  due_date: LocalDate;
  /** draft | submitted | accepted | returned */
  status: string;
  percent: Generated<number>;
  progress: Generated<string>;
  problems: Generated<string>;
  next_steps: Generated<string>;
  version: Generated<number>;
  submitted_at: IsoTime | null;
  /** Local China date of the first submission. */
  submitted_on: LocalDate | null;
  submitted_by: number | null;
  reviewed_at: IsoTime | null;
  reviewed_by: number | null;
  review_comment: string | null;
  example: Generated<Flag>;
  created_by: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface ProgressReportEventTable {
  id: Generated<number>;
  report_id: number;
  /** submitted | accepted | returned */
  action: string;
  comment: string | null;
  snapshot_json: string;
  actor_id: number | null;
  at: IsoTime;
}

export interface ReportMilestoneTable {
  id: Generated<number>;
  report_id: number;
  milestone_id: number;
  /** not_started | in_progress | done */
  state: string;
  percent: number;
  completed_on: LocalDate | null;
}

export interface ReportContributionTable {
  id: Generated<number>;
  report_id: number;
  /** A supporting unit of the report's item. */
  unit_id: number;
  progress: Generated<string>;
  problems: Generated<string>;
  next_steps: Generated<string>;
  /** draft | submitted */
  status: string;
  version: Generated<number>;
  example: Generated<Flag>;
  updated_by: number | null;
  updated_at: IsoTime;
  submitted_at: IsoTime | null;
}

export interface EvidenceFileTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the bytes; the file is stored under the data directory by this name. */
  sha256: string;
  size: number;
  media_type: string;
  created_at: IsoTime;
}

export interface ReportEvidenceTable {
  id: Generated<number>;
  report_id: number;
  evidence_id: number;
  unit_id: number;
  file_name: string;
  uploaded_by: number | null;
  uploaded_at: IsoTime;
}
