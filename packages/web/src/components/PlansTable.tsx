import { Card, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { PlanSummary } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatPeriod } from '../lib/format.js';
import { ExportButton } from './ExportButton.js';
import { LoadError } from './LoadError.js';

/**
 * A card with a list of plans and its Excel export: the columns every plan list shares (title, issuer, period,
 * counts), then the caller's own. Used by the plans page and the public page.
 */
export function PlansTable(props: {
  title: string;
  emptyText: string;
  testId: string;
  rows: PlanSummary[];
  loading: boolean;
  error: unknown;
  /** Where a plan's title links to. */
  planHref: (plan: PlanSummary) => string;
  extraColumns?: ColumnsType<PlanSummary>;
  extraExportColumns?: ExportColumn<PlanSummary>[];
}) {
  const { t } = useI18n();
  const exportColumns: ExportColumn<PlanSummary>[] = [
    { title: t('plans.col.title'), value: (p) => p.title, width: 50 },
    { title: t('plans.col.issuer'), value: (p) => p.issuer },
    { title: t('plans.col.period'), value: (p) => formatPeriod(p.periodFrom, p.periodTo) },
    { title: t('plans.col.tasks'), value: (p) => p.taskCount },
    { title: t('plans.col.targets'), value: (p) => p.targetCount },
    { title: t('plans.col.units'), value: (p) => p.unitCount },
    ...(props.extraExportColumns ?? []),
  ];
  const columns: ColumnsType<PlanSummary> = [
    {
      title: t('plans.col.title'),
      dataIndex: 'title',
      render: (title: string, p) => <Link to={props.planHref(p)}>{title}</Link>,
    },
    { title: t('plans.col.issuer'), dataIndex: 'issuer', render: (v: string | null) => v ?? '—' },
    { title: t('plans.col.period'), key: 'period', render: (_, p) => formatPeriod(p.periodFrom, p.periodTo) },
    { title: t('plans.col.tasks'), dataIndex: 'taskCount', align: 'right' },
    { title: t('plans.col.targets'), dataIndex: 'targetCount', align: 'right' },
    { title: t('plans.col.units'), dataIndex: 'unitCount', align: 'right' },
    ...(props.extraColumns ?? []),
  ];
  return (
    <Card
      title={props.title}
      extra={
        <ExportButton
          fileName={props.title}
          sheetName={props.title}
          columns={exportColumns}
          rows={props.rows}
        />
      }
    >
      <LoadError error={props.error} />
      <Table<PlanSummary>
        rowKey="id"
        loading={props.loading}
        dataSource={props.rows}
        pagination={false}
        locale={{ emptyText: props.emptyText }}
        data-testid={props.testId}
        columns={columns}
      />
    </Card>
  );
}
