import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, call, type AreaNode, type Unit } from '../api/client.js';
import { canManagePlans, useAuth } from '../auth.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';
import { loadAllPages, usePagedList } from '../lib/paging.js';
import { loadAllUnits } from '../lib/units.js';
import { LoadMore } from '../components/LoadMore.js';
import { UNIT_KINDS, unitKindText } from '../lib/unit-kind.js';
import { areaLabel, currentAreas, flattenAreas } from '../lib/areas.js';

/**
 * The unit registry: jurisdictions, full names, kinds and aliases, adding and editing units, and merging
 * duplicates (within one jurisdiction: two cities' 市财政局 are two units).
 */
export default function UnitsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<(typeof UNIT_KINDS)[number] | undefined>(undefined);
  const [areaFilter, setAreaFilter] = useState<number | undefined>(undefined);
  const filters = { q: query.trim() || undefined, kind, areaId: areaFilter };
  const units = usePagedList(
    (cursor) => call(api.GET('/api/v1/units', { params: { query: { ...filters, cursor } } })),
    [filters.q, kind, areaFilter],
  );
  const areas = useLoad(() => call(api.GET('/api/v1/areas')), []);
  const [merging, setMerging] = useState<Unit | null>(null);
  const [into, setInto] = useState<number | undefined>(undefined);
  /** The unit being edited, or 'new' while one is being added. */
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const canMerge = canManagePlans(user?.role);

  const save = (values: UnitForm) => {
    const body = {
      name: values.name.trim(),
      fullName: values.fullName?.trim() ? values.fullName.trim() : null,
      kind: values.kind,
      aliases: [...new Set(values.aliases.map((a) => a.trim()).filter(Boolean))],
      ...(values.areaId !== undefined ? { areaId: values.areaId } : {}),
    };
    const request =
      editing === 'new'
        ? call(api.POST('/api/v1/units', { body }))
        : call(api.PATCH('/api/v1/units/{id}', { params: { path: { id: editing!.id } }, body }));
    request.then(() => {
      void message.success(t(editing === 'new' ? 'units.created' : 'common.saved'));
      setEditing(null);
      units.reload();
    }, notifyError);
  };

  // The whole registry of the unit's jurisdiction, for the merge's choice of survivor.
  const everyUnit = useLoad(
    () => (merging ? loadAllUnits(merging.area?.id) : Promise.resolve([])),
    [merging],
  );
  // The jurisdictions in force, for the filter.
  const areaOptions = useMemo(
    () => currentAreas(flattenAreas(areas.data ?? [])).map((a) => ({ value: a.id, label: a.name })),
    [areas.data],
  );

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
    { title: t('units.col.area'), value: (u) => u.area?.name ?? '' },
    { title: t('units.col.fullName'), value: (u) => u.fullName, width: 36 },
    { title: t('units.col.kind'), value: (u) => unitKindText(t, u.kind) },
    { title: t('units.col.aliases'), value: (u) => u.aliases.join('、'), width: 36 },
  ];

  return (
    <Card
      title={t('units.title')}
      extra={
        <Space>
          <Select<number>
            allowClear
            placeholder={t('units.allAreas')}
            style={{ width: 150 }}
            value={areaFilter}
            onChange={setAreaFilter}
            options={areaOptions}
            data-testid="units-area-filter"
          />
          <Input.Search
            allowClear
            placeholder={t('units.search')}
            onChange={(e) => setQuery(e.target.value)}
            style={{ width: 220 }}
          />
          <Select<(typeof UNIT_KINDS)[number] | 'all'>
            value={kind ?? 'all'}
            onChange={(v) => setKind(v === 'all' ? undefined : v)}
            style={{ width: 120 }}
            options={[
              { value: 'all', label: t('units.filter.allKinds') },
              ...UNIT_KINDS.map((k) => ({ value: k, label: unitKindText(t, k) })),
            ]}
          />
          <ExportButton
            fileName={t('units.title')}
            sheetName={t('units.title')}
            columns={exportColumns}
            rows={() =>
              loadAllPages((cursor) =>
                call(api.GET('/api/v1/units', { params: { query: { ...filters, limit: 200, cursor } } })),
              )
            }
          />
          {canMerge ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="unit-add"
            >
              {t('units.add')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <LoadError error={units.error} />
      <Table<Unit>
        rowKey="id"
        size="small"
        loading={units.loading}
        dataSource={units.items}
        pagination={false}
        data-testid="units-table"
        columns={[
          {
            title: t('units.col.name'),
            dataIndex: 'name',
            render: (name: string, u) => <Link to={`/units/${u.id}`}>{name}</Link>,
          },
          {
            title: t('units.col.area'),
            key: 'area',
            width: 110,
            render: (_, u) => <span data-testid="unit-area">{u.area?.name ?? '—'}</span>,
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
                  width: 130,
                  render: (_: unknown, u: Unit) => (
                    <Space size={0}>
                      <Button size="small" type="link" onClick={() => setEditing(u)} data-testid="unit-edit">
                        {t('common.edit')}
                      </Button>
                      <Button size="small" type="link" onClick={() => setMerging(u)}>
                        {t('units.merge')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore list={units} />
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
          options={(everyUnit.data ?? [])
            .filter((u) => u.id !== merging?.id && u.area?.id === merging?.area?.id)
            .map((u) => ({ value: u.id, label: u.fullName ? `${u.name}（${u.fullName}）` : u.name }))}
        />
        <Typography.Text type="secondary">
          {merging ? t('units.mergeHint', { name: merging.name }) : ''}
        </Typography.Text>
      </Modal>
      {editing ? (
        <UnitEditor
          unit={editing === 'new' ? null : editing}
          areas={areas.data ?? []}
          defaultAreaId={areaFilter}
          onCancel={() => setEditing(null)}
          onSave={save}
        />
      ) : null}
    </Card>
  );
}

interface UnitForm {
  name: string;
  fullName?: string | null;
  kind: (typeof UNIT_KINDS)[number];
  aliases: string[];
  areaId?: number;
}

/** Adds a unit (`unit` null) or edits one: jurisdiction, short name, full name, kind and aliases. */
function UnitEditor(props: {
  unit: Unit | null;
  areas: readonly AreaNode[];
  defaultAreaId: number | undefined;
  onCancel: () => void;
  onSave: (values: UnitForm) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<UnitForm>();
  const { unit } = props;
  const all = flattenAreas(props.areas);
  const home = all.find((a) => a.home)?.id;
  const kind = UNIT_KINDS.find((k) => k === unit?.kind) ?? 'department';
  return (
    <Modal
      open
      title={unit ? `${t('units.edit')}：${unit.name}` : t('units.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      data-testid="unit-editor"
    >
      <Form<UnitForm>
        form={form}
        layout="vertical"
        initialValues={{
          name: unit?.name ?? '',
          fullName: unit?.fullName ?? '',
          kind,
          aliases: unit?.aliases ?? [],
          areaId: unit?.area?.id ?? props.defaultAreaId ?? home,
        }}
        onFinish={props.onSave}
      >
        <Form.Item name="areaId" label={t('units.col.area')} extra={t('units.areaHint')}>
          <Select<number>
            showSearch={{ optionFilterProp: 'label' }}
            options={currentAreas(all).map((a) => ({ value: a.id, label: areaLabel(a) }))}
            data-testid="unit-editor-area"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('units.col.name')}
          rules={[{ required: true, whitespace: true, message: t('units.nameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="fullName" label={t('units.col.fullName')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('units.col.kind')}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: unitKindText(t, k) }))} />
        </Form.Item>
        <Form.Item name="aliases" label={t('units.col.aliases')} extra={t('units.aliasesHint')}>
          <Select mode="tags" open={false} tokenSeparators={['、', ',', '，']} suffixIcon={null} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
