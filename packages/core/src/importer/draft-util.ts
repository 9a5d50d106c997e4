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

/**
 * What each character is to {@link firstSentenceEnd}, by code: 1 opens a nesting (the brackets of
 * {@link isOpenerCode}, 《, “), 2 closes one (the brackets of {@link isCloserCode}, 》, ”), 3 ends a sentence
 * (。！？!?), 0 is anything else — one lookup a character in the loop that every item's title is read with.
 */
const SENTENCE_CHAR = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (isOpenerCode(c) || c === 0x300a || c === 0x201c) SENTENCE_CHAR[c] = 1;
  else if (isCloserCode(c) || c === 0x300b || c === 0x201d) SENTENCE_CHAR[c] = 2;
}
for (const ch of '。！？!?') SENTENCE_CHAR[ch.charCodeAt(0)] = 3;

/** End of the first sentence in [s, e): the index of its 。！？ (outside brackets and quotes), or e. */
export function firstSentenceEnd(text: string, s: number, e: number): number {
  let depth = 0;
  for (let i = s; i < e; i++) {
    const kind = SENTENCE_CHAR[text.charCodeAt(i)];
    if (kind === 0) continue;
    if (kind === 1) depth++;
    else if (kind === 2) depth = Math.max(0, depth - 1);
    else if (depth === 0) return i;
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
