import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api, call, type AreaNode } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import { AREA_LEVELS, areaLabel, areaLevelText, flattenAreas } from '../lib/areas.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';

type Row = Omit<AreaNode, 'children'> & { children?: Row[] };
const toRows = (nodes: readonly AreaNode[]): Row[] =>
  nodes.map(({ children, ...n }) => (children.length > 0 ? { ...n, children: toRows(children) } : n));

interface AreaForm {
  areaKey?: string;
  code: string;
  name: string;
  level: (typeof AREA_LEVELS)[number];
  parentId: number | null;
  validFrom: dayjs.Dayjs | null;
  validTo: dayjs.Dayjs | null;
  aliases: string[];
}

/**
 * The area tree (行政区划) for the administrator: each name and code an area existed under, with its dates (双流县
 * until 2015-12-03, then 双流区), functional zones marked, and the home jurisdiction that plans fall back to.
 * Changes over time are entered here as data.
 */
export default function AreasPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const areas = useLoad(() => call(api.GET('/api/v1/areas')), []);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const all = useMemo(() => flattenAreas(areas.data ?? []), [areas.data]);
  const rows = useMemo(() => toRows(areas.data ?? []), [areas.data]);

  const dateText = (d: string | null) => d ?? '—';
  const save = (v: AreaForm) => {
    const fields = {
      code: v.code.trim(),
      name: v.name.trim(),
      level: v.level,
      parentId: v.parentId ?? null,
      validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : null,
      validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
      aliases: v.aliases,
    };
    const request =
      editing === 'new'
        ? call(
            api.POST('/api/v1/areas', { body: { ...fields, ...(v.areaKey ? { areaKey: v.areaKey } : {}) } }),
          )
        : call(api.PATCH('/api/v1/areas/{id}', { params: { path: { id: editing!.id } }, body: fields }));
    request.then(() => {
      void message.success(t(editing === 'new' ? 'areas.created' : 'common.saved'));
      setEditing(null);
      areas.reload();
    }, notifyError);
  };
  const makeHome = (a: Row) =>
    call(api.PATCH('/api/v1/areas/{id}', { params: { path: { id: a.id } }, body: { home: true } })).then(
      () => {
        void message.success(t('areas.homeSet', { name: a.name }));
        areas.reload();
      },
      notifyError,
    );

  const exportColumns: ExportColumn<AreaNode>[] = [
    { title: t('areas.col.name'), value: (a) => a.name, width: 24 },
    { title: t('areas.col.code'), value: (a) => a.code, width: 14 },
    { title: t('areas.col.level'), value: (a) => areaLevelText(t, a.level), width: 14 },
    { title: t('areas.col.parent'), value: (a) => all.find((p) => p.id === a.parentId)?.name ?? '' },
    { title: t('areas.col.validFrom'), value: (a) => a.validFrom ?? '' },
    { title: t('areas.col.validTo'), value: (a) => a.validTo ?? '' },
    { title: t('areas.col.aliases'), value: (a) => a.aliases.join('、'), width: 30 },
  ];

  return (
    <Card
      title={t('areas.title')}
      extra={
        <Space>
          <ExportButton
            fileName={t('areas.title')}
            sheetName={t('areas.title')}
            columns={exportColumns}
            rows={all}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="area-add"
          >
            {t('areas.add')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('areas.hint')}</Typography.Paragraph>
      <LoadError error={areas.error} />
      <Table<Row>
        // Mounted again once the tree is there: "expand all" applies to the rows a table starts with.
        key={areas.data ? 'loaded' : 'loading'}
        rowKey="id"
        size="small"
        loading={areas.loading}
        dataSource={rows}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        data-testid="areas-table"
        rowClassName={(a) => (a.validTo ? 'area-ended' : '')}
        columns={[
          {
            title: t('areas.col.name'),
            dataIndex: 'name',
            render: (name: string, a) => (
              <Space size={4}>
                <Typography.Text delete={a.validTo !== null} type={a.validTo ? 'secondary' : undefined}>
                  {name}
                </Typography.Text>
                {a.home ? <Tag color="red">{t('areas.home')}</Tag> : null}
                {a.functional ? <Tag color="purple">{t('areas.functional')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('areas.col.code'), dataIndex: 'code', width: 120 },
          {
            title: t('areas.col.level'),
            dataIndex: 'level',
            width: 110,
            render: (l: string) => areaLevelText(t, l),
          },
          { title: t('areas.col.validFrom'), dataIndex: 'validFrom', width: 110, render: dateText },
          { title: t('areas.col.validTo'), dataIndex: 'validTo', width: 110, render: dateText },
          {
            title: t('areas.col.aliases'),
            dataIndex: 'aliases',
            render: (aliases: string[]) => aliases.map((x) => <Tag key={x}>{x}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_, a) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setEditing(a)} data-testid="area-edit">
                  {t('common.edit')}
                </Button>
                {!a.home && !a.validTo ? (
                  <Button size="small" type="link" onClick={() => void makeHome(a)}>
                    {t('areas.makeHome')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {editing ? (
        <AreaEditor
          area={editing === 'new' ? null : editing}
          all={all}
          onCancel={() => setEditing(null)}
          onSave={save}
        />
      ) : null}
    </Card>
  );
}

/** Adds an area (or, with its key, a new period of one: a rename or a new code) or corrects one. */
function AreaEditor(props: {
  area: Row | null;
  all: AreaNode[];
  onCancel: () => void;
  onSave: (values: AreaForm) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<AreaForm>();
  const { area } = props;
  const keys = [...new Set(props.all.map((a) => a.key))];
  return (
    <Modal
      open
      title={area ? `${t('areas.edit')}：${area.name}` : t('areas.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      data-testid="area-editor"
    >
      <Form<AreaForm>
        form={form}
        layout="vertical"
        initialValues={{
          code: area?.code ?? '',
          name: area?.name ?? '',
          level: (AREA_LEVELS as readonly string[]).includes(area?.level ?? '') ? area!.level : 'district',
          parentId: area?.parentId ?? null,
          validFrom: area?.validFrom ? dayjs(area.validFrom) : null,
          validTo: area?.validTo ? dayjs(area.validTo) : null,
          aliases: area?.aliases ?? [],
        }}
        onFinish={props.onSave}
      >
        {area ? null : (
          <Form.Item name="areaKey" label={t('areas.areaKey')} extra={t('areas.areaKeyHint')}>
            <Select allowClear showSearch options={keys.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        )}
        <Space>
          <Form.Item name="name" label={t('areas.col.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="code" label={t('areas.col.code')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={20} />
          </Form.Item>
        </Space>
        <Form.Item name="level" label={t('areas.col.level')}>
          <Select options={AREA_LEVELS.map((l) => ({ value: l, label: areaLevelText(t, l) }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('areas.col.parent')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={props.all
              .filter((a) => a.id !== area?.id)
              .map((a) => ({ value: a.id, label: areaLabel(a) }))}
          />
        </Form.Item>
        <Space>
          <Form.Item name="validFrom" label={t('areas.col.validFrom')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="validTo" label={t('areas.col.validTo')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="aliases" label={t('areas.col.aliases')} extra={t('units.aliasesHint')}>
          <Select mode="tags" open={false} tokenSeparators={['、', ',', '，']} suffixIcon={null} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
