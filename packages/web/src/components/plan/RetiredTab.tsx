import { Empty, Space, Table, Typography } from 'antd';
import { formatValue } from '@luoshi/core';
import { api, call, type RetiredContent } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { formatComparator, formatTime } from '../../lib/format.js';
import { useLoad } from '../../lib/hooks.js';
import { LoadError } from '../LoadError.js';
import { UnitTags } from '../UnitTags.js';

type RetiredNode = RetiredContent['nodes'][number];
type RetiredTarget = RetiredContent['targets'][number];

/**
 * What re-imports dropped: no longer part of the plan, kept with their notes, units and history (the audit log
 * under each item's id), so nothing attached to them is lost.
 */
export function RetiredTab({ planId, version }: { planId: number; version: number }) {
  const { t, language } = useI18n();
  const retired = useLoad(
    () => call(api.GET('/api/v1/plans/{id}/retired', { params: { path: { id: planId } } })),
    [planId, version],
  );
  const data = retired.data;
  if (retired.error) return <LoadError error={retired.error} />;
  if (data && data.nodes.length === 0 && data.targets.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('retired.none')} />;
  const when = (x: { retiredInVersion: number; retiredAt: string }) =>
    t('retired.since', { n: x.retiredInVersion, at: formatTime(x.retiredAt, language) });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('retired.hint')}</Typography.Text>
      <Table<RetiredNode>
        rowKey="id"
        size="small"
        loading={retired.loading}
        dataSource={data?.nodes ?? []}
        pagination={false}
        data-testid="retired-nodes"
        title={() => <Typography.Text strong>{t('retired.items')}</Typography.Text>}
        columns={[
          { title: t('plan.col.label'), dataIndex: 'label', width: 80 },
          { title: t('plan.col.title'), dataIndex: 'title' },
          {
            title: t('plan.col.leadUnits'),
            key: 'lead',
            width: 200,
            render: (_, n) => <UnitTags units={n.leadUnits} color="red" />,
          },
          {
            title: t('plan.col.note'),
            dataIndex: 'note',
            width: 220,
            render: (note: string) => <Typography.Text type="secondary">{note || '—'}</Typography.Text>,
          },
          { title: t('retired.col.when'), key: 'when', width: 220, render: (_, n) => when(n) },
        ]}
      />
      {data && data.targets.length > 0 ? (
        <Table<RetiredTarget>
          rowKey="id"
          size="small"
          dataSource={data.targets}
          pagination={false}
          data-testid="retired-targets"
          title={() => <Typography.Text strong>{t('retired.targets')}</Typography.Text>}
          columns={[
            { title: t('target.indicator'), dataIndex: 'indicator' },
            {
              title: t('target.value'),
              key: 'value',
              width: 220,
              render: (_, x) =>
                `${formatComparator(t, x.comparator)} ${formatValue(x.value, x.unit, language)}`,
            },
            { title: t('retired.col.when'), key: 'when', width: 220, render: (_, x) => when(x) },
          ]}
        />
      ) : null}
    </Space>
  );
}
