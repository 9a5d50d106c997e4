/**
 * Paragraphs of a plan: split at line breaks and at runs of full-width spaces, and — in a paragraph that is
 * really a whole document flattened onto one line (text copied from a web page often is) — before each inline
 * item label that continues the numbering: "一、总体要求（一）指导思想。……（二）工作目标。……二、重点任务（一）……".
 *
 * A label inside a line is accepted only when all of these hold, so that a reference such as "按照第（一）项"
 * or a list such as "一、二、三产业" is never taken for an item:
 * - it stands where an item can start: after a sentence end (。！？；), a colon, a closing bracket or quote, or
 *   right after the short heading of the label before it ("一、总体要求（一）指导思想");
 * - it is not preceded by a word that cites (第, 按, 照, 和, 及, 、 …) nor followed by one (项, 款, 条 …);
 * - it continues a sequence: the next ordinal of its own style, or 1 when a label of a higher rank came since.
 * A paragraph is split only when it is long or holds a whole numbered level (一、 and 二、), so an ordinary
 * paragraph listing "1.…；2.…" inline keeps its shape.
 */
import { matchLabel, type ItemLabel } from './structure.js';
import { isSpaceCode, trimRange, type Paragraph } from './text-util.js';

/** A paragraph this long holding inline labels is a flattened document, not one paragraph of prose. */
const FLATTENED_LENGTH = 700;
/** How far a heading may run from its label to the next label without punctuation ("一、总体要求（一）"). */
const HEADING_REACH = 40;

/** The last two characters of a document title. */
const TITLE_END = /^(?:方案|意见|通知|措施|计划|规划|要点|办法|细则|预案|纲要|决定|举措)$/;
/** Characters after which a new item may start. */
const ITEM_BOUNDARY = new Set([...'。！？!?；;：:）)”」』】〕']);
/** Words that cite a label rather than open an item. */
const CITING_BEFORE = new Set([...'第按照见和及与、至或本条款项即如']);
/** Characters a label can start with (the same as in structure.ts), by code. */
const LABEL_START = new Uint8Array(0x10000);
for (const ch of '第一二三四五六七八九十（(0123456789０１２３４５６７８９') LABEL_START[ch.charCodeAt(0)] = 1;
for (const [from, to] of [
  [0x2460, 0x2473],
  [0x2474, 0x2487],
  [0x2776, 0x277f],
  [0x3220, 0x3229],
] as const)
  for (let c = from; c <= to; c++) LABEL_START[c] = 1;

/**
 * Splits text into paragraphs at line breaks and at runs of two or more full-width spaces, then splits flattened
 * paragraphs before their inline item labels. Offsets point into `text`.
 */
export function splitParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  const push = (s: number, e: number) => {
    const r = trimRange(text, s, e);
    if (r) out.push({ start: r[0], end: r[1], text: text.slice(r[0], r[1]) });
  };
  const pushSplit = (s: number, e: number) => {
    const r = trimRange(text, s, e);
    if (!r) return;
    const cuts = inlineLabelStarts(text, r[0], r[1]);
    let from = r[0];
    for (const c of cuts) {
      push(from, c);
      from = c;
    }
    push(from, r[1]);
  };
  // The regular-expression engine finds breaks far faster than a character loop.
  const breaks = /[\n\r\u2028\u2029]|\u3000{2,}/g;
  let segStart = 0;
  let m: RegExpExecArray | null;
  while ((m = breaks.exec(text)) !== null) {
    pushSplit(segStart, m.index);
    segStart = m.index + m[0].length;
  }
  pushSplit(segStart, text.length);
  return out;
}

/** The paragraph start offsets of {@link splitParagraphs} that are not at a line break (inline item labels). */
export function inlineParagraphStarts(text: string): number[] {
  const out: number[] = [];
  const breaks = /[\n\r\u2028\u2029]|\u3000{2,}/g;
  let segStart = 0;
  let m: RegExpExecArray | null;
  while ((m = breaks.exec(text)) !== null) {
    out.push(...inlineLabelStarts(text, segStart, m.index));
    segStart = m.index + m[0].length;
  }
  out.push(...inlineLabelStarts(text, segStart, text.length));
  return out;
}

interface Accepted {
  at: number;
  end: number;
  label: ItemLabel;
}

/** Offsets in (start, end) where an inline item label opens a new paragraph; [] for an ordinary paragraph. */
export function inlineLabelStarts(text: string, start: number, end: number): number[] {
  if (end - start < 60) return [];
  const accepted: Accepted[] = [];
  // The last ordinal accepted per style, and the index in `accepted` at which it was.
  const lastOf = new Map<string, { ordinal: number; index: number; path?: number[] }>();
  const first = matchLabel(text.slice(start, start + 16));
  if (first) {
    accepted.push({ at: start, end: start + first.length, label: first });
    lastOf.set(first.style, { ordinal: first.ordinal, index: 0, path: first.path });
  }
  const cuts: number[] = [];
  for (let i = start + 1; i < end; i++) {
    if (LABEL_START[text.charCodeAt(i)] !== 1) continue;
    // Cheap tests first: most numerals are words (统一, 一体化) and most places are mid-sentence.
    const before = previousNonSpace(text, i, start);
    const prevCode = before < start ? -1 : text.charCodeAt(before);
    const last = accepted[accepted.length - 1];
    const atBoundary =
      (prevCode >= 0 && ITEM_BOUNDARY.has(String.fromCharCode(prevCode))) ||
      // "…实施方案一、总体要求": a title printed straight before the first item.
      (accepted.length === 0 && TITLE_END.test(text.slice(Math.max(start, before - 1), before + 1)));
    if (!atBoundary && (last === undefined || i - last.end > HEADING_REACH)) continue;
    const label = matchLabel(text.slice(i, i + 16));
    if (!label) continue;
    if (label.style === 'ar-dot' || label.style === 'decimal' || label.style === 'ar-paren') {
      if (isDigitCode(prevCode) || prevCode === 0x2e || prevCode === 0xff0e) continue;
    }
    const prevChar = prevCode < 0 ? '' : String.fromCharCode(prevCode);
    if (CITING_BEFORE.has(prevChar)) continue;
    if (/^[项款条目中所]/.test(text.slice(i + label.label.length, i + label.label.length + 1))) continue;
    const afterHeading =
      last !== undefined &&
      i - last.end <= HEADING_REACH &&
      !/[。！？；;，,]/.test(text.slice(last.end, i)) &&
      (label.rank > last.label.rank || label.style === last.label.style);
    if (!atBoundary && !afterHeading) continue;
    if (!continuesSequence(label, lastOf, accepted)) continue;
    accepted.push({ at: i, end: i + label.length, label });
    lastOf.set(label.style, { ordinal: label.ordinal, index: accepted.length - 1, path: label.path });
    cuts.push(i);
    i += label.length - 1;
  }
  if (cuts.length < 2) return [];
  const topLevel = accepted.filter((a) => a.label.rank <= 0).length;
  const ranks = new Set(accepted.map((a) => a.label.rank));
  if (end - start < FLATTENED_LENGTH && topLevel < 2 && ranks.size < 2) return [];
  return cuts;
}

function previousNonSpace(text: string, i: number, floor: number): number {
  let k = i - 1;
  while (k >= floor && isSpaceCode(text.charCodeAt(k))) k--;
  return k;
}

function isDigitCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
}

/**
 * True when `label` continues the numbering: the next ordinal of its style (items may be numbered on across
 * sections), or 1 when its style has not been seen since a label of a higher rank. Decimal headings continue
 * their path: 1.2 after 1.1, 1.2.1 after 1.2, 2 after 1.3.
 */
function continuesSequence(
  label: ItemLabel,
  lastOf: ReadonlyMap<string, { ordinal: number; index: number; path?: number[] }>,
  accepted: readonly Accepted[],
): boolean {
  const last = lastOf.get(label.style);
  if (label.style === 'decimal') {
    const path = label.path ?? [];
    const prev = last?.path;
    if (!prev) return path.every((x) => x === 1);
    // A child (prev + [1]), a sibling (same prefix, last + 1) or a sibling of an ancestor.
    for (let depth = 0; depth <= prev.length; depth++) {
      const stem = prev.slice(0, depth);
      if (depth === prev.length) {
        if (path.length === depth + 1 && samePrefix(path, stem) && path[depth] === 1) return true;
      } else if (
        path.length === depth + 1 &&
        samePrefix(path, stem) &&
        path[depth] === (prev[depth] ?? 0) + 1
      )
        return true;
    }
    return false;
  }
  if (!last) return label.ordinal === 1;
  if (label.ordinal === last.ordinal + 1) return true;
  if (label.ordinal !== 1) return false;
  // A fresh list of this style starts under a label of a higher rank accepted since its last item.
  for (let k = last.index + 1; k < accepted.length; k++)
    if (accepted[k]!.label.rank < label.rank) return true;
  return false;
}

function samePrefix(path: readonly number[], stem: readonly number[]): boolean {
  for (let k = 0; k < stem.length; k++) if (path[k] !== stem[k]) return false;
  return true;
}
