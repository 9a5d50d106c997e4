/**
 * Item numbering: recognises the numbering styles of Chinese official documents and ranks them by depth.
 *
 * Depth follows the national convention for official documents (GB/T 9704): 一、 > （一） > 1. > （1） > ①. A
 * document may skip a level (一、 directly followed by 1.), number items continuously across sections, or use only
 * one level; ranks make all of these nest correctly with a stack.
 */

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** The value of each Chinese digit by character code, -1 elsewhere (十 and 百 are read apart). */
const CN_DIGIT_VALUE = new Int8Array(0x10000).fill(-1);
for (const [ch, v] of Object.entries(CN_DIGITS)) CN_DIGIT_VALUE[ch.charCodeAt(0)] = v;

/** Parses a small Chinese numeral (一 … 九十九, 一百 …); null when it is not one. */
export function parseChineseInt(s: string): number | null {
  if (!s || s.length > 6) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  // By character code: a surrogate or any other character is not a digit, 十 or 百, and ends the reading.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = CN_DIGIT_VALUE[c]!;
    if (d >= 0) {
      current = d;
      seen = true;
    } else if (c === 0x5341 /* 十 */) {
      total += (current || 1) * 10;
      current = 0;
      seen = true;
    } else if (c === 0x767e /* 百 */) {
      total += (current || 1) * 100;
      current = 0;
      seen = true;
    } else return null;
  }
  return seen ? total + current : null;
}

export interface ItemLabel {
  /** The label as written, e.g. "一、", "（二）", "3.", "(1)", "①". */
  label: string;
  /** -1 第一章 · 0 一、 · 1 （一） · 2 1. · 3 （1） · 4 ①. */
  rank: number;
  /** The item's ordinal (1-based). */
  ordinal: number;
  /** Characters of the label including following spaces. */
  length: number;
  /** The numbering style, so that a sequence is only continued by a label of its own style. */
  style: LabelStyle;
  /** Decimal headings only: every component ("2.3.1" → [2, 3, 1]). */
  path?: number[];
}

/** 第一章 · 一、 · （一） · 1. · （1） · ① · 1.1 (decimal headings of emergency plans and standards). */
export type LabelStyle = 'chapter' | 'cn-comma' | 'cn-paren' | 'ar-dot' | 'ar-paren' | 'circled' | 'decimal';

const CN = '[一二三四五六七八九十百零〇两]{1,5}';
const RE_CN_COMMA = new RegExp(`^(${CN})\\s*[、，,．.]`);
const RE_CN_PAREN = new RegExp(`^[（(]\\s*(${CN})\\s*[）)]`);
// "1.5" is a number, not item 1; but "1.2025年底前建成…" is item 1 opening on a year.
const RE_AR_DOT = /^([0-9０-９]{1,3})\s*(?:[.．、](?![0-9０-９](?![0-9０-９]{3}年))|[）)](?![0-9０-９）)]))/;
const RE_AR_PAREN = /^[（(]\s*([0-9０-９]{1,3})\s*[）)]/;

/** Reads ASCII or full-width digits ("１２" → 12). */
function digits(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    n = n * 10 + (c >= 0xff10 ? c - 0xff10 : c - 48);
  }
  return n;
}
const RE_CIRCLED = /^[\u2460-\u2473\u2776-\u277f]/;
/** ⑴ … ⒇ (parenthesised digits) and ㈠ … ㈩ (parenthesised ideographs) as single characters. */
const RE_PAREN_DIGIT_CHAR = /^[\u2474-\u2487]/;
const RE_PAREN_CN_CHAR = /^[\u3220-\u3229]/;
/** 第一章 / 第一部分 / 第一篇: parts above 一、 in long plans. */
const RE_CHAPTER = new RegExp(`^第(${CN}|\\d{1,2})(?:章|部分|篇)`);

function withSpaces(text: string, len: number): number {
  let n = len;
  while (n < text.length && (text[n] === ' ' || text[n] === '\u3000' || text[n] === '\t')) n++;
  return n;
}

/** 1 at the code of each character a label can start with: most paragraphs open on prose and skip the patterns. */
const LABEL_FIRST = new Uint8Array(0x10000);
for (const ch of '第一二三四五六七八九十百零〇两（(0123456789０１２３４５６７８９')
  LABEL_FIRST[ch.charCodeAt(0)] = 1;
for (const [from, to] of [
  [0x2460, 0x2473],
  [0x2474, 0x2487],
  [0x2776, 0x277f],
  [0x3220, 0x3229],
])
  for (let c = from!; c <= to!; c++) LABEL_FIRST[c] = 1;

/** The Chinese numerals RE_CN_COMMA opens on. */
const CN_FIRST = new Uint8Array(0x10000);
for (const ch of '一二三四五六七八九十百零〇两') CN_FIRST[ch.charCodeAt(0)] = 1;

/** Recognises the numbering label at the start of a paragraph, or returns null. */
export function matchLabel(text: string): ItemLabel | null {
  const c0 = text.charCodeAt(0);
  if (LABEL_FIRST[c0] !== 1) return null;
  // Each pattern is anchored and opens on its own characters, so only the patterns that can open on the first
  // character are tried (in the order below): 第 → chapter; （( → cn-paren, ar-paren; a numeral → cn-comma;
  // a digit → decimal, ar-dot; a circled or parenthesised character → its own.
  const cn = CN_FIRST[c0] === 1;
  const paren = c0 === 0xff08 || c0 === 0x28;
  const digit = (c0 >= 48 && c0 <= 57) || (c0 >= 0xff10 && c0 <= 0xff19);
  if (cn) return matchCnComma(text);
  if (!paren && !digit && c0 !== 0x7b2c /* 第 */) return matchSymbol(text);
  let m = c0 === 0x7b2c ? RE_CHAPTER.exec(text) : null;
  if (m) {
    const ord = ASCII_DIGITS.test(m[1] ?? '') ? Number(m[1]) : parseChineseInt(m[1] ?? '');
    if (ord !== null && ord > 0)
      return { label: m[0], rank: -1, ordinal: ord, length: withSpaces(text, m[0].length), style: 'chapter' };
  }
  if (c0 === 0x7b2c) return null;
  m = paren ? RE_CN_PAREN.exec(text) : null;
  if (m) {
    const ord = parseChineseInt(m[1] ?? '');
    if (ord !== null && ord > 0)
      return { label: m[0], rank: 1, ordinal: ord, length: withSpaces(text, m[0].length), style: 'cn-paren' };
  }
  m = paren ? RE_AR_PAREN.exec(text) : null;
  if (m)
    return {
      label: m[0],
      rank: 3,
      ordinal: digits(m[1] ?? ''),
      length: withSpaces(text, m[0].length),
      style: 'ar-paren',
    };
  if (paren) return null;
  const decimal = matchDecimal(text);
  if (decimal) return decimal;
  m = RE_AR_DOT.exec(text);
  if (m && digits(m[1] ?? '') > 0 && text.length > m[0].length) {
    const closing = m[0].charCodeAt(m[0].length - 1);
    const isParenStyle = closing === 0xff09 || closing === 0x29;
    return {
      label: m[0],
      rank: isParenStyle ? 3 : 2,
      ordinal: digits(m[1] ?? ''),
      length: withSpaces(text, m[0].length),
      style: isParenStyle ? 'ar-paren' : 'ar-dot',
    };
  }
  return null;
}

/** 一、 (the only pattern that opens on a Chinese numeral). */
function matchCnComma(text: string): ItemLabel | null {
  const m = RE_CN_COMMA.exec(text);
  if (m) {
    const ord = parseChineseInt(m[1] ?? '');
    // "一，" only counts when a heading follows directly; require the usual 、 otherwise.
    if (ord !== null && ord > 0 && (m[0].endsWith('、') || m[0].endsWith('．')))
      return { label: m[0], rank: 0, ordinal: ord, length: withSpaces(text, m[0].length), style: 'cn-comma' };
  }
  return null;
}

/** ㈠ …, ⑴ …, ① …: labels printed as one character. */
function matchSymbol(text: string): ItemLabel | null {
  let m = RE_PAREN_CN_CHAR.exec(text);
  if (m)
    return {
      label: m[0],
      rank: 1,
      ordinal: m[0].charCodeAt(0) - 0x3220 + 1,
      length: withSpaces(text, m[0].length),
      style: 'cn-paren',
    };
  m = RE_PAREN_DIGIT_CHAR.exec(text);
  if (m)
    return {
      label: m[0],
      rank: 3,
      ordinal: m[0].charCodeAt(0) - 0x2474 + 1,
      length: withSpaces(text, m[0].length),
      style: 'ar-paren',
    };
  m = RE_CIRCLED.exec(text);
  if (m) {
    const code = m[0].charCodeAt(0);
    const ord = code >= 0x2776 ? code - 0x2776 + 1 : code - 0x2460 + 1;
    return { label: m[0], rank: 4, ordinal: ord, length: withSpaces(text, m[0].length), style: 'circled' };
  }
  return null;
}

/** "2.3.1" followed by a heading: two to four components. */
const RE_DECIMAL = /^([0-9０-９]{1,2}(?:[.．][0-9０-９]{1,2}){1,3})(?![0-9０-９.．])([ \t\u3000]*)/;
/** "1 总则": one component needs a blank after it. */
const RE_DECIMAL_TOP = /^([0-9０-９]{1,2})[ \t\u3000]+(?=[\u4e00-\u9fa5])/;
/** A heading's first character: a Chinese one. */
const HAN_FIRST = /^[\u4e00-\u9fa5]/;
/** The dot between the components of a decimal heading. */
const DECIMAL_DOT = /[.．]/;
/** Punctuation of a sentence: a bare "1 总则" heading line holds none. */
const SENTENCE_PUNCTUATION = /[。；，：]/;
/** A chapter number written in ASCII digits. */
const ASCII_DIGITS = /^\d+$/;
/** Characters after "1.5" that make it a figure (1.5万元, 2.3亿, 1.2米), not a heading. */
const FIGURE_AFTER = /^[万亿千百十元个年月日天倍次米吨亩户家人名项条所套台辆座级秒分克斤升度]/;

/**
 * A decimal heading ("1.1 编制目的", "2.3.1 响应程序", full-width digits too) ranked by depth: 1 → like 一、,
 * 1.1 → like （一）, 1.1.1 → like 1. A bare "1 总则" counts only as a short heading line of its own, since a
 * paragraph opening with a figure and a blank is otherwise prose or a table cell.
 */
function matchDecimal(text: string): ItemLabel | null {
  let m = RE_DECIMAL.exec(text);
  if (m) {
    const rest = text.slice(m[0].length);
    if (!HAN_FIRST.test(rest) || (m[2] === '' && FIGURE_AFTER.test(rest))) return null;
    const path = (m[1] ?? '').split(DECIMAL_DOT).map(digits);
    if (path.some((x) => x === 0 && path.indexOf(x) === 0)) return null;
    return {
      label: m[1] ?? '',
      rank: path.length - 1,
      ordinal: path[path.length - 1] ?? 0,
      length: m[0].length,
      style: 'decimal',
      path,
    };
  }
  m = RE_DECIMAL_TOP.exec(text);
  if (m) {
    const rest = text.slice(m[0].length);
    const n = digits(m[1] ?? '');
    if (n === 0 || n > 30 || rest.length > 24 || SENTENCE_PUNCTUATION.test(rest) || FIGURE_AFTER.test(rest))
      return null;
    return { label: m[1] ?? '', rank: 0, ordinal: n, length: m[0].length, style: 'decimal', path: [n] };
  }
  return null;
}
