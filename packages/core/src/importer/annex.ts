/**
 * The annex of a plan: a division-of-labour table (任务分工表) whose rows restate body items, or a list of each
 * unit's duties (部门职责分工). Both give lead and supporting units to the items they name.
 */
import type { Diagnostic, PlanNodeDraft } from '../types.js';
import { deadlineHints, findDeadline } from './deadlines.js';
import { diag, firstSentence, nodeFromMentions } from './draft-util.js';
import { attachDutyEntries, readDutyList } from './duty-list.js';
import { assignKinds, buildItems, type Building } from './item-tree.js';
import { matchLabel } from './structure.js';
import { readDivisionTables, type TableRow } from './table.js';
import { normalizeTitle, type Paragraph } from './text-util.js';

/** A bracketed aside in a title: （含室内分布系统）. */
const ASIDE = /[（(][^（）()]{0,30}[）)]/g;

/** Keys a title is looked up by: normalised, and normalised without bracketed asides. */
function titleKeys(title: string, normalized?: string): string[] {
  const a = normalized ?? normalizeTitle(title);
  // Most titles have no bracketed aside; only those need the second key.
  const b = title.includes('（') || title.includes('(') ? normalizeTitle(title.replace(ASIDE, '')) : a;
  return (a === b ? [a] : [a, b]).filter((k) => k.length >= 2);
}

export function attachTableRows(
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

/**
 * An annex that lists each unit's duties ("省发展改革委负责……") gives its units to the items it names. `hints` are
 * `deadlineHints(text)`, found once for the plan: found again for each entry, they would cost a pass over the
 * whole text per entry. Returns the number of duty entries read (0: the annex is no duty list).
 */
export function attachDutyList(
  text: string,
  annex: readonly Paragraph[],
  nodes: PlanNodeDraft[],
  hints: readonly number[] = deadlineHints(text),
): number {
  const entries = readDutyList(text, annex);
  if (entries.length === 0) return 0;
  const tasks = [...walk(nodes)].filter((n) => n.label !== '' || n.children.length === 0);
  const unmatched = attachDutyEntries(entries, tasks);
  if (unmatched.length === 0) return entries.length;
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
      deadline: findDeadline(text, [e.span], hints),
    };
    nodeFromMentions(sub, e.mentions);
    annexNode.children.push(sub);
  }
  nodes.push(annexNode);
  return entries.length;
}

function* walk(nodes: readonly PlanNodeDraft[]): Generator<PlanNodeDraft> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

/** A 附件 line: "附件", "附件2", "附件：重点任务分工", "附：任务清单" (blanks squashed). */
const ANNEX_HEADING = /^附件?([\d０-９一二三四五六七八九十]*)(?:[：:](.{0,60}))?$/;

function hasUnits(nodes: readonly PlanNodeDraft[]): boolean {
  return nodes.some((n) => n.leadUnits.length > 0 || n.supportUnits.length > 0 || hasUnits(n.children));
}

/**
 * Annexes that are task lists: after a 附件 line, numbered items that carry their own unit statements ("附件 考评
 * 指标 一、… 1．…（6月底完成，牵头单位：X）", "附件：重点任务分工 1.…（X负责）"). In 考评办法, 分工方案 and 工作要点
 * the annex is often the whole work, and the body before it only says how it is run. Each becomes one top-level
 * node labelled as the annex ("附件", "附件1"), titled with its own title, its items below it. An annex whose items
 * name no unit (a list of annexes, a form) adds nothing.
 */
export function annexTaskLists(
  paras: readonly Paragraph[],
  from: number,
  diagnostics: Diagnostic[],
  toDraft: (b: Building) => PlanNodeDraft,
): PlanNodeDraft[] {
  const out: PlanNodeDraft[] = [];
  let k = from;
  while (k < paras.length) {
    const m = ANNEX_HEADING.exec(paras[k]!.text.replace(/[\s\u3000]+/g, ''));
    if (!m) break;
    let title = (m[2] ?? '').trim();
    let bodyFrom = k + 1;
    // "附件" on its own line, the annex's title on the next.
    const next = paras[bodyFrom];
    if (!title && next && !matchLabel(next.text) && next.text.length <= 60 && !/[。；;]/.test(next.text)) {
      title = next.text.trim();
      bodyFrom++;
    }
    const { roots, annexFrom } = buildItems(paras, bodyFrom, paras.length, diagnostics);
    const items = roots.map(toDraft);
    if (hasUnits(items)) {
      assignKinds(items);
      // Under the annex's own node, an item that names its lead units is a task even at the annex's top level.
      for (const n of items) if (n.leadUnits.length > 0) n.kind = 'task';
      const last = roots[roots.length - 1]!;
      out.push({
        label: `附件${m[1] ?? ''}`,
        kind: 'section',
        title,
        body: '',
        leadUnits: [],
        supportUnits: [],
        unitMentions: [],
        span: [paras[k]!.start, last.end],
        children: items,
        deadline: null,
      });
    }
    if (annexFrom <= k) break;
    k = annexFrom;
  }
  return out;
}
