import { Card, Input, Select, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SortOrder as AntSortOrder } from 'antd/es/table/interface';
import { useState } from 'react';
import { Link } from 'react-router';
import type { PlanSummary } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatPeriod } from '../lib/format.js';
import { useNarrow } from '../lib/hooks.js';
import { loadAllPages, usePagedList, type ApiPage } from '../lib/paging.js';
import { ExportButton } from './ExportButton.js';
import { LoadError } from './LoadError.js';
import { LoadMore } from './LoadMore.js';

/** What a plans list is asked for: the API's query (GET /plans, GET /public/plans). */
export interface PlansQuery {
  q?: string;
  published?: boolean;
  sort: 'updatedAt' | 'title' | 'id';
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

const PAGE = 50;

/**
 * A card with a list of plans, read from the server a page at a time, with a title search, the sort of the title
 * and updated columns and (for those who see unpublished plans) a published filter; and its Excel export of every
 * plan the filters match. The columns every plan list shares (title, issuer, period, counts), then the caller's
 * own. Used by the plans page and the public page.
 */
export function PlansTable(props: {
  title: string;
  emptyText: string;
  testId: string;
  load: (query: PlansQuery) => Promise<ApiPage<PlanSummary>>;
  /** Offer the published / unpublished filter. */
  publishedFilter?: boolean;
  /** Where a plan's title links to. */
  planHref: (plan: PlanSummary) => string;
  extraColumns?: ColumnsType<PlanSummary>;
  extraExportColumns?: ExportColumn<PlanSummary>[];
}) {
  const narrow = useNarrow();
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [published, setPublished] = useState<boolean | undefined>(undefined);
  const [sort, setSort] = useState<{ sort: PlansQuery['sort']; order: PlansQuery['order'] }>({
    sort: 'updatedAt',
    order: 'desc',
  });
  const query = { q: q.trim() || undefined, published, ...sort };
  const list = usePagedList(
    (cursor) => props.load({ ...query, limit: PAGE, cursor }),
    [query.q, published, sort.sort, sort.order],
  );
  const antOrder = (key: PlansQuery['sort']): AntSortOrder =>
    sort.sort === key ? (sort.order === 'asc' ? 'ascend' : 'descend') : null;

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
      key: 'title',
      sorter: true,
      sortOrder: antOrder('title'),
      render: (title: string, p) => <Link to={props.planHref(p)}>{title}</Link>,
    },
    { title: t('plans.col.issuer'), dataIndex: 'issuer', render: (v: string | null) => v ?? '—' },
    { title: t('plans.col.period'), key: 'period', render: (_, p) => formatPeriod(p.periodFrom, p.periodTo) },
    { title: t('plans.col.tasks'), dataIndex: 'taskCount', align: 'right' },
    { title: t('plans.col.targets'), dataIndex: 'targetCount', align: 'right' },
    { title: t('plans.col.units'), dataIndex: 'unitCount', align: 'right' },
    ...(props.extraColumns ?? []).map((c) =>
      c.key === 'updatedAt' ? { ...c, sorter: true, sortOrder: antOrder('updatedAt') } : c,
    ),
  ];
  const tools = (
    <Space wrap>
      <Input.Search
        allowClear
        placeholder={t('plans.search')}
        onChange={(e) => setQ(e.target.value)}
        style={{ width: 220 }}
        data-testid="plans-search"
      />
      {props.publishedFilter ? (
        <Select<'all' | 'yes' | 'no'>
          value={published === undefined ? 'all' : published ? 'yes' : 'no'}
          onChange={(v) => setPublished(v === 'all' ? undefined : v === 'yes')}
          style={{ width: 120 }}
          options={[
            { value: 'all', label: t('plans.filter.all') },
            { value: 'yes', label: t('plans.filter.published') },
            { value: 'no', label: t('plans.filter.unpublished') },
          ]}
        />
      ) : null}
      <ExportButton
        fileName={props.title}
        sheetName={props.title}
        columns={exportColumns}
        rows={() => loadAllPages((cursor) => props.load({ ...query, limit: 200, cursor }))}
      />
    </Space>
  );
  return (
    // On a narrow screen the tools go under the title, which they would otherwise push out of the header.
    <Card title={props.title} extra={narrow ? null : tools}>
      {narrow ? <div style={{ marginBottom: 12 }}>{tools}</div> : null}
      <LoadError error={list.error} />
      <Table<PlanSummary>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        // On a phone the table scrolls sideways rather than squeeze a plan's title to a character a line.
        scroll={{ x: 720 }}
        locale={{ emptyText: props.emptyText }}
        data-testid={props.testId}
        columns={columns}
        onChange={(_pagination, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const key = s?.order ? s.columnKey : undefined;
          // Back to the default (newest change first) when a column's sort is cleared.
          if (key === 'title' || key === 'updatedAt')
            setSort({ sort: key, order: s!.order === 'ascend' ? 'asc' : 'desc' });
          else setSort({ sort: 'updatedAt', order: 'desc' });
        }}
      />
      <LoadMore list={list} />
    </Card>
  );
}
