import { Card, Descriptions, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api, call, type UnitTask } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useLoad } from '../lib/hooks.js';
import { unitKindText } from '../lib/unit-kind.js';

/** One unit, its jurisdiction, and its share of every plan (all of that jurisdiction): the tasks it leads or supports. */
export default function UnitPage() {
  const { id } = useParams();
  const unitId = Number(id);
  const { t } = useI18n();
  const loaded = useLoad(
    () => call(api.GET('/api/v1/units/{id}', { params: { path: { id: unitId } } })),
    [unitId],
  );
  const detail = loaded.data;
  if (!detail) {
    return (
      <Card loading={loaded.loading}>
        <LoadError error={loaded.error} />
      </Card>
    );
  }
  const { unit, tasks } = detail;
  const roleText = (role: string) => (role === 'lead' ? t('unit.role.lead') : t('unit.role.support'));
  const exportColumns: ExportColumn<UnitTask>[] = [
    { title: t('unit.col.plan'), value: (x) => x.planTitle, width: 40 },
    { title: t('plan.col.label'), value: (x) => x.label },
    { title: t('plan.col.title'), value: (x) => x.title, width: 60 },
    { title: t('unit.col.role'), value: (x) => roleText(x.role) },
  ];
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="unit-name">
        {unit.name}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('units.col.area')}>
          <span data-testid="unit-page-area">{unit.area?.name ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('units.col.fullName')}>{unit.fullName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('units.col.kind')}>{unitKindText(t, unit.kind)}</Descriptions.Item>
        <Descriptions.Item label={t('units.col.aliases')}>
          {unit.aliases.length ? unit.aliases.join('、') : '—'}
        </Descriptions.Item>
      </Descriptions>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('unit.tasks')} ({tasks.length})
        </Typography.Title>
        <ExportButton
          fileName={`${unit.name}-${t('unit.tasks')}`}
          sheetName={unit.name}
          columns={exportColumns}
          rows={tasks}
        />
      </div>
      <Table<UnitTask>
        rowKey={(x) => `${x.nodeId}:${x.role}`}
        size="small"
        dataSource={tasks}
        pagination={false}
        locale={{ emptyText: t('unit.empty') }}
        data-testid="unit-tasks"
        columns={[
          {
            title: t('unit.col.plan'),
            dataIndex: 'planTitle',
            render: (title: string, x) => <Link to={`/plans/${x.planId}`}>{title}</Link>,
          },
          { title: t('plan.col.label'), dataIndex: 'label', width: 90 },
          { title: t('plan.col.title'), dataIndex: 'title' },
          {
            title: t('unit.col.role'),
            dataIndex: 'role',
            width: 90,
            render: (role: string) => <Tag color={role === 'lead' ? 'red' : undefined}>{roleText(role)}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
