/**
 * Small text helpers shared by the importer. Everything works on offsets into the original input so that every
 * span the importer reports points back at the text a reviewer sees.
 */

/** A paragraph: the trimmed text between two breaks, with its offsets in the input. */
export interface Paragraph {
  start: number;
  end: number;
  text: string;
}

/** Whitespace that pads Chinese government text: ASCII, full-width space, no-break space, BOM. */
export function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && isSpaceCode(ch.charCodeAt(0));
}

/** Character-code version of {@link isSpace}; hot loops use codes because indexing a CJK string allocates. */
export function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 0x3000 ||
    c === 0xa0 ||
    c === 0xfeff ||
    c === 12 ||
    c === 11
  );
}

/** A character `\s` matches in a regular expression. */
export function isRegExpSpaceCode(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Trims a range of `text` to its non-space content; returns null when nothing is left. */
export function trimRange(text: string, start: number, end: number): [number, number] | null {
  let s = start;
  let e = end;
  while (s < e && isSpaceCode(text.charCodeAt(s))) s++;
  while (e > s && isSpaceCode(text.charCodeAt(e - 1))) e--;
  return s < e ? [s, e] : null;
}

/** 1 at the code of each opener （ ( 〔 ［ [ 【 { ｛, 2 at each closer ） ) 〕 ］ ] 】 } ｝: one lookup a character. */
const BRACKET_KIND = new Uint8Array(0x10000);
for (const ch of '（(〔［[【{｛') BRACKET_KIND[ch.charCodeAt(0)] = 1;
for (const ch of '）)〕］]】}｝') BRACKET_KIND[ch.charCodeAt(0)] = 2;

/** （ ( 〔 ［ [ 【 { ｛ by character code. */
export function isOpenerCode(c: number): boolean {
  return BRACKET_KIND[c] === 1;
}

/** ） ) 〕 ］ ] 】 } ｝ by character code. */
export function isCloserCode(c: number): boolean {
  return BRACKET_KIND[c] === 2;
}

/** A round bracket in either width: statements are often opened with one width and closed with the other. */
export function isRoundOpen(ch: string | undefined): boolean {
  return ch === '（' || ch === '(';
}

/** The longest bracket the importer will try to match; unit statements are far shorter. Keeps scanning linear. */
export const MAX_BRACKET = 400;

/**
 * Finds the top-level round-bracket groups in [start, end): returns [open, close] offsets (close is the index of
 * the closing bracket). Nested brackets of any kind are skipped; an unclosed bracket is ignored. A tortoise-shell
 * bracket counts as round: a statement that names 各市（州） is set in 〔责任单位：…〕.
 */
export function topLevelRoundGroups(text: string, start: number, end: number): [number, number][] {
  // One pass with a stack of open brackets (any kind); a line break abandons what is open. Linear in the range.
  // The regular-expression engine jumps between brackets and line breaks far faster than a character loop, and
  // most of a paragraph is neither. Round openers are kept in order so that the second pass visits only them.
  const closeOf = new Map<number, number>();
  const stack: number[] = [];
  const roundOpens: number[] = [];
  // Searched in a slice of the range: a search of `text` from `start` would run on to the end of the input.
  const sub = text.slice(start, end);
  // A range without a round opener has no group: native searches spare the walk over its brackets.
  if (sub.indexOf('（') < 0 && sub.indexOf('(') < 0 && sub.indexOf('〔') < 0) return [];
  const re = BRACKET_OR_BREAK;
  re.lastIndex = 0;
  while (re.test(sub)) {
    const i = start + re.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (isOpenerCode(c)) {
      stack.push(i);
      if (c === 0xff08 || c === 0x28 || c === 0x3014) roundOpens.push(i);
    } else if (isCloserCode(c)) {
      const o = stack.pop();
      if (o !== undefined) closeOf.set(o, i);
    } else stack.length = 0;
  }
  const out: [number, number][] = [];
  let i = start;
  for (const o of roundOpens) {
    if (o < i) continue;
    const close = closeOf.get(o);
    if (close !== undefined && close - o <= MAX_BRACKET) {
      out.push([o, close]);
      i = close + 1;
    }
  }
  return out;
}

/** Every opener and closer of {@link isOpenerCode} and {@link isCloserCode}, and the line feed. */
const BRACKET_OR_BREAK = /[\uff08(\u3014\uff3b[\u3010{\uff5b\uff09)\u3015\uff3d\]\u3011}\uff5d\n]/g;

/**
 * Splits [start, end) at any of `seps` outside nested brackets, returning trimmed non-empty ranges.
 */
export function splitTopLevel(text: string, start: number, end: number, seps: string): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let segStart = start;
  const kindOf = sepTable(seps);
  for (let i = start; i < end; i++) {
    const kind = kindOf[text.charCodeAt(i)];
    if (kind === 0) continue;
    if (kind === 1) depth++;
    else if (kind === 2) depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      const r = trimRange(text, segStart, i);
      if (r) out.push(r);
      segStart = i + 1;
    }
  }
  const r = trimRange(text, segStart, end);
  if (r) out.push(r);
  return out;
}

/**
 * A lookup table for {@link splitTopLevel} by character code: 1 at each opener, 2 at each closer (BRACKET_KIND),
 * 3 at each other character of `seps`, so that the loop looks each character up once. The importer splits with a
 * handful of constant separator sets, so each table is built once and kept.
 */
function sepTable(seps: string): Uint8Array {
  let t = SEP_TABLES.get(seps);
  if (!t) {
    t = BRACKET_KIND.slice();
    for (let k = 0; k < seps.length; k++) if (t[seps.charCodeAt(k)] === 0) t[seps.charCodeAt(k)] = 3;
    if (SEP_TABLES.size >= 32) SEP_TABLES.clear();
    SEP_TABLES.set(seps, t);
  }
  return t;
}
const SEP_TABLES = new Map<string, Uint8Array>();

const TITLE_NOISE = /[《》〈〉<>“”"'‘’「」『』\s\u3000的。，、：:；;！!？?·]/g;

/** Removes punctuation, quotes, spaces and the particle 的 so that two spellings of one title compare equal. */
export function normalizeTitle(s: string): string {
  return s.replace(TITLE_NOISE, '');
}

/**
 * The leftmost match of `sticky` (a regular expression with the `y` flag) in `text` at or after `from`, the same
 * match a global search finds, but tried only at the offsets up to `back` characters before an occurrence of one
 * of the single characters `anchors`. Every match of the pattern must hold an anchor within its first `back + 1`
 * characters (a pattern opening on words that each contain one). `indexOf` finds the anchors far faster than the
 * regular-expression engine walks CJK text looking for where its words could start.
 */
export function execNearAnchors(
  sticky: RegExp,
  text: string,
  anchors: readonly string[],
  back: number,
  from = 0,
): RegExpExecArray | null {
  const next = anchors.map((a) => text.indexOf(a, from));
  // The first offset not tried yet: offsets are tried in order, so the first match is the leftmost.
  let tried = from;
  for (;;) {
    let k = -1;
    for (let j = 0; j < next.length; j++) if (next[j]! >= 0 && (k < 0 || next[j]! < next[k]!)) k = j;
    if (k < 0) return null;
    const q = next[k]!;
    for (let s = Math.max(tried, q - back); s <= q; s++) {
      sticky.lastIndex = s;
      const m = sticky.exec(text);
      if (m) return m;
    }
    tried = Math.max(tried, q + 1);
    next[k] = text.indexOf(anchors[k]!, q + 1);
  }
}
