/**
 * The plan importer: text in, a plan draft out.
 *
 * Pipeline: paragraphs (line breaks, or runs of full-width spaces in one-line texts) → title, own document
 * number and issuer → where the body starts (after a covering 印发…的通知, at the plan's own title line) → the
 * tree of numbered items, built with a stack ranked by numbering style → unit statements inside each item's own
 * text (`item-tree.ts`) → rows of an annex division-of-labour table, attached to the items they restate, or an
 * annex that is itself the task list as a node of its own (`annex.ts`) → kinds → period and references. Targets
 * come from `extractTargets`.
 *
 * Node kinds: a top-level item is a `section` (一、总体要求), unless the document is flat — its top-level items
 * carry their own unit statements and have no numbered children (国办发 notices listing 一、…三十、 measures) — in
 * which case they are `task`s. Below that, an item is a `task` when it carries lead units, has tasks below it or
 * sits directly under a section, and a `measure` otherwise (a numbered step inside a task). When one item holds
 * several unit statements (a paragraph of sentence-level tasks, each closed by its own "（X负责）"), each statement
 * becomes an unnumbered child `task` covering the sentences before it; so does each table row when an item has
 * several rows in the division-of-labour table.
 */
import type { Diagnostic, PlanDraft, PlanNodeDraft, UnitMention } from '../types.js';
import {
  enclosedTitleLines,
  findBodyStart,
  findIssuers,
  findReferences,
  findTitle,
  planTitle,
} from './metadata.js';
import { annualYear, findIssuedYear, findPeriod } from './period.js';
import { inlineParagraphStarts, paragraphBreaks, splitParagraphs } from './paragraphs.js';
import { deadlineHints, findDeadline } from './deadlines.js';
import { annexTaskLists, attachDutyList, attachTableRows } from './annex.js';
import { foldText } from './fold.js';
import { diag, distinct, firstSentenceEnd, nodeFromMentions } from './draft-util.js';
import { assignKinds, buildItems, findTableStart, skipContents, type Building } from './item-tree.js';
import { extractTargets } from './targets.js';
import { trimRange } from './text-util.js';
import { findProseStatements } from './prose-statements.js';
import { findConventions, findUnitStatements, joinLabelledLines, type UnitStatement } from './units.js';

/**
 * True when the character at `k` ends a sentence (。！？!?), so that the body after a title starts past it; also
 * past the text's end, as the string test this replaces had it ('。！？!?'.includes('') is true): a body after a
 * title that closes the text is then empty either way. By code: every item and sentence-level task asks.
 */
function endsSentenceAt(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  return Number.isNaN(c) || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x21 || c === 0x3f;
}

/** 。；;，,！？!? and blanks: what may close a statement's sentence or clause after its bracket. */
const CLOSES_STATEMENT = new Set([
  0x3002, 0xff1b, 0x3b, 0xff0c, 0x2c, 0xff01, 0xff1f, 0x21, 0x3f, 0x20, 0x3000, 0x09, 0x0a, 0x0d,
]);

function makeTitle(
  text: string,
  s: number,
  e: number,
  statements: readonly UnitStatement[],
): [number, number] {
  let te = firstSentenceEnd(text, s, e);
  // A statement that opens the item ("公安部负责维护…") is part of its heading, not after it.
  for (const st of statements) if (st.span[0] > s && st.span[0] < te) te = st.span[0];
  // "知识产权保护方面5项：…" — a short lead-in before a colon is the heading.
  const colon = firstColon(text, s, Math.min(te, s + 40));
  if (colon - s >= 2) te = colon;
  // "一、总体要求 到2025年，…": in a text whose line breaks became blanks, a blank between Han characters ends it.
  const gap = headingGap(text, s, Math.min(te, s + 42));
  if (gap >= 0) te = gap;
  const r = trimRange(text, s, te);
  if (!r) return [s, s];
  const a = r[0];
  let b = r[1];
  while (b > a && isTitleTrailer(text.charCodeAt(b - 1))) b--;
  return [a, b];
}

/** A blank a heading may be set apart by: a space, a tab or an ideographic space. */
const isBlank = (c: number) => c === 0x20 || c === 0x3000 || c === 0x09;
const isHan = (c: number) => c >= 0x4e00 && c <= 0x9fff;

/**
 * Where a heading ends at a blank in [s, e): the first blank after its first two characters, with Han characters on
 * both sides. None when the first blank comes sooner, as in a heading spaced out letter by letter ("总 体 要 求").
 */
function headingGap(text: string, s: number, e: number): number {
  let a = s;
  while (a < e && isBlank(text.charCodeAt(a))) a++;
  let i = a;
  while (i < e && !isBlank(text.charCodeAt(i))) i++;
  if (i >= e || i - a < 2 || !isHan(text.charCodeAt(i - 1))) return -1;
  let j = i;
  while (j < e && isBlank(text.charCodeAt(j))) j++;
  return j < e && isHan(text.charCodeAt(j)) ? i : -1;
}

/** The offset of the first ： or : in [s, e), or -1. */
function firstColon(text: string, s: number, e: number): number {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xff1a || c === 0x3a) return i;
  }
  return -1;
}

/** ： : ， , ； ; — punctuation a title does not end with. */
function isTitleTrailer(c: number): boolean {
  return c === 0xff1a || c === 0x3a || c === 0xff0c || c === 0x2c || c === 0xff1b || c === 0x3b;
}

/**
 * Text in, a plan draft out: title, issuer, document number, period, references, the tree of numbered items with
 * their lead and supporting units, and the quantitative targets. Never throws: what it cannot place becomes a
 * diagnostic.
 */
export function parsePlan(text: string): PlanDraft {
  // Offsets into the folded text are offsets into the text as given (one character for one).
  const input = foldText(typeof text === 'string' ? text : String(text ?? ''));
  let targets: PlanDraft['targets'] = [];
  // Computed once: both the tree and the targets need to know where inline items start.
  const breaks = paragraphBreaks(input);
  const inlineStarts = inlineParagraphStarts(input, breaks);
  const diagnostics: Diagnostic[] = [];
  try {
    const t = extractTargets(input, { paragraphStarts: inlineStarts });
    targets = t.targets;
    diagnostics.push(...t.diagnostics);
  } catch (err) {
    diagnostics.push(
      diag(
        'error',
        'TARGETS_FAILED',
        `目标提取失败：${String(err)}`,
        `Target extraction failed: ${String(err)}`,
        null,
      ),
    );
  }
  try {
    // Added to the structure's own object rather than spread into a copy of it: same fields, same order.
    return Object.assign(parseStructure(input, diagnostics, inlineStarts, breaks), { targets, diagnostics });
  } catch (err) {
    diagnostics.push(
      diag(
        'error',
        'INTERNAL_ERROR',
        `解析内部错误：${String(err)}`,
        `Internal importer error: ${String(err)}`,
        null,
      ),
    );
    return {
      title: '',
      issuer: null,
      issuers: [],
      documentNumber: null,
      period: null,
      references: [],
      nodes: [],
      units: [],
      supportUnits: [],
      targets,
      diagnostics,
    };
  }
}

function parseStructure(
  text: string,
  diagnostics: Diagnostic[],
  inlineStarts: readonly number[],
  breaks: readonly number[],
): Omit<PlanDraft, 'targets' | 'diagnostics'> {
  const paras = splitParagraphs(text, inlineStarts, breaks);
  const titleInfo = findTitle(paras);
  // A covering notice's enclosed plan has its own title line(s): the body starts after them, and they title it.
  const titleLines = titleInfo.index < 0 ? null : enclosedTitleLines(paras, titleInfo);
  const planStart = titleInfo.index < 0 ? 0 : findBodyStart(paras, titleInfo, titleLines);
  const bodyStart = skipContents(paras, planStart);

  // A division-of-labour table printed after the body without an 附件 line still ends the body.
  const tableAt = findTableStart(paras, bodyStart);

  const { roots, annexFrom } = buildItems(paras, bodyStart, tableAt, diagnostics);
  if (roots.length === 0) {
    diagnostics.push(
      diag(
        'warning',
        'NO_STRUCTURE',
        '未找到编号条目（一、（一）1.（1）①）。',
        'No numbered items (一、 （一） 1. （1） ①) were found.',
        null,
      ),
    );
  }

  const conventions = findConventions(text);
  const hints = deadlineHints(text);
  // A yearly plan dates its items by month alone ("6月底完成"): the year is the one its title names.
  const ownTitle = planTitle(titleInfo, paras, planStart, titleLines);
  const planYear = annualYear(ownTitle) ?? annualYear(titleInfo.title);
  const toDraft = (b: Building): PlanNodeDraft => {
    const found: UnitStatement[] = [];
    // Pushed one by one: a spread copies each range's list into an arguments list first.
    for (const [s, e] of b.ownRanges)
      for (const st of findUnitStatements(text, s, e, conventions)) found.push(st);
    const statements = joinLabelledLines(text, found, conventions);
    for (const st of statements) {
      if (st.doubtful) {
        diagnostics.push(
          diag(
            'warning',
            'UNIT_STATEMENT_UNPARSED',
            `责任单位表述未能完全识别：${text.slice(st.span[0], st.span[1])}`,
            'A unit statement could not be read completely.',
            st.span,
          ),
        );
      }
    }
    const firstEnd = b.ownRanges[0]?.[1] ?? b.ownEnd;
    let [ts, te] = makeTitle(text, b.textStart, firstEnd, statements);
    let bodyFrom = te;
    if (endsSentenceAt(text, bodyFrom)) bodyFrom++;
    // No bracketed or labelled statement: the item may state its units in prose.
    if (statements.length === 0) {
      // The item's own text opens a paragraph too: "（3）公安部负责维护…". In order: the body after the heading
      // (when there is one), the item's start, then each later paragraph of its own.
      const openings: number[] = [];
      const opened = trimRange(text, bodyFrom, firstEnd);
      if (opened && te > ts) openings.push(opened[0]);
      openings.push(b.textStart);
      for (let k = 1; k < b.ownRanges.length; k++) openings.push(b.ownRanges[k]![0]);
      let prose = findProseStatements(text, b.ownRanges, openings, conventions);
      // An item that opens with its units ("（1）X负责…。X负责…") states them once: a second duty of the same
      // paragraph is not a task of its own.
      if (opened && prose.some((st) => st.span[0] === b.textStart))
        prose = prose.filter((st) => st.span[0] !== opened[0]);
      if (prose.length > 0) {
        statements.push(...prose);
        [ts, te] = makeTitle(text, b.textStart, firstEnd, statements);
        bodyFrom = te;
        if (endsSentenceAt(text, bodyFrom)) bodyFrom++;
      }
    }
    const bodyRange = trimRange(text, bodyFrom, b.ownEnd);
    const node: PlanNodeDraft = {
      label: b.label,
      kind: 'task',
      title: text.slice(ts, te),
      body: bodyRange ? text.slice(bodyRange[0], bodyRange[1]) : '',
      leadUnits: [],
      supportUnits: [],
      unitMentions: [],
      span: [b.start, b.end],
      children: [],
      deadline: findDeadline(text, b.ownRanges, hints, planYear),
    };
    // Statements with lead units open a task each; support-only statements join the task before them.
    const groups: { mentions: UnitMention[]; end: number; statements: UnitStatement[] }[] = [];
    for (const st of statements) {
      const hasLead = st.mentions.some((m) => m.role === 'lead');
      const prev = groups[groups.length - 1];
      if (!hasLead && prev) {
        prev.mentions.push(...st.mentions);
        prev.end = st.span[1];
        prev.statements.push(st);
      } else if (hasLead || st.mentions.length > 0)
        groups.push({ mentions: [...st.mentions], end: st.span[1], statements: [st] });
    }
    if (groups.length === 1) nodeFromMentions(node, groups[0]!.mentions);
    else if (groups.length > 1) {
      let from = ts;
      let last: PlanNodeDraft | null = null;
      for (const g of groups) {
        // A statement inside the one before ("（责任单位：A、（B负责）…", a bracket left open) ends within the task
        // already made: its units are that task's, and it opens none of its own.
        if (last && g.end <= from) {
          nodeFromMentions(last, g.mentions);
          continue;
        }
        const chunk = trimRange(text, from, g.end);
        const cs = chunk ? chunk[0] : from;
        // A sentence-level task starts after the item's heading sentence when there is one.
        const startAt = from === ts && te < g.end && te > ts ? bodyFrom : cs;
        const r = trimRange(text, startAt, g.end) ?? [cs, g.end];
        const [sts, ste] = makeTitle(text, r[0], r[1], g.statements);
        let subBody = ste;
        if (endsSentenceAt(text, subBody)) subBody++;
        const sub: PlanNodeDraft = {
          label: '',
          kind: 'task',
          title: text.slice(sts, ste),
          body: text.slice(subBody, r[1]).trim(),
          leadUnits: [],
          supportUnits: [],
          unitMentions: [],
          span: [r[0], r[1]],
          children: [],
          deadline: findDeadline(text, [[r[0], r[1]]], hints, planYear),
        };
        nodeFromMentions(sub, g.mentions);
        node.children.push(sub);
        last = sub;
        // The next task starts after the mark that closes this one: a statement in brackets stands before its
        // sentence's 。 or its clause's ；, which would otherwise open the next task and leave it without a title.
        from = g.end;
        while (from < b.ownEnd && CLOSES_STATEMENT.has(text.charCodeAt(from))) from++;
      }
    }
    for (const c of b.children) node.children.push(toDraft(c));
    return node;
  };
  const nodes = roots.map(toDraft);

  // Annex tables give lead and supporting units to rows; rows attach to the body items they restate.
  let annexNodes: PlanNodeDraft[] = [];
  if (annexFrom < paras.length) {
    const annex = paras.slice(annexFrom);
    const rows = attachTableRows(text, annex, nodes, diagnostics, conventions);
    const duties = rows === 0 ? attachDutyList(text, annex, nodes, hints) : 0;
    // Neither a table nor a duty list: the annex may be the task list itself (考评指标, 重点任务分工, 任务清单).
    if (rows === 0 && duties === 0) annexNodes = annexTaskLists(paras, annexFrom, diagnostics, toDraft);
  }

  assignKinds(nodes);
  nodes.push(...annexNodes);

  const units: string[] = [];
  const supportUnits: string[] = [];
  const walk = (ns: readonly PlanNodeDraft[]) => {
    for (const n of ns) {
      units.push(...n.leadUnits);
      supportUnits.push(...n.supportUnits);
      walk(n.children);
    }
  };
  walk(nodes);

  const bodyText = text;
  const issuedYear = findIssuedYear(paras);
  const issuers = findIssuers(titleInfo.raw ?? titleInfo.title, paras);
  return {
    title: ownTitle,
    issuer: issuers.length > 0 ? issuers.join('、') : null,
    issuers,
    documentNumber: titleInfo.documentNumber,
    // A covering notice's plan has its own title line, which may carry the period "(2021—2023年)".
    period: findPeriod(
      planStart > titleInfo.index + 1
        ? `${titleInfo.title} ${paras[planStart - 1]?.text ?? ''}`
        : titleInfo.title,
      bodyText,
      issuedYear,
    ),
    references: findReferences(text, titleInfo.documentNumber, titleInfo.title),
    nodes,
    units: distinct(units),
    supportUnits: distinct(supportUnits),
  };
}
