/**
 * Characters that make a spreadsheet read a cell as a formula (`= + - @`), or that some spreadsheets strip before
 * doing so (tab, carriage return). A plan title, unit name or note that begins with one would become a live
 * formula as soon as a user edits the cell or saves the sheet as CSV ("CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** What an exported cell may hold. */
export type CellValue = string | number | boolean | null | undefined;

/**
 * A cell value as it is safe to write: a string that begins like a formula gets an apostrophe in front, so that it
 * stays text wherever the sheet goes (edited, re-saved, exported as CSV). Numbers, booleans and other strings are
 * written as they are (a negative number written as a number is a number, not a formula).
 */
export function neutraliseCell(value: CellValue): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && FORMULA_START.test(value)) return `'${value}`;
  return value;
}

/** One column of an exported sheet: its heading and how to read a cell from a row. */
export interface ExportColumn<Row> {
  title: string;
  value: (row: Row) => CellValue;
  width?: number;
}

/**
 * The workbook's bytes: one sheet with a bold heading row and one row per item, every cell passed through
 * `neutraliseCell`. The only place the app writes a workbook, so that no export can skip the neutralising.
 */
export async function buildXlsx<Row>(
  sheetName: string,
  columns: ExportColumn<Row>[],
  rows: Row[],
): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Luoshi';
  // Excel refuses sheet names longer than 31 characters or with []:*?/\ in them.
  const sheet = workbook.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1');
  sheet.columns = columns.map((column) => ({
    header: neutraliseCell(column.title) as string,
    width: column.width ?? Math.max(10, column.title.length * 2 + 4),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((column) => neutraliseCell(column.value(row))));
  return workbook.xlsx.writeBuffer();
}

/**
 * Writes rows to an .xlsx file and hands it to the browser as a download. exceljs is loaded on first use so that
 * it stays out of the bundle every page loads.
 */
export async function exportToXlsx<Row>(
  fileName: string,
  sheetName: string,
  columns: ExportColumn<Row>[],
  rows: Row[],
): Promise<void> {
  const buffer = await buildXlsx(sheetName, columns, rows);
  const blob = new Blob([buffer], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
