/**
 * The importer's output contract. `docs/plan-draft.schema.json` is the JSON Schema of `PlanDraft`; keep the two
 * in step (a test checks the CLI output against the schema).
 */

/** Start (inclusive) and end (exclusive) UTF-16 offsets into the text the importer was given. */
export type Span = [start: number, end: number];

export type NodeKind = 'section' | 'task' | 'measure';

/** `>` 突破/超过/高于/大于, `>=` 达到/不低于/不少于/…以上, `<=` 不超过/控制在…以内, `about` 约/左右, `=` a bare figure. */
export type Comparator = '>' | '>=' | '<=' | '<' | 'about' | '=';

export interface LocalizedText {
  zh: string;
  en: string;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** Something the importer could not place. The importer never throws; it reports. */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** Stable code, e.g. `NO_STRUCTURE`, `UNIT_STATEMENT_UNPARSED`. */
  code: string;
  message: LocalizedText;
  span: Span | null;
}

export type UnitRole = 'lead' | 'support';

/** One unit named in a unit statement, with where it stands in the input. */
export interface UnitMention {
  name: string;
  role: UnitRole;
  span: Span;
}

export interface PlanNodeDraft {
  /** The numbering as written: "一、", "（二）", "3.", "(1)", "①"; "" for an unnumbered item. */
  label: string;
  kind: NodeKind;
  /** The heading sentence (without label and without the unit statement). */
  title: string;
  /** The item's own body text after the title (without children), possibly "". */
  body: string;
  leadUnits: string[];
  supportUnits: string[];
  unitMentions: UnitMention[];
  /** The whole item including its children. */
  span: Span;
  children: PlanNodeDraft[];
}

export interface TargetDraft {
  /** What is measured, e.g. "电子商务交易额", "网络零售额占社会消费品零售总额比重". */
  indicator: string;
  comparator: Comparator;
  /** In base units: 6000亿元 → 600000000000 (unit "元"); 70% → 70 (unit "%"). */
  value: number;
  /** The unit without magnitude: 元, %, 户, 家, 个, 人, 个百分点 … ("" when none). */
  unit: string;
  deadlineYear: number | null;
  /** True when the value counts a running total (累计). */
  cumulative: boolean;
  /** The exact phrase of the target as written. */
  text: string;
  span: Span;
}

export interface PlanPeriod {
  from: number;
  to: number;
}

export interface PlanDraft {
  title: string;
  issuer: string | null;
  /** E.g. "赣府厅发〔2020〕7号" when the document states its own number. */
  documentNumber: string | null;
  period: PlanPeriod | null;
  /** Referenced documents: 《…》 titles and document numbers such as 发改办高技〔2013〕894号. */
  references: string[];
  nodes: PlanNodeDraft[];
  /** Distinct lead units as written, in order of first appearance. */
  units: string[];
  /** Distinct supporting units as written, in order of first appearance. */
  supportUnits: string[];
  targets: TargetDraft[];
  diagnostics: Diagnostic[];
}
