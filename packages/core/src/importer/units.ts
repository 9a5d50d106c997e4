/**
 * Unit statements: who leads and who supports an item. Reads the phrasings Chinese plans use — labelled
 * ("（牵头单位：A、B）", "牵头单位：A；配合单位：B", "责任单位：A", "（负责部门：A；适用范围：…）") and role-worded
 * ("（A牵头，B、C配合）", "（A、B按职责分工负责）", "（A会同有关部门负责）") — and the declared convention that the
 * first-listed unit leads ("列第一位者为牵头单位"). This file finds the statements and reads their labels; the clauses
 * inside a statement and their roles are read by unit-clauses.ts.
 */
import type { Span, UnitMention } from '../types.js';
import { topLevelRoundGroups, trimRange } from './text-util.js';
import { isUnitLike, splitUnitList } from './unit-names.js';
import { CONVENTION, isClauseSeparatorCode, parseClauses, type LabelKind } from './unit-clauses.js';

/**
 * Labels are built from a head that gives the role, an optional middle word and a tail: 牵头单位, 牵头考核单位,
 * 主要责任部门, 参加单位, 协同部门, 配合责任单位, 具体实施单位 … A civil servant composes them freely, so the parts
 * are listed rather than every label. Heads that hold no role word on their own (主要, 具体) come with one.
 */
const LABEL_HEADS: Record<LabelKind, readonly string[]> = {
  lead: ['牵头', '主责', '主办', '主要责任', '主要负责'],
  support: ['配合', '协办', '协助', '参与', '参加', '协同', '协作', '支持'],
  responsible: ['责任', '负责', '实施', '落实', '主体', '具体负责', '具体实施', '具体落实', '具体责任'],
};
const LABEL_MIDDLES = ['责任', '负责', '考核', '落实', '实施'];
const LABEL_TAILS = ['单位', '部门', '处室', '科室', '机构'];
const ALL_HEADS = [...LABEL_HEADS.lead, ...LABEL_HEADS.support, ...LABEL_HEADS.responsible];

/** Every label word the parts compose, and 责任主体. Exported for the test that ROLE_HINT covers every label word. */
export const LABEL_WORDS = [
  ...ALL_HEADS.flatMap((h) => ['', ...LABEL_MIDDLES].flatMap((m) => LABEL_TAILS.map((t) => h + m + t))),
  '责任主体',
].join('|');
const LABEL_WORD_SOURCE = `(?:(?:${ALL_HEADS.join('|')})(?:${LABEL_MIDDLES.join('|')})?(?:${LABEL_TAILS.join('|')})|责任主体)`;
/** "牵头单位：" or "【牵头单位】" (a label in lenticular brackets needs no colon). */
const LABEL_SOURCE = `(?:[【\\[]\\s*(${LABEL_WORD_SOURCE})\\s*[】\\]]\\s*[：:]?|(${LABEL_WORD_SOURCE})\\s*[：:])`;

/** Shared, stateful (`g`) copies: callers reset `lastIndex` before use. Two because the scan calls the parser. */
const LABEL_RE = new RegExp(LABEL_SOURCE, 'g');
const LABEL_SCAN_RE = new RegExp(LABEL_SOURCE, 'g');

function labelKind(label: string): LabelKind {
  if (LABEL_HEADS.lead.some((h) => label.startsWith(h))) return 'lead';
  if (LABEL_HEADS.support.some((h) => label.startsWith(h))) return 'support';
  return 'responsible';
}

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

/** A foreign key inside a statement ("适用范围：") ends the unit list. */
const FOREIGN_KEY = /[，,；;。]\s*[\u4e00-\u9fa5]{2,6}\s*[：:]/g;

function cutAtForeignKey(text: string, s: number, e: number): number {
  FOREIGN_KEY.lastIndex = 0;
  const sub = text.slice(s, e);
  const m = FOREIGN_KEY.exec(sub);
  return m ? s + m.index : e;
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
    while (be > before[0] && isClauseSeparatorCode(text.charCodeAt(be - 1))) be--;
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
    let segEnd = cutAtForeignKey(text, l.bodyStart, i + 1 < labels.length ? labels[i + 1]!.at : e);
    // The units end with their sentence: "责任单位：A、B按职责分工负责。具体任务涉及各市（州），下同。" goes on
    // about the task, not about who does it.
    for (let k = l.bodyStart; k < segEnd; k++)
      if (text.charCodeAt(k) === 0x3002) {
        segEnd = k;
        break;
      }
    const r = trimRange(text, l.bodyStart, segEnd);
    if (!r) continue;
    // Drop a trailing separator before the next label ("A；配合单位：").
    let re2 = r[1];
    while (re2 > r[0] && isClauseSeparatorCode(text.charCodeAt(re2 - 1))) re2--;
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
  if (!ROLE_HINT.test(sub) && !DEADLINE_CLOSE.test(sub)) return out;
  // A convention applies from the statement that declares it onwards ("列第一的为牵头单位，下同").
  const active = (until: number) => conventionAt.some((c) => c <= until);
  const groups = topLevelRoundGroups(text, start, end);
  for (const [o, c] of groups) {
    const inner = trimRange(text, o + 1, c);
    if (!inner) continue;
    // Most brackets are prose ("（以下简称…）", "（2021—2023年）"): without a word that a label, a role or a
    // convention needs, neither parser below can find a statement in them.
    if (!ROLE_HINT.test(text.slice(inner[0], inner[1]))) {
      const listed = unitsThenDeadline(text, inner[0], inner[1]);
      if (listed) out.push({ span: [o, c + 1], mentions: listed, doubtful: false });
      continue;
    }
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
  // Labelled statements outside brackets.
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
    // (By code: the loop looks at every character of the statement.)
    while (
      stop < limit &&
      STATEMENT_STOP_CODE[text.charCodeAt(stop)] !== 1 &&
      !(text.charCodeAt(stop) === 0x3000 && text.charCodeAt(stop + 1) === 0x3000)
    ) {
      const c = text.charCodeAt(stop);
      if (c === 0xff08 || c === 0x28) {
        groupAt ??= new Map(groups.map((g) => [g[0], g] as const));
        const grp = groupAt.get(stop);
        if (!grp || grp[1] - grp[0] > 12 || /牵头|下同/.test(text.slice(grp[0], grp[1]))) break;
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
  if (out.length > 1) out.sort((a, b) => a.span[0] - b.span[0]);
  return out;
}

/** A bracket that closes on a deadline or a standing term: what `unitsThenDeadline` needs (a cheap test first). */
const DEADLINE_CLOSE = /(?:[0-9０-９]年|月|底|末|前|旬|季度|长期坚持|持续推进)[）)]/;
/** The deadline part of "（区数据局，2024年9月底前）": a date with nothing but date words, or a standing term. */
const BRACKET_DEADLINE =
  /^(?:(?:[0-9０-９]{4}[ \u3000]*年)?[0-9０-９月底末前旬上中下季度一二三四半年内以起开始完成每持续至—\-～~、 \u3000]{1,16}|长期坚持|持续推进|长期推进|持续实施)$/;

/**
 * A bracket that names units and then a deadline with no role word, "（区数据局，2024年9月底前）", "（市商务局、
 * 市财政局；长期坚持）": the form a task list takes when its table's columns (责任单位, 完成时限) are run into the
 * text. The units before the deadline are the responsible ones (leads); every name must read as a unit, and the
 * deadline must hold a year, a month or a standing term, so a bracket of prose ("（试点先行，2024年起）") is not read.
 */
function unitsThenDeadline(text: string, s: number, e: number): UnitMention[] | null {
  const inner = text.slice(s, e);
  const cut = Math.max(
    inner.lastIndexOf('，'),
    inner.lastIndexOf(','),
    inner.lastIndexOf('；'),
    inner.lastIndexOf(';'),
  );
  if (cut <= 1) return null;
  const deadline = inner.slice(cut + 1).trim();
  if (!BRACKET_DEADLINE.test(deadline) || !/年|月|季度|长期|持续/.test(deadline)) return null;
  const names = splitUnitList(text, s, s + cut);
  if (names.length === 0 || names.length > 12) return null;
  const mentions: UnitMention[] = [];
  for (const [a, b] of names) {
    const name = text.slice(a, b);
    if (!isUnitLike(name)) return null;
    mentions.push({ name, role: 'lead', span: [a, b] });
  }
  return mentions;
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

/** A label where a statement starts: "牵头单位：", "【责任单位】". */
const LABEL_AT_RE = new RegExp(LABEL_SOURCE, 'y');

/**
 * Whether [s, e) between two labelled statements holds only blanks, line breaks and the 。；; that closed the
 * first: nothing stands between them.
 */
function isLabelGap(text: string, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x3002 || c === 0xff1b || c === 0x3b) {
      if (k !== s) return false;
    } else if (!(c === 0x20 || c === 0x09 || c === 0x3000 || c === 0x0a || c === 0x0d)) return false;
  }
  return true;
}

/**
 * Joins labelled statements that follow one another with nothing but blanks and line breaks between them:
 * "牵头单位：A" and "责任单位：B" on lines of their own (or set apart by full-width spaces) are one statement, as
 * they are on one line ("牵头单位：A；责任单位：B"), so beside the lead the responsible units support, and the
 * second line opens no task of its own. `statements` are in text order (findUnitStatements over an item's ranges,
 * one after another).
 */
export function joinLabelledLines(
  text: string,
  statements: readonly UnitStatement[],
  conventionAt: readonly number[],
): UnitStatement[] {
  if (statements.length < 2) return statements as UnitStatement[];
  const startsWithLabel = (st: UnitStatement) => {
    LABEL_AT_RE.lastIndex = st.span[0];
    return LABEL_AT_RE.test(text);
  };
  const out: UnitStatement[] = [];
  for (const st of statements) {
    const prev = out[out.length - 1];
    if (prev && startsWithLabel(prev) && startsWithLabel(st) && isLabelGap(text, prev.span[1], st.span[0])) {
      const end = st.span[1];
      const parsed = parseLabelled(
        text,
        prev.span[0],
        end,
        conventionAt.some((c) => c <= end + 40),
      );
      if (parsed && parsed.mentions.length > 0) {
        out[out.length - 1] = {
          span: [prev.span[0], end],
          mentions: parsed.mentions,
          doubtful: parsed.doubtful,
        };
        continue;
      }
    }
    out.push(st);
  }
  return out;
}

/** 。, line breaks and closing brackets: where a labelled statement outside brackets ends. */
const STATEMENT_STOP_CODE = new Uint8Array(0x10000);
for (const ch of '。\n\r）)】］') STATEMENT_STOP_CODE[ch.charCodeAt(0)] = 1;

/** How far a statement may reach (characters). */
const MAX_STATEMENT = 400;
