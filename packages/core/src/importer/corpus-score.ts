import type { PlanDraft, PlanNodeDraft, TaskDeadline, UnitMention } from '../types.js';

/** The hand-checked expectation for one corpus document (see packages/core/fixtures/corpus/README.md). */
export interface CorpusExpectation {
  title: string;
  issuer: string | null;
  issuers?: string[];
  period: { from: number; to: number } | null;
  sections: number;
  tasks_with_lead_units: number;
  lead_units: string[];
  co_units: string[];
  /** Per statement: the item it belongs to, its exact text, its lead and supporting units. */
  lead_unit_statements?: { task: string; text: string; lead: string[]; co: string[] }[];
  /** Per item with a stated completion deadline. */
  deadlines?: {
    task: string;
    kind: TaskDeadline['kind'];
    date?: string;
    months?: number;
    days?: number;
    every?: string;
    text: string;
  }[];
  targets: {
    indicator: string;
    comparator: string;
    value: number;
    unit: string;
    deadline_year: number | null;
    text: string;
  }[];
}

/** True positives, false positives and false negatives of one comparison. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface DocumentScore {
  /** Distinct lead / supporting units of the whole document. */
  leadUnits: Counts;
  supportUnits: Counts;
  /** Lead / supporting units per statement: (statement, unit) pairs; a unit outside every statement is a fp. */
  statementLeads: Counts;
  statementSupports: Counts;
  /** Statements whose units sit on the item the expectation names (by its numbering path). */
  statementItems: Counts;
  /** Targets matched on comparator, value, unit and deadline year. */
  targets: Counts;
  /** Item deadlines matched on kind, value and phrase. */
  deadlines: Counts;
  tasks: Counts;
  title: boolean;
  issuer: boolean;
  period: boolean;
  sections: { expected: number; actual: number };
}

/** Precision, recall and F1 of counts; an empty comparison (nothing expected, nothing found) scores 1. */
export function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

function setCounts(actual: Iterable<string>, expected: Iterable<string>): Counts {
  const a = new Set(actual);
  const e = new Set(expected);
  let tp = 0;
  for (const x of a) if (e.has(x)) tp++;
  return { tp, fp: a.size - tp, fn: e.size - tp };
}

/** Counts of two multisets of keys. */
function bagCounts(actual: readonly string[], expected: readonly string[]): Counts {
  const left = new Map<string, number>();
  for (const k of expected) left.set(k, (left.get(k) ?? 0) + 1);
  let tp = 0;
  for (const k of actual) {
    const n = left.get(k) ?? 0;
    if (n > 0) {
      tp++;
      left.set(k, n - 1);
    }
  }
  return { tp, fp: actual.length - tp, fn: expected.length - tp };
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Walks a node tree depth first. */
export function* walkNodes(nodes: readonly PlanNodeDraft[]): Generator<PlanNodeDraft> {
  for (const n of nodes) {
    yield n;
    yield* walkNodes(n.children);
  }
}

/**
 * An item's path as the numerals of its labels ("二、（四）" → "二四", "一、" + 3rd unnumbered task → "一3"), so
 * that the corpus's ids ("二(四)", "一/3", "一1") compare with the draft's.
 */
export function normalizeItemId(id: string): string {
  return id.replace(/[^一二三四五六七八九十百零〇0-9０-９.．附件/]/g, '').replace(/[/．.]/g, '');
}

/** Each node with the numbering path the corpus uses for it. */
function* nodesWithIds(nodes: readonly PlanNodeDraft[], path = ''): Generator<[PlanNodeDraft, string]> {
  let unnamed = 0;
  for (const n of nodes) {
    const id = n.label === '' ? `${path}/${++unnamed}` : `${path}${n.label}`;
    yield [n, id];
    yield* nodesWithIds(n.children, id);
  }
}

/** Where each expected statement stands in the text: its occurrences found in order. */
function locate(text: string, statements: readonly { text: string }[]): ([number, number] | null)[] {
  let from = 0;
  return statements.map((st) => {
    let at = text.indexOf(st.text, from);
    if (at < 0) at = text.indexOf(st.text);
    if (at < 0) return null;
    from = at + 1;
    return [at, at + st.text.length];
  });
}

function scoreStatements(
  draft: PlanDraft,
  expected: CorpusExpectation,
  text: string,
): { leads: Counts; supports: Counts; items: Counts } {
  const statements = expected.lead_unit_statements ?? [];
  const where = locate(text, statements);
  const mentions: { m: UnitMention; id: string }[] = [];
  for (const [n, id] of nodesWithIds(draft.nodes)) for (const m of n.unitMentions) mentions.push({ m, id });
  const used = new Set<UnitMention>();
  const leads: Counts = { tp: 0, fp: 0, fn: 0 };
  const supports: Counts = { tp: 0, fp: 0, fn: 0 };
  const items: Counts = { tp: 0, fp: 0, fn: 0 };
  statements.forEach((st, k) => {
    const span = where[k];
    const inside = span
      ? mentions.filter(({ m }) => m.span[0] >= span[0] && m.span[1] <= span[1] && !used.has(m))
      : [];
    for (const { m } of inside) used.add(m);
    const add = (c: Counts, got: string[], want: string[]) => {
      const r = setCounts(got, want);
      c.tp += r.tp;
      c.fp += r.fp;
      c.fn += r.fn;
    };
    add(
      leads,
      inside.filter((x) => x.m.role === 'lead').map((x) => x.m.name),
      st.lead,
    );
    add(
      supports,
      inside.filter((x) => x.m.role === 'support').map((x) => x.m.name),
      st.co,
    );
    // Items of an annex table are named by the corpus in its own way; only body items are compared.
    if (st.task.startsWith('附件')) return;
    const ids = new Set(inside.map((x) => normalizeItemId(x.id)));
    if (ids.size === 1 && ids.has(normalizeItemId(st.task))) items.tp++;
    else {
      items.fn++;
      if (ids.size > 0) items.fp++;
    }
  });
  // Units named where no statement is expected.
  for (const { m } of mentions) {
    if (used.has(m)) continue;
    if (m.role === 'lead') leads.fp++;
    else supports.fp++;
  }
  return { leads, supports, items };
}

function deadlineKey(d: {
  kind: string;
  date?: string;
  months?: number;
  days?: number;
  every?: string;
  text: string;
}): string {
  return `${d.kind}|${d.date ?? ''}|${d.months ?? ''}|${d.days ?? ''}|${d.every ?? ''}|${d.text}`;
}

/**
 * Scores a draft against its expectation: distinct units; units per statement and the item each statement
 * belongs to; targets on comparator, value, unit and deadline year (each expected target matched at most once);
 * item deadlines; tasks (nodes that carry lead units); title, issuers, period and sections exactly.
 */
export function scoreDocument(draft: PlanDraft, expected: CorpusExpectation, text = ''): DocumentScore {
  const remaining = [...expected.targets];
  let tp = 0;
  for (const t of draft.targets) {
    const i = remaining.findIndex(
      (e) =>
        e.comparator === t.comparator &&
        e.unit === t.unit &&
        sameValue(e.value, t.value) &&
        e.deadline_year === t.deadlineYear,
    );
    if (i >= 0) {
      remaining.splice(i, 1);
      tp++;
    }
  }
  const targets = { tp, fp: draft.targets.length - tp, fn: remaining.length };
  const taskCount = [...walkNodes(draft.nodes)].filter((n) => n.leadUnits.length > 0).length;
  const taskTp = Math.min(taskCount, expected.tasks_with_lead_units);
  const st = scoreStatements(draft, expected, text);
  const gotDeadlines = [...walkNodes(draft.nodes)].flatMap((n) =>
    n.deadline ? [deadlineKey(n.deadline)] : [],
  );
  const wantIssuer = expected.issuers ? expected.issuers.join('、') : expected.issuer;
  return {
    leadUnits: setCounts(draft.units, expected.lead_units),
    supportUnits: setCounts(draft.supportUnits, expected.co_units),
    statementLeads: st.leads,
    statementSupports: st.supports,
    statementItems: st.items,
    targets,
    deadlines: bagCounts(gotDeadlines, (expected.deadlines ?? []).map(deadlineKey)),
    tasks: { tp: taskTp, fp: taskCount - taskTp, fn: expected.tasks_with_lead_units - taskTp },
    // null in the corpus: the text has no title line, and the draft says so with an empty title.
    title: draft.title === (expected.title ?? ''),
    issuer: (draft.issuer ?? null) === (wantIssuer || null),
    period: JSON.stringify(draft.period) === JSON.stringify(expected.period),
    // An annex that is a task list is a top-level node of its own (附件, 附件1), not a section of the body.
    sections: {
      expected: expected.sections,
      actual: draft.nodes.filter((n) => !n.label.startsWith('附件')).length,
    },
  };
}
