/**
 * Unit statements written as prose, for items that have no bracketed or labelled statement.
 */
import type { UnitMention } from '../types.js';
import { trimRange } from './text-util.js';
import { isUnitLike, splitUnitList } from './unit-names.js';
import { parseClauses } from './unit-clauses.js';
import type { UnitStatement } from './units.js';

/** "此项工作", "上述工作": a subject that introduces a statement in prose. */
const PROSE_LEAD_IN = /^(?:此项工作|该项工作|上述工作|以上工作|各项工作|本项工作)/;
/** A role word (and what may follow it) that ends a sentence: 。；; or a line break, or the range's end. */
const ROLE_BEFORE_END =
  /(?:牵头|负责|配合|参与|参加|协同|协助|协办|落实)(?:组织实施|实施|落实|统筹|协调|推进)?(?:([。；;\n])|$)/g;

/** 。；; and a line break end a sentence-level statement. */
function isSentenceEnd(c: number): boolean {
  return c === 0x3002 || c === 0xff1b || c === 0x3b || c === 10;
}
/** "市发展改革委负责……" / "由市交通局牵头负责……": units and the role word that open a paragraph. */
const OPENING_DUTY =
  /^(?:由)?([^，。；：:\n（(]{2,80}?)(?:会同([^，。；：:\n]{2,80}?))?(?:按照?(?:各自)?职(?:能|责)(?:分工)?[，,]?)?(牵头负责|牵头|负责)(?![人同责任])/;
/** "X会同Y制订…，负责…": units that open a paragraph with 会同 and take a duty later in the same sentence. */
const OPENING_TOGETHER =
  /^([^，。；：:\n（(]{2,40}?)会同([^，。；：:\n（(]{2,60}?)(?=制订|制定|建立|研究|开展|组织|做好|加强|推进|完善|落实|指导|协调|提出|编制)[^。；]*?负责/;

/** "，县商务局、团县委配合" after a lead's clause: the units and the support role word that ends their clause. */
const SUPPORT_CLAUSE =
  /^[，,]\s*([^，。；;：:\n（(]{2,80}?)(?:配合|参与|参加|协同|协助|协办)(?:实施|落实|推进)?(?=[，,。；;\n]|$)/;

/**
 * The supporting units of the clause right after a lead's ("X牵头，Y、Z配合"), or null when that clause is not
 * nothing but units and a support role word.
 */
function supportClauseAfter(text: string, at: number): { mentions: UnitMention[]; end: number } | null {
  const m = SUPPORT_CLAUSE.exec(text.slice(at, at + 100));
  if (!m) return null;
  const names = m[1] ?? '';
  const start = at + m[0].indexOf(names);
  const mentions: UnitMention[] = [];
  for (const [a, b] of splitUnitList(text, start, start + names.length)) {
    const name = text.slice(a, b);
    if (!isUnitLike(name) || PROSE_OPENING.test(name) || PROSE_PARTICLE.test(name)) return null;
    mentions.push({ name, role: 'support', span: [a, b] });
  }
  return mentions.length > 0 ? { mentions, end: at + m[0].length } : null;
}

/** The role words both openings end their units with. */
const DUTY_WORD = /负责|牵头/;
/** A preposition or verb that opens prose rather than a list of units: 将国务院有关部门…, 对各部门…. */
const PROSE_OPENING = /^(各|有关|相关|将|把|对|在|按|要|使|让|以|从|向|为|与|经|请|本)/;
/** Particles a unit's name does not hold. */
const PROSE_PARTICLE = /[由的是]/;

/**
 * Unit statements written as prose, for an item that has no bracketed or labelled statement: a sentence that is
 * nothing but a statement ("由市交通运输局牵头，市公安局、市财政局配合。") anywhere in the item, and units that
 * open a paragraph with 负责 or 牵头 ("市发展改革委负责……。"). Prose that merely names a department
 * ("环境保护部门要……", "由省发展改革部门牵头，会同…建立…") is not a statement: every name must read like a
 * unit and, in a sentence-level statement, every clause must end in a role word.
 * `ranges` are the item's own paragraphs; `openings` the offsets where a paragraph (or the body after the
 * heading) opens.
 */
export function findProseStatements(
  text: string,
  ranges: readonly [number, number][],
  openings: readonly number[],
  conventionAt: readonly number[],
): UnitStatement[] {
  const out: UnitStatement[] = [];
  const active = (until: number) => conventionAt.some((c) => c <= until);
  const taken = (at: number) => out.some((st) => st.span[0] <= at && at < st.span[1]);
  for (const at of openings) {
    if (taken(at)) continue;
    const head = text.slice(at, at + 200);
    // Both openings need 负责 or 牵头 within their reach; most paragraphs have neither.
    if (!DUTY_WORD.test(head)) continue;
    const m = OPENING_DUTY.exec(head) ?? OPENING_TOGETHER.exec(head);
    if (!m) continue;
    const names = m[1] ?? '';
    const namesStart = at + m[0].indexOf(names);
    const leadRanges = splitUnitList(text, namesStart, namesStart + names.length);
    if (leadRanges.length === 0) continue;
    const mentions: UnitMention[] = [];
    let ok = true;
    for (const [a, b] of leadRanges) {
      const name = text.slice(a, b);
      // "将国务院有关部门…", "对各部门…": a preposition or verb opens prose, not a list of units.
      if (!isUnitLike(name) || PROSE_OPENING.test(name) || PROSE_PARTICLE.test(name)) ok = false;
      mentions.push({ name, role: 'lead', span: [a, b] });
    }
    const co = m[2];
    if (ok && co) {
      const coStart = at + m[0].indexOf(co, names.length);
      for (const [a, b] of splitUnitList(text, coStart, coStart + co.length)) {
        const name = text.slice(a, b);
        if (isUnitLike(name)) mentions.push({ name, role: 'support', span: [a, b] });
      }
    }
    if (!ok) continue;
    let end = at + m[0].length;
    // "由县人社局牵头，县商务局、团县委配合，…": the lead's clause may be followed by its supporting units' own.
    if (!co) {
      const support = supportClauseAfter(text, end);
      if (support) {
        mentions.push(...support.mentions);
        end = support.end;
      }
    }
    out.push({ span: [at, end], mentions, doubtful: false });
  }
  const opened = [...out];
  for (const [start, end] of ranges) {
    // Sentence-level statements: the whole sentence is the statement, so it ends in a role word. Role words are
    // rare: find them first, then the sentence they close.
    const seg = text.slice(start, end);
    ROLE_BEFORE_END.lastIndex = 0;
    for (let m = ROLE_BEFORE_END.exec(seg); m; m = ROLE_BEFORE_END.exec(seg)) {
      const stop = start + m.index + m[0].length - (m[1] ? 1 : 0);
      let s = stop - 1;
      while (s > start && stop - s <= 121 && !isSentenceEnd(text.charCodeAt(s - 1))) s--;
      const r = trimRange(text, s, stop);
      if (!r || r[1] - r[0] > 120 || (s > start && !isSentenceEnd(text.charCodeAt(s - 1)))) continue;
      let from = r[0];
      const lead = PROSE_LEAD_IN.exec(text.slice(from, from + 6));
      if (lead) from += lead[0].length;
      if (text[from] === '由') from++;
      const parsed = parseClauses(text, from, r[1], null, active(r[1]));
      if (!parsed || parsed.doubtful || !parsed.mentions.some((x) => x.role === 'lead')) continue;
      if (opened.some((st) => st.span[0] >= r[0] && st.span[0] < r[1])) continue;
      out.push({ span: [r[0], r[1]], mentions: parsed.mentions, doubtful: false });
    }
  }
  out.sort((a, b) => a.span[0] - b.span[0]);
  return out;
}
