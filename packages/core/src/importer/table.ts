/**
 * Division-of-labour tables (任务分工表) in a plan's annex. Web pages lose their table markup when tags are
 * stripped, so each cell arrives as its own line; this module rebuilds the rows from the header's column count.
 * Merged cells (rowspan) drop the leftmost columns (序号, 工作事项) of the rows that continue an item, so rows are
 * aligned on the right.
 */
import type { Span, UnitMention } from '../types.js';
import type { Paragraph } from './text-util.js';
import { matchLabel } from './structure.js';
import { isUnitLike } from './unit-names.js';
import type { LabelKind } from './unit-clauses.js';
import { readUnitCell } from './units.js';

export interface TableRow {
  /** The 序号 cell as written, or "" for a row that continues the item above. */
  serial: string;
  /** The item (工作事项) this row belongs to, as written. */
  item: string;
  /** The row's main content cell. */
  content: string;
  /** The group row above it ("一、知识产权保护方面（共5项）"), if any. */
  group: string | null;
  mentions: UnitMention[];
  /** Names in the unit cells that do not read like units. */
  rejected: UnitMention[];
  span: Span;
}

const LEAD_HEADER = /^(牵头|责任|负责|主责|指导|主办|实施|牵头责任|主要责任)(单位|部门|处室)$/;
/** The first character of a LEAD_HEADER word, after any blanks. */
const LEAD_HEADER_FIRST = /^[\s\u3000]*[牵责负主指实]/;
const SUPPORT_HEADER = /^(配合|协办|协助|参与|协作|支持)(单位|部门)$/;
const SERIAL_HEADER = /^(序号|编号|序)$/;
const CONTENT_HEADER = /内容|说明|具体/;
const EMPTY_CELL = /^[/／—\-－无]$/;

const squash = (s: string) => s.replace(/[\s\u3000]+/g, '');
/** A cell's text for the short-cell tests (serial numbers, headers, stops): long cells never pass them. */
const key = (s: string) => (s.length <= 30 ? squash(s) : s);
const isSerial = (s: string) => /^[0-9０-９]{1,3}$/.test(s);
const isGroupRow = (s: string) => {
  const l = matchLabel(s);
  return l !== null && (l.rank === 0 || l.rank === 1);
};

/** Task phrases start with a verb; unit names do not ("成立工作领导小组" is a task, not a unit). */
const VERB_START =
  /^(加快|推进|推动|建立|建设|完善|加强|成立|开展|实施|制定|落实|组织|提升|强化|深化|健全|优化|支持|鼓励|促进|做好|打造|培育|构建|探索|创新|引导|扩大|提高|保障|规范|发挥|拓展|拓宽|明确|丰富|研究|设立|启动|整合|严格|全面|积极|大力|进一步)/;

/** True when a cell holds a list of units (or marks "none"). */
function isUnitCell(s: string): boolean {
  if (s.length > 160) return false;
  const t = squash(s);
  if (EMPTY_CELL.test(t)) return true;
  if (t.length > 120 || /[。]/.test(t)) return false;
  const parts = t
    .replace(/[（(](?:牵头|主责|配合|协办|参与)(?:单位)?[）)]/g, '')
    .replace(/(按职责分工|分别)?(牵头|负责|配合|参与)/g, '')
    .replace(/^(牵头单位|配合单位|责任单位)[：:]/, '')
    .split(/[、，,；;]/)
    .filter((p) => p.length > 0);
  return parts.length > 0 && parts.every((p) => p.length <= 25 && !VERB_START.test(p) && isUnitLike(p));
}

/** Reads every division-of-labour table in `paras` (the annex). */
export function readDivisionTables(
  text: string,
  paras: readonly Paragraph[],
  conventionAt: readonly number[] = [],
): TableRow[] {
  const rows: TableRow[] = [];
  let i = 0;
  while (i < paras.length) {
    const header = findHeader(paras, i);
    if (!header) break;
    const conv = conventionAt.some((c) => c <= (paras[header.end - 1]?.end ?? 0));
    i = readRows(text, paras, header, rows, conv);
  }
  return rows;
}

/** True when a paragraph is the responsibility column's header cell ("牵头单位", "责任单位" …). */
export function isLeadHeaderCell(s: string): boolean {
  // Every header word opens on one of 牵责负主指实: most paragraphs are ruled out before they are squashed.
  return s.length <= 24 && LEAD_HEADER_FIRST.test(s) && LEAD_HEADER.test(squash(s));
}

interface Header {
  start: number;
  end: number;
  lead: number;
  leadKind: LabelKind;
  support: number;
  serial: number;
  item: number;
  content: number;
}

function findHeader(paras: readonly Paragraph[], from: number): Header | null {
  for (let i = from; i < paras.length; i++) {
    if (!isLeadHeaderCell(paras[i]!.text)) continue;
    const short = (k: number) => {
      const t = squash(paras[k]!.text);
      return t.length > 0 && t.length <= 12 && !/[。；]/.test(t) && !isSerial(t) && !isGroupRow(t);
    };
    let s = i;
    while (s - 1 >= from && i - s < 12 && short(s - 1)) {
      s--;
      if (SERIAL_HEADER.test(squash(paras[s]!.text))) break;
    }
    let e = i + 1;
    while (e < paras.length && e - s < 14 && short(e)) e++;
    const cells = paras.slice(s, e).map((p) => squash(p.text));
    if (cells.length < 3) continue;
    const lead = i - s;
    let support = cells.findIndex((c) => SUPPORT_HEADER.test(c));
    // 牵头单位 | 责任单位: beside a lead column, the responsible column supports.
    if (support < 0 && /^牵头/.test(cells[lead] ?? '')) {
      support = cells.findIndex((c, k) => k !== lead && /^(责任|负责)(单位|部门)$/.test(c));
    }
    const serial = SERIAL_HEADER.test(cells[0] ?? '') ? 0 : -1;
    let item = -1;
    let content = -1;
    for (let k = 0; k < lead; k++) {
      if (k === serial) continue;
      if (CONTENT_HEADER.test(cells[k] ?? '')) {
        if (content < 0) content = k;
      } else if (item < 0) item = k;
    }
    if (content < 0) content = item;
    if (item < 0) item = content;
    const leadKind: LabelKind = /^(牵头|主责|主办)/.test(cells[lead] ?? '') ? 'lead' : 'responsible';
    return { start: s, end: e, lead, leadKind, support, serial, item, content };
  }
  return null;
}

function readRows(
  text: string,
  paras: readonly Paragraph[],
  h: Header,
  rows: TableRow[],
  conv: boolean,
): number {
  const n = h.end - h.start;
  const trailing = n - 1 - h.lead;
  let k = h.end;
  let group: string | null = null;
  let item = '';
  const stop = (t: string) =>
    /^附件\s*\d*$/.test(t) || LEAD_HEADER.test(t) || /^\d{4}年\d{1,2}月\d{1,2}日$/.test(t);
  // The look-ahead that ends a run reads the cell the next run starts with: remember that cell's key and
  // whether it is a group row, so that each cell is squashed and matched once.
  let memoAt = -1;
  let memoKey = '';
  let memoGroup: boolean | null = null;
  const keyAt = (i: number): string => {
    if (memoAt !== i) {
      memoAt = i;
      memoKey = key(paras[i]!.text);
      memoGroup = null;
    }
    return memoKey;
  };
  const groupRowAt = (i: number): boolean => {
    keyAt(i);
    memoGroup ??= isGroupRow(paras[i]!.text);
    return memoGroup;
  };
  while (k < paras.length) {
    const t = keyAt(k);
    if (stop(t)) break;
    if (groupRowAt(k) && !isSerial(t)) {
      group = paras[k]!.text;
      k++;
      continue;
    }
    // The run of cells up to the next serial number, group row or end of table.
    let e = k + 1;
    while (e < paras.length) {
      const u = keyAt(e);
      if (isSerial(u) || stop(u) || groupRowAt(e)) break;
      e++;
    }
    const run = paras.slice(k, e);
    const full = h.serial === 0 && isSerial(t);
    // A full-width row is read by position even when its unit cell is unusual; readUnitCell judges the names.
    if (full && run.length === n) {
      item = h.item >= 0 ? (run[h.item]?.text ?? '') : '';
      pushRow(text, h, n, run, item, group, rows, conv);
      k = e;
      continue;
    }
    // Rows of varying width (merged cells drop the leftmost columns): each ends `trailing` cells after its
    // unit cell, which is the first unit list after at least one content cell.
    let rowStart = 0;
    let firstRow = true;
    while (rowStart < run.length) {
      // A row that opens with its serial number has at least one content cell before its units.
      const minLead = rowStart + (full && firstRow ? Math.min(2, Math.max(1, h.lead)) : 1);
      let leadAt = -1;
      for (let j = minLead; j < run.length; j++) {
        if (isUnitCell(run[j]!.text)) {
          leadAt = j;
          break;
        }
      }
      if (leadAt < 0) break;
      const rowEnd = Math.min(run.length, leadAt + trailing + 1);
      const cells = run.slice(rowStart, rowEnd);
      // Align the row on its unit cell so that the lead column is found whatever the row's width.
      const offset = h.lead - (leadAt - rowStart);
      if (full && firstRow)
        item = h.item >= 0 && h.item - offset >= 0 ? (cells[h.item - offset]?.text ?? '') : '';
      pushRow(text, h, n, cells, item, group, rows, conv, offset);
      firstRow = false;
      rowStart = rowEnd;
    }
    k = e;
  }
  return Math.max(k, h.end);
}

function pushRow(
  text: string,
  h: Header,
  n: number,
  cells: readonly Paragraph[],
  item: string,
  group: string | null,
  rows: TableRow[],
  conv: boolean,
  alignOffset?: number,
): void {
  const offset = alignOffset ?? n - cells.length;
  const at = (col: number) => (col >= 0 && col - offset >= 0 ? cells[col - offset] : undefined);
  const leadCell = at(h.lead);
  if (!leadCell) return;
  const supportCell = h.support >= 0 ? at(h.support) : undefined;
  const mentions: UnitMention[] = [];
  const rejected: UnitMention[] = [];
  const read = (cell: Paragraph | undefined, kind: LabelKind) => {
    if (!cell || EMPTY_CELL.test(squash(cell.text))) return;
    const r = readUnitCell(text, cell.start, cell.end, kind, conv);
    for (const m of r.mentions) {
      if (isUnitLike(m.name)) mentions.push(m);
      else rejected.push(m);
    }
  };
  read(leadCell, h.leadKind);
  read(supportCell, 'support');
  const serialCell = h.serial >= 0 ? at(h.serial) : undefined;
  const contentCell = at(h.content);
  const first = cells[0]!;
  const last = cells[cells.length - 1]!;
  rows.push({
    serial: serialCell && isSerial(squash(serialCell.text)) ? serialCell.text : '',
    item,
    content: contentCell ? contentCell.text : '',
    group,
    mentions,
    rejected,
    span: [first.start, last.end],
  });
}
