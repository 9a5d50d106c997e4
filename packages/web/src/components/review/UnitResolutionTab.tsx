import { Select, Space, Table, Tag, Typography } from 'antd';
import type { Unit } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import type { ExportColumn } from '../../lib/export-xlsx.js';
import { ExportButton } from '../ExportButton.js';
import type { Resolution } from './types.js';

/**
 * How the draft's unit names resolve in its jurisdiction: to a unit of the registry, or to a new unit; a new one
 * may be mapped to an existing unit of the jurisdiction instead.
 */
export function UnitResolutionTab(props: {
  resolution: Resolution[];
  areaName: string | null;
  units: Unit[];
  mappings: Record<string, number | undefined>;
  onMap: (name: string, unitId: number | undefined) => void;
  title: string;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const resolutionExport: ExportColumn<Resolution>[] = [
    { title: t('review.col.nameAsWritten'), value: (r) => r.name, width: 24 },
    { title: t('review.col.resolvedUnit'), value: (r) => r.unitName ?? t('review.newUnit'), width: 24 },
  ];
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 8 }}>
        <Typography.Text type="secondary" data-testid="resolution-hint">
          {t('review.newUnitHintIn', { area: props.areaName ?? '—' })}
        </Typography.Text>
        <ExportButton
          fileName={`${props.title}-${t('review.unitResolution')}`}
          sheetName={t('review.unitResolution')}
          columns={resolutionExport}
          rows={props.resolution}
        />
      </div>
      <Table<Resolution>
        rowKey="name"
        size="small"
        dataSource={props.resolution}
        pagination={false}
        data-testid="unit-resolution"
        columns={[
          { title: t('review.col.nameAsWritten'), dataIndex: 'name' },
          {
            title: t('review.col.resolvedUnit'),
            key: 'resolved',
            render: (_, r) =>
              r.unitId == null ? (
                <Tag color="orange" data-testid="new-unit">
                  {t('review.newUnit')}
                </Tag>
              ) : (
                <Space size={4}>
                  {r.unitName}
                  {r.matchedBy === 'alias' ? (
                    <Typography.Text type="secondary">（{t('review.matchedByAlias')}）</Typography.Text>
                  ) : null}
                </Space>
              ),
          },
          {
            title: t('review.col.mapTo'),
            key: 'map',
            width: 240,
            render: (_, r) =>
              r.unitId == null ? (
                <Select<number>
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ width: '100%' }}
                  placeholder={t('review.newUnit')}
                  value={props.mappings[r.name]}
                  onChange={(unitId) => props.onMap(r.name, unitId)}
                  options={props.units.map((u) => ({ value: u.id, label: u.name }))}
                  disabled={props.disabled}
                />
              ) : null,
          },
        ]}
      />
    </>
  );
}
