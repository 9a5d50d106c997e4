import { unzipSync } from 'fflate';
import type { Diagnostic } from '../types.js';
import { readerDiagnostic } from './diagnostics.js';
import { parseMarkup, type MarkupElement } from './markup-tree.js';

interface Level {
  start: number;
  format: string;
  text: string;
  suffix: string;
  /** The paragraph style tied to this level (headings numbered through their style). */
  style: string | undefined;
}

/** numId → its levels (from the abstract definition, with per-instance start overrides). */
type Numbering = Map<string, Map<number, Level>>;

function children(el: MarkupElement, name?: string): MarkupElement[] {
  return el.children.filter(
    (c): c is MarkupElement => typeof c !== 'string' && (name === undefined || c.name === name),
  );
}

function child(el: MarkupElement, name: string): MarkupElement | undefined {
  return children(el, name)[0];
}

function val(el: MarkupElement | undefined): string | undefined {
  return el?.attribs['w:val'];
}

function parseNumbering(xml: string | null): Numbering {
  const numbering: Numbering = new Map();
  if (!xml) return numbering;
  const root = parseMarkup(xml, true);
  const doc = child(root, 'w:numbering');
  if (!doc) return numbering;
  const abstracts = new Map<string, Map<number, Level>>();
  for (const a of children(doc, 'w:abstractNum')) {
    const levels = new Map<number, Level>();
    for (const l of children(a, 'w:lvl')) {
      levels.set(Number(l.attribs['w:ilvl'] ?? 0), {
        start: Number(val(child(l, 'w:start')) ?? 1),
        format: val(child(l, 'w:numFmt')) ?? 'decimal',
        text: val(child(l, 'w:lvlText')) ?? '',
        suffix: val(child(l, 'w:suff')) ?? 'tab',
        style: val(child(l, 'w:pStyle')),
      });
    }
    abstracts.set(a.attribs['w:abstractNumId'] ?? '', levels);
  }
  for (const n of children(doc, 'w:num')) {
    const base = abstracts.get(val(child(n, 'w:abstractNumId')) ?? '');
    if (!base) continue;
    const levels = new Map([...base].map(([k, v]) => [k, { ...v }]));
    for (const o of children(n, 'w:lvlOverride')) {
      const level = levels.get(Number(o.attribs['w:ilvl'] ?? 0));
      const start = val(child(o, 'w:startOverride'));
      if (level && start !== undefined) level.start = Number(start);
    }
    numbering.set(n.attribs['w:numId'] ?? '', levels);
  }
  return numbering;
}

interface NumPr {
  numId: string | undefined;
  ilvl: number | undefined;
}

function numPrOf(pPr: MarkupElement | undefined): NumPr | null {
  const numPr = pPr && child(pPr, 'w:numPr');
  if (!numPr) return null;
  const ilvl = val(child(numPr, 'w:ilvl'));
  return { numId: val(child(numPr, 'w:numId')), ilvl: ilvl === undefined ? undefined : Number(ilvl) };
}

/**
 * Paragraph styles that carry numbering (Word's numbered headings: 标题 1 → "一、"), following `basedOn`;
 * styleId → its numbering.
 */
function parseStyleNumbering(xml: string | null): Map<string, NumPr> {
  const result = new Map<string, NumPr>();
  if (!xml) return result;
  const styles = child(parseMarkup(xml, true), 'w:styles');
  if (!styles) return result;
  const own = new Map<string, { numPr: NumPr | null; basedOn: string | undefined }>();
  for (const st of children(styles, 'w:style')) {
    const id = st.attribs['w:styleId'];
    if (id) own.set(id, { numPr: numPrOf(child(st, 'w:pPr')), basedOn: val(child(st, 'w:basedOn')) });
  }
  for (const id of own.keys()) {
    let at: string | undefined = id;
    for (let depth = 0; at !== undefined && depth < 20; depth++) {
      const st = own.get(at);
      if (!st) break;
      if (st.numPr?.numId !== undefined) {
        result.set(id, { numId: st.numPr.numId, ilvl: st.numPr.ilvl });
        break;
      }
      at = st.basedOn;
    }
  }
  return result;
}

const CN_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 25 → 二十五, 101 → 一百零一 (the way documents number their sections). */
export function chineseCounting(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n >= 10000) return String(n);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i] ?? '';
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out !== '') out += '零';
    zero = false;
    out += (d === 1 && unit === '十' && out === '' ? '' : CN_DIGITS[d]) + unit;
  });
  return out;
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}

function letter(n: number): string {
  const c = String.fromCharCode(65 + ((n - 1) % 26));
  return c.repeat(Math.floor((n - 1) / 26) + 1);
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'japaneseCounting':
    case 'ideographDigital':
      return chineseCounting(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`;
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2474 + n - 1) : `(${n})`;
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letter(n);
    case 'lowerLetter':
      return letter(n).toLowerCase();
    case 'ideographTraditional':
      return '甲乙丙丁戊己庚辛壬癸'[(n - 1) % 10] ?? String(n);
    case 'bullet':
    case 'none':
      return '';
    default:
      return String(n);
  }
}

/** Tracks list counters so a numbered paragraph gets the label Word would show ("一、", "（二）", "3."). */
class ListCounters {
  private readonly counters = new Map<string, number[]>();

  constructor(
    private readonly numbering: Numbering,
    readonly styles: Map<string, NumPr> = new Map(),
  ) {}

  /** The level a styled paragraph stands at: the style's own, else the level tied to the style, else 0. */
  levelForStyle(numId: string, style: string): number {
    for (const [ilvl, level] of this.numbering.get(numId) ?? []) if (level.style === style) return ilvl;
    return 0;
  }

  label(numId: string, ilvl: number): string {
    const levels = this.numbering.get(numId);
    const level = levels?.get(ilvl);
    if (!levels || !level || level.format === 'bullet' || level.format === 'none') return '';
    const counts = this.counters.get(numId) ?? [];
    for (let i = 0; i < ilvl; i++) counts[i] ??= levels.get(i)?.start ?? 1;
    counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl] + 1;
    counts.length = ilvl + 1;
    this.counters.set(numId, counts);
    const text = level.text.replace(/%(\d)/g, (_, k: string) => {
      const i = Number(k) - 1;
      return formatNumber(counts[i] ?? 1, levels.get(i)?.format ?? 'decimal');
    });
    return text + (level.suffix === 'space' ? ' ' : '');
  }
}

/** Elements whose text is not part of the visible document (deleted text, field codes, duplicate fallbacks). */
const SKIPPED = new Set([
  'w:delText',
  'w:instrText',
  'mc:Fallback',
  'w:pPr',
  'w:rPr',
  'w:tblPr',
  'w:trPr',
  'w:tcPr',
  'w:sectPr',
  'w:del',
]);

class DocxWriter {
  readonly lines: string[] = [];

  constructor(private readonly lists: ListCounters) {}

  /** The text of a paragraph's runs; nested paragraphs (text boxes) are written as lines of their own. */
  private runs(el: MarkupElement, pending: MarkupElement[]): string {
    let s = '';
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (SKIPPED.has(c.name)) continue;
      if (c.name === 'w:t') s += c.children.filter((x) => typeof x === 'string').join('');
      else if (c.name === 'w:tab') s += '\t';
      else if (c.name === 'w:br' || c.name === 'w:cr') s += c.attribs['w:type'] === 'page' ? '' : '\n';
      else if (c.name === 'w:noBreakHyphen') s += '-';
      else if (c.name === 'w:p' || c.name === 'w:tbl') pending.push(c);
      else s += this.runs(c, pending);
    }
    return s;
  }

  paragraphText(p: MarkupElement, pending: MarkupElement[]): string {
    const pPr = child(p, 'w:pPr');
    const style = val(pPr && child(pPr, 'w:pStyle'));
    const fromStyle = style === undefined ? undefined : this.lists.styles.get(style);
    const own = numPrOf(pPr);
    // The paragraph's own numbering wins over its style's; numId 0 switches numbering off.
    const numId = own?.numId ?? fromStyle?.numId;
    let label = '';
    if (numId !== undefined && numId !== '0') {
      const ilvl =
        own?.ilvl ?? fromStyle?.ilvl ?? (style === undefined ? 0 : this.lists.levelForStyle(numId, style));
      label = this.lists.label(numId, ilvl);
    }
    return label + this.runs(p, pending);
  }

  line(s: string): void {
    for (const part of s.split('\n')) {
      const t = part.replace(/^[ \t]+|[ \t]+$/g, '');
      if (t !== '') this.lines.push(t);
    }
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  block(el: MarkupElement): void {
    for (const c of el.children) {
      if (typeof c === 'string' || SKIPPED.has(c.name)) continue;
      if (c.name === 'w:p') {
        const pending: MarkupElement[] = [];
        this.line(this.paragraphText(c, pending));
        if (pending.length > 0)
          this.block({ name: '#container', attribs: {}, children: pending, parent: null });
      } else if (c.name === 'w:tbl') this.table(c);
      else this.block(c);
    }
  }

  /** Cells one per line, a blank line after each row; a one-column table is just paragraphs in a frame. */
  table(tbl: MarkupElement): void {
    const rows = children(tbl, 'w:tr').map((r) => children(r, 'w:tc'));
    if (rows.length < 2 || Math.max(...rows.map((r) => r.length)) < 2) {
      for (const row of rows) for (const cell of row) this.block(cell);
      return;
    }
    this.blank();
    for (const row of rows) {
      for (const cell of row) {
        if (children(cell, 'w:tbl').length > 0) {
          this.block(cell);
          continue;
        }
        const parts: string[] = [];
        for (const p of children(cell, 'w:p')) {
          const t = this.paragraphText(p, []).replace(/\s+/g, ' ').trim();
          if (t !== '') parts.push(t);
        }
        this.line(parts.join(' '));
      }
      this.blank();
    }
  }

  result(): string {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.join('\n');
  }
}

/**
 * A .docx (a zip of WordprocessingML) → its text: paragraphs become lines with their list numbering
 * ("一、", "（一）") written out; tables become one cell per line with a blank line between rows. Page headers,
 * footers and comments live in other parts and are not read.
 */
export function docxToText(bytes: Uint8Array): { text: string; diagnostics: Diagnostic[] } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) =>
        f.name === 'word/document.xml' || f.name === 'word/numbering.xml' || f.name === 'word/styles.xml',
    });
  } catch {
    return {
      text: '',
      diagnostics: [
        readerDiagnostic(
          'error',
          'DOCX_INVALID_ZIP',
          '文件不是有效的 .docx：压缩包已损坏或不完整。',
          'The file is not a valid .docx: the zip archive is damaged or incomplete.',
        ),
      ],
    };
  }
  const documentXml = files['word/document.xml'];
  if (!documentXml) {
    return {
      text: '',
      diagnostics: [
        readerDiagnostic(
          'error',
          'DOCX_NO_DOCUMENT',
          '压缩包中没有 word/document.xml，不是 Word 文档（.docx）。',
          'The zip archive has no word/document.xml; it is not a Word document (.docx).',
        ),
      ],
    };
  }
  const decoder = new TextDecoder('utf-8');
  const numberingXml = files['word/numbering.xml'];
  const stylesXml = files['word/styles.xml'];
  const lists = new ListCounters(
    parseNumbering(numberingXml ? decoder.decode(numberingXml) : null),
    parseStyleNumbering(stylesXml ? decoder.decode(stylesXml) : null),
  );
  const root = parseMarkup(decoder.decode(documentXml), true);
  const body = child(child(root, 'w:document') ?? root, 'w:body');
  const writer = new DocxWriter(lists);
  if (body) writer.block(body);
  return { text: writer.result(), diagnostics: [] };
}
