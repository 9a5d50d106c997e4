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
/** The shortest paragraph looked at for inline items: a few items with their headings and sentences. */
const MIN_FLATTENED = 160;
/**
 * The same for a text with no line break at all, which can only be a flattened document however short: a short
 * plan pasted from a web page ("××方案 一、目标 …。 二、任务 （一）…。（二）…。") still has its items.
 */
const MIN_FLATTENED_ONE_LINE = 40;
/** How far a heading may run from its label to the next label without punctuation ("一、总体要求（一）"). */
const HEADING_REACH = 40;

/** The last two characters of a document title. */
const TITLE_END = /^(?:方案|意见|通知|措施|计划|规划|要点|办法|细则|预案|纲要|决定|举措)$/;
/** Characters after which a new item may start. */
const ITEM_BOUNDARY = new Uint8Array(0x10000);
for (const ch of '。！？!?；;：:）)”」』】〕') ITEM_BOUNDARY[ch.charCodeAt(0)] = 1;
/** Words after a label that make it a citation: 第（一）项, 一、款. */
const CITING_AFTER = /^[项款条目中所]/;
/** Punctuation that ends a clause: a heading runs to the next label without any. */
const CLAUSE_END = /[。！？；;，,]/;
/** Words that cite a label rather than open an item. */
const CITING_BEFORE = new Set([...'第按照见和及与、至或本条款项即如']);
/** Where a label could start: a numeral before 、/．, an opening bracket before a numeral, digits, 第, ①… */
export const CANDIDATE =
  /[一二三四五六七八九十百零〇两]{1,4}[、．.]|[（(][ \u3000]*[一二三四五六七八九十0-9０-９]|[0-9０-９]{1,3}[.．、）) \u3000\t]|第[一二三四五六七八九十0-9]|[\u2460-\u2487\u2776-\u277f\u3220-\u3229]/g;
/** The characters a {@link CANDIDATE} match can open on. */
const CANDIDATE_FIRST = new Uint8Array(0x10000);
for (const ch of '一二三四五六七八九十百零〇两（(0123456789０１２３４５６７８９第')
  CANDIDATE_FIRST[ch.charCodeAt(0)] = 1;
for (const [a, b] of [
  [0x2460, 0x2487],
  [0x2776, 0x277f],
  [0x3220, 0x3229],
] as const)
  for (let c = a; c <= b; c++) CANDIDATE_FIRST[c] = 1;

/**
 * The next match of {@link CANDIDATE} in `text` that starts at or after `from` and before `end`: its offset, with
 * the offset after it in `candidateEnd`; -1 when there is none. Same matches as `CANDIDATE.exec` from `from`, but
 * read by character code ({@link candidateAt}): most characters open no match, and most numerals and figures that
 * do are words (统一) or years (2020年), where a call of the regular-expression engine would cost more than the
 * few codes that rule them out.
 */
export function nextCandidate(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (CANDIDATE_FIRST[text.charCodeAt(i)] !== 1) continue;
    const e = candidateAt(text, i);
    if (e >= 0) {
      candidateEnd = e;
      return i;
    }
  }
  return -1;
}

/** Full-width or ASCII digit. */
function isDigitOfEitherWidth(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
}

/**
 * Where a match of {@link CANDIDATE} at `i` ends, or -1: its alternatives open on distinct characters, and each
 * reads as a run and the character after it (the patterns' repeats can give back nothing that would let the
 * character after match).
 */
function candidateAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  // 一、 二． 十一. — one to four numerals, then 、．.
  if (CN_NUMERAL[c] === 1) {
    let k = i + 1;
    while (k - i < 5 && CN_NUMERAL[text.charCodeAt(k)] === 1) k++;
    const d = text.charCodeAt(k);
    return k - i <= 4 && (d === 0x3001 || d === 0xff0e || d === 0x2e) ? k + 1 : -1;
  }
  // （一 (1 （ 3 — a round opener, blanks, a numeral or a digit.
  if (c === 0xff08 || c === 0x28) {
    let k = i + 1;
    while (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x3000) k++;
    const d = text.charCodeAt(k);
    return BRACKETED_NUMERAL[d] === 1 || isDigitOfEitherWidth(d) ? k + 1 : -1;
  }
  // 1. 2、 3） 4 — one to three digits, then a dot, 、, a closing bracket or a blank.
  if (isDigitOfEitherWidth(c)) {
    let k = i + 1;
    while (k - i < 4 && isDigitOfEitherWidth(text.charCodeAt(k))) k++;
    const d = text.charCodeAt(k);
    return k - i <= 3 &&
      (d === 0x2e ||
        d === 0xff0e ||
        d === 0x3001 ||
        d === 0xff09 ||
        d === 0x29 ||
        d === 0x20 ||
        d === 0x3000 ||
        d === 9)
      ? k + 1
      : -1;
  }
  // 第一 第3 — 第 and a numeral up to 十 or an ASCII digit.
  if (c === 0x7b2c) {
    const d = text.charCodeAt(i + 1);
    return BRACKETED_NUMERAL[d] === 1 || (d >= 48 && d <= 57) ? i + 2 : -1;
  }
  // ① ⑴ ⒈ ❶ ㈠ — one character.
  return i + 1;
}

/** 一 … 十: the numerals CANDIDATE accepts after a round opener and after 第. */
const BRACKETED_NUMERAL = new Uint8Array(0x10000);
for (const ch of '一二三四五六七八九十') BRACKETED_NUMERAL[ch.charCodeAt(0)] = 1;

/** Where the match {@link nextCandidate} last returned ends. */
export let candidateEnd = 0;

/**
 * Where `text` breaks into lines: the offsets and lengths of each line break and each run of two or more
 * full-width spaces, flat ([at, length, at, length, …]). Both {@link inlineParagraphStarts} and
 * {@link splitParagraphs} walk these; a caller that needs both finds them once and hands them to each.
 */
export function paragraphBreaks(text: string): number[] {
  const out: number[] = [];
  // The regular-expression engine finds breaks far faster than a character loop.
  const breaks = /[\n\r\u2028\u2029]|\u3000{2,}/g;
  let m: RegExpExecArray | null;
  while ((m = breaks.exec(text)) !== null) out.push(m.index, m[0].length);
  return out;
}

/**
 * Splits text into paragraphs at line breaks and at runs of two or more full-width spaces, then splits flattened
 * paragraphs before their inline item labels (`inlineStarts`, computed when not given). Offsets point into `text`.
 * `breaks` are `paragraphBreaks(text)`, when the caller has them already.
 */
export function splitParagraphs(
  text: string,
  inlineStarts?: readonly number[],
  breaks: readonly number[] = paragraphBreaks(text),
): Paragraph[] {
  const cuts = inlineStarts ?? inlineParagraphStarts(text, breaks);
  const out: Paragraph[] = [];
  const push = (s: number, e: number) => {
    const r = trimRange(text, s, e);
    if (r) out.push({ start: r[0], end: r[1], text: text.slice(r[0], r[1]) });
  };
  let k = 0;
  const pushSplit = (s: number, e: number) => {
    let from = s;
    while (k < cuts.length && cuts[k]! < e) {
      const c = cuts[k++]!;
      if (c <= from) continue;
      push(from, c);
      from = c;
    }
    push(from, e);
  };
  let segStart = 0;
  for (let b = 0; b < breaks.length; b += 2) {
    pushSplit(segStart, breaks[b]!);
    segStart = breaks[b]! + breaks[b + 1]!;
  }
  pushSplit(segStart, text.length);
  return out;
}

/**
 * The paragraph start offsets of {@link splitParagraphs} that are not at a line break (inline item labels).
 * `breaks` are `paragraphBreaks(text)`, when the caller has them already.
 */
export function inlineParagraphStarts(
  text: string,
  breaks: readonly number[] = paragraphBreaks(text),
): number[] {
  const out: number[] = [];
  // A break that is no run of full-width spaces is a line break: a text without one is a flattened document.
  let lines = false;
  for (let b = 0; b < breaks.length && !lines; b += 2) lines = text.charCodeAt(breaks[b]!) !== 0x3000;
  const shortest = lines ? MIN_FLATTENED : MIN_FLATTENED_ONE_LINE;
  let segStart = 0;
  for (let b = 0; b < breaks.length; b += 2) {
    out.push(...inlineLabelStarts(text, segStart, breaks[b]!, shortest));
    segStart = breaks[b]! + breaks[b + 1]!;
  }
  out.push(...inlineLabelStarts(text, segStart, text.length, shortest));
  return out;
}

interface Accepted {
  at: number;
  end: number;
  label: ItemLabel;
}

/**
 * Offsets in (start, end) where an inline item label opens a new paragraph; [] for an ordinary paragraph. A
 * paragraph shorter than `shortest` is not looked at.
 */
export function inlineLabelStarts(
  text: string,
  start: number,
  end: number,
  shortest = MIN_FLATTENED,
): number[] {
  // A whole document on one line is long; most paragraphs are not and need no look for inline items.
  if (end - start < shortest) return [];
  const accepted: Accepted[] = [];
  // The last ordinal accepted per style, and the index in `accepted` at which it was.
  const lastOf = new Map<string, { ordinal: number; index: number; path?: number[] }>();
  const first = matchLabel(text.slice(start, start + 16));
  if (first) {
    accepted.push({ at: start, end: start + first.length, label: first });
    lastOf.set(first.style, { ordinal: first.ordinal, index: 0, path: first.path });
  }
  const cuts: number[] = [];
  let from = start + 1;
  // Only the places where a label could start are looked at (nextCandidate).
  for (let i = nextCandidate(text, start + 1, end); i >= 0; i = nextCandidate(text, from, end)) {
    from = candidateEnd;
    if (!mayStartLabel(text, i)) continue;
    // Cheap tests first: most numerals are words (统一, 一体化) and most places are mid-sentence.
    const before = previousNonSpace(text, i, start);
    const prevCode = before < start ? -1 : text.charCodeAt(before);
    const last = accepted[accepted.length - 1];
    const atBoundary =
      (prevCode >= 0 && ITEM_BOUNDARY[prevCode] === 1) ||
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
    if (CITING_AFTER.test(text.slice(i + label.label.length, i + label.label.length + 1))) continue;
    const afterHeading =
      last !== undefined &&
      i - last.end <= HEADING_REACH &&
      !CLAUSE_END.test(text.slice(last.end, i)) &&
      (label.rank > last.label.rank || label.style === last.label.style);
    if (!atBoundary && !afterHeading) continue;
    if (!continuesSequence(label, lastOf, accepted)) continue;
    accepted.push({ at: i, end: i + label.length, label });
    lastOf.set(label.style, { ordinal: label.ordinal, index: accepted.length - 1, path: label.path });
    cuts.push(i);
    from = i + label.length;
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

/** 一二三…十 and their neighbours of a 一、 label; （ and ( of a bracketed one; digits; 第 of 第一章. */
const CN_NUMERAL = new Uint8Array(0x10000);
for (const ch of '一二三四五六七八九十百零〇两') CN_NUMERAL[ch.charCodeAt(0)] = 1;

/**
 * A cheap test of the characters after `i` that every label needs (一、 → a 、 within four characters, （一） →
 * a numeral after the bracket, 1. → a dot, 、, bracket or blank after the digits), so that the label patterns run
 * only where a label can stand: most numerals in prose are words (统一, 一体化) or figures.
 */
function mayStartLabel(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (CN_NUMERAL[c] === 1) {
    for (let k = i + 1; k <= i + 4; k++) {
      const d = text.charCodeAt(k);
      if (d === 0x3001 /* 、 */ || d === 0xff0e || d === 0x2e) return true;
      if (CN_NUMERAL[d] !== 1) return false;
    }
    return false;
  }
  if (c === 0xff08 || c === 0x28) {
    const d = text.charCodeAt(i + 1);
    return CN_NUMERAL[d] === 1 || isDigitCode(d) || d === 0x20 || d === 0x3000;
  }
  if (isDigitCode(c)) {
    let k = i + 1;
    while (k < i + 4 && isDigitCode(text.charCodeAt(k))) k++;
    const d = text.charCodeAt(k);
    return (
      d === 0x2e ||
      d === 0xff0e ||
      d === 0x3001 ||
      d === 0x29 ||
      d === 0xff09 ||
      d === 0x20 ||
      d === 0x3000 ||
      d === 9
    );
  }
  if (c === 0x7b2c /* 第 */)
    return CN_NUMERAL[text.charCodeAt(i + 1)] === 1 || isDigitCode(text.charCodeAt(i + 1));
  return true;
}
