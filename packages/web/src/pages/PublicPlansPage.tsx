import { Card, Table } from 'antd';
import { Link } from 'react-router';
import { api, call, type PlanSummary } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatPeriod } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';

/** The published plans, for anyone: no login, read only. */
export default function PublicPlansPage() {
  const { t } = useI18n();
  const plans = useLoad(() => call(api.GET('/api/v1/public/plans')), []);
  const rows = plans.data ?? [];

  const exportColumns: ExportColumn<PlanSummary>[] = [
    { title: t('plans.col.title'), value: (p) => p.title, width: 50 },
    { title: t('plans.col.issuer'), value: (p) => p.issuer },
    { title: t('plans.col.period'), value: (p) => formatPeriod(p.periodFrom, p.periodTo) },
    { title: t('plans.col.tasks'), value: (p) => p.taskCount },
    { title: t('plans.col.targets'), value: (p) => p.targetCount },
    { title: t('plans.col.units'), value: (p) => p.unitCount },
  ];

  return (
    <Card
      title={t('public.title')}
      extra={
        <ExportButton
          fileName={t('public.title')}
          sheetName={t('public.title')}
          columns={exportColumns}
          rows={rows}
        />
      }
    >
      <LoadError error={plans.error} />
      <Table<PlanSummary>
        rowKey="id"
        loading={plans.loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('public.empty') }}
        data-testid="public-plans"
        columns={[
          {
            title: t('plans.col.title'),
            dataIndex: 'title',
            render: (title: string, p) => <Link to={`/public/plans/${p.id}`}>{title}</Link>,
          },
          { title: t('plans.col.issuer'), dataIndex: 'issuer', render: (v: string | null) => v ?? '—' },
          {
            title: t('plans.col.period'),
            key: 'period',
            render: (_, p) => formatPeriod(p.periodFrom, p.periodTo),
          },
          { title: t('plans.col.tasks'), dataIndex: 'taskCount', align: 'right' },
          { title: t('plans.col.targets'), dataIndex: 'targetCount', align: 'right' },
          { title: t('plans.col.units'), dataIndex: 'unitCount', align: 'right' },
          {
            title: t('plan.version'),
            dataIndex: 'version',
            align: 'right',
          },
        ]}
      />
    </Card>
  );
}
