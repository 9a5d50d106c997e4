/**
 * The plan importer: text in, a plan draft out.
 *
 * Pipeline: paragraphs (line breaks, or runs of full-width spaces in one-line texts) → title, own document
 * number and issuer → where the body starts (after a covering 印发…的通知, at the plan's own title line) → the
 * tree of numbered items, built with a stack ranked by numbering style → unit statements inside each item's own
 * text → rows of an annex division-of-labour table, attached to the items they restate → kinds → period and
 * references. Targets come from `extractTargets`.
 *
 * Node kinds: a top-level item is a `section` (一、总体要求), unless the document is flat — its top-level items
 * carry their own unit statements and have no numbered children (国办发 notices listing 一、…三十、 measures) — in
 * which case they are `task`s. Below that, an item is a `task` when it carries lead units, has tasks below it or
 * sits directly under a section, and a `measure` otherwise (a numbered step inside a task). When one item holds
 * several unit statements (a paragraph of sentence-level tasks, each closed by its own "（X负责）"), each statement
 * becomes an unnumbered child `task` covering the sentences before it; so does each table row when an item has
 * several rows in the division-of-labour table.
 */
import type { Diagnostic, NodeKind, PlanDraft, PlanNodeDraft, Span, UnitMention } from '../types.js';
import {
  findBodyStart,
  findIssuedYear,
  findIssuers,
  findPeriod,
  findReferences,
  findTitle,
  planTitle,
} from './metadata.js';
import { splitParagraphs } from './paragraphs.js';
import { findDeadline } from './deadlines.js';
import { attachDutyEntries, readDutyList } from './duty-list.js';
import { matchLabel } from './structure.js';
import { isLeadHeaderCell, readDivisionTables, type TableRow } from './table.js';
import { extractTargets } from './targets.js';
import { isCloserCode, isOpenerCode, normalizeTitle, trimRange, type Paragraph } from './text-util.js';
import { findConventions, findProseStatements, findUnitStatements, type UnitStatement } from './units.js';

/** An item while the tree is being built. */
interface Building {
  label: string;
  rank: number;
  ordinal: number;
  /** Offset where the item's text after the label starts. */
  textStart: number;
  start: number;
  /** End of the item's own text (before its first child). */
  ownEnd: number;
  /** End of the item including its children. */
  end: number;
  ownRanges: [number, number][];
  children: Building[];
}

/** Paragraphs that close a document: the date line, 此件主动公开, page links. */
const CLOSING =
  /^(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[（(]此件[^）)]{0,10}[）)]|相关(解读|文章|报道|链接|阅读)[：:]?.*|附件\s*\d*\s*(?:[：:].*)?|附\s*[：:].*|抄送[：:].*)$/;

const SENTENCE_END = '。！？!?';

function diag(
  severity: Diagnostic['severity'],
  code: string,
  zh: string,
  en: string,
  span: Span | null,
): Diagnostic {
  return { severity, code, message: { zh, en }, span };
}

function distinct(names: Iterable<string>): string[] {
  return [...new Set(names)];
}

/** End of the first sentence in [s, e): the index of its 。！？ (outside brackets and quotes), or e. */
function firstSentenceEnd(text: string, s: number, e: number): number {
  let depth = 0;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (isOpenerCode(c) || c === 0x300a || c === 0x201c) depth++;
    else if (isCloserCode(c) || c === 0x300b || c === 0x201d) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x21 || c === 0x3f))
      return i;
  }
  return e;
}

function firstSentence(s: string): string {
  const i = firstSentenceEnd(s, 0, s.length);
  return s.slice(0, i);
}

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
  const colon = text.slice(s, Math.min(te, s + 40)).search(/[：:]/);
  if (colon >= 2) te = s + colon;
  const r = trimRange(text, s, te);
  if (!r) return [s, s];
  const a = r[0];
  let b = r[1];
  while (b > a && '：:，,；;'.includes(text[b - 1] ?? '')) b--;
  return [a, b];
}

function nodeFromMentions(node: PlanNodeDraft, mentions: readonly UnitMention[]): void {
  node.unitMentions.push(...mentions);
  node.leadUnits = distinct([
    ...node.leadUnits,
    ...mentions.filter((m) => m.role === 'lead').map((m) => m.name),
  ]);
  node.supportUnits = distinct([
    ...node.supportUnits,
    ...mentions.filter((m) => m.role === 'support').map((m) => m.name),
  ]);
}

/**
 * Text in, a plan draft out: title, issuer, document number, period, references, the tree of numbered items with
 * their lead and supporting units, and the quantitative targets. Never throws: what it cannot place becomes a
 * diagnostic.
 */
export function parsePlan(text: string): PlanDraft {
  const input = typeof text === 'string' ? text : String(text ?? '');
  let targets: PlanDraft['targets'] = [];
  const diagnostics: Diagnostic[] = [];
  try {
    const t = extractTargets(input);
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
    return { ...parseStructure(input, diagnostics), targets, diagnostics };
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

function parseStructure(text: string, diagnostics: Diagnostic[]): Omit<PlanDraft, 'targets' | 'diagnostics'> {
  const paras = splitParagraphs(text);
  const titleInfo = findTitle(paras);
  const planStart = titleInfo.index < 0 ? 0 : findBodyStart(paras, titleInfo);
  const bodyStart = skipContents(paras, planStart);

  // A division-of-labour table printed after the body without an 附件 line still ends the body.
  const tableAt = findTableStart(paras, bodyStart);

  // Build the tree with a stack ranked by numbering style.
  const roots: Building[] = [];
  const stack: Building[] = [];
  let annexFrom = tableAt;
  let seenItem = false;
  for (let i = bodyStart; i < tableAt; i++) {
    const p = paras[i]!;
    if (seenItem && CLOSING.test(p.text)) {
      if (/^附/.test(p.text)) {
        annexFrom = i;
        break;
      }
      // After the date line only signatures, links and annexes follow.
      let k = i + 1;
      // Only a paragraph opening on 附 (or on a blank that squashing removes) can be the 附件 line.
      while (
        k < tableAt &&
        !(
          mayOpenWithAnnex(paras[k]!.text) &&
          /^附件\s*\d*(?:[：:].{0,40})?$/.test(paras[k]!.text.replace(/\s+/g, ''))
        )
      )
        k++;
      annexFrom = k;
      break;
    }
    const label = matchLabel(p.text);
    if (label) {
      seenItem = true;
      const b: Building = {
        label: label.label,
        rank: label.rank,
        ordinal: label.ordinal,
        textStart: p.start + label.length,
        start: p.start,
        ownEnd: p.end,
        end: p.end,
        ownRanges: [[p.start + label.length, p.end]],
        children: [],
      };
      while (stack.length > 0 && stack[stack.length - 1]!.rank >= label.rank) stack.pop();
      const parent = stack[stack.length - 1];
      const siblings = parent ? parent.children : roots;
      const prev = siblings[siblings.length - 1];
      // Items may be numbered on across sections, so only a jump between siblings is worth a look.
      if (prev && prev.rank === b.rank && b.ordinal !== prev.ordinal + 1) {
        diagnostics.push(
          diag(
            'info',
            'NUMBERING_GAP',
            `编号不连续：“${prev.label}”之后是“${b.label}”，请核对是否漏项或错号。`,
            `Numbering jumps from "${prev.label}" to "${b.label}"; check for a missing or misnumbered item.`,
            [p.start, Math.min(p.end, p.start + label.length)],
          ),
        );
      }
      siblings.push(b);
      stack.push(b);
      for (const s of stack) s.end = p.end;
    } else if (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      top.ownRanges.push([p.start, p.end]);
      top.ownEnd = p.end;
      for (const s of stack) s.end = p.end;
    }
  }
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
  const toDraft = (b: Building): PlanNodeDraft => {
    const statements: UnitStatement[] = [];
    for (const [s, e] of b.ownRanges) statements.push(...findUnitStatements(text, s, e, conventions));
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
    if (SENTENCE_END.includes(text[bodyFrom] ?? '')) bodyFrom++;
    // No bracketed or labelled statement: the item may state its units in prose.
    if (statements.length === 0) {
      // The item's own text opens a paragraph too: "（3）公安部负责维护…".
      const openings = [b.textStart, ...b.ownRanges.slice(1).map((r) => r[0])];
      const opened = trimRange(text, bodyFrom, firstEnd);
      if (opened && te > ts) openings.unshift(opened[0]);
      let prose = findProseStatements(text, b.ownRanges, openings, conventions);
      // An item that opens with its units ("（1）X负责…。X负责…") states them once: a second duty of the same
      // paragraph is not a task of its own.
      if (opened && prose.some((st) => st.span[0] === b.textStart))
        prose = prose.filter((st) => st.span[0] !== opened[0]);
      if (prose.length > 0) {
        statements.push(...prose);
        [ts, te] = makeTitle(text, b.textStart, firstEnd, statements);
        bodyFrom = te;
        if (SENTENCE_END.includes(text[bodyFrom] ?? '')) bodyFrom++;
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
      deadline: findDeadline(text, b.ownRanges),
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
      for (const g of groups) {
        const chunk = trimRange(text, from, g.end);
        const cs = chunk ? chunk[0] : from;
        // A sentence-level task starts after the item's heading sentence when there is one.
        const startAt = from === ts && te < g.end && te > ts ? bodyFrom : cs;
        const r = trimRange(text, startAt, g.end) ?? [cs, g.end];
        const [sts, ste] = makeTitle(text, r[0], r[1], g.statements);
        let subBody = ste;
        if (SENTENCE_END.includes(text[subBody] ?? '')) subBody++;
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
          deadline: findDeadline(text, [[r[0], r[1]]]),
        };
        nodeFromMentions(sub, g.mentions);
        node.children.push(sub);
        from = g.end;
      }
    }
    for (const c of b.children) node.children.push(toDraft(c));
    return node;
  };
  const nodes = roots.map(toDraft);

  // Annex tables give lead and supporting units to rows; rows attach to the body items they restate.
  if (annexFrom < paras.length) {
    const annex = paras.slice(annexFrom);
    const rows = attachTableRows(text, annex, nodes, diagnostics, conventions);
    if (rows === 0) attachDutyList(text, annex, nodes);
  }

  assignKinds(nodes);

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
    title: planTitle(titleInfo, paras, planStart),
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

/** False when `t` squashed of its blanks cannot start with 附: it opens on another character than 附 or a blank. */
function mayOpenWithAnnex(t: string): boolean {
  const c = t.charCodeAt(0);
  return c === 0x9644 || /^\s/.test(t);
}

/** Index of the first paragraph of a table header (牵头单位 among short header cells) after `from`, or the end. */
function findTableStart(paras: readonly Paragraph[], from: number): number {
  const short = (k: number) => {
    const t = paras[k]?.text.replace(/\s+/g, '') ?? '';
    return t.length > 0 && t.length <= 12 && !/[。；]/.test(t);
  };
  for (let i = from; i < paras.length; i++) {
    if (!isLeadHeaderCell(paras[i]!.text)) continue;
    if (!(short(i - 1) && (short(i + 1) || short(i - 2)))) continue;
    let s = i;
    while (s - 1 >= from && i - s < 12 && short(s - 1) && !matchLabel(paras[s - 1]!.text)) s--;
    // The table's own title line ("…任务分工表") belongs to the table too.
    if (s - 1 >= from && /(表|清单)$/.test(paras[s - 1]!.text)) s--;
    return s;
  }
  return paras.length;
}

/** Keys a title is looked up by: normalised, and normalised without bracketed asides. */
function titleKeys(title: string, normalized?: string): string[] {
  const a = normalized ?? normalizeTitle(title);
  // Most titles have no bracketed aside; only those need the second key.
  const b = /[（(]/.test(title) ? normalizeTitle(title.replace(/[（(][^（）()]{0,30}[）)]/g, '')) : a;
  return (a === b ? [a] : [a, b]).filter((k) => k.length >= 2);
}

function hasLeadBelow(n: PlanNodeDraft): boolean {
  return n.children.some((c) => c.leadUnits.length > 0 || hasLeadBelow(c));
}

function assignKinds(nodes: PlanNodeDraft[]): void {
  const flat =
    nodes.length > 1 &&
    nodes.every((n) => n.children.every((c) => c.label === '')) &&
    nodes.filter((n) => n.leadUnits.length > 0).length * 2 >= nodes.length;
  const visit = (n: PlanNodeDraft, parentKind: NodeKind | null) => {
    if (parentKind === null) n.kind = flat ? 'task' : 'section';
    else if (n.leadUnits.length > 0 || parentKind === 'section' || n.label === '' || hasLeadBelow(n))
      n.kind = 'task';
    else n.kind = 'measure';
    for (const c of n.children) visit(c, n.kind);
  };
  for (const n of nodes) visit(n, null);
}

function attachTableRows(
  text: string,
  annex: readonly Paragraph[],
  nodes: PlanNodeDraft[],
  diagnostics: Diagnostic[],
  conventions: readonly number[],
): number {
  const rows = readDivisionTables(text, annex, conventions);
  if (rows.length === 0) return 0;
  for (const r of rows) {
    for (const m of r.rejected) {
      diagnostics.push(
        diag(
          'warning',
          'UNIT_NAME_DOUBTFUL',
          `分工表中的单位名称存疑：${m.name}`,
          `A name in the division-of-labour table does not read like a unit: ${m.name}`,
          m.span,
        ),
      );
    }
  }
  // Index body items by normalised title.
  // Index body items by normalised title, with and without bracketed asides ("（含室内分布系统）").
  const byTitle = new Map<string, PlanNodeDraft>();
  const all: PlanNodeDraft[] = [];
  /** normalizeTitle of each of `all`, for the group look-up. */
  const normalizedTitles: string[] = [];
  const index = (ns: readonly PlanNodeDraft[]) => {
    for (const n of ns) {
      const normalized = normalizeTitle(n.title);
      for (const k of titleKeys(n.title, normalized)) if (!byTitle.has(k)) byTitle.set(k, n);
      all.push(n);
      normalizedTitles.push(normalized);
      index(n.children);
    }
  };
  index(nodes);
  const findItem = (item: string): PlanNodeDraft | null => {
    for (const k of titleKeys(item)) {
      const n = byTitle.get(k);
      if (n) return n;
    }
    return null;
  };
  const groupCache = new Map<string, PlanNodeDraft | null>();
  const findGroup = (group: string): PlanNodeDraft | null => {
    if (groupCache.has(group)) return groupCache.get(group) ?? null;
    const label = matchLabel(group);
    const key = normalizeTitle(group.slice(label ? label.length : 0).replace(/[（(][^（）()]*[）)]$/, ''));
    const at = key.length >= 2 ? normalizedTitles.findIndex((t) => t.startsWith(key)) : -1;
    const found = at >= 0 ? all[at]! : null;
    groupCache.set(group, found);
    return found;
  };
  // Rows of one item (a full row and the rows that continue it) stay together.
  const items: TableRow[][] = [];
  for (const r of rows) {
    const last = items[items.length - 1];
    if (last && r.serial === '' && last[0]!.item === r.item) last.push(r);
    else items.push([r]);
  }
  let annexNode: PlanNodeDraft | null = null;
  for (const itemRows of items) {
    const head = itemRows[0]!;
    const item = head.item ? findItem(head.item) : null;
    const target = item ?? (head.group ? findGroup(head.group) : null);
    const matchedItem = item !== null;
    // One row restating one item: the row's units are the item's (merged with any it states itself).
    if (item && itemRows.length === 1) {
      nodeFromMentions(item, head.mentions);
      continue;
    }
    let parent = target;
    if (!parent) {
      if (!annexNode) {
        annexNode = {
          label: '',
          kind: 'section',
          title: '附件：任务分工表',
          body: '',
          leadUnits: [],
          supportUnits: [],
          unitMentions: [],
          span: [head.span[0], head.span[1]],
          children: [],
          deadline: null,
        };
        nodes.push(annexNode);
        diagnostics.push(
          diag(
            'info',
            'TABLE_ROWS_UNMATCHED',
            '分工表中有条目未能对应到正文条目，已列入“附件”。',
            'Some division-of-labour rows match no item of the plan body; they are listed under an annex node.',
            head.span,
          ),
        );
      }
      parent = annexNode;
    }
    for (const r of itemRows) {
      const sub: PlanNodeDraft = {
        label: r.serial,
        kind: 'task',
        title: (r === head && !matchedItem ? r.item : firstSentence(r.content)) || r.content,
        body: r.content,
        leadUnits: [],
        supportUnits: [],
        unitMentions: [],
        span: r.span,
        children: [],
        deadline: null,
      };
      nodeFromMentions(sub, r.mentions);
      parent.children.push(sub);
      if (parent === annexNode)
        annexNode.span = [Math.min(annexNode.span[0], r.span[0]), Math.max(annexNode.span[1], r.span[1])];
    }
  }
  return rows.length;
}

/** An annex that lists each unit's duties ("省发展改革委负责……") gives its units to the items it names. */
function attachDutyList(text: string, annex: readonly Paragraph[], nodes: PlanNodeDraft[]): void {
  const entries = readDutyList(text, annex);
  if (entries.length === 0) return;
  const tasks = [...walk(nodes)].filter((n) => n.label !== '' || n.children.length === 0);
  const unmatched = attachDutyEntries(entries, tasks);
  if (unmatched.length === 0) return;
  const first = unmatched[0]!;
  const last = unmatched[unmatched.length - 1]!;
  const annexNode: PlanNodeDraft = {
    label: '',
    kind: 'section',
    title: '附件：部门职责分工',
    body: '',
    leadUnits: [],
    supportUnits: [],
    unitMentions: [],
    span: [first.span[0], last.span[1]],
    children: [],
    deadline: null,
  };
  for (const e of unmatched) {
    const sub: PlanNodeDraft = {
      label: '',
      kind: 'task',
      title: firstSentence(e.content) || e.content,
      body: e.content,
      leadUnits: [],
      supportUnits: [],
      unitMentions: [],
      span: e.span,
      children: [],
      deadline: findDeadline(text, [e.span]),
    };
    nodeFromMentions(sub, e.mentions);
    annexNode.children.push(sub);
  }
  nodes.push(annexNode);
}

function* walk(nodes: readonly PlanNodeDraft[]): Generator<PlanNodeDraft> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

/**
 * A table of contents (目录, then one line per heading) is not the plan: the body starts where its first entry
 * is printed again as a heading. Without that repeat nothing is skipped.
 */
function skipContents(paras: readonly Paragraph[], from: number): number {
  const squash = (t: string) => t.replace(/[\s\u3000]+/g, '');
  for (let i = from; i < Math.min(paras.length - 1, from + 30); i++) {
    // "目录" printed with two full-width spaces between its characters is split in two by them.
    let at = i + 1;
    if (squash(paras[i]!.text) !== '目录') {
      if (!(paras[i]!.text === '目' && paras[i + 1]!.text === '录')) continue;
      at = i + 2;
    }
    const first = squash(paras[at]?.text ?? '');
    if (!first) return from;
    for (let j = at + 1; j < Math.min(paras.length, at + 400); j++)
      if (squash(paras[j]!.text) === first) return j;
    return from;
  }
  return from;
}
