import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { listScope, type DeliveryUser } from './access.js';
import type { ReportListQuery, WorkPlanListQuery } from './schemas.js';

/** The most rows an export holds; a list longer than this is filtered first. */
export const EXPORT_MAX_ROWS = 20_000;
const PAGE = 1000;

const STATUS_ZH: Record<string, string> = {
  draft: '草稿',
  submitted: '已报送',
  approved: '已批准',
  returned: '已退回',
  accepted: '已采纳',
};

async function workbook(
  sheet: string,
  header: string[],
  rows: (string | number | null)[][],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi';
  const ws = wb.addWorksheet(sheet);
  ws.addRow(header);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => (c.width = i === 2 ? 40 : 14));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every page of a keyset list, up to EXPORT_MAX_ROWS. */
async function all<T extends { id: number }>(
  page: (afterId: number | undefined) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  let after: number | undefined;
  while (out.length < EXPORT_MAX_ROWS) {
    const rows = await page(after);
    out.push(...rows);
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  return out.slice(0, EXPORT_MAX_ROWS);
}

/** The work plans list as the user sees it, as an XLSX workbook. */
export async function exportWorkPlans(
  db: Kysely<Database>,
  user: DeliveryUser,
  f: Omit<WorkPlanListQuery, 'cursor' | 'limit'>,
): Promise<Buffer> {
  const rows = await all((after) => repo.workPlanPage(db, f, listScope(user), after, PAGE));
  return workbook(
    '工作计划',
    [
      '序号 path',
      '编号 label',
      '任务 task',
      '牵头单位 unit',
      '状态 status',
      '基准版本 baseline',
      '当前版本 revision',
      '待批变更 change pending',
      '示例数据 example',
      '更新时间 updated',
    ],
    rows.map((w) => [
      w.nodePath,
      w.nodeLabel,
      w.nodeTitle,
      w.unitName,
      STATUS_ZH[w.status] ?? w.status,
      w.baselineRevision,
      w.currentRevision,
      w.pendingChange ? '是' : '否',
      w.example ? '是' : '否',
      w.updatedAt,
    ]),
  );
}

/** The progress reports list as the user sees it, as an XLSX workbook. */
export async function exportReports(
  db: Kysely<Database>,
  user: DeliveryUser,
  f: Omit<ReportListQuery, 'cursor' | 'limit'>,
): Promise<Buffer> {
  const rows = await all((after) => repo.reportPage(db, f, listScope(user), after, PAGE));
  return workbook(
    '进展报告',
    [
      '序号 path',
      '编号 label',
      '任务 task',
      '牵头单位 unit',
      '报告期 period',
      '截止日期 due',
      '报送日期 submitted',
      '逾期 late',
      '状态 status',
      '完成进度% percent',
      '示例数据 example',
    ],
    rows.map((r) => [
      r.nodePath,
      r.nodeLabel,
      r.nodeTitle,
      r.unitName,
      r.period,
      r.dueDate,
      r.submittedOn,
      r.late === null ? '' : r.late ? '是' : '否',
      STATUS_ZH[r.status] ?? r.status,
      r.percent,
      r.example ? '是' : '否',
    ]),
  );
}
