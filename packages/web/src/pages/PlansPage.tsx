import { Card, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, call, type PlanSummary } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatPeriod, formatTime } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';

export default function PlansPage() {
  const { t, language } = useI18n();
  const plans = useLoad(() => call(api.GET('/api/v1/plans')), []);
  const rows = plans.data ?? [];

  const exportColumns: ExportColumn<PlanSummary>[] = [
    { title: t('plans.col.title'), value: (p) => p.title, width: 50 },
    { title: t('plans.col.issuer'), value: (p) => p.issuer },
    { title: t('plans.col.period'), value: (p) => formatPeriod(p.periodFrom, p.periodTo) },
    { title: t('plans.col.tasks'), value: (p) => p.taskCount },
    { title: t('plans.col.targets'), value: (p) => p.targetCount },
    { title: t('plans.col.units'), value: (p) => p.unitCount },
    { title: t('plans.col.published'), value: (p) => (p.published ? t('common.yes') : t('common.no')) },
  ];

  return (
    <Card
      title={t('plans.title')}
      extra={
        <ExportButton
          fileName={t('plans.title')}
          sheetName={t('plans.title')}
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
        locale={{ emptyText: t('plans.empty') }}
        data-testid="plans-table"
        columns={[
          {
            title: t('plans.col.title'),
            dataIndex: 'title',
            render: (title: string, p) => <Link to={`/plans/${p.id}`}>{title}</Link>,
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
            title: t('plans.col.published'),
            dataIndex: 'published',
            render: (v: boolean) =>
              v ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
          },
          {
            title: t('plans.col.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string) => (
              <Typography.Text type="secondary">{formatTime(v, language)}</Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
