/** One column of an exported sheet: its heading and how to read a cell from a row. */
export interface ExportColumn<Row> {
  title: string;
  value: (row: Row) => string | number | boolean | null | undefined;
  width?: number;
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
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Luoshi';
  // Excel refuses sheet names longer than 31 characters or with []:*?/\ in them.
  const sheet = workbook.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1');
  sheet.columns = columns.map((column) => ({
    header: column.title,
    width: column.width ?? Math.max(10, column.title.length * 2 + 4),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row) ?? ''));
  const buffer = await workbook.xlsx.writeBuffer();
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
