import type { Generated } from 'kysely';
import type { Flag, IsoTime } from './schema.js';

/** The tables of supervision (issue 9): settings, notices and their events, runs, webhooks and deliveries. */

/** A plan's supervision thresholds and e-mail recipients (issue 9); a plan without a row uses the defaults. */
export interface SupervisionSettingsTable {
  plan_id: number;
  /** JSON of the core's SupervisionThresholds. */
  thresholds_json: string;
  /** JSON array of { unitId: number | null, email }. */
  recipients_json: Generated<string>;
  /** The 联系人 and telephone the 督办通知单 names; null while unset (the document names 督查秘书处). */
  contact_name: string | null;
  contact_phone: string | null;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: IsoTime;
}

/** A supervision notice (督办单): one per plan, rule and subject, ever. Dates are local `YYYY-MM-DD`. */
export interface SupervisionNoticeTable {
  id: Generated<number>;
  plan_id: number;
  node_id: number | null;
  unit_id: number;
  /** milestone_overdue | report_missing | indicator_off_track | no_update */
  rule: string;
  subject_key: string;
  subject: string;
  subject_due_on: string | null;
  days_late: Generated<number>;
  /** blue | yellow | red */
  level: string;
  /** issued | signed | in_progress | replied | verified | closed */
  state: string;
  raised_on: string;
  step_due_on: string | null;
  serial: number;
  reply: string | null;
  version: Generated<number>;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface SupervisionNoticeEventTable {
  id: Generated<number>;
  notice_id: number;
  /** raised | escalated | sign | start | reply | verify | return | close */
  kind: string;
  from_state: string | null;
  to_state: string;
  from_level: string | null;
  to_level: string;
  actor_id: number | null;
  actor_label: string;
  at: IsoTime;
  as_of: string;
  comment: string | null;
}

export interface SupervisionRunTable {
  id: Generated<number>;
  plan_id: number;
  as_of: string;
  /** schedule | cli | api | replay */
  trigger: string;
  actor_label: string;
  raised: number;
  escalated: number;
  started_at: IsoTime;
  finished_at: IsoTime;
}

export interface WebhookTable {
  id: Generated<number>;
  name: string;
  url: string;
  /** generic | wecom | dingtalk */
  format: string;
  secret: string | null;
  plan_id: number | null;
  min_level: Generated<string>;
  enabled: Generated<Flag>;
  version: Generated<number>;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  webhook_id: number;
  notice_id: number | null;
  event_id: number | null;
  payload: string;
  /** pending | delivered | failed */
  status: string;
  attempts: Generated<number>;
  response_status: number | null;
  last_error: string | null;
  created_at: IsoTime;
  delivered_at: IsoTime | null;
}
