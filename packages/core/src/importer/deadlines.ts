/**
 * An item's completion deadline as its own text states it. Where plans put it, in the order it is trusted:
 * a label ("完成时限：2020年底前"), a bracket of its own or the unit statement's ("（2020年底前完成）",
 * "（市商务局牵头，持续推进）"), and a dated sentence of the item ("2021年6月底前，建成…"). A relative deadline
 * counts from the issue date ("印发后3个月内"); 每年 / 每季度 recur; 长期坚持 / 持续推进 are ongoing. Recurring and
 * ongoing words count only in a label or a bracket: in prose they describe the work ("持续推进改革"), not when
 * it is due.
 */
import type { TaskDeadline } from '../types.js';
import { isRegExpSpaceCode } from './text-util.js';

const NUM = '[0-9０-９]{1,4}|[一二三四五六七八九十两]{1,3}';

/** 2020年底前, 2021年6月底前, 2020年6月30日前, 2020年上半年前, 到2020年底, 2020年前. */
const DATE = new RegExp(
  `(?:到|至|于|在)?([12][0-9]{3})\\s*年\\s*(?:([0-9]{1,2})\\s*月\\s*(?:([0-9]{1,2})\\s*日)?\\s*(?:底|末|中旬|上旬|下旬)?|(底|末|年底|上半年|下半年|第一季度|第二季度|第三季度|第四季度|一季度|二季度|三季度|四季度))?\\s*(?:前|以前|之前)`,
  'g',
);
/** A dated "到2020年底" / "2020年底" without 前 — a deadline only in a label or a bracket. */
const DATE_BARE = new RegExp(
  `(?:到|至|于)?([12][0-9]{3})\\s*年\\s*(?:([0-9]{1,2})\\s*月\\s*(?:([0-9]{1,2})\\s*日)?\\s*(?:底|末)?|(底|末|年底|上半年|下半年))?(?:完成|实现|建成|取得)?`,
  'g',
);
/** 印发后3个月内, 本方案印发之日起6个月内, 发布之日起30日内. */
const RELATIVE = new RegExp(
  `(?:印发|发布|出台|下发|实施|施行)(?:后|之日起|起)\\s*(${NUM})\\s*(个月|个工作日|日|天|周)(?:内|以内)`,
  'g',
);
const RECURRING = /每(年|半年|季度|季|月)/g;
const ONGOING = /长期坚持|持续推进|长期推进|持续实施|持续开展|常态化推进|长期开展/g;
const LABEL = /(?:完成时限|完成时间|时间节点|时限要求|完成期限|进度安排|时间安排|时限)\s*[：:]\s*/g;

const YEAR = '(?:[12][0-9]{3}|[１２][０-９]{3})';
const DAY = '(?:[0-9]{1,2}|[０-９]{1,2})';
/**
 * A clause that says only when an item is due, as it stands beside a unit statement in one bracket:
 * "（A牵头，B配合，2020年底前完成）", "（A负责，持续推进）", "（时限：2021年6月底前；A牵头）". The unit reader skips
 * such clauses so that the bracket still states its units. The whole (trimmed) clause must match: "持续推进改革"
 * or "2020年完成改造的小区" are prose.
 */
const DEADLINE_CLAUSE = new RegExp(
  '^(?:' +
    [
      // A deadline label and its value: 完成时限：…, 时限：…
      `(?:完成时限|完成时间|时间节点|时限要求|完成期限|进度安排|时间安排|时限)\\s*[：:].*`,
      // A date or period: 2020年底前完成, 到2021年6月底前, 2020年6月30日前, 2021—2023年, 2022年起, 2020年上半年
      `(?:到|至|于|在)?${YEAR}(?:\\s*[—–\\-－～~至到]\\s*${YEAR})?\\s*年\\s*(?:${DAY}\\s*月\\s*(?:${DAY}\\s*日)?)?` +
        `(?:年?底|年?末|上半年|下半年|(?:第?[一二三四])季度|中旬|上旬|下旬)?(?:前|以前|之前|起|开始)?` +
        `(?:全面|基本|初步)?(?:完成|实现|建成|到位|落地|见效|启动|出台|取得(?:明显|阶段性)?成效)?`,
      // Relative to the issue date: 印发后3个月内完成
      `(?:本方案|本通知|本意见)?(?:印发|发布|出台|下发|实施|施行)(?:后|之日起|起)\\s*(?:${NUM})\\s*(?:个月|个工作日|日|天|周)(?:内|以内)(?:完成)?`,
      // Ongoing: 持续推进, 长期坚持, 常态化推进
      `(?:长期坚持|持续推进|长期推进|持续实施|持续开展|常态化推进|长期开展|长期|持续|常态化)`,
      // Recurring: 每年, 每年底前, 每季度
      `每(?:年|半年|季度|季|月)(?:底前|末前|底|末)?(?:完成)?`,
      // 年内完成, 年底前完成
      `(?:年内|年底前|当年|近期|立即)(?:完成|启动|实施)?`,
    ].join('|') +
    ')$',
);

/** True when `clause` (one clause of a bracket, split at ，；) states only a deadline or a time. */
export function isDeadlineClause(clause: string): boolean {
  return DEADLINE_CLAUSE.test(clause.trim());
}

const QUARTER_END: Record<string, string> = {
  上半年: '06',
  下半年: '12',
  第一季度: '03',
  一季度: '03',
  第二季度: '06',
  二季度: '06',
  第三季度: '09',
  三季度: '09',
  第四季度: '12',
  四季度: '12',
};

function wideToAscii(s: string): string {
  return s.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
}

function smallNumber(s: string): number | null {
  const t = wideToAscii(s);
  if (/^\d+$/.test(t)) return Number(t);
  const digits: Record<string, number> = {
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
  if (t === '十') return 10;
  const m = /^([一二三四五六七八九两]?)(十?)([一二三四五六七八九]?)$/.exec(t);
  if (!m) return null;
  const tens = m[2] ? (m[1] ? (digits[m[1]] ?? 0) : 1) * 10 : 0;
  const ones = m[2] ? (m[3] ? (digits[m[3]] ?? 0) : 0) : m[1] ? (digits[m[1]] ?? 0) : 0;
  const n = tens + ones;
  return n > 0 ? n : null;
}

/** The date of a match's groups: [whole, year, month, day, part of the year (底, 上半年, 三季度 …)]. */
function dateOf(m: ArrayLike<string | undefined>): string | null {
  const year = Number(m[1]);
  if (year < 1949 || year > 2100) return null;
  const month = m[2] ? Number(m[2]) : null;
  const day = m[3] ? Number(m[3]) : null;
  if (month !== null && (month < 1 || month > 12)) return null;
  if (month !== null && day !== null && day >= 1 && day <= 31)
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (month !== null) return `${year}-${String(month).padStart(2, '0')}`;
  const part = m[4] ? QUARTER_END[m[4]] : undefined;
  return part ? `${year}-${part}` : String(year);
}

/** The end of a span after its start: "—6月", "至2025年", "-2025年12月底前". */
const SPAN_END =
  /^\s*[—–\-－～~至到]\s*(?:([12][0-9]{3})\s*年)?\s*(?:([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*日)?)?\s*(?:底|末)?(?:前|以前|之前)?(?:完成)?/;

/**
 * A span ("2024年3月—6月", "2023年—2025年", "2024年3月至2025年6月") is due at its end: the date after the joiner,
 * its year the start's when it names none. Null when no date follows the start.
 */
function spanEnd(s: string, after: number, startYear: string): { date: string; length: number } | null {
  const e = SPAN_END.exec(s.slice(after));
  if (!e || (!e[1] && !e[2])) return null;
  const date = dateOf([e[0], e[1] ?? startYear, e[2], e[3]]);
  return date ? { date, length: e[0].length } : null;
}

/** Reads one deadline phrase at the start of `s` (a label's value or a bracket's clause), or null. */
function readPhrase(s: string, offset: number, bare: boolean): TaskDeadline | null {
  for (const re of [DATE, ...(bare ? [DATE_BARE] : [])]) {
    re.lastIndex = 0;
    const m = re.exec(s);
    if (m && m[0].length > 0 && HAS_DIGIT.test(m[0])) {
      const date = dateOf(m);
      if (!date) continue;
      const start = offset + m.index;
      const span = spanEnd(s, m.index + m[0].length, m[1]!);
      if (span) {
        const length = m[0].length + span.length;
        return {
          kind: 'date',
          date: span.date,
          text: s.slice(m.index, m.index + length),
          span: [start, start + length],
        };
      }
      return { kind: 'date', date, text: m[0], span: [start, start + m[0].length] };
    }
  }
  RELATIVE.lastIndex = 0;
  const r = RELATIVE.exec(s);
  if (r) {
    const n = smallNumber(r[1] ?? '');
    if (n !== null) {
      const unit = r[2] ?? '';
      const d: TaskDeadline = {
        kind: 'relative',
        text: r[0],
        span: [offset + r.index, offset + r.index + r[0].length],
      };
      if (unit === '个月') d.months = n;
      else d.days = unit === '周' ? n * 7 : n;
      return d;
    }
  }
  RECURRING.lastIndex = 0;
  const c = RECURRING.exec(s);
  if (c) {
    const w = c[1] ?? '';
    const every = w === '年' ? 'year' : w === '半年' ? 'half-year' : w === '月' ? 'month' : 'quarter';
    return { kind: 'recurring', every, text: c[0], span: [offset + c.index, offset + c.index + c[0].length] };
  }
  ONGOING.lastIndex = 0;
  const o = ONGOING.exec(s);
  if (o) return { kind: 'ongoing', text: o[0], span: [offset + o.index, offset + o.index + o[0].length] };
  return null;
}

/**
 * A month without a year opening a label's value or a bracket's clause: "6月底完成", "10月", "5月底取得阶段性成效",
 * "11月份", "7月底前". A yearly plan (考评办法, 工作要点 of one year) dates its items so: the year is the plan's.
 */
const MONTH_ONLY =
  /^[\s\u3000]*(?:于|在|到|至)?\s*(1[0-2]|[1-9]|１[０-２]|[１-９])\s*月\s*(?:(底|末|份|中旬|上旬|下旬)\s*)?(?:前|以前|之前)?/;

/**
 * A part of the year without the year, opening a label's value or a bracket's clause: "年底前", "全年", "二季度末",
 * "上半年完成". In a yearly plan it is the plan's year: the year's end, or the end of the quarter or half.
 */
const YEAR_PART_ONLY =
  /^[\s\u3000]*(?:于|在|到|至)?\s*(年底|年末|年内|全年|上半年|下半年|第?[一二三四]季度)\s*(?:末|底)?\s*(?:前|以前|之前)?/;

function readYearPart(s: string, offset: number, year: number): TaskDeadline | null {
  const m = YEAR_PART_ONLY.exec(s);
  if (!m) return null;
  const part = QUARTER_END[(m[1] ?? '').replace(/^第/, '')];
  const start = m[0].length - m[0].trimStart().length;
  const text = m[0].trim();
  return {
    kind: 'date',
    date: part ? `${year}-${part}` : String(year),
    text,
    span: [offset + start, offset + start + text.length],
  };
}

/** A part of the year that is the whole of a clause ("全年", "年底前完成"; not "全年推进改革"), in a yearly plan. */
function wholeYearPart(clause: string, offset: number, year: number | null): TaskDeadline | null {
  if (year === null) return null;
  const own = clause.split(CLAUSE_SEPARATOR)[0] ?? '';
  const part = readYearPart(own, offset, year);
  return part && part.text.length >= own.trim().replace(/完成$/, '').length ? part : null;
}

function readMonth(s: string, offset: number, year: number): TaskDeadline | null {
  const m = MONTH_ONLY.exec(s);
  if (!m) return null;
  // "6月30日前" names a day: the dated phrases read those with their year; without one it is left alone.
  if (/^\s*[0-9０-９]/.test(s.slice(m[0].length))) return null;
  const month = Number(wideToAscii(m[1] ?? ''));
  const start = m[0].length - m[0].trimStart().length;
  const text = m[0].trim();
  return {
    kind: 'date',
    date: `${year}-${String(month).padStart(2, '0')}`,
    text,
    span: [offset + start, offset + start + text.length],
  };
}

/** Where a clause of an item's prose ends. */
const PROSE_CLAUSE_END = /[，,；;。！？!?\n]/;

/**
 * In a yearly plan, a clause of an item's prose that opens on a month and says the work is due then: "深化改革，6月底前
 * 完成。", "…。9月底完成。". A month in the middle of a clause ("于3月召开会议") or without 前, 完成, 底 or 末 is not one.
 */
function dueMonthClause(seg: string, offset: number, year: number): TaskDeadline | null {
  let at = 0;
  for (const clause of seg.split(PROSE_CLAUSE_END)) {
    if (DUE_WORD.test(clause)) {
      const m = readMonth(clause, offset + at, year);
      if (m) return m;
    }
    at += clause.length + 1;
  }
  return null;
}

/** 1 at the code of （ ( 【 [, 2 at ） ) 】 ]. */
const SHORT_BRACKET = new Uint8Array(0x10000);
for (const ch of '（(【[') SHORT_BRACKET[ch.charCodeAt(0)] = 1;
for (const ch of '）)】]') SHORT_BRACKET[ch.charCodeAt(0)] = 2;

/** Every character of SHORT_BRACKET. */
const ANY_SHORT_BRACKET = /[（(【[）)】\]]/g;
/** How far after its opener a bracket's closer may stand. */
const SHORT_REACH = 121;

/**
 * Brackets (round or square) in [start, end) whose content is short: where statements and deadlines sit, as
 * [after the opener, the closer] ranges. An opener pairs with the next bracket character when that closes and
 * stands within SHORT_REACH; an opener or a farther bracket starts afresh. The regular-expression engine jumps from
 * bracket to bracket far faster than a character loop walks the CJK text between them.
 */
export function shortBrackets(text: string, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  // Searched in a slice of the range: a search of `text` from `start` would run on to the end of the input.
  const sub = text.slice(start, end);
  const re = ANY_SHORT_BRACKET;
  re.lastIndex = 0;
  let open = -1;
  for (let m = re.exec(sub); m; m = re.exec(sub)) {
    const k = m.index;
    const opens = SHORT_BRACKET[sub.charCodeAt(k)] === 1;
    if (open >= 0 && k - open <= SHORT_REACH && !opens) out.push([start + open + 1, start + k]);
    open = opens ? k : -1;
  }
  return out;
}

/** A digit: a dated phrase without one is no date. */
const HAS_DIGIT = /\d/;
/** Where a label's value ends. */
const LABEL_VALUE_END = /[。；;）)\n]/;
/** Words without which a bracket states no deadline: a digit, a recurrence, an ongoing word, a part of the year. */
const BRACKET_HINT = /[0-9０-９]|每|长期|持续|常态|年底|年末|年内|全年|半年|季度/;
/** What separates the clauses of a bracket. */
const CLAUSE_SEPARATOR = /[，,；;]/;
/** Words that make a date in a bracket a deadline: 前, 完成, 底, 末. */
const DUE_WORD = /前|完成|底|末/;
/** A span's joiner after its start's first digit: "2024年9月至12月", "2023—2025年". */
const SPAN_JOIN = /[0-9０-９].*[—–\-－～~至到]/;
/** "2004年年底前投运的电厂": a few characters and 的 after a date make it qualify a noun. */
const QUALIFIES_NOUN = /^[\u4e00-\u9fa5]{1,4}的/;

/**
 * The completion deadline stated in an item's own text (`ranges`: its paragraphs, without its children's), or
 * null. Labels and brackets are trusted first; then a sentence of the item dated with 前 ("2020年底前，…").
 */
export function findDeadline(
  text: string,
  ranges: readonly [number, number][],
  hints: readonly number[] = deadlineHints(text),
  planYear: number | null = null,
): TaskDeadline | null {
  // Most items state no deadline: a word a deadline needs must stand in one of its paragraphs.
  if (!ranges.some(([s, e]) => hasHint(hints, s, e))) return null;
  for (const [s, e] of ranges) {
    const seg = text.slice(s, e);
    LABEL.lastIndex = 0;
    const l = LABEL.exec(seg);
    if (l) {
      const from = l.index + l[0].length;
      const value = seg.slice(from, from + 40).split(LABEL_VALUE_END)[0] ?? '';
      const d =
        (planYear !== null ? readMonth(value, s + from, planYear) : null) ??
        wholeYearPart(value, s + from, planYear) ??
        readPhrase(value, s + from, true);
      if (d) return d;
    }
  }
  for (const [s, e] of ranges) {
    for (const [a, b] of shortBrackets(text, s, e)) {
      const inner = text.slice(a, b);
      if (!BRACKET_HINT.test(inner)) continue;
      // Each clause of the bracket on its own: "市商务局牵头，2020年底前完成".
      let offset = a;
      for (const clause of inner.split(CLAUSE_SEPARATOR)) {
        // A month opening the clause ("5月底取得明显成效"), or a part of the year as the whole clause.
        const month =
          (planYear !== null ? readMonth(clause, offset, planYear) : null) ??
          wholeYearPart(clause, offset, planYear);
        if (month) return month;
        const d = readPhrase(clause, offset, true);
        // A date is due when the clause says so (前, 完成, 底, 末) or when it is a span, due at its end.
        if (d && (d.kind !== 'date' || DUE_WORD.test(clause) || SPAN_JOIN.test(d.text))) return d;
        offset += clause.length + 1;
      }
    }
  }
  for (const [s, e] of ranges) {
    const seg = text.slice(s, e);
    DATE.lastIndex = 0;
    for (let m = DATE.exec(seg); m; m = DATE.exec(seg)) {
      // "2004年年底前投运的电厂": a date that qualifies a noun is not the item's deadline.
      if (QUALIFIES_NOUN.test(seg.slice(m.index + m[0].length, m.index + m[0].length + 5))) continue;
      const date = dateOf(m);
      if (date) return { kind: 'date', date, text: m[0], span: [s + m.index, s + m.index + m[0].length] };
    }
    const month = planYear !== null ? dueMonthClause(seg, s, planYear) : null;
    if (month) return month;
    RELATIVE.lastIndex = 0;
    if (RELATIVE.test(seg)) {
      const d = readPhrase(seg, s, false);
      if (d && d.kind === 'relative') return d;
    }
  }
  return null;
}

/**
 * Words without which no deadline can be stated: a year, an issue-date phrase, a recurrence, an ongoing word —
 * /[12１２][0-9０-９]{3}\s*年|印发|…|常态|月底|…|月完成|…|季度/g (a month's or a part of the year's words for a yearly
 * plan's dates), searched as two parts: the words (HINT_WORDS), and the years, found from their 年 (nextYear). The
 * year alternative opens on a digit, and digits are so common that the engine stopped at nearly every figure of the
 * text to try it. A year and a word never overlap (a word holds no digit, and the only ones that open on 年, 年底 年末
 * 年内, do not where a digit or a blank comes before it, as one does before a year's 年), so the two parts merge into
 * the same offsets.
 */
const HINT_WORDS =
  /印发|发布|出台|下发|实施后|施行|每[年季月半]|长期|持续|常态|月底|月末|月份|月前|月中旬|月上旬|月下旬|月完成|(?<![0-9０-９\s])年[底末内]|全年|半年|季度/g;

/** Where the words without which no deadline can be stated stand in `text`, in order: one pass for the plan. */
export function deadlineHints(text: string): number[] {
  const out: number[] = [];
  HINT_WORDS.lastIndex = 0;
  let word = HINT_WORDS.exec(text);
  let year = nextYear(text, 0);
  while (word || year >= 0) {
    if (word && (year < 0 || word.index < year)) {
      out.push(word.index);
      word = HINT_WORDS.exec(text);
    } else {
      out.push(year);
      year = nextYear(text, yearEnd);
    }
  }
  return out;
}

/**
 * The offset of the first year ("2020年": 1 or 2, three more digits, of either width, blanks, 年) that starts at
 * or after `from`, with the offset after its 年 in `yearEnd`; -1 when there is none. Read backwards from each 年:
 * the blanks before it, then the four digits before those.
 */
function nextYear(text: string, from: number): number {
  for (let y = text.indexOf('年', from + 4); y >= 0; y = text.indexOf('年', y + 1)) {
    let q = y;
    while (q > from && isRegExpSpaceCode(text.charCodeAt(q - 1))) q--;
    const at = q - 4;
    if (at < from) continue;
    const c = text.charCodeAt(at);
    if (
      (c === 0x31 || c === 0x32 || c === 0xff11 || c === 0xff12) &&
      isDigitCode(text.charCodeAt(at + 1)) &&
      isDigitCode(text.charCodeAt(at + 2)) &&
      isDigitCode(text.charCodeAt(at + 3))
    ) {
      yearEnd = y + 1;
      return at;
    }
  }
  return -1;
}
/** Where the year {@link nextYear} last returned ends. */
let yearEnd = 0;

function isDigitCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}

/** True when a hint stands in [s, e) (binary search over the sorted hints). */
function hasHint(hints: readonly number[], s: number, e: number): boolean {
  let lo = 0;
  let hi = hints.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hints[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo < hints.length && hints[lo]! < e;
}
