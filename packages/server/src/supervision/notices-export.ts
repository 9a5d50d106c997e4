import ExcelJS from 'exceljs';
import { noticeStateName } from '@luoshi/core';
import { LEVEL_NAMES, RULE_NAMES } from './messages.js';
import type { NoticeView } from './notices.service.js';

const COLUMNS: { header: string; width: number; value: (n: NoticeView) => string | number }[] = [
  { header: '文号', width: 18, value: (n) => n.documentNumber },
  { header: '承办单位', width: 18, value: (n) => n.unit.name },
  { header: '督办类型', width: 18, value: (n) => RULE_NAMES[n.rule]?.zh ?? n.rule },
  { header: '事项', width: 40, value: (n) => (n.node ? `${n.node.label} ${n.node.title}`.trim() : '') },
  { header: '督办内容', width: 40, value: (n) => n.subject },
  { header: '应完成日期', width: 12, value: (n) => n.subjectDueOn ?? '' },
  { header: '逾期天数', width: 10, value: (n) => n.daysLate },
  { header: '等级', width: 8, value: (n) => LEVEL_NAMES[n.level]?.zh ?? n.level },
  { header: '状态', width: 10, value: (n) => noticeStateName(n.state).zh },
  { header: '下发日期', width: 12, value: (n) => n.raisedOn },
  { header: '办理时限', width: 12, value: (n) => n.stepDueOn ?? '' },
  { header: '回复', width: 40, value: (n) => n.reply ?? '' },
  { header: '方案', width: 30, value: (n) => n.planTitle },
];

/** A list of notices as an Excel workbook: one row per notice, Chinese headers, red/yellow/blue level cells. */
export async function noticesWorkbook(notices: readonly NoticeView[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Luoshi';
  const sheet = workbook.addWorksheet('督办单');
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const fill = { red: 'FFF4C7C3', yellow: 'FFFCE8B2', blue: 'FFC6DAFC' } as const;
  for (const n of notices) {
    const row = sheet.addRow(COLUMNS.map((c) => c.value(n)));
    row.getCell(8).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill[n.level] } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
