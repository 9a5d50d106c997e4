import { Space, Table, Typography } from 'antd';
import type { SupervisionRunRow } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { supervisionApi } from '../../lib/delivery-api.js';
import type { ExportColumn } from '../../lib/export-xlsx.js';
import { formatTime } from '../../lib/format.js';
import { loadAllPages, usePagedList } from '../../lib/paging.js';
import { ExportButton } from '../ExportButton.js';
import { LoadError } from '../LoadError.js';
import { LoadMore } from '../LoadMore.js';

/**
 * 运行记录: each run of a plan's supervision rules, newest first — the day it judged, when and how it ran (the daily
 * schedule, the command line, a person on the board), and how many notices it raised and escalated. `version`
 * changes when a run on the board adds a row, so the list reads again.
 */
export function SupervisionRuns({ planId, version }: { planId: number; version: number }) {
  const { t, maybe, language } = useI18n();
  const runs = usePagedList(
    (cursor) => supervisionApi.runs(planId, { limit: 50, cursor }),
    [planId, version],
  );
  const trigger = (r: SupervisionRunRow) => maybe(`runTrigger.${r.trigger}`) ?? r.trigger;
  // The schedule and the command line run as the audit log's built-in actors; a person runs under their name.
  const actor = (r: SupervisionRunRow) =>
    r.actor === 'system' ? t('notice.system') : r.actor === 'cli' ? t('runTrigger.cli') : r.actor;
  const columns: ExportColumn<SupervisionRunRow>[] = [
    { title: t('supRuns.asOf'), value: (r) => r.asOf, width: 14 },
    { title: t('supRuns.startedAt'), value: (r) => formatTime(r.startedAt, language), width: 22 },
    { title: t('supRuns.trigger'), value: trigger, width: 12 },
    { title: t('supRuns.actor'), value: actor, width: 16 },
    { title: t('supRuns.raised'), value: (r) => r.raised, width: 14 },
    { title: t('supRuns.escalated'), value: (r) => r.escalated, width: 14 },
  ];
  return (
    <div data-testid="supervision-runs">
      <Space wrap size={[8, 8]} style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('supRuns.hint')}</Typography.Text>
        <ExportButton
          fileName={t('supRuns.sheet')}
          sheetName={t('supRuns.sheet')}
          columns={columns}
          rows={() => loadAllPages((cursor) => supervisionApi.runs(planId, { limit: 200, cursor }))}
        />
      </Space>
      <LoadError error={runs.error} />
      <Table<SupervisionRunRow>
        rowKey="id"
        size="small"
        loading={runs.loading}
        dataSource={runs.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('supRuns.empty') }}
        data-testid="runs-table"
        columns={[
          { title: t('supRuns.asOf'), dataIndex: 'asOf', render: (v: string) => <b>{v}</b> },
          {
            title: t('supRuns.startedAt'),
            dataIndex: 'startedAt',
            render: (v: string) => formatTime(v, language),
          },
          { title: t('supRuns.trigger'), key: 'trigger', render: (_: unknown, r) => trigger(r) },
          { title: t('supRuns.actor'), key: 'actor', render: (_: unknown, r) => actor(r) },
          {
            title: t('supRuns.raised'),
            dataIndex: 'raised',
            align: 'right',
            render: (v: number) => <span data-testid="run-raised">{v}</span>,
          },
          {
            title: t('supRuns.escalated'),
            dataIndex: 'escalated',
            align: 'right',
            render: (v: number) => <span data-testid="run-escalated">{v}</span>,
          },
        ]}
      />
      <LoadMore list={runs} />
    </div>
  );
}
