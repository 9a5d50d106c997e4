/**
 * Reading the text around a figure: where its clause starts and ends, the comparator word before it and the
 * comparator that governs the figure, whether another figure governed by it follows, the indicator's words cleaned
 * of noise, and a table row's label. Pure offsets over the text, shared by the rules that judge a figure
 * (target-judgement.ts).
 */
import type { Comparator } from '../types.js';
import { isDigitCode } from './numerals.js';
import type { Candidate } from './target-candidate.js';
import {
  BOUNDARY,
  COMPARATOR_WORDS,
  type ComparatorWord,
  LEADING_NOISE,
  TRAILING_NOISE,
} from './target-vocabulary.js';
/**
 * COMPARATOR_WORDS by their last character, each list in the order of COMPARATOR_WORDS (longest first): a window
 * ends with a word only if it ends with the word's last character, so looking up that character and trying its
 * few words finds the same first word as trying the whole list, which every figure judged would otherwise do.
 */
const WORDS_BY_LAST = new Map<string, ComparatorWord[]>();
for (const cw of COMPARATOR_WORDS) {
  const last = cw.word[cw.word.length - 1] ?? '';
  const list = WORDS_BY_LAST.get(last);
  if (list) list.push(cw);
  else WORDS_BY_LAST.set(last, [cw]);
}
const NO_WORDS: readonly ComparatorWord[] = [];

/** The comparator words `s` may end with, in the order of COMPARATOR_WORDS. */
function wordsEndingLike(s: string): readonly ComparatorWord[] {
  return s.length === 0 ? NO_WORDS : (WORDS_BY_LAST.get(s[s.length - 1]!) ?? NO_WORDS);
}

/** Offset where the clause around `i` starts, looking back at most `limit` characters. */
export function clauseStartBefore(text: string, i: number, limit: number): number {
  let j = i;
  const stop = Math.max(0, i - limit);
  while (j > stop && BOUNDARY[text.charCodeAt(j - 1)] !== 1) j--;
  return j;
}

/** Offset where the clause from `i` ends, looking ahead at most `limit` characters. */
export function clauseEndAfter(text: string, i: number, limit: number): number {
  let j = i;
  const stop = Math.min(text.length, i + limit);
  while (j < stop && BOUNDARY[text.charCodeAt(j)] !== 1) j++;
  return j;
}

/** The comparator word that ends exactly at `i` (allowing 约/近 between it and the figure), if any. */
export function comparatorBefore(
  text: string,
  i: number,
  clauseStart: number,
): { cw: ComparatorWord; start: number } | null {
  let j = i;
  // "提高到2015年的50%": the year between the comparator and the figure sets the deadline, not the level.
  const yearGap = /[\d０-９]{4}年(?:底|末)?的?$/.exec(text.slice(Math.max(clauseStart, i - 8), i));
  if (yearGap) j -= yearGap[0].length;
  // "达到约500万", "超过近100家": an approximation word may sit between the comparator and the figure.
  let about = false;
  if (j - 1 >= clauseStart && (text[j - 1] === '约' || text[j - 1] === '近')) {
    about = text[j - 1] === '约';
    const before = text.slice(Math.max(clauseStart, j - 5), j - 1);
    if (wordsEndingLike(before).some((c) => c.word !== '约' && before.endsWith(c.word))) j--;
  }
  const window = text.slice(Math.max(clauseStart, j - 5), j);
  for (const cw of wordsEndingLike(window)) {
    if (window.endsWith(cw.word)) {
      const start = j - cw.word.length;
      // 达 inside 到达/表达/发达 or 超 inside 超大 is not a comparator.
      if (
        cw.word === '达' &&
        /[到表发抵送传下通直]$/.test(text.slice(Math.max(clauseStart, start - 1), start))
      )
        continue;
      if (about && (cw.comparator === '>=' || cw.comparator === '>'))
        return { cw: { ...cw, comparator: 'about' }, start };
      return { cw, start };
    }
  }
  return null;
}

/** True when a later figure in the same clause is the one a comparator governs ("56人以上大班额比例控制在5%"). */
export function governedFigureFollows(text: string, from: number, clauseEnd: number): boolean {
  for (let k = from; k < clauseEnd; k++) {
    if (!isDigitCode(text.charCodeAt(k))) continue;
    const back = text.slice(Math.max(from, k - 5), k);
    if (wordsEndingLike(back).some((c) => c.word.length > 1 && back.endsWith(c.word))) return true;
    if (
      /(到|至|为)$/.test(back) &&
      /(提高|提升|增加|扩大|降低|下降|减少|压缩|控制|调整)/.test(text.slice(from, k))
    )
      return true;
  }
  return false;
}

/** An indicator as a person would name it: without the deadline, adverbs and comparator words around it. */
export function cleanIndicator(s: string): string {
  // "比重由20%提高到": the baseline is not part of the indicator.
  let t = s.replace(/(?:由|从)[\d０-９.．]+.*$/, '').trim();
  for (let k = 0; k < 3; k++) {
    const before = t;
    t = t.replace(LEADING_NOISE, '').replace(TRAILING_NOISE, '');
    t = t.replace(/^[、，,\s]+|[、，,\s]+$/g, '');
    // A round that removed nothing leaves the same text to the next, which would remove nothing either.
    if (t === before) break;
  }
  return t;
}

/** The short line just before `i` in a table laid out one cell per line ("1.重点人群签约服务覆盖率"). */
export function tableRowLabel(text: string, i: number): string {
  let lineStart = i;
  const stop = Math.max(0, i - 200);
  while (lineStart > stop && text[lineStart - 1] !== '\n') lineStart--;
  if (lineStart <= stop || lineStart === 0) return '';
  let prevStart = lineStart - 1;
  while (prevStart > stop && text[prevStart - 1] !== '\n') prevStart--;
  const prev = text.slice(prevStart, lineStart - 1).trim();
  if (prev.length === 0 || prev.length > 40 || /[。；;]/.test(prev)) return '';
  return prev.replace(/^[\d０-９]+[.．、]\s*/, '').trim();
}

/**
 * The comparator that governs a figure, where the words naming its indicator end, and whether the figure may be a
 * count of the noun after it: a comparator word before it ("达到", "不少于"); else, for a later figure of a 分别 list,
 * the list's; else a bound before the verb of doing ("至少培育1家…"), or 力争 before a count, for at least it; else
 * equality.
 */
export function governingComparator(
  i: number,
  left: string,
  cmp: ReturnType<typeof comparatorBefore>,
  list: { comparator: Comparator } | null,
): { comparator: Comparator; indicatorEnd: number; countable: boolean } {
  if (list && !cmp) return { comparator: list.comparator, indicatorEnd: i, countable: true };
  if (cmp) return { comparator: cmp.cw.comparator, indicatorEnd: cmp.start, countable: cmp.cw.countable };
  const atLeast = /(至少|不少于)[\u4e00-\u9fff]{1,4}$/.test(left) || /力争/.test(left);
  return { comparator: atLeast ? '>=' : '=', indicatorEnd: i, countable: true };
}

/**
 * The comparator as the figure's own words bend it: 以上 makes it a lower bound, 以内/以下 an upper one, 左右 an
 * approximate level; a figure with 多 or 余 ("100多家") and no comparator is exceeded, and a range commits to its
 * lower bound at least.
 */
export function boundBySuffix(c: Candidate, comparator: Comparator): Comparator {
  let bound = comparator;
  if (c.suffix === '以上' || c.suffix === '及以上') bound = bound === '>' ? '>' : '>=';
  else if (
    c.suffix === '以内' ||
    c.suffix === '之内' ||
    c.suffix === '内' ||
    c.suffix === '以下' ||
    c.suffix === '及以下'
  )
    bound = bound === '<' ? '<' : '<=';
  else if (c.suffix === '左右' || c.suffix === '上下') bound = 'about';
  else if (c.approx && bound === '=') bound = '>';
  if (c.rangeTo && bound === '=') bound = '>=';
  return bound;
}
