import fs from 'node:fs';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { CsvRecordParser, FIGURE_COLUMN_LABELS, FIGURE_TEMPLATE_HEADER } from '@luoshi/core';

/**
 * The import template: the published-figures CSV's header and one real row of it (移动电子商务交易规模 2015,
 * 806亿元, with its source), so that the example is a true figure, not an invented one.
 */
function exampleRows(): string[][] {
  const file = createRequire(import.meta.url).resolve(
    '@luoshi/core/data/chengdu-ecommerce-published-figures.csv',
  );
  const records: string[][] = [];
  const parser = new CsvRecordParser((cells) => records.push(cells));
  parser.push(fs.readFileSync(file, 'utf8'));
  parser.end();
  const example = records.find((r) => r[0] === '移动电子商务交易规模' && r[2] === '2015') ?? records[1]!;
  return [records[0]!, example];
}

const csvCell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

let csvCache: string | null = null;
/** The CSV template, UTF-8 with a byte order mark so that Excel opens it as UTF-8. */
export function figureTemplateCsv(): string {
  csvCache ??=
    '\uFEFF' +
    exampleRows()
      .map((r) => r.map(csvCell).join(','))
      .join('\r\n') +
    '\r\n';
  return csvCache;
}

/** The XLSX template: the same two rows, and a second sheet that explains each column in zh and en. */
export async function figureTemplateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Luoshi';
  const sheet = workbook.addWorksheet('figures');
  for (const row of exampleRows()) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c, i) => (c.width = i >= 6 ? 40 : 16));
  const notes = workbook.addWorksheet('说明 notes');
  notes.addRow(['列 column', '说明', 'meaning']);
  notes.getRow(1).font = { bold: true };
  for (const c of FIGURE_TEMPLATE_HEADER)
    notes.addRow([c, FIGURE_COLUMN_LABELS[c].zh, FIGURE_COLUMN_LABELS[c].en]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
