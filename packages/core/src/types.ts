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

/**
 * How an item's completion deadline is stated: a `date` (2020年底前, 2021年6月底前), `relative` to the plan's
 * issue date (印发后3个月内), `recurring` (每年, 每季度) or `ongoing` (长期坚持, 持续推进).
 */
export type DeadlineKind = 'date' | 'relative' | 'recurring' | 'ongoing';

/** An item's completion deadline as the text states it. */
export interface TaskDeadline {
  kind: DeadlineKind;
  /**
   * `date` only: the last day allowed, as precise as the text is — "YYYY" (2020年底前), "YYYY-MM" (2021年6月底前)
   * or "YYYY-MM-DD" (2020年6月30日前).
   */
  date?: string;
  /** `relative` only: months after the issue date (印发后3个月内 → 3); days are given as `days` instead. */
  months?: number;
  /** `relative` only: days after the issue date (印发之日起30日内 → 30). */
  days?: number;
  /** `recurring` only: how often (每年 → "year", 每半年 → "half-year", 每季度 → "quarter", 每月 → "month"). */
  every?: 'year' | 'half-year' | 'quarter' | 'month';
  /** The phrase as written, e.g. "2020年底前". */
  text: string;
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
  /** The completion deadline stated in the item's own text (not its children's), or null. */
  deadline: TaskDeadline | null;
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
  /** The plan's own title: for a covering notice (关于印发X的通知), the title of the plan X it wraps. */
  title: string;
  /** The issuers joined with 、 (a joint notice names several); null when the text states none. */
  issuer: string | null;
  /** Every issuer, in the order written: ["广州市卫生健康委员会", "广州市财政局", …]; [] when none is stated. */
  issuers: string[];
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
