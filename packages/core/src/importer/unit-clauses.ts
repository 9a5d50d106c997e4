/**
 * The clauses of a unit statement: "A、B按职责分工牵头，C、D等省直有关部门配合", "A会同有关部门负责", "市发改委（牵头）、
 * 市财政局": each clause's role from its closing role word (or the label's), its names, and the declared convention
 * that the first-listed unit leads. Where a statement is and which label opens it: units.ts.
 */
import type { UnitMention, UnitRole } from '../types.js';
import { isDeadlineClause } from './deadlines.js';
import { splitTopLevel, trimRange } from './text-util.js';
import { isUnitLike, splitUnitList, type Range } from './unit-names.js';

/** The role a label gives the units after it. */
export type LabelKind = 'lead' | 'responsible' | 'support';

/** The declared convention that the first-listed unit leads: "列第一位者为牵头单位", "列第一的为牵头单位，下同". */
export const CONVENTION =
  /(?:第一|首)(?:位|个)?(?:的|者)?(?:单位|部门)?(?:为|是)(?:牵头|主责|主要责任)(?:单位|部门)?/g;

/** A role marked in brackets after a name: 市发改委（牵头）, 市财政局(配合). */
const ROLE_MARKER = /[（(](?:牵头|主责|牵头单位|配合|协办|参与|配合单位)[）)]$/;
const LEAD_MARKER_AFTER = /^[（(](?:牵头|主责|牵头单位)[）)]/;
const ANY_MARKER_AFTER = /^[（(](?:牵头|主责|牵头单位|配合|协办|参与|配合单位)[）)]/;

/** Exported for the test that ROLE_HINT covers every role word. */
export const ROLE_END =
  /(按照?(?:各自)?(?:职责|职能)(?:分工)?|分工|分头|分别|共同|各自|具体|组织|统一|为)?(牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|牵头负责|牵头|负责落实|负责|协同配合|协助配合|参与配合|配合|参与|参加|协同|协助|协办|具体落实|落实|实施)(?:组织实施|实施|落实|统筹|协调|推进)?$/;

type ClauseRole = 'lead' | 'responsible' | 'support';

interface Clause {
  range: Range;
  role: ClauseRole | null;
  /** The range of units before 会同 (they take the clause's role), the rest support. */
  cotogether: Range | null;
}

/** The role a clause's closing role word gives ("牵头" lead, "配合" support, "负责"/"落实"/"实施" responsible). */
function roleOfWord(word: string): ClauseRole {
  if (word.startsWith('牵头')) return 'lead';
  if (word.startsWith('负责') || word.startsWith('责任') || word.endsWith('落实') || word === '实施')
    return 'responsible';
  return 'support';
}

/** Splits a statement body into clauses at ，；。, skipping deadline clauses and a declared convention. */
function readClauses(text: string, s: number, e: number): { clauses: Clause[]; declares: boolean } {
  const clauses: Clause[] = [];
  let declares = false;
  for (const [ps, pe] of splitTopLevel(text, s, e, '，,；;。')) {
    const clauseText = text.slice(ps, pe);
    if (/下同$/.test(clauseText) && clauseText.length <= 4) continue;
    // "（A牵头，B配合，2020年底前完成）", "（A负责，持续推进）": the deadline shares the bracket; the units are the rest.
    if (isDeadlineClause(clauseText)) continue;
    CONVENTION.lastIndex = 0;
    if (CONVENTION.test(clauseText)) {
      declares = true;
      continue;
    }
    const m = ROLE_END.exec(clauseText);
    const r = trimRange(text, ps, m ? ps + m.index : pe);
    if (!r) continue;
    const idx = text.slice(r[0], r[1]).indexOf('会同');
    clauses.push({
      range: r,
      role: m ? roleOfWord(m[2] ?? '') : null,
      cotogether: idx > 0 ? [r[0], r[0] + idx] : null,
    });
  }
  return { clauses, declares };
}

/** The names of one clause with the role each takes: before 会同 the clause's role, after it support. */
function clauseMentions(
  text: string,
  c: Clause,
  baseRole: UnitRole,
): { mentions: UnitMention[]; marked: boolean } {
  const groups: { range: Range; role: UnitRole }[] = [];
  if (c.cotogether) {
    groups.push({ range: c.cotogether, role: baseRole });
    const rest = trimRange(text, c.cotogether[1] + 2, c.range[1]);
    if (rest) groups.push({ range: rest, role: 'support' });
  } else groups.push({ range: c.range, role: baseRole });
  const mentions: UnitMention[] = [];
  let marked = false;
  for (const g of groups) {
    for (const nr of splitUnitList(text, g.range[0], g.range[1])) {
      // "市发改委（牵头）": a role marked on one name.
      const marker = ROLE_MARKER.exec(text.slice(nr[0], nr[1]));
      let end = nr[1];
      let role = g.role;
      if (marker && marker.index > 0) {
        end = nr[0] + marker.index;
        role = /牵头|主责/.test(marker[0]) ? 'lead' : 'support';
        marked = true;
      }
      mentions.push({ name: text.slice(nr[0], end), role, span: [nr[0], end] });
    }
  }
  return { mentions, marked };
}

/**
 * Parses the clauses of a statement body: "A、B按职责分工牵头，C、D等省直有关部门配合". `defaultKind` is the role
 * of clauses without a role word (the label's role), or null when the statement has no label.
 *
 * An unlabelled statement must read as one: prose in brackets that merely ends in a role word ("（持续推进改革，
 * 加强协同配合）") is not a statement. But once its first clause names units with a leading role ("（A牵头，…）",
 * "（A、B负责，…）"), it is one, and a later clause that is not understood ("…，各街道抓好") is dropped rather
 * than losing the lead with it; the statement is then doubtful, so the reviewer is told.
 */
export function parseClauses(
  text: string,
  s: number,
  e: number,
  defaultKind: LabelKind | null,
  conventionActive: boolean,
): {
  mentions: UnitMention[];
  doubtful: boolean;
} | null {
  const { clauses, declares } = readClauses(text, s, e);
  if (clauses.length === 0) return null;
  // "（A、B，列第一位者为牵头单位）": a bare list that declares the convention lists responsible units.
  if (declares && !defaultKind) {
    defaultKind = 'responsible';
    conventionActive = true;
  }
  // Unlabelled statements need a role word: clauses without one take the role of the next clause that has it.
  const roleFrom = clauses.map((_, i) => i);
  if (defaultKind) {
    for (const c of clauses) c.role ??= defaultKind;
  } else {
    if (!clauses.some((c) => c.role)) return null;
    let from = -1;
    for (let i = clauses.length - 1; i >= 0; i--) {
      const c = clauses[i]!;
      if (c.role) from = i;
      else if (from >= 0) {
        c.role = clauses[from]!.role;
        roleFrom[i] = from;
      }
    }
  }
  const hasExplicitLead = clauses.some((c) => c.role === 'lead');
  const hasExplicitSupport = clauses.some((c) => c.role === 'support');
  const reads = clauses.map((c) =>
    clauseMentions(
      text,
      c,
      c.role === 'support' || (c.role === 'responsible' && hasExplicitLead && defaultKind !== 'responsible')
        ? 'support'
        : 'lead',
    ),
  );
  // An unlabelled clause is understood when it has a role and names only units; one that took its role from a
  // later clause only when that clause is understood too ("试点先行，逐步实施" is prose). Asked only of an
  // unlabelled statement: a labelled one judges each of its names below instead.
  const understood = defaultKind
    ? null
    : clauses.map(
        (c, i) =>
          c.role !== null &&
          reads[i]!.mentions.length > 0 &&
          reads[i]!.mentions.every((m) => isUnitLike(m.name)),
      );
  if (understood) for (let i = clauses.length - 1; i >= 0; i--) understood[i] &&= understood[roleFrom[i]!]!;
  const mentions: UnitMention[] = [];
  let doubtful = false;
  let marked = false;
  for (let i = 0; i < clauses.length; i++) {
    const read = reads[i]!;
    if (defaultKind) {
      // A labelled statement keeps the names that read like units; the reviewer is told about the rest.
      for (const m of read.mentions) {
        if (isUnitLike(m.name)) mentions.push(m);
        else doubtful = true;
      }
    } else if (understood?.[i]) {
      mentions.push(...read.mentions);
    } else {
      // Not understood: prose when it is the first clause or no leading role came before it, else dropped.
      if (i === 0 || !mentions.some((m) => m.role === 'lead')) return null;
      doubtful = true;
      continue;
    }
    marked ||= read.marked;
  }
  if (mentions.length === 0) return doubtful ? { mentions, doubtful } : null;
  // Names without a marker beside one marked 牵头 support it.
  if (marked && mentions.some((m) => LEAD_MARKER_AFTER.test(text.slice(m.span[1], m.span[1] + 7)))) {
    for (const m of mentions)
      if (!ANY_MARKER_AFTER.test(text.slice(m.span[1], m.span[1] + 7))) m.role = 'support';
  }
  // The declared convention: in a statement that names no explicit lead/support roles, the first listed leads.
  if (
    conventionActive &&
    !marked &&
    !hasExplicitLead &&
    !hasExplicitSupport &&
    defaultKind !== 'lead' &&
    defaultKind !== 'support'
  ) {
    mentions.forEach((m, i) => (m.role = i === 0 ? 'lead' : 'support'));
  }
  return { mentions, doubtful };
}

/** ，,；;。 by code: the separators trimmed off the end of a statement's part. */
export function isClauseSeparatorCode(c: number): boolean {
  return c === 0xff0c || c === 0x2c || c === 0xff1b || c === 0x3b || c === 0x3002;
}
