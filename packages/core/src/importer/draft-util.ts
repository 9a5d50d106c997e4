/**
 * Small helpers shared by the steps that build a plan draft.
 */
import type { Diagnostic, PlanNodeDraft, Span, UnitMention } from '../types.js';
import { isCloserCode, isOpenerCode } from './text-util.js';

export function diag(
  severity: Diagnostic['severity'],
  code: string,
  zh: string,
  en: string,
  span: Span | null,
): Diagnostic {
  return { severity, code, message: { zh, en }, span };
}

export function distinct(names: Iterable<string>): string[] {
  return [...new Set(names)];
}

/** End of the first sentence in [s, e): the index of its 。！？ (outside brackets and quotes), or e. */
export function firstSentenceEnd(text: string, s: number, e: number): number {
  let depth = 0;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (isOpenerCode(c) || c === 0x300a || c === 0x201c) depth++;
    else if (isCloserCode(c) || c === 0x300b || c === 0x201d) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x21 || c === 0x3f))
      return i;
  }
  return e;
}

export function firstSentence(s: string): string {
  const i = firstSentenceEnd(s, 0, s.length);
  return s.slice(0, i);
}

/** Adds `mentions` to a node: its mentions, and their names to its lead or supporting units, each name once. */
export function nodeFromMentions(node: PlanNodeDraft, mentions: readonly UnitMention[]): void {
  const lead = new Set(node.leadUnits);
  const support = new Set(node.supportUnits);
  for (const m of mentions) {
    node.unitMentions.push(m);
    if (m.role === 'lead') lead.add(m.name);
    else if (m.role === 'support') support.add(m.name);
  }
  node.leadUnits = [...lead];
  node.supportUnits = [...support];
}
