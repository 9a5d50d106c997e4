import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

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
  plans: PlanTable;
  plan_nodes: PlanNodeTable;
  plan_node_units: PlanNodeUnitTable;
  targets: TargetTable;
  imports: ImportTable;
  audit_log: AuditLogTable;
  indicators: IndicatorTable;
  indicator_aliases: IndicatorAliasTable;
  figure_imports: FigureImportTable;
  figures: FigureTable;
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
}

export interface SessionTable {
  /** SHA-256 of the session cookie's value; the value itself is never stored. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: IsoTime;
  expires_at: IsoTime;
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
  /** Increases with each confirmed re-import. */
  version: number;
  created_by: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
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
export type IndicatorRow = Selectable<IndicatorTable>;
export type FigureRow = Selectable<FigureTable>;
