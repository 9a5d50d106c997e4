import type { PlanDraft, PlanNodeDraft } from '../types.js';

/** The hand-checked expectation for one corpus document (see ../shared/corpus/README.md). */
export interface CorpusExpectation {
  title: string;
  issuer: string | null;
  period: { from: number; to: number } | null;
  sections: number;
  tasks_with_lead_units: number;
  lead_units: string[];
  co_units: string[];
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
  leadUnits: Counts;
  supportUnits: Counts;
  targets: Counts;
  tasks: Counts;
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
 * Scores a draft against its expectation. A target matches when comparator, value and unit agree (each
 * expected target matched at most once); tasks compare the number of nodes that carry lead units.
 */
export function scoreDocument(draft: PlanDraft, expected: CorpusExpectation): DocumentScore {
  const remaining = [...expected.targets];
  let tp = 0;
  for (const t of draft.targets) {
    const i = remaining.findIndex(
      (e) => e.comparator === t.comparator && e.unit === t.unit && sameValue(e.value, t.value),
    );
    if (i >= 0) {
      remaining.splice(i, 1);
      tp++;
    }
  }
  const targets = { tp, fp: draft.targets.length - tp, fn: remaining.length };
  const taskCount = [...walkNodes(draft.nodes)].filter((n) => n.leadUnits.length > 0).length;
  const taskTp = Math.min(taskCount, expected.tasks_with_lead_units);
  return {
    leadUnits: setCounts(draft.units, expected.lead_units),
    supportUnits: setCounts(draft.supportUnits, expected.co_units),
    targets,
    tasks: { tp: taskTp, fp: taskCount - taskTp, fn: expected.tasks_with_lead_units - taskTp },
    sections: { expected: expected.sections, actual: draft.nodes.length },
  };
}
