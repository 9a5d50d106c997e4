import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  WorkPlanTable,
  WorkPlanRevisionTable,
  MilestoneTable,
  ReportCycleTable,
  ProgressReportTable,
  ProgressReportEventTable,
  ReportMilestoneTable,
  ReportContributionTable,
  EvidenceFileTable,
  ReportEvidenceTable,
} from './schema-delivery.js';
import type {
  SupervisionSettingsTable,
  SupervisionNoticeTable,
  SupervisionNoticeEventTable,
  SupervisionRunTable,
  WebhookTable,
  WebhookDeliveryTable,
} from './schema-supervision.js';

/**
 * The database as Kysely sees it. Portable across SQLite and PostgreSQL: booleans are 0/1 integers, times are
 * ISO-8601 strings (UTC), JSON is text. Keep in step with the migrations in ./migrations.
 */
export interface Database {
  units: UnitTable;
  unit_aliases: UnitAliasTable;
  unit_name_keys: UnitNameKeyTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_failures: LoginFailureTable;
  plans: PlanTable;
  plan_nodes: PlanNodeTable;
  plan_node_units: PlanNodeUnitTable;
  plan_read_dirty: PlanReadDirtyTable;
  plan_read_documents: PlanReadDocumentTable;
  targets: TargetTable;
  imports: ImportTable;
  audit_log: AuditLogTable;
  areas: AreaTable;
  plan_versions: PlanVersionTable;
  indicators: IndicatorTable;
  indicator_aliases: IndicatorAliasTable;
  figure_imports: FigureImportTable;
  figures: FigureTable;
  work_plans: WorkPlanTable;
  work_plan_revisions: WorkPlanRevisionTable;
  milestones: MilestoneTable;
  report_cycles: ReportCycleTable;
  progress_reports: ProgressReportTable;
  progress_report_events: ProgressReportEventTable;
  report_milestones: ReportMilestoneTable;
  report_contributions: ReportContributionTable;
  evidence_files: EvidenceFileTable;
  report_evidence: ReportEvidenceTable;
  supervision_settings: SupervisionSettingsTable;
  supervision_notices: SupervisionNoticeTable;
  supervision_notice_events: SupervisionNoticeEventTable;
  supervision_runs: SupervisionRunTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
}

/** 0 or 1: booleans stored portably. */
export type Flag = number;
/** ISO-8601 UTC time as text. */
export type IsoTime = string;

export type Role =
  'admin' | 'secretariat' | 'leader' | 'unit_officer' | 'statistics_officer' | 'enterprise_reporter';

export interface UnitTable {
  id: Generated<number>;
  /** The short name in common use, e.g. 市发改委. Unique among units not merged away. */
  name: string;
  /** The full official name, e.g. 成都市发展和改革委员会. */
  full_name: string | null;
  /** department | district | collective | other */
  kind: string;
  /** When this unit was merged into another, the survivor's id; merged units are kept for history. */
  merged_into_id: number | null;
  created_at: IsoTime;
  /**
   * The jurisdiction (area) the unit belongs to: 市财政局 of 成都市 and 市财政局 of 广州市 are two units. Set on every
   * unit the application writes (null only in a database written around it); names are unique per area.
   */
  area_id: number | null;
}

export interface UnitAliasTable {
  id: Generated<number>;
  unit_id: number;
  /** Another name for the unit; unique across the registry. */
  alias: string;
}

/**
 * Every normalised name a unit answers to (short name, full name, aliases), kept by the units repository; its
 * unique index is what makes one name stand for one unit, whoever writes at the same moment.
 */
export interface UnitNameKeyTable {
  id: Generated<number>;
  unit_id: number;
  /** `normalizeUnitName` of the name. */
  name_key: string;
  /** The unit's area: a name stands for one unit within one jurisdiction. */
  area_id: number | null;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  /** argon2id hash. */
  password_hash: string;
  role: Role;
  /** The unit a unit officer (or statistics officer) belongs to. */
  unit_id: number | null;
  disabled: Flag;
  created_at: IsoTime;
  /**
   * Moves whenever the user's existing credentials must end (password changed, disabled, new role or unit); a
   * session or API token works only while its own epoch equals this.
   */
  credentials_epoch: Generated<number>;
}

export interface SessionTable {
  /** SHA-256 of the session cookie's value; the value itself is never stored. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: IsoTime;
  expires_at: IsoTime;
  /** The user's credentials epoch when the session began (see UserTable.credentials_epoch). */
  credentials_epoch: number;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 of the token; the token itself is shown once. */
  token_hash: string;
  /** The first characters of the token, to tell tokens apart in a list. */
  prefix: string;
  created_at: IsoTime;
  last_used_at: IsoTime | null;
  revoked_at: IsoTime | null;
  /** The user's credentials epoch when the token was issued (see UserTable.credentials_epoch). */
  credentials_epoch: number;
}

/** A failed login, or one in flight (its row is removed when it succeeds); pruned once outside the window. */
export interface LoginFailureTable {
  id: Generated<number>;
  at: IsoTime;
  /** The client address (behind a trusted proxy, the forwarded one). */
  address: string;
  /** SHA-256 of the trimmed, lower-cased username, so a password typed into the username field is not kept. */
  account: string;
}

/**
 * A change to what a plan's document shows, not yet in its stored documents (plan_read_documents): added by triggers
 * on every table the document reads, deleted when the documents are written again (plans/plan-read-model.ts).
 */
export interface PlanReadDirtyTable {
  id: Generated<number>;
  plan_id: number;
}

/**
 * The plan's JSON as the API sends it, stored at write time: bytes on SQLite, brotli in base64 text on PostgreSQL
 * (plans/plan-read-model.ts, `storedForm`).
 */
export interface PlanReadDocumentTable {
  plan_id: number;
  /** For those who see notes and unpublished plans. */
  internal_body: Buffer | string;
  /** For the public: null while the plan is unpublished. */
  public_body: Buffer | string | null;
}

export interface PlanTable {
  id: Generated<number>;
  title: string;
  issuer: string | null;
  document_number: string | null;
  period_from: number | null;
  period_to: number | null;
  /** JSON array of strings. */
  references_json: string;
  /** active | archived */
  status: string;
  published: Flag;
  /** The text the plan was imported from; node and target spans point into it. */
  source_text: string;
  source_file_name: string | null;
  /** Increases with each confirmed re-import; every version is kept in plan_versions. */
  version: number;
  created_by: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  /**
   * Items with a lead unit, targets, and distinct units linked to items: kept by the writes that change a plan's
   * items (plansRepository.refreshCounts), so that lists need not count. Default 0 on insert.
   */
  task_count: Generated<number>;
  target_count: Generated<number>;
  unit_count: Generated<number>;
  /** The jurisdiction of the government that issued the plan; its unit names are resolved there. */
  area_id: number | null;
}

export interface PlanNodeTable {
  id: Generated<number>;
  plan_id: number;
  parent_id: number | null;
  /** Order among siblings, from 0. */
  position: number;
  /** Dotted position path from the root, e.g. "1.2.0": stable within one version of a plan. */
  path: string;
  label: string;
  /** section | task | measure */
  kind: string;
  title: string;
  body: string;
  span_start: number;
  span_end: number;
  /** A free note the responsible unit or the secretariat keeps on the item. */
  note: string;
  /**
   * Set when a re-import dropped the item: it leaves the current tree but keeps its id, note, unit links and
   * whatever else is attached to it, readable as a retired item.
   */
  retired_at: IsoTime | null;
  /** The plan version that no longer has the item. */
  retired_in_version: number | null;
  /** JSON of the item's completion deadline (`PlanDeadline`), or null when it states none. */
  deadline_json: string | null;
}

export interface PlanNodeUnitTable {
  id: Generated<number>;
  node_id: number;
  unit_id: number;
  /** lead | support */
  role: string;
  position: number;
}

export interface TargetTable {
  id: Generated<number>;
  plan_id: number;
  /** The plan node whose text states the target, when known. */
  node_id: number | null;
  position: number;
  indicator: string;
  /** > | >= | <= | < | about | = */
  comparator: string;
  value: number;
  unit: string;
  deadline_year: number | null;
  cumulative: Flag;
  text: string;
  span_start: number;
  span_end: number;
  /** As for plan items: a target a re-import dropped, kept with what is attached to it. */
  retired_at: IsoTime | null;
  retired_in_version: number | null;
  /** The indicator that measures this target, when linked. */
  indicator_id: number | null;
}

export interface ImportTable {
  id: Generated<number>;
  /** Set for a re-import of an existing plan. */
  plan_id: number | null;
  /** draft | confirmed | discarded */
  status: string;
  file_name: string | null;
  /** txt | html | docx | pasted */
  format: string;
  encoding: string | null;
  source_text: string;
  /** The PlanDraft (JSON) as parsed and then corrected by the reviewer. */
  draft_json: string;
  created_by: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  /** The plan the confirmation created or updated. */
  confirmed_plan_id: number | null;
  /** The jurisdiction the plan will belong to; the draft's unit names are resolved there. */
  area_id: number | null;
  /** How `area_id` was chosen: issuer (detected), plan (a re-import), home (the default), reviewer. */
  area_source: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: IsoTime;
  actor_user_id: number | null;
  /** The username (or "system", "cli") at the time of the write. */
  actor_label: string;
  /** E.g. plan.create, plan_node.update, unit.merge, user.create, import.confirm. */
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  /**
   * The row's place in the hash chain: 1, 2, 3 … without gaps (ids may have gaps). Null only for a row written
   * around the application, which `verifyAuditChain` reports. See audit/chain.ts.
   */
  seq: number | null;
  /** The previous row's `hash` (64 zeros for the first row). */
  prev_hash: string | null;
  /** SHA-256 (hex) over this row's content and `prev_hash`. */
  hash: string | null;
}

/**
 * One name and code under which an area (行政区划, GB/T 2260, or a functional zone) existed, and when: 双流县 510122
 * until 2015-12-03 and 双流区 510116 from then are two rows of one area (`area_key` 510116). Changes over time are
 * rows, not code.
 */
export interface AreaTable {
  id: Generated<number>;
  /** The stable key of the area across its versions: its current code, or its last one if it was abolished. */
  area_key: string;
  /** GB/T 2260 code (510116) or a local code for a functional zone (510100-Z01). */
  code: string;
  name: string;
  /** province | prefecture | district | county | county_city | functional_zone (core `AreaKind`). */
  level: string;
  /** 1 for a functional zone (高新区, 天府新区): not an administrative division. */
  functional: Flag;
  /** The parent area's row during this version, or null for a province. */
  parent_id: number | null;
  /** ISO dates; from inclusive, to exclusive; null = open. */
  valid_from: string | null;
  valid_to: string | null;
  /** JSON array of other names (成都高新区, 高新区). */
  aliases_json: string;
  /** 1 for the jurisdiction this installation serves: plans whose issuer names no area default to it. */
  home: Flag;
}

/** A confirmed version of a plan, as it was: what `GET /plans/:id/versions/:n` shows. */
export interface PlanVersionTable {
  id: Generated<number>;
  plan_id: number;
  version: number;
  source_text: string;
  source_file_name: string | null;
  /** JSON `PlanVersionSnapshot`: the plan's fields, item tree (with ids and units) and targets. */
  snapshot_json: string;
  confirmed_at: IsoTime;
  confirmed_by: number | null;
  /** The import whose confirmation made this version (null for versions backfilled from older data). */
  import_id: number | null;
}

/** A measured series (issue 8). Kinds, directions and frequencies are the core's words. */
export interface IndicatorTable {
  id: Generated<number>;
  /** A short stable code for formulas and exports (EC_TRADE), unique when set. */
  code: string | null;
  name: string;
  /** The normalised name (see indicators.repository `normalizeIndicatorName`); unique. */
  name_key: string;
  /** The base unit values are stored in: 元, %, 户 … */
  unit: string;
  /** higher | lower */
  direction: string;
  /** flow | stock | rate */
  kind: string;
  /** year | half | quarter | month */
  frequency: string;
  decimals: number | null;
  /** The unit that owns the indicator's data: its officers may enter figures for it. */
  owner_unit_id: number | null;
  /** A formula over other indicators (网络零售额 / 社会消费品零售总额 * 100), or null. */
  formula: string | null;
  /** A baseline set by hand; null = the latest figure before the plan's period. */
  baseline_value: number | null;
  baseline_period: string | null;
  created_by: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface IndicatorAliasTable {
  id: Generated<number>;
  indicator_id: number;
  alias: string;
  /** The normalised alias; unique, and never another indicator's name key (checked by the service). */
  alias_key: string;
}

export interface FigureImportTable {
  id: Generated<number>;
  file_name: string | null;
  /** SHA-256 (hex) of the file's bytes. */
  file_hash: string;
  /** csv | xlsx */
  format: string;
  row_count: number;
  /** Rows that were a revision of a figure already stored (or given twice in the file). */
  revision_count: number;
  entered_by: number | null;
  entered_by_label: string;
  entered_at: IsoTime;
}

export interface FigureTable {
  id: Generated<number>;
  indicator_id: number;
  /** The area's stable key in the core's area data (GB/T 2260 code or a functional zone's local code). */
  area_code: string;
  /** The core's canonical period text: 2015, 2015-S1, 2015-Q3, 2015-07, 2015-01/2015-09. */
  period: string;
  /** In the indicator's base unit. */
  value: number;
  /** exact | lower_bound | preliminary | estimated (the core's words; the API says more_than for lower_bound). */
  qualifier: string;
  source_url: string | null;
  source_document: string | null;
  quote: string | null;
  entered_by: number | null;
  /** The username (or "system", "cli", "demo") at the time. */
  entered_by_label: string;
  entered_at: IsoTime;
  /** Null for the figure in force; else the figure that displaced it. */
  superseded_by: number | null;
  import_id: number | null;
}

export type UnitRow = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type PlanRow = Selectable<PlanTable>;
export type PlanNodeRow = Selectable<PlanNodeTable>;
export type TargetRow = Selectable<TargetTable>;
export type ImportRow = Selectable<ImportTable>;
export type ImportUpdate = Updateable<ImportTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type AreaRow = Selectable<AreaTable>;
export type PlanVersionRow = Selectable<PlanVersionTable>;
export type IndicatorRow = Selectable<IndicatorTable>;
export type FigureRow = Selectable<FigureTable>;

/** The tables of delivery and supervision, in files of their own. */
export type * from './schema-delivery.js';
export type * from './schema-supervision.js';
