/**
 * Unit names in a statement: whether a phrase names a unit (局, 厅, 委, 办, 政府 …), the role words around a name
 * (由…, 会同…, …牵头, …负责) stripped off, and a list of units split at its joints (、，及 等 …). Used by every
 * reader of unit statements: bracketed and labelled statements (units.ts), prose, annex duty lists and tables.
 */
import { splitTopLevel, trimRange } from './text-util.js';
/** Characters a unit's name usually ends with (局, 厅, 委, 办, 部, 政府 …). */
const UNIT_END_CHARS = '局厅委办部府会行处院心队所站司署社室组关协构门团联盟校馆台军区科股';
/** 1 at the code of each of UNIT_END_CHARS: every name of every list is tested, and text[i] of CJK allocates. */
const UNIT_END_CODE = new Uint8Array(0x10000);
for (const ch of UNIT_END_CHARS) UNIT_END_CODE[ch.charCodeAt(0)] = 1;
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
  '大学',
  '中学',
  '小学',
  '专班',
  '电信',
  '联通',
  '移动',
  '电网',
  '铁塔',
];

/** A short quotation without sentence punctuation: “放管服”, “互联网+政务服务”, “双随机、一公开”. */
const QUOTED = /“[^“”。：:？?！!]{1,16}”/g;

/** True when `name` reads like the name of a unit (an organisation) rather than a phrase of prose. */
export function isUnitLike(name: string): boolean {
  if (name.length < 2 || name.length > 40) return false;
  // A quotation inside a name (市“放管服”改革办公室, 省“互联网+”工作专班) is judged as one word.
  if (name.includes('“')) {
    const outer = name.replace(QUOTED, '〇');
    return outer !== name && isUnitLike(outer);
  }
  if (/[。：:？?！!“”"《》]/.test(name)) return false;
  // Explanatory brackets: （含技工院校）, （以下简称…）, （包括…）.
  if (/^(含|不含|包括|以下|其中|如|即|详见|参照)/.test(name)) return false;
  // 市委宣传部（市政府新闻办）: judge the name before a trailing alias in brackets.
  const lastCode = name.charCodeAt(name.length - 1);
  const bare =
    lastCode === 0xff09 || lastCode === 0x29 ? name.replace(/[（(][^（）()]{1,20}[）)]$/, '') : name;
  if (bare !== name && bare.length >= 2) return isUnitLike(bare);
  if (UNIT_END_CODE[lastCode] === 1) return true;
  if (UNIT_END_WORDS.some((w) => name.endsWith(w))) return true;
  // Collective units: 各地, 各区（市）县, 各街道, 各有关方面 … (not "各地结合实际", which is prose).
  return (
    /^(各|有关|相关)/.test(name) && name.length <= 12 && /(?:[地区县市省级镇村乡街方面业旗]|街道)$/.test(name)
  );
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
  '分头落实',
  '组织落实',
  '落实',
  '具体实施',
  '组织实施',
  '按照职责分工负责',
  '按职责分工负责',
  '按职责分工牵头',
  '按职责负责',
  '分别牵头',
  '分别负责',
  '分工负责',
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

/** True when the character before `end` ends a unit's name (`end` > 0: a joint is never a text's first). */
function endsWithUnitChar(text: string, end: number): boolean {
  return UNIT_END_CODE[text.charCodeAt(end - 1)] === 1;
}

/** Splits one piece at the joints 等 (when more follows), 及 and 和 (only between two complete names). */
function splitJoints(text: string, r: Range, out: Range[]): void {
  const [s, e] = r;
  // Inside a quotation (“产学研与金融”) nothing is a joint.
  let quoted = 0;
  // By code: the loop looks at every character of every name.
  for (let i = s; i < e - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x201c /* “ */) quoted++;
    else if (c === 0x201d /* ” */) quoted = Math.max(0, quoted - 1);
    if (quoted > 0 || i < s + 2) continue;
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
    // 0x548c 和, 0x53ca 及, 0x4e0e 与.
    if ((c === 0x548c || c === 0x53ca || c === 0x4e0e) && endsWithUnitChar(text, i) && e - (i + 1) >= 2) {
      const left = trimRange(text, s, i);
      const right = trimRange(text, i + 1, e);
      if (left) out.push(left);
      if (right) splitJoints(text, right, out);
      return;
    }
  }
  out.push(r);
}

/** A collective prefix and a bare administrative level: 各区, 有关县, 相关市 (the head of "各区、市政府"). */
const COLLECTIVE_LEVEL = /^(?:各|有关|相关)(?:县级市|区|县|市|乡|镇|旗)$/;
/** A bare administrative level inside such a collective: the 县 of "各区、县、市政府". */
const BARE_LEVEL = /^(?:县级市|区|县|市|乡|镇|旗)$/;
/** The level and its government that close it: 市政府, 县级市人民政府. */
const LEVEL_GOVERNMENT = /^(?:县级市|区|县|市|乡|镇|旗)(?:人民)?政府$/;
/** A place named bare before a shared suffix: the 东城 of "东城、西城区政府". */
const BARE_PLACE = /^[\u4e00-\u9fa5]{2,4}$/;
/** The name that gives the shared suffix: 西城区政府, 烟台市人民政府. */
const PLACE_GOVERNMENT = /^[\u4e00-\u9fa5]{2,4}(?:市|县|区|省|州|盟|旗)(?:人民)?政府$/;

/** How many pieces a name written with inner separators may span. */
const JOIN_WINDOW = 6;

/** How many of `pieces` from `i` on form one collective or shared-suffix name written with inner 、 (1: none). */
function joinedRun(text: string, pieces: readonly Range[], i: number): number {
  const at = (k: number) => (k < pieces.length ? text.slice(pieces[k]![0], pieces[k]![1]) : '');
  const first = at(i);
  // 各区、市政府, 有关区、县级市人民政府, 各区、县、市政府: the governments of the districts and cities.
  if (COLLECTIVE_LEVEL.test(first)) {
    let k = i + 1;
    while (k < i + JOIN_WINDOW && BARE_LEVEL.test(at(k))) k++;
    if (LEVEL_GOVERNMENT.test(at(k))) return k - i + 1;
  }
  // 济南、青岛、烟台市政府: places that share the suffix of the last, written as one name.
  if (BARE_PLACE.test(first) && !isUnitLike(first)) {
    let k = i + 1;
    while (k < i + JOIN_WINDOW && BARE_PLACE.test(at(k)) && !isUnitLike(at(k))) k++;
    if (PLACE_GOVERNMENT.test(at(k))) return k - i + 1;
  }
  // A name holding a quotation with a separator inside: 市“双随机、一公开”工作办公室 (a short one: the window
  // keeps a text of unclosed quotation marks linear).
  if (!first.includes('“')) return 1;
  let open = 0;
  for (let k = i; k < Math.min(pieces.length, i + JOIN_WINDOW); k++) {
    const piece = at(k);
    for (const ch of piece) open += ch === '“' ? 1 : ch === '”' ? -1 : 0;
    if (open <= 0) return k - i + 1;
  }
  return 1;
}

/**
 * Splits a list of unit names ("A、B，C等和D") into name ranges as written. Names containing 和 are kept whole
 * (人力资源和社会保障局); a collective such as 各市、县〔区〕政府 or 各区、市政府, a list sharing one suffix
 * (东城、西城区政府) and a name holding a quotation (“双随机、一公开”) are one name each.
 */
export function splitUnitList(text: string, start: number, end: number): Range[] {
  const pieces = splitTopLevel(text, start, end, '、，,；;/／ \u3000');
  const merged: Range[] = [];
  for (let i = 0; i < pieces.length;) {
    const n = joinedRun(text, pieces, i);
    const p: Range = [pieces[i]![0], pieces[i + n - 1]![1]];
    i += n;
    const prev = merged[merged.length - 1];
    // Re-join 各市、县〔区〕政府: a piece ending in an administrative level followed by one starting with 县/区.
    if (prev && /[市县省州]$/.test(text.slice(prev[0], prev[1])) && /^[县区市]/.test(text.slice(p[0], p[1])))
      prev[1] = p[1];
    else merged.push(p);
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
