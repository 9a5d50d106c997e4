import { App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Unit } from '../api/client.js';
import { canManagePlans, useAuth } from '../auth.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';
import { unitKindText } from '../lib/unit-kind.js';

/** The unit registry: full names, aliases, and merging duplicates. */
export default function UnitsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const units = useLoad(() => call(api.GET('/api/v1/units')), []);
  const [query, setQuery] = useState('');
  const [merging, setMerging] = useState<Unit | null>(null);
  const [into, setInto] = useState<number | undefined>(undefined);
  const canMerge = canManagePlans(user?.role);

  const rows = useMemo(() => {
    const all = units.data ?? [];
    const q = query.trim();
    if (!q) return all;
    return all.filter(
      (u) => u.name.includes(q) || (u.fullName ?? '').includes(q) || u.aliases.some((a) => a.includes(q)),
    );
  }, [units.data, query]);

  const merge = () => {
    if (!merging || !into) return;
    call(
      api.POST('/api/v1/units/{id}/merge', {
        params: { path: { id: merging.id } },
        body: { intoUnitId: into },
      }),
    ).then(() => {
      void message.success(t('units.merged'));
      setMerging(null);
      setInto(undefined);
      units.reload();
    }, notifyError);
  };

  const exportColumns: ExportColumn<Unit>[] = [
    { title: t('units.col.name'), value: (u) => u.name, width: 24 },
    { title: t('units.col.fullName'), value: (u) => u.fullName, width: 36 },
    { title: t('units.col.kind'), value: (u) => unitKindText(t, u.kind) },
    { title: t('units.col.aliases'), value: (u) => u.aliases.join('、'), width: 36 },
  ];

  return (
    <Card
      title={t('units.title')}
      extra={
        <Space>
          <Input.Search
            allowClear
            placeholder={t('units.search')}
            onChange={(e) => setQuery(e.target.value)}
            style={{ width: 220 }}
          />
          <ExportButton
            fileName={t('units.title')}
            sheetName={t('units.title')}
            columns={exportColumns}
            rows={rows}
          />
        </Space>
      }
    >
      <LoadError error={units.error} />
      <Table<Unit>
        rowKey="id"
        size="small"
        loading={units.loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="units-table"
        columns={[
          {
            title: t('units.col.name'),
            dataIndex: 'name',
            render: (name: string, u) => <Link to={`/units/${u.id}`}>{name}</Link>,
          },
          { title: t('units.col.fullName'), dataIndex: 'fullName', render: (v: string | null) => v ?? '—' },
          {
            title: t('units.col.kind'),
            dataIndex: 'kind',
            width: 120,
            render: (kind: string) => unitKindText(t, kind),
          },
          {
            title: t('units.col.aliases'),
            dataIndex: 'aliases',
            render: (aliases: string[]) => aliases.map((a) => <Tag key={a}>{a}</Tag>),
          },
          ...(canMerge
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, u: Unit) => (
                    <Button size="small" type="link" onClick={() => setMerging(u)}>
                      {t('units.merge')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={merging !== null}
        title={merging ? t('units.mergeTitle', { name: merging.name }) : ''}
        okText={t('units.merge')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !into }}
        onCancel={() => setMerging(null)}
        onOk={merge}
      >
        <Select<number>
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: '100%', marginBottom: 12 }}
          value={into}
          onChange={setInto}
          options={(units.data ?? [])
            .filter((u) => u.id !== merging?.id)
            .map((u) => ({ value: u.id, label: u.fullName ? `${u.name}（${u.fullName}）` : u.name }))}
        />
        <Typography.Text type="secondary">
          {merging ? t('units.mergeHint', { name: merging.name }) : ''}
        </Typography.Text>
      </Modal>
    </Card>
  );
}
