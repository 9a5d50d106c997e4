import {
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { formatValue } from '@luoshi/core';
import type { TargetInput } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { formatComparator } from '../../lib/format.js';
import { useTargetExport } from '../plan/TargetsTable.js';
import { ExportButton } from '../ExportButton.js';
import type { DraftTarget } from './types.js';

const COMPARATORS: DraftTarget['comparator'][] = ['>', '>=', '<=', '<', 'about', '='];

/** The draft's targets: each can be corrected or removed; a click shows its words in the source. */
export function DraftTargetsTab(props: {
  targets: DraftTarget[];
  title: string;
  disabled: boolean;
  onHighlight: (span: readonly number[]) => void;
  onEdit: (index: number) => void;
  onDelete: (index: number) => void;
}) {
  const { t, language } = useI18n();
  const exportColumns = useTargetExport();
  const rows = props.targets.map((x, i) => ({
    ...x,
    id: i,
    spanStart: x.span[0] ?? 0,
    spanEnd: x.span[1] ?? 0,
  }));
  return (
    <>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <ExportButton
          fileName={`${props.title}-${t('review.targets')}`}
          sheetName={t('review.targets')}
          columns={exportColumns}
          rows={rows}
        />
      </div>
      <Table<DraftTarget>
        rowKey={(_, i) => String(i)}
        size="small"
        dataSource={props.targets}
        pagination={false}
        data-testid="draft-targets"
        onRow={(x) => ({ onClick: () => props.onHighlight(x.span), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('target.indicator'), dataIndex: 'indicator' },
          {
            title: t('target.comparator'),
            dataIndex: 'comparator',
            width: 110,
            render: (c: string) => formatComparator(t, c),
          },
          {
            title: t('target.value'),
            key: 'value',
            align: 'right',
            render: (_, x) => (
              <>
                {formatValue(x.value, x.unit, language)}
                {x.cumulative ? <Tag style={{ marginLeft: 6 }}>{t('target.cumulative')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('target.deadlineYear'),
            dataIndex: 'deadlineYear',
            width: 90,
            render: (y: number | null) => y ?? '—',
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            render: (_, _x, index) => (
              <Space size={4}>
                <Button
                  size="small"
                  type="link"
                  disabled={props.disabled}
                  onClick={() => props.onEdit(index)}
                >
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('common.delete') + '？'}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => props.onDelete(index)}
                >
                  <Button size="small" type="link" danger disabled={props.disabled}>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

/** Corrects one target of a draft. */
export function TargetEditor({
  target,
  onCancel,
  onSave,
}: {
  target: DraftTarget;
  onCancel: () => void;
  onSave: (input: TargetInput) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<TargetInput>();
  return (
    <Modal
      open
      title={t('target.edit')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
    >
      <Form<TargetInput>
        form={form}
        layout="vertical"
        initialValues={{
          indicator: target.indicator,
          comparator: target.comparator,
          value: target.value,
          unit: target.unit,
          deadlineYear: target.deadlineYear,
          cumulative: target.cumulative,
        }}
        onFinish={onSave}
      >
        <Form.Item name="indicator" label={t('target.indicator')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Space>
          <Form.Item name="comparator" label={t('target.comparator')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={COMPARATORS.map((c) => ({ value: c, label: formatComparator(t, c) }))}
            />
          </Form.Item>
          <Form.Item name="value" label={t('target.value')} rules={[{ required: true }]}>
            <InputNumber style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="unit" label={t('target.unit')}>
            <Input style={{ width: 100 }} />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="deadlineYear" label={t('target.deadlineYear')}>
            <InputNumber min={1949} max={2100} />
          </Form.Item>
          <Form.Item name="cumulative" valuePropName="checked" label=" ">
            <Checkbox>{t('target.cumulative')}</Checkbox>
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{target.text}</Typography.Paragraph>
      </Form>
    </Modal>
  );
}
