import { Table } from 'antd';
import { Link } from 'react-router';
import type { PlanUnitShare } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import type { ExportColumn } from '../../lib/export-xlsx.js';
import type { Loaded } from '../../lib/hooks.js';
import { ExportButton } from '../ExportButton.js';
import { LoadError } from '../LoadError.js';

/** Each unit's share of the plan: how many items it leads and supports. */
export function PlanUnitsTab({ planTitle, shares }: { planTitle: string; shares: Loaded<PlanUnitShare[]> }) {
  const { t } = useI18n();
  const shareExport: ExportColumn<PlanUnitShare>[] = [
    { title: t('plan.col.unit'), value: (s) => s.unit.name, width: 24 },
    { title: t('units.col.fullName'), value: (s) => s.unit.fullName, width: 36 },
    { title: t('plan.col.leadTasks'), value: (s) => s.leadTasks },
    { title: t('plan.col.supportTasks'), value: (s) => s.supportTasks },
  ];
  return (
    <>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <ExportButton
          fileName={`${planTitle}-${t('plan.units')}`}
          sheetName={t('plan.units')}
          columns={shareExport}
          rows={shares.data ?? []}
        />
      </div>
      <LoadError error={shares.error} />
      <Table<PlanUnitShare>
        rowKey={(s) => s.unit.id}
        size="small"
        loading={shares.loading}
        dataSource={shares.data ?? []}
        pagination={false}
        data-testid="plan-units"
        columns={[
          {
            title: t('plan.col.unit'),
            key: 'unit',
            render: (_, s) => <Link to={`/units/${s.unit.id}`}>{s.unit.name}</Link>,
          },
          {
            title: t('units.col.fullName'),
            key: 'fullName',
            render: (_, s) => s.unit.fullName ?? '—',
          },
          {
            title: t('plan.col.leadTasks'),
            dataIndex: 'leadTasks',
            align: 'right',
            sorter: (a, b) => a.leadTasks - b.leadTasks,
            defaultSortOrder: 'descend',
          },
          {
            title: t('plan.col.supportTasks'),
            dataIndex: 'supportTasks',
            align: 'right',
            sorter: (a, b) => a.supportTasks - b.supportTasks,
          },
        ]}
      />
    </>
  );
}
