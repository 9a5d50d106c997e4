/**
 * Unit statements: who leads and who supports an item. Reads the phrasings Chinese plans use — labelled
 * ("（牵头单位：A、B）", "牵头单位：A；配合单位：B", "责任单位：A", "（负责部门：A；适用范围：…）") and role-worded
 * ("（A牵头，B、C配合）", "（A、B按职责分工负责）", "（A会同有关部门负责）") — and the declared convention that the
 * first-listed unit leads ("列第一位者为牵头单位").
 */
import type { Span, UnitMention, UnitRole } from '../types.js';
import { isDeadlineClause } from './deadlines.js';
import { isRoundOpen, splitTopLevel, topLevelRoundGroups, trimRange } from './text-util.js';
import { isUnitLike, splitUnitList, type Range } from './unit-names.js';

/** Exported for the test that ROLE_HINT covers every label word. */
export const LABEL_WORDS =
  '牵头单位|牵头部门|牵头处室|牵头责任单位|主责单位|主责部门|主办单位|主办部门|责任单位|责任部门|责任处室|责任主体|负责单位|负责部门|实施单位|实施部门|主体单位|配合单位|配合部门|配合处室|协办单位|协办部门|协助单位|协助部门|参与单位|参与部门|协作单位|支持单位';
/** "牵头单位：" or "【牵头单位】" (a label in lenticular brackets needs no colon). */
const LABEL_SOURCE = `(?:[【\\[]\\s*(${LABEL_WORDS})\\s*[】\\]]\\s*[：:]?|(${LABEL_WORDS})\\s*[：:])`;

/**
 * How every label ends: each label word ends with 单位, 部门, 处室 or 主体, and a colon or a closing bracket
 * follows. A range without this holds no label, and is not searched for the many words of LABEL_SOURCE.
 */
export const LABEL_TAIL = /(?:单位|部门|处室|主体)\s*[：:】\]]/;

/** Shared, stateful (`g`) copies: callers reset `lastIndex` before use. Two because the scan calls the parser. */
const LABEL_RE = new RegExp(LABEL_SOURCE, 'g');
const LABEL_SCAN_RE = new RegExp(LABEL_SOURCE, 'g');

export type LabelKind = 'lead' | 'responsible' | 'support';

/** The words a supporting unit's label opens with. */
const SUPPORT_LABEL = /^(配合|协办|协助|参与|协作|支持)/;

function labelKind(label: string): LabelKind {
  if (label.startsWith('牵头') || label.startsWith('主责') || label.startsWith('主办')) return 'lead';
  if (SUPPORT_LABEL.test(label)) return 'support';
  return 'responsible';
}

/** The declared convention that the first-listed unit leads: "列第一位者为牵头单位", "列第一的为牵头单位，下同". */
const CONVENTION =
  /(?:第一|首)(?:位|个)?(?:的|者)?(?:单位|部门)?(?:为|是)(?:牵头|主责|主要责任)(?:单位|部门)?/g;

/** Offsets at which a first-listed-leads convention is declared (it applies from there on). */
export function findConventions(text: string): number[] {
  const out: number[] = [];
  // A declaration opens with 第一 or 首: jump between those (a native string search) and try the pattern there,
  // rather than let the pattern try every position of the text. Each word's next place is searched for again
  // only once the scan has passed it, so the text is searched once for each.
  let nextA = text.indexOf('第一');
  let nextB = text.indexOf('首');
  let from = 0;
  for (;;) {
    if (nextA >= 0 && nextA < from) nextA = text.indexOf('第一', from);
    if (nextB >= 0 && nextB < from) nextB = text.indexOf('首', from);
    const at = nextA < 0 ? nextB : nextB < 0 ? nextA : Math.min(nextA, nextB);
    if (at < 0) break;
    CONVENTION_AT.lastIndex = at;
    if (CONVENTION_AT.test(text)) {
      out.push(at);
      from = CONVENTION_AT.lastIndex;
    } else from = at + 1;
  }
  return out;
}

const CONVENTION_AT = new RegExp(CONVENTION.source, 'y');

/**
 * Words one of which every label (LABEL_WORDS), every role word (ROLE_END) and every convention (CONVENTION)
 * holds: a bracket without any of them states no units.
 */
export const ROLE_HINT = /牵头|主责|主办|责任|负责|实施|主体|配合|协办|协助|参与|参加|协作|支持|协同|落实/;

/** One parsed statement: its extent and its unit mentions in order. */
export interface UnitStatement {
  span: Span;
  mentions: UnitMention[];
  /** True when the statement names a unit that does not read like a unit, or names none. */
  doubtful: boolean;
}

/** A role marked in brackets after a name: 市发改委（牵头）, 市财政局(配合). */
const ROLE_MARKER = /[（(](?:牵头|主责|牵头单位|配合|协办|参与|配合单位)[）)]$/;
/** The words of a marker that make the name it follows lead. */
const LEAD_MARK = /牵头|主责/;
const LEAD_MARKER_AFTER = /^[（(](?:牵头|主责|牵头单位)[）)]/;
const ANY_MARKER_AFTER = /^[（(](?:牵头|主责|牵头单位|配合|协办|参与|配合单位)[）)]/;

/** Exported for the test that ROLE_HINT covers every role word. */
export const ROLE_END =
  /(按照?(?:各自)?(?:职责|职能)(?:分工)?|分别|共同|各自|为)?(牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|牵头负责|牵头|负责落实|负责|协同配合|协助配合|参与配合|配合|参与|参加|协同|协助|协办|具体落实|落实)(?:组织实施|实施|落实|统筹|协调|推进)?$/;

/** 1 at the code of each character a match of ROLE_END can end with (位 门 头 责 实 合 与 加 同 助 办 施 筹 调 进). */
export const ROLE_END_LAST = new Uint8Array(0x10000);
for (const w of ['单位', '部门', '牵头', '负责', '落实', '配合', '参与', '参加', '协同', '协助', '协办'])
  ROLE_END_LAST[w.charCodeAt(w.length - 1)] = 1;
for (const w of ['组织实施', '实施', '落实', '统筹', '协调', '推进'])
  ROLE_END_LAST[w.charCodeAt(w.length - 1)] = 1;

interface Clause {
  range: Range;
  role: 'lead' | 'responsible' | 'support' | null;
  /** The range of units before 会同 (they take the clause's role), the rest support. */
  cotogether: Range | null;
}

/**
 * Parses the clauses of a statement body: "A、B按职责分工牵头，C、D等省直有关部门配合". `defaultKind` is the role
 * of clauses without a role word (the label's role), or null when the statement has no label.
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
  const clauses: Clause[] = [];
  const parts = splitTopLevel(text, s, e, '，,；;。');
  let declares = false;
  for (const [ps, pe] of parts) {
    const clauseText = text.slice(ps, pe);
    if (pe - ps <= 4 && clauseText.endsWith('下同')) continue;
    // "（A牵头，B配合，2020年底前完成）", "（A负责，持续推进）": the deadline shares the bracket; the units are the rest.
    if (isDeadlineClause(clauseText)) continue;
    // A convention opens on 第一 or 首.
    if (clauseText.includes('第一') || clauseText.includes('首')) {
      CONVENTION.lastIndex = 0;
      if (CONVENTION.test(clauseText)) {
        declares = true;
        continue;
      }
    }
    // ROLE_END is anchored at the end only, so the engine would try it at every offset: a clause whose last
    // character ends no role word (most end in a unit's name) is not tried.
    const m = ROLE_END_LAST[text.charCodeAt(pe - 1)] === 1 ? ROLE_END.exec(clauseText) : null;
    let role: Clause['role'] = null;
    let ce = pe;
    if (m) {
      const word = m[2] ?? '';
      role = word.startsWith('牵头')
        ? 'lead'
        : word.startsWith('负责') || word.startsWith('责任') || word.endsWith('落实')
          ? 'responsible'
          : 'support';
      ce = ps + m.index;
    }
    const r = trimRange(text, ps, ce);
    if (!r) continue;
    const idx = text.slice(r[0], r[1]).indexOf('会同');
    const cotogether: Range | null = idx > 0 ? [r[0], r[0] + idx] : null;
    clauses.push({ range: r, role, cotogether });
  }
  if (clauses.length === 0) return null;
  // "（A、B，列第一位者为牵头单位）": a bare list that declares the convention lists responsible units.
  if (declares && !defaultKind) {
    defaultKind = 'responsible';
    conventionActive = true;
  }
  // Unlabelled statements need a role word: clauses without one take the role of the next clause that has it.
  if (!defaultKind) {
    if (!clauses.some((c) => c.role)) return null;
    let pending: Clause['role'] = null;
    for (let i = clauses.length - 1; i >= 0; i--) {
      const c = clauses[i]!;
      if (c.role) pending = c.role;
      else c.role = pending;
    }
    if (clauses.some((c) => !c.role)) return null;
  } else {
    for (const c of clauses) if (!c.role) c.role = defaultKind;
  }
  const hasExplicitLead = clauses.some((c) => c.role === 'lead');
  const hasExplicitSupport = clauses.some((c) => c.role === 'support');
  const mentions: UnitMention[] = [];
  let doubtful = false;
  let allUnitLike = true;
  let marked = false;
  for (const c of clauses) {
    const groups: { range: Range; role: UnitRole }[] = [];
    const baseRole: UnitRole =
      c.role === 'support' || (c.role === 'responsible' && hasExplicitLead && defaultKind !== 'responsible')
        ? 'support'
        : 'lead';
    if (c.cotogether) {
      groups.push({ range: c.cotogether, role: baseRole });
      const rest = trimRange(text, c.cotogether[1] + 2, c.range[1]);
      if (rest) groups.push({ range: rest, role: 'support' });
    } else groups.push({ range: c.range, role: baseRole });
    for (const g of groups) {
      for (const nr of splitUnitList(text, g.range[0], g.range[1])) {
        // "市发改委（牵头）": a role marked on one name (only a name that ends in a closing bracket can carry one).
        const lastCode = text.charCodeAt(nr[1] - 1);
        const marker =
          lastCode === 0xff09 || lastCode === 0x29 ? ROLE_MARKER.exec(text.slice(nr[0], nr[1])) : null;
        let end = nr[1];
        let role = g.role;
        if (marker && marker.index > 0) {
          end = nr[0] + marker.index;
          role = LEAD_MARK.test(marker[0]) ? 'lead' : 'support';
          marked = true;
        }
        const name = text.slice(nr[0], end);
        if (!isUnitLike(name)) {
          // Prose in brackets that happens to end in a role word is not a statement (see below): an unlabelled
          // statement is given up at its first name that is not a unit, without reading the rest.
          if (!defaultKind) return null;
          allUnitLike = false;
        }
        mentions.push({ name, role, span: [nr[0], end] });
      }
    }
  }
  if (mentions.length === 0) return null;
  if (!allUnitLike) {
    // Prose in brackets that happens to end in a role word is not a statement.
    if (!defaultKind) return null;
    // A labelled statement keeps the names that read like units; the reviewer is told about the rest.
    doubtful = true;
    const kept = mentions.filter((m) => isUnitLike(m.name));
    mentions.length = 0;
    mentions.push(...kept);
    if (mentions.length === 0) return { mentions, doubtful };
  }
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

/** A foreign key inside a statement ("适用范围：") ends the unit list. */
const FOREIGN_KEY = /[，,；;。]\s*[\u4e00-\u9fa5]{2,6}\s*[：:]/g;

function cutAtForeignKey(text: string, s: number, e: number): number {
  FOREIGN_KEY.lastIndex = 0;
  const sub = text.slice(s, e);
  const m = FOREIGN_KEY.exec(sub);
  return m ? s + m.index : e;
}

/** ， , ； ; 。 — what separates the clauses of a statement. */
function isClauseSeparator(c: number): boolean {
  return c === 0xff0c || c === 0x2c || c === 0xff1b || c === 0x3b || c === 0x3002;
}

/** 。 a line end, or a closing bracket (） ) 】 ］): where a labelled statement in running text stops. */
function isStatementStop(c: number): boolean {
  return c === 0x3002 || c === 10 || c === 13 || c === 0xff09 || c === 0x29 || c === 0x3011 || c === 0xff3d;
}

/** Parses labelled segments in [s, e): "牵头单位：A；配合单位：B". Returns null when there is no label. */
function parseLabelled(
  text: string,
  s: number,
  e: number,
  conventionActive: boolean,
): { mentions: UnitMention[]; doubtful: boolean } | null {
  const re = LABEL_RE;
  re.lastIndex = 0;
  const sub = text.slice(s, e);
  const labels: { at: number; bodyStart: number; kind: LabelKind }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(sub)) !== null)
    labels.push({
      at: s + m.index,
      bodyStart: s + m.index + m[0].length,
      kind: labelKind(m[1] ?? m[2] ?? ''),
    });
  if (labels.length === 0) return null;
  const mentions: UnitMention[] = [];
  let doubtful = false;
  // "（A牵头；责任单位：B）": role-worded units before the first label count too.
  let leadBefore = false;
  const before = trimRange(text, s, labels[0]!.at);
  if (before) {
    let be = before[1];
    while (be > before[0] && isClauseSeparator(text.charCodeAt(be - 1))) be--;
    const parsed = be > before[0] ? parseClauses(text, before[0], be, null, conventionActive) : null;
    if (parsed && !parsed.doubtful) {
      mentions.push(...parsed.mentions);
      leadBefore = parsed.mentions.some((x) => x.role === 'lead');
    }
  }
  // "牵头单位：A；责任单位：B": beside an explicit lead, the responsible units are the ones that support.
  const hasLeadLabel = leadBefore || labels.some((l) => l.kind === 'lead');
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (hasLeadLabel && l.kind === 'responsible') l.kind = 'support';
    const segEnd = cutAtForeignKey(text, l.bodyStart, i + 1 < labels.length ? labels[i + 1]!.at : e);
    const r = trimRange(text, l.bodyStart, segEnd);
    if (!r) continue;
    // Drop a trailing separator before the next label ("A；配合单位：").
    let re2 = r[1];
    while (re2 > r[0] && isClauseSeparator(text.charCodeAt(re2 - 1))) re2--;
    const parsed = parseClauses(text, r[0], re2, l.kind, conventionActive);
    if (!parsed) {
      doubtful = true;
      continue;
    }
    doubtful ||= parsed.doubtful;
    mentions.push(...parsed.mentions);
  }
  return { mentions, doubtful: doubtful || mentions.length === 0 };
}

/**
 * Finds the unit statements inside [start, end) of `text`: bracketed statements of either kind and labelled
 * statements in running text ("责任单位：A、B。"). Prose that merely names ministries is not a statement.
 * `conventionAt` lists the offsets at which a first-listed-leads convention was declared.
 */
export function findUnitStatements(
  text: string,
  start: number,
  end: number,
  conventionAt: readonly number[],
): UnitStatement[] {
  const out: UnitStatement[] = [];
  // Search a slice of the range only: a global search from `start` would run on to the end of the input.
  const sub = text.slice(start, end);
  // Most paragraphs state no units: without a word that every label, role word and convention holds, neither a
  // bracket nor a labelled statement can be found in the range (see ROLE_HINT below).
  if (!ROLE_HINT.test(sub)) return out;
  // A convention applies from the statement that declares it onwards ("列第一的为牵头单位，下同").
  const active = (until: number) => conventionAt.some((c) => c <= until);
  const groups = topLevelRoundGroups(text, start, end);
  for (const [o, c] of groups) {
    const inner = trimRange(text, o + 1, c);
    if (!inner) continue;
    // Most brackets are prose ("（以下简称…）", "（2021—2023年）"): without a word that a label, a role or a
    // convention needs, neither parser below can find a statement in them.
    if (!ROLE_HINT.test(text.slice(inner[0], inner[1]))) continue;
    const conv = active(c);
    const labelled = parseLabelled(text, inner[0], inner[1], conv);
    if (labelled) {
      if (labelled.mentions.length > 0 || labelled.doubtful)
        out.push({ span: [o, c + 1], mentions: labelled.mentions, doubtful: labelled.doubtful });
      continue;
    }
    const parsed = parseClauses(text, inner[0], inner[1], null, conv);
    if (parsed) out.push({ span: [o, c + 1], mentions: parsed.mentions, doubtful: parsed.doubtful });
  }
  // Labelled statements outside brackets: only a range that holds how a label ends can have one.
  if (LABEL_TAIL.test(sub)) findLabelledInRunningText(text, start, end, sub, groups, active, out);
  if (out.length > 1) out.sort((a, b) => a.span[0] - b.span[0]);
  return out;
}

/**
 * Adds to `out` the labelled statements of [start, end) that stand outside the bracket `groups` ("责任单位：A、B。").
 * `sub` is the range's text; `active(until)` tells whether a first-listed-leads convention applies there.
 */
function findLabelledInRunningText(
  text: string,
  start: number,
  end: number,
  sub: string,
  groups: readonly [number, number][],
  active: (until: number) => boolean,
  out: UnitStatement[],
): void {
  const re = LABEL_SCAN_RE;
  re.lastIndex = 0;
  // Built on the first labelled statement only: most ranges have none.
  let groupAt: Map<number, [number, number]> | null = null;
  let gi = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sub)) !== null) {
    const at = start + m.index;
    while (gi < groups.length && groups[gi]![1] < at) gi++;
    const g = groups[gi];
    if (g && g[0] <= at && at <= g[1]) {
      re.lastIndex = g[1] + 1 - start;
      continue;
    }
    // The statement runs to the end of its sentence or paragraph, or to a bracket that is not part of a name.
    let stop = at + m[0].length;
    const limit = Math.min(end, at + MAX_STATEMENT);
    while (
      stop < limit &&
      !isStatementStop(text.charCodeAt(stop)) &&
      !(text.charCodeAt(stop) === 0x3000 && text.charCodeAt(stop + 1) === 0x3000)
    ) {
      if (isRoundOpen(text[stop])) {
        groupAt ??= new Map(groups.map((g) => [g[0], g] as const));
        const grp = groupAt.get(stop);
        if (!grp || grp[1] - grp[0] > 12 || LEAD_OR_SAME.test(text.slice(grp[0], grp[1]))) break;
        stop = grp[1] + 1;
        continue;
      }
      stop++;
    }
    const labelled = parseLabelled(text, at, stop, active(stop + 40));
    if (labelled && (labelled.mentions.length > 0 || labelled.doubtful)) {
      out.push({ span: [at, stop], mentions: labelled.mentions, doubtful: labelled.doubtful });
    }
    re.lastIndex = Math.max(stop, at + m[0].length) - start;
  }
}

/**
 * Reads the units of one cell of a division-of-labour table: the column's role applies unless the cell says
 * otherwise ("A牵头，B配合", "牵头单位：A；配合单位：B").
 */
export function readUnitCell(
  text: string,
  start: number,
  end: number,
  kind: LabelKind,
  conventionActive: boolean,
): { mentions: UnitMention[]; doubtful: boolean } {
  const labelled = parseLabelled(text, start, end, conventionActive);
  if (labelled) return labelled;
  return parseClauses(text, start, end, kind, conventionActive) ?? { mentions: [], doubtful: true };
}

/** A bracket inside a labelled statement that says 牵头 or 下同 is a statement of its own, not part of a name. */
const LEAD_OR_SAME = /牵头|下同/;

/** How far a statement may reach (characters). */
const MAX_STATEMENT = 400;
