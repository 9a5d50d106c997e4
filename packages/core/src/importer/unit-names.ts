/**
 * Unit names in a statement: whether a phrase names a unit (局, 厅, 委, 办, 政府 …), the role words around a name
 * (由…, 会同…, …牵头, …负责) stripped off, and a list of units split at its joints (、，及 等 …). Used by every
 * reader of unit statements: bracketed and labelled statements (units.ts), prose, annex duty lists and tables.
 */
import { splitTopLevel, trimRange } from './text-util.js';
/** Characters a unit's name usually ends with (局, 厅, 委, 办, 部, 政府 …). */
const UNIT_END_CHARS = '局厅委办部府会行处院心队所站司署社室组关协构门团联盟校馆台军区科股';
const UNIT_END_WORDS = [
  '政府',
  '中心',
  '公司',
  '集团',
  '支行',
  '海关',
  '部门',
  '单位',
  '机构',
  '法院',
  '检察院',
  '电信',
  '联通',
  '移动',
  '电网',
  '铁塔',
];

/** Punctuation no unit's name holds. */
const NOT_IN_NAME = /[。：:？?！!“”"《》]/;
/** How an explanatory bracket opens. */
const EXPLANATION = /^(含|不含|包括|以下|其中|如|即|详见|参照)/;
/** An alias in brackets at the end of a name. */
const TRAILING_ALIAS = /[（(][^（）()]{1,20}[）)]$/;
/** How a collective unit opens and ends: 各地, 各区（市）县, 各有关方面. */
const COLLECTIVE_HEAD = /^(各|有关|相关)/;
const COLLECTIVE_END = /[地区县市省级镇村乡街方面业]$/;

/** True when `name` reads like the name of a unit (an organisation) rather than a phrase of prose. */
export function isUnitLike(name: string): boolean {
  if (name.length < 2 || name.length > 40) return false;
  if (NOT_IN_NAME.test(name)) return false;
  // Explanatory brackets: （含技工院校）, （以下简称…）, （包括…）.
  if (EXPLANATION.test(name)) return false;
  // 市委宣传部（市政府新闻办）: judge the name before a trailing alias in brackets.
  const lastCode = name.charCodeAt(name.length - 1);
  const bare = lastCode === 0xff09 || lastCode === 0x29 ? name.replace(TRAILING_ALIAS, '') : name;
  if (bare !== name && bare.length >= 2) return isUnitLike(bare);
  const last = name[name.length - 1] ?? '';
  if (UNIT_END_CHARS.includes(last)) return true;
  if (UNIT_END_WORDS.some((w) => name.endsWith(w))) return true;
  // Collective units: 各地, 各区（市）县, 各有关方面 … (not "各地结合实际", which is prose).
  return COLLECTIVE_HEAD.test(name) && name.length <= 12 && COLLECTIVE_END.test(name);
}

/** A name range inside the input. */
export type Range = [number, number];

const ROLE_PREFIXES = ['具体由', '统一由', '分别由', '均由', '由', '会同', '协同', '联合', '请'];
const ROLE_SUFFIXES = [
  '按照职能分工负责',
  '按职能分工负责',
  '按各自职责负责',
  '按照职责负责',
  '按职能负责',
  '按照职能分工',
  '按职能分工',
  '按各自职责',
  '按职能',
  '具体落实',
  '落实',
  '按照职责分工负责',
  '按职责分工负责',
  '按职责分工牵头',
  '按职责负责',
  '分别牵头',
  '分别负责',
  '共同负责',
  '牵头负责',
  '负责落实',
  '负责',
  '牵头',
  '共同参与',
  '参与配合',
  '协助配合',
  '协同配合',
  '配合',
  '参与',
  '参加',
  '协同',
  '协助',
  '协办',
  '按照职责分工',
  '按职责分工',
  '按职责',
  '分别',
  '共同',
  '等',
];

/** First characters of the role prefixes and last characters of the role suffixes, by code. */
const ROLE_PREFIX_FIRST = new Uint8Array(0x10000);
for (const p of ROLE_PREFIXES) ROLE_PREFIX_FIRST[p.charCodeAt(0)] = 1;
const ROLE_SUFFIX_LAST = new Uint8Array(0x10000);
for (const w of ROLE_SUFFIXES) ROLE_SUFFIX_LAST[w.charCodeAt(w.length - 1)] = 1;

/** Strips role words at both ends of a name range. */
function stripRoleWords(text: string, r: Range): Range | null {
  let [s, e] = r;
  let changed = true;
  while (changed && s < e) {
    changed = false;
    for (const p of ROLE_PREFIXES) {
      // No word can match while the range's first character starts none of them (it changes only on a match).
      if (ROLE_PREFIX_FIRST[text.charCodeAt(s)] !== 1) break;
      if (e - s > p.length && text.startsWith(p, s)) {
        s += p.length;
        changed = true;
      }
    }
    for (const w of ROLE_SUFFIXES) {
      if (ROLE_SUFFIX_LAST[text.charCodeAt(e - 1)] !== 1) break;
      if (e - s > w.length && text.endsWith(w, e)) {
        e -= w.length;
        changed = true;
      } else if (e - s === w.length && text.startsWith(w, s)) {
        return null;
      }
    }
    const t = trimRange(text, s, e);
    if (!t) return null;
    [s, e] = t;
  }
  return s < e ? [s, e] : null;
}

/** Vague tails dropped after 等: "人民银行等部门" means 人民银行. */
const VAGUE_TAIL = /^(部门|单位|机构|方面|地方|等|[\d一二三四五六七八九十]+个?(?:部门|单位|机构))$/;

/** A vague word after 等 followed by a joint: "等部门及", "等单位和". */
const VAGUE_HEAD = /^(?:有关|相关)?(?:部门|单位|机构|方面)(?:及|和|以及|与|、)/;

function endsWithUnitChar(text: string, end: number): boolean {
  const c = text[end - 1] ?? '';
  return UNIT_END_CHARS.includes(c);
}

/** Splits one piece at the joints 等 (when more follows), 及 and 和 (only between two complete names). */
function splitJoints(text: string, r: Range, out: Range[]): void {
  const [s, e] = r;
  // By character code: taking a one-character string of CJK text allocates.
  for (let i = s + 2; i < e - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b49 /* 等 */) {
      const left = trimRange(text, s, i);
      let rs = i + 1;
      if (text[rs] === '和' || text[rs] === '及') rs++;
      let right = trimRange(text, rs, e);
      if (left) out.push(left);
      // "A等部门及各地区": the vague word after 等 closes the list; what follows 及/和 is a unit of its own.
      if (right) {
        const head = VAGUE_HEAD.exec(text.slice(right[0], right[1]));
        if (head && head[0].length < right[1] - right[0])
          right = trimRange(text, right[0] + head[0].length, e);
      }
      if (right && !VAGUE_TAIL.test(text.slice(right[0], right[1]))) splitJoints(text, right, out);
      return;
    }
    if (
      (c === 0x548c /* 和 */ || c === 0x53ca /* 及 */ || c === 0x4e0e) /* 与 */ &&
      endsWithUnitChar(text, i) &&
      e - (i + 1) >= 2
    ) {
      const left = trimRange(text, s, i);
      const right = trimRange(text, i + 1, e);
      if (left) out.push(left);
      if (right) splitJoints(text, right, out);
      return;
    }
  }
  out.push(r);
}

/** An administrative level a collective name's first piece ends with (各市、县…) and its second opens with. */
const LEVEL_END = '市县省州';
const LEVEL_NEXT = '县区市';

/**
 * Splits a list of unit names ("A、B，C等和D") into name ranges as written. Names containing 和 are kept whole
 * (人力资源和社会保障局); a collective such as 各市、县〔区〕政府 is one name.
 */
export function splitUnitList(text: string, start: number, end: number): Range[] {
  const pieces = splitTopLevel(text, start, end, '、，,；;/／ \u3000');
  // Re-join 各市、县〔区〕政府: a piece ending in an administrative level followed by one starting with 县/区.
  const merged: Range[] = [];
  for (const p of pieces) {
    const prev = merged[merged.length - 1];
    if (prev && LEVEL_END.includes(text.charAt(prev[1] - 1)) && LEVEL_NEXT.includes(text.charAt(p[0]))) {
      prev[1] = p[1];
    } else merged.push([p[0], p[1]]);
  }
  const out: Range[] = [];
  for (const m of merged) {
    const parts: Range[] = [];
    splitJoints(text, m, parts);
    for (const part of parts) {
      const r = stripRoleWords(text, part);
      if (r) out.push(r);
    }
  }
  return out;
}

/** Labels that open a statement, with the role their units take. */
