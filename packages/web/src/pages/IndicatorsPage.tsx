import { Button, Card, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client.js';
import { canManagePlans, useAuth } from '../auth.js';
import { ExportButton } from '../components/ExportButton.js';
import { IndicatorFormModal } from '../components/IndicatorForm.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useLoad } from '../lib/hooks.js';
import { type IndicatorSummary } from '../lib/indicators.js';
import { formatValue } from '@luoshi/core';

const PAGE = 100;

/** Every indicator, searchable by name, alias or code, a page at a time. */
export default function IndicatorsPage() {
  const { t, language } = useI18n();
  const [q, setQ] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const [rows, setRows] = useState<IndicatorSummary[]>([]);
  const [creating, setCreating] = useState(false);
  const { user } = useAuth();
  const navigate = useNavigate();
  const page = useLoad(async () => {
    const result = await call(
      api.GET('/api/v1/indicators', {
        params: { query: { q: q || undefined, cursor: cursor ?? undefined, limit: PAGE } },
      }),
    );
    setRows((before) => (cursor ? [...before, ...result.items] : result.items));
    return result;
  }, [q, cursor]);

  const baseline = (x: IndicatorSummary) =>
    x.baseline ? `${x.baseline.period}: ${formatValue(x.baseline.value, x.unit, language)}` : '';
  const columns: ExportColumn<IndicatorSummary>[] = [
    { title: t('indicators.col.name'), value: (x) => x.name, width: 34 },
    { title: t('indicators.col.code'), value: (x) => x.code, width: 18 },
    { title: t('indicators.col.unit'), value: (x) => x.unit },
    { title: t('indicators.col.kind'), value: (x) => t(`kind.${x.kind}` as MessageKey), width: 18 },
    { title: t('indicators.col.frequency'), value: (x) => t(`frequency.${x.frequency}` as MessageKey) },
    { title: t('indicators.col.owner'), value: (x) => x.ownerUnit?.name ?? '', width: 16 },
    { title: t('indicators.col.formula'), value: (x) => x.formula ?? '', width: 30 },
    { title: t('indicators.col.baseline'), value: baseline, width: 20 },
  ];

  return (
    <Card
      title={t('indicators.title')}
      extra={
        <Space wrap>
          {canManagePlans(user?.role) ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="indicator-create">
              {t('indicatorForm.create')}
            </Button>
          ) : null}
          <ExportButton
            fileName={t('indicators.title')}
            sheetName={t('indicators.title')}
            columns={columns}
            rows={rows}
          />
        </Space>
      }
    >
      <IndicatorFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(saved) => void navigate(`/indicators/${saved.id}`)}
      />
      <LoadError error={page.error} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('indicators.search')}
          onSearch={(value) => {
            setCursor(null);
            setQ(value.trim());
          }}
          style={{ width: 320, maxWidth: '100%' }}
          data-testid="indicators-search"
        />
      </Space>
      <Table<IndicatorSummary>
        rowKey="id"
        size="small"
        loading={page.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="indicators-table"
        columns={[
          {
            title: t('indicators.col.name'),
            dataIndex: 'name',
            render: (_, x) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/indicators/${x.id}`}>{x.name}</Link>
                {x.aliases.length ? (
                  <span>
                    {x.aliases.map((a) => (
                      <Tag key={a}>{a}</Tag>
                    ))}
                  </span>
                ) : null}
              </Space>
            ),
          },
          { title: t('indicators.col.code'), dataIndex: 'code' },
          { title: t('indicators.col.unit'), dataIndex: 'unit' },
          { title: t('indicators.col.kind'), render: (_, x) => t(`kind.${x.kind}` as MessageKey) },
          {
            title: t('indicators.col.frequency'),
            render: (_, x) => t(`frequency.${x.frequency}` as MessageKey),
          },
          { title: t('indicators.col.owner'), render: (_, x) => x.ownerUnit?.name ?? '—' },
          { title: t('indicators.col.formula'), render: (_, x) => x.formula ?? '—' },
          { title: t('indicators.col.baseline'), render: (_, x) => baseline(x) || '—' },
        ]}
      />
      {page.data?.nextCursor ? (
        <Button
          style={{ marginTop: 16 }}
          onClick={() => setCursor(page.data!.nextCursor)}
          loading={page.loading}
        >
          {t('common.loadMore')}
        </Button>
      ) : null}
    </Card>
  );
}
