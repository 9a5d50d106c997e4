/**
 * Division-of-labour tables (任务分工表) in a plan's annex. Web pages lose their table markup when tags are
 * stripped, so each cell arrives as its own line; this module rebuilds the rows from the header's column count.
 * Merged cells (rowspan) drop the leftmost columns (序号, 工作事项) of the rows that continue an item, so rows are
 * aligned on the right.
 */
import type { Span, UnitMention } from '../types.js';
import type { Paragraph } from './text-util.js';
import { matchLabel } from './structure.js';
import { isUnitLike, splitUnitList } from './units.js';

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

const LEAD_HEADER = /^(牵头|责任|负责|主责|指导|主办|实施)(单位|部门|处室)?$/;
const SUPPORT_HEADER = /^(配合|协办|协助|参与|协作|支持)(单位|部门)$/;
const SERIAL_HEADER = /^(序号|编号|序)$/;
const CONTENT_HEADER = /内容|说明|具体/;
const EMPTY_CELL = /^[/／—\-－无]$/;

const squash = (s: string) => s.replace(/[\s\u3000]+/g, '');
const isSerial = (s: string) => /^\d{1,3}$/.test(s);
const isGroupRow = (s: string) => {
  const l = matchLabel(s);
  return l !== null && (l.rank === 0 || l.rank === 1);
};

/** True when a cell holds a list of units (or marks "none"). */
function isUnitCell(s: string): boolean {
  const t = squash(s);
  if (EMPTY_CELL.test(t)) return true;
  const parts = t.split(/[、，,；;]/).filter((p) => p.length > 0);
  return parts.length > 0 && parts.every((p) => isUnitLike(p));
}

/** Reads every division-of-labour table in `paras` (the annex). */
export function readDivisionTables(text: string, paras: readonly Paragraph[]): TableRow[] {
  const rows: TableRow[] = [];
  let i = 0;
  while (i < paras.length) {
    const header = findHeader(paras, i);
    if (!header) break;
    i = readRows(text, paras, header, rows);
  }
  return rows;
}

interface Header {
  start: number;
  end: number;
  lead: number;
  support: number;
  serial: number;
  item: number;
  content: number;
}

function findHeader(paras: readonly Paragraph[], from: number): Header | null {
  for (let i = from; i < paras.length; i++) {
    if (!LEAD_HEADER.test(squash(paras[i]!.text))) continue;
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
    const support = cells.findIndex((c) => SUPPORT_HEADER.test(c));
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
    return { start: s, end: e, lead, support, serial, item, content };
  }
  return null;
}

function readRows(text: string, paras: readonly Paragraph[], h: Header, rows: TableRow[]): number {
  const n = h.end - h.start;
  let k = h.end;
  let group: string | null = null;
  let item = '';
  const stop = (t: string) => /^附件\s*\d*$/.test(t) || LEAD_HEADER.test(t) || /^\d{4}年\d{1,2}月\d{1,2}日$/.test(t);
  while (k < paras.length) {
    const t = squash(paras[k]!.text);
    if (stop(t)) break;
    if (isGroupRow(paras[k]!.text) && !isSerial(t)) {
      group = paras[k]!.text;
      k++;
      continue;
    }
    let cells: Paragraph[];
    if (h.serial === 0 && isSerial(t)) {
      cells = paras.slice(k, Math.min(paras.length, k + n));
      // A row cut short by the next serial number keeps what it has.
      const cut = cells.findIndex((c, idx) => idx > 0 && (isSerial(squash(c.text)) || stop(squash(c.text))));
      if (cut > 0) cells = cells.slice(0, cut);
      k += cells.length;
      item = cells[h.item] ? cells[h.item]!.text : '';
      pushRow(text, h, n, cells, item, group, rows);
      continue;
    }
    // A run of continuation rows: each starts with a content cell (not a unit list).
    let e = k;
    while (e < paras.length) {
      const u = squash(paras[e]!.text);
      if (e > k && (isSerial(u) || stop(u) || isGroupRow(paras[e]!.text))) break;
      e++;
    }
    let rowStart = k;
    for (let j = k + 1; j <= e; j++) {
      if (j === e || !isUnitCell(paras[j]!.text)) {
        const chunk = paras.slice(rowStart, j);
        if (chunk.length >= n - h.lead) pushRow(text, h, n, chunk, item, group, rows);
        rowStart = j;
      }
    }
    k = e;
  }
  return Math.max(k, h.end);
}

function pushRow(text: string, h: Header, n: number, cells: readonly Paragraph[], item: string, group: string | null, rows: TableRow[]): void {
  const offset = n - cells.length;
  const at = (col: number) => (col >= 0 && col - offset >= 0 ? cells[col - offset] : undefined);
  const leadCell = at(h.lead);
  if (!leadCell) return;
  const supportCell = h.support >= 0 ? at(h.support) : undefined;
  const mentions: UnitMention[] = [];
  const rejected: UnitMention[] = [];
  const read = (cell: Paragraph | undefined, role: 'lead' | 'support') => {
    if (!cell || EMPTY_CELL.test(squash(cell.text))) return;
    for (const [s, e] of splitUnitList(text, cell.start, cell.end)) {
      const m: UnitMention = { name: text.slice(s, e), role, span: [s, e] };
      if (isUnitLike(m.name)) mentions.push(m);
      else rejected.push(m);
    }
  };
  read(leadCell, 'lead');
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
