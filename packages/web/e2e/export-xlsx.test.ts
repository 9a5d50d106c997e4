import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildXlsx, neutraliseCell, type ExportColumn } from '../src/lib/export-xlsx.js';

/** Reads a workbook back and returns its first sheet's cells (row-major, 1-based rows without the gaps). */
async function readBack(buffer: ArrayBuffer): Promise<ExcelJS.Cell[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  const rows: ExcelJS.Cell[][] = [];
  workbook.worksheets[0]!.eachRow((row) => {
    const cells: ExcelJS.Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell));
    rows.push(cells);
  });
  return rows;
}

const DANGEROUS = [
  '=HYPERLINK("http://example.invalid","点我")',
  '+1+1',
  '-2+3',
  '@SUM(1,1)',
  '\t=1+1',
  '\r=1+1',
];

describe('exported workbooks never hold a formula', () => {
  it('writes a string that begins like a formula as text with an apostrophe in front', async () => {
    interface Row {
      text: string;
      n: number;
    }
    const columns: ExportColumn<Row>[] = [
      { title: '=标题', value: (r) => r.text },
      { title: '数值', value: (r) => r.n },
    ];
    const rows: Row[] = [
      ...DANGEROUS.map((text, i) => ({ text, n: -(i + 1) })),
      { text: '电子商务交易额', n: 6000 },
    ];
    const cells = await readBack(await buildXlsx('测试', columns, rows));
    expect(cells).toHaveLength(1 + rows.length);
    expect(cells[0]![0]!.value).toBe("'=标题");
    for (const [i, text] of DANGEROUS.entries()) {
      const [textCell, numberCell] = cells[i + 1]!;
      expect(textCell!.type).toBe(ExcelJS.ValueType.String);
      expect(textCell!.formula).toBeUndefined();
      // (XML reads a carriage return back as a line feed.)
      expect(textCell!.value).toBe(`'${text.replace(/\r/g, '\n')}`);
      // A negative number stays a number: it is not a formula.
      expect(numberCell!.type).toBe(ExcelJS.ValueType.Number);
      expect(numberCell!.value).toBe(-(i + 1));
    }
    expect(cells.at(-1)!.map((c) => c.value)).toEqual(['电子商务交易额', 6000]);
    for (const row of cells) for (const cell of row) expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
  });

  it('leaves other values alone', () => {
    expect(neutraliseCell('市商务局')).toBe('市商务局');
    expect(neutraliseCell(' =1')).toBe(' =1');
    expect(neutraliseCell(-5)).toBe(-5);
    expect(neutraliseCell(true)).toBe(true);
    expect(neutraliseCell(null)).toBe('');
    expect(neutraliseCell(undefined)).toBe('');
  });

  it('is the only workbook writer: no other web source imports exceljs', () => {
    const src = path.resolve(import.meta.dirname, '../src');
    const importers = fs
      .readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) =>
        /from ['"]exceljs['"]|import\(['"]exceljs['"]\)/.test(fs.readFileSync(path.join(src, f), 'utf8')),
      );
    expect(importers).toEqual([path.join('lib', 'export-xlsx.ts')]);
  });
});
