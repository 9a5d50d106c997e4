/**
 * Indicator tables ("主要指标": 指标 | 单位 | 2020年 | 2025年 | 属性), laid out one cell per line as readers leave a
 * table. Only the target column (the latest year, or 目标值) is read.
 */
import type { Comparator, Span, TargetDraft } from '../types.js';
import { asciiDigits } from './target-vocabulary.js';

// ---------------------------------------------------------------------------------------------------------

export const HEADER_CELL =
  /^(?:序号|编号|类别|领域|分类|维度|一级指标|二级指标|指标|指标名称|主要指标|具体指标|单位|计量单位|属性|指标属性|性质|备注|年均增[长速幅]?|累计增[长加]|基期值?|现状值?|目标值?|规划目标|规划值|预期值|(?:19|20)\d{2}年?(?:基期值?|现状值?|目标值?|目标|预期值?|底|末)?)(?:[（(][^（）()]{0,12}[）)])?$/;
export const YEAR_CELL = /^((?:19|20)\d{2})年?(?:目标值?|预期值?|底|末)?$/;
export const TABLE_VALUE =
  /^([>＞≥≤<＜]=?|不低于|不少于|超过|达到|约)?\s*([\d０-９][\d０-９.,．]*)\s*(以上|以下|以内|左右)?$/;

export interface Line {
  start: number;
  end: number;
  text: string;
}

/** The lines of `text` from `from`, at most `limit` of them, trimmed, with their offsets. */
export function linesFrom(text: string, from: number, limit: number): Line[] {
  const out: Line[] = [];
  let s = from;
  while (s <= text.length && out.length < limit) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    // Table cells are short; a long line ends the table (and keeps this look-ahead cheap).
    if (e - s > 200) break;
    const raw = text.slice(s, e);
    const lead = raw.length - raw.trimStart().length;
    // Digits made ASCII (one for one, so offsets hold): a table may print its years and values full-width.
    const t = asciiDigits(raw)
      .trim()
      .replace(/[|｜]\s*$/, '')
      .trim();
    if (t.length > 0) out.push({ start: s + lead, end: s + lead + t.length, text: t });
    if (e >= text.length) break;
    s = e + 1;
  }
  return out;
}

/** Splits "电子商务交易额（亿元）" into the name and the unit in its brackets. */
export function unitInName(name: string): { name: string; unit: string } {
  const m = /^(.*?)[（(]([^（）()]{1,8})[）)]$/.exec(name);
  return m ? { name: (m[1] ?? '').trim(), unit: (m[2] ?? '').trim() } : { name, unit: '' };
}

/** "亿元" → factor 1e8 and unit 元; "%" stays "%". */
export function splitMagnitude(unit: string): { factor: number; unit: string } {
  for (const [w, f] of [
    ['万亿', 1e12],
    ['亿', 1e8],
    ['千万', 1e7],
    ['百万', 1e6],
    ['万', 1e4],
  ] as const) {
    if (unit.startsWith(w) && unit.length > w.length) return { factor: f, unit: unit.slice(w.length) };
  }
  return { factor: 1, unit: unit === '％' ? '%' : unit };
}

/** Targets stated in indicator tables. Each header is tried once and each row read once: linear. */
export function tableTargets(text: string): TargetDraft[] {
  const out: TargetDraft[] = [];
  let from = 0;
  // A header holds a year or target column; look only where such a line stands alone.
  const headerMark = /(?:^|\n)[ \t\u3000]*(?:指标|指标名称|主要指标|具体指标)[ \t\r\u3000|｜]*\n/g;
  // Every header word holds 指标: a text without it (most plans) has no table to search for.
  if (!text.includes('指标')) return out;
  for (let m = headerMark.exec(text); m; m = headerMark.exec(text)) {
    if (m.index < from) continue;
    // Back up over 序号/类别 cells that stand before 指标.
    let headStart = m.index + (m[0].startsWith('\n') ? 1 : 0);
    for (let k = 0; k < 3; k++) {
      const prevEnd = headStart - 1;
      if (prevEnd <= 0) break;
      const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
      const prevLine = text
        .slice(prevStart, prevEnd)
        .trim()
        .replace(/[|｜]\s*$/, '')
        .trim();
      if (!HEADER_CELL.test(prevLine)) break;
      headStart = prevStart;
    }
    const head = linesFrom(text, headStart, 13);
    let h = 0;
    while (h < head.length && h < 12 && HEADER_CELL.test(head[h]!.text)) h++;
    if (h < 3) continue;
    const header = head.slice(0, h).map((l) => l.text);
    const nameCol = header.findIndex((c) => /指标/.test(c) && !/属性/.test(c));
    const unitCol = header.findIndex((c) => /单位/.test(c));
    let targetCol = -1;
    let targetYear: number | null = null;
    header.forEach((c, k) => {
      const y = YEAR_CELL.exec(c);
      if (y && (targetYear === null || Number(y[1]) >= targetYear)) {
        targetYear = Number(y[1]);
        targetCol = k;
      } else if (/目标|规划值|预期值/.test(c) && targetYear === null) targetCol = k;
    });
    if (nameCol < 0 || targetCol < 0) continue;
    // A year column is a target only when there is a baseline column before it.
    const hasBaseline = header.some((c, k) => k !== targetCol && (YEAR_CELL.test(c) || /基期|现状/.test(c)));
    if (!hasBaseline && !/目标|规划|预期/.test(header[targetCol] ?? '')) continue;
    // Rows are read one at a time, so a table costs what its rows cost.
    let cursor = head[h - 1]!.end;
    for (;;) {
      const row = linesFrom(text, cursor + 1, h);
      if (row.length < h) break;
      const nameCell = row[nameCol]!;
      const valueCell = row[targetCol]!;
      if (
        HEADER_CELL.test(nameCell.text) ||
        /^[\d０-９.．]+$/.test(nameCell.text) ||
        nameCell.text.length > 40
      )
        break;
      const v = TABLE_VALUE.exec(valueCell.text.replace(/\s+/g, ''));
      const blank = /^(?:[—\-－/／]*|一)$/.test(valueCell.text);
      if (!v && !blank) break;
      if (v) {
        const named = unitInName(nameCell.text);
        const unitCell = unitCol >= 0 ? (row[unitCol]?.text ?? '') : '';
        const rawUnit = /^[—\-－/／一]*$/.test(unitCell) ? named.unit : unitCell;
        const { factor, unit } = splitMagnitude(rawUnit.replace(/^[（(]|[）)]$/g, ''));
        const num = Number(
          (v[2] ?? '')
            .replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))
            .replace(/[,，]/g, '')
            .replace('．', '.'),
        );
        if (Number.isFinite(num) && unit && !/^[—\-－/／]$/.test(unit)) {
          const pre = v[1] ?? '';
          const post = v[3] ?? '';
          let comparator: Comparator = '=';
          if (/^[>＞]$|超过/.test(pre)) comparator = '>';
          else if (/^[≥]|^[>＞]=|不低于|不少于|达到/.test(pre) || post === '以上') comparator = '>=';
          else if (/^[≤]|^[<＜]=/.test(pre) || post === '以下' || post === '以内') comparator = '<=';
          else if (/^[<＜]$/.test(pre)) comparator = '<';
          else if (pre === '约' || post === '左右') comparator = 'about';
          const span: Span = [nameCell.start, valueCell.end];
          out.push({
            indicator: named.name,
            comparator,
            value: Number((num * factor).toPrecision(12)),
            unit,
            deadlineYear: targetYear,
            cumulative: /累计/.test(nameCell.text),
            text: text.slice(span[0], span[1]),
            span,
          });
        }
      }
      cursor = row[h - 1]!.end;
    }
    from = cursor;
  }
  return out;
}
