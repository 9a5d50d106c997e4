import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, call, type ImportDraft, type TargetInput, type Unit } from '../api/client.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { PlanChanges } from '../components/PlanChanges.js';
import { SourceText } from '../components/SourceText.js';
import { useI18n } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatValue } from '@luoshi/core';
import { formatComparator, formatPeriod } from '../lib/format.js';
import { loadAllUnits } from '../lib/units.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';

type Draft = ImportDraft['draft'];
type DraftNode = Draft['nodes'][number];
type DraftTarget = Draft['targets'][number];
type Resolution = ImportDraft['unitResolution'][number];

const COMPARATORS: DraftTarget['comparator'][] = ['>', '>=', '<=', '<', 'about', '='];

/** Every node with its dotted index path ("1.2.0"), the address the API uses for draft nodes. */
function indexNodes(
  nodes: DraftNode[],
  prefix = '',
  out = new Map<string, DraftNode>(),
): Map<string, DraftNode> {
  nodes.forEach((node, i) => {
    const path = prefix ? `${prefix}.${i}` : String(i);
    out.set(path, node);
    indexNodes(node.children, path, out);
  });
  return out;
}

function treeData(
  nodes: DraftNode[],
  prefix = '',
): { key: string; title: React.ReactNode; children: ReturnType<typeof treeData> }[] {
  return nodes.map((node, i) => {
    const path = prefix ? `${prefix}.${i}` : String(i);
    return {
      key: path,
      title: (
        <span data-testid="draft-node" data-has-lead={node.leadUnits.length > 0 ? 'true' : 'false'}>
          <Typography.Text strong>{node.label}</Typography.Text> {node.title}
          {node.leadUnits.map((name) => (
            <Tag key={name} color="red" style={{ marginLeft: 6 }} data-testid="draft-lead-unit">
              {name}
            </Tag>
          ))}
          {node.supportUnits.map((name) => (
            <Tag key={name} style={{ marginLeft: 4 }}>
              {name}
            </Tag>
          ))}
        </span>
      ),
      children: treeData(node.children, path),
    };
  });
}

export default function ReviewPage() {
  const { id } = useParams();
  const importId = Number(id);
  const { t, pick, language } = useI18n();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const loaded = useLoad(
    () => call(api.GET('/api/v1/imports/{id}', { params: { path: { id: importId } } })),
    [importId],
  );
  const units = useLoad(loadAllUnits, []);
  // A re-import is reviewed against the plan's current version: its title, version number and targets.
  const revisedPlanId = loaded.data?.planId ?? null;
  const currentPlan = useLoad(
    () =>
      revisedPlanId === null
        ? Promise.resolve(null)
        : call(api.GET('/api/v1/plans/{id}', { params: { path: { id: revisedPlanId } } })),
    [revisedPlanId],
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<readonly number[] | null>(null);
  const [mappings, setMappings] = useState<Record<string, number | undefined>>({});
  const [editingTarget, setEditingTarget] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const record = loaded.data;
  const draft = record?.draft;
  const nodesByPath = useMemo(() => indexNodes(draft?.nodes ?? []), [draft]);
  const tree = useMemo(() => treeData(draft?.nodes ?? []), [draft]);
  const tasksWithLead = useMemo(
    () => [...nodesByPath.values()].filter((n) => n.leadUnits.length > 0).length,
    [nodesByPath],
  );
  const unitOptions = useMemo(() => {
    const names = new Set<string>();
    for (const unit of units.data ?? []) {
      names.add(unit.name);
      for (const alias of unit.aliases) names.add(alias);
    }
    for (const name of draft?.units ?? []) names.add(name);
    for (const name of draft?.supportUnits ?? []) names.add(name);
    return [...names].map((name) => ({ value: name, label: name }));
  }, [units.data, draft]);

  if (!record || !draft) {
    return (
      <Card loading={loaded.loading}>
        <LoadError error={loaded.error} />
      </Card>
    );
  }

  const isDraft = record.status === 'draft';
  const selectedNode = selected ? nodesByPath.get(selected) : undefined;
  const replace = (next: ImportDraft) => loaded.setData(next);

  const select = (path: string) => {
    setSelected(path);
    const node = nodesByPath.get(path);
    if (node) setHighlight(node.span);
  };

  const saveNode = (values: { title: string; leadUnits: string[]; supportUnits: string[] }) => {
    if (!selected) return;
    setBusy(true);
    call(
      api.PATCH('/api/v1/imports/{id}/nodes/{path}', {
        params: { path: { id: importId, path: selected } },
        body: values,
      }),
    )
      .then((next) => {
        replace(next);
        void message.success(t('common.saved'));
      }, notifyError)
      .finally(() => setBusy(false));
  };

  const saveTitle = (title: string) => {
    const trimmed = title.trim();
    if (!trimmed || trimmed === draft.title) return;
    call(
      api.PATCH('/api/v1/imports/{id}', { params: { path: { id: importId } }, body: { title: trimmed } }),
    ).then((next) => {
      replace(next);
      void message.success(t('common.saved'));
    }, notifyError);
  };

  const saveTarget = (index: number, input: TargetInput) => {
    call(
      api.PUT('/api/v1/imports/{id}/targets/{index}', {
        params: { path: { id: importId, index } },
        body: input,
      }),
    ).then((next) => {
      replace(next);
      setEditingTarget(null);
      void message.success(t('common.saved'));
    }, notifyError);
  };

  const deleteTarget = (index: number) => {
    call(
      api.DELETE('/api/v1/imports/{id}/targets/{index}', { params: { path: { id: importId, index } } }),
    ).then((next) => {
      replace(next);
      void message.success(t('common.deleted'));
    }, notifyError);
  };

  const confirm = () => {
    modal.confirm({
      title: t('review.confirmTitle'),
      content: t(record.planId !== null ? 'review.confirmReimportBody' : 'review.confirmBody'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const unitMappings = Object.entries(mappings).flatMap(([name, unitId]) =>
          unitId ? [{ name, unitId }] : [],
        );
        try {
          const { planId } = await call(
            api.POST('/api/v1/imports/{id}/confirm', {
              params: { path: { id: importId } },
              body: { unitMappings },
            }),
          );
          void message.success(t(record.planId !== null ? 'review.reimported' : 'review.confirmed'));
          await navigate(`/plans/${planId}`);
        } catch (error) {
          notifyError(error);
        }
      },
    });
  };

  const discard = () => {
    call(api.DELETE('/api/v1/imports/{id}', { params: { path: { id: importId } } })).then(() => {
      void message.success(t('review.discarded'));
      void navigate('/import');
    }, notifyError);
  };

  const targetExport: ExportColumn<DraftTarget>[] = [
    { title: t('target.indicator'), value: (x) => x.indicator, width: 40 },
    { title: t('target.comparator'), value: (x) => formatComparator(t, x.comparator) },
    { title: t('target.value'), value: (x) => formatValue(x.value, x.unit, language) },
    { title: t('target.deadlineYear'), value: (x) => x.deadlineYear },
    { title: t('target.cumulative'), value: (x) => (x.cumulative ? t('common.yes') : '') },
    { title: t('target.text'), value: (x) => x.text, width: 50 },
  ];
  const resolutionExport: ExportColumn<Resolution>[] = [
    { title: t('review.col.nameAsWritten'), value: (r) => r.name, width: 24 },
    { title: t('review.col.resolvedUnit'), value: (r) => r.unitName ?? t('review.newUnit'), width: 24 },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div
          style={{
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'flex-start',
            gap: 16,
            flexWrap: 'wrap',
          }}
        >
          <div>
            <Typography.Text type="secondary">{t('review.title')}</Typography.Text>
            <Typography.Title
              level={3}
              style={{ margin: '4px 0 0' }}
              data-testid="review-title"
              editable={
                isDraft ? { onChange: saveTitle, triggerType: ['icon'], tooltip: t('common.edit') } : false
              }
            >
              {draft.title}
            </Typography.Title>
          </div>
          <Space>
            <Popconfirm
              title={t('review.discardTitle')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={discard}
              disabled={!isDraft}
            >
              <Button danger disabled={!isDraft} data-testid="review-discard">
                {t('review.discard')}
              </Button>
            </Popconfirm>
            <Button type="primary" onClick={confirm} disabled={!isDraft} data-testid="review-confirm">
              {t(record.planId !== null ? 'review.confirmReimport' : 'review.confirm')}
            </Button>
          </Space>
        </div>
        {!isDraft ? (
          <Alert type="info" showIcon title={t('review.notDraft')} style={{ marginTop: 12 }} />
        ) : null}
        {isDraft && record.planId !== null && currentPlan.data ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="reimport-notice"
            title={t('review.reimportOf', {
              title: currentPlan.data.title,
              version: currentPlan.data.version,
              next: currentPlan.data.version + 1,
            })}
          />
        ) : null}
        <Row gutter={24} style={{ marginTop: 16 }}>
          <Col span={6}>
            <Statistic
              title={t('review.period')}
              value={draft.period ? formatPeriod(draft.period.from, draft.period.to) : '—'}
            />
          </Col>
          <Col span={6}>
            <Statistic
              title={t('review.tasksWithLead')}
              value={tasksWithLead}
              data-testid="stat-tasks-with-lead"
            />
          </Col>
          <Col span={6}>
            <Statistic
              title={t('review.targetCount')}
              value={draft.targets.length}
              data-testid="stat-targets"
            />
          </Col>
          <Col span={6}>
            <Statistic title={t('review.leadUnitCount')} value={draft.units.length} />
          </Col>
        </Row>
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title={t('review.source')} size="small">
            <SourceText text={record.sourceText} highlight={highlight} height="calc(100vh - 220px)" />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Tabs
              defaultActiveKey={record.changes ? 'changes' : 'tree'}
              items={[
                ...(record.changes
                  ? [
                      {
                        key: 'changes',
                        label: (
                          <span data-testid="changes-tab">
                            {t('review.changes')} (
                            {record.changes.added.length +
                              record.changes.removed.length +
                              record.changes.changed.length +
                              record.changes.targetsAdded +
                              record.changes.targetsRemoved}
                            )
                          </span>
                        ),
                        children: (
                          <PlanChanges
                            changes={record.changes}
                            draftTargets={draft.targets}
                            planTargets={currentPlan.data?.targets ?? null}
                          />
                        ),
                      },
                    ]
                  : []),
                {
                  key: 'tree',
                  label: t('review.tree'),
                  children: (
                    <>
                      <div
                        style={{ maxHeight: '48vh', overflow: 'auto', marginBottom: 12 }}
                        data-testid="draft-tree"
                      >
                        <Tree
                          treeData={tree}
                          defaultExpandAll
                          blockNode
                          selectedKeys={selected ? [selected] : []}
                          onSelect={(keys) => keys[0] !== undefined && select(String(keys[0]))}
                        />
                      </div>
                      {selectedNode && selected ? (
                        <NodeEditor
                          key={`${selected}:${record.updatedAt}`}
                          node={selectedNode}
                          unitOptions={unitOptions}
                          busy={busy}
                          disabled={!isDraft}
                          onSave={saveNode}
                        />
                      ) : (
                        <Alert type="info" title={t('review.selectHint')} />
                      )}
                    </>
                  ),
                },
                {
                  key: 'targets',
                  label: `${t('review.targets')} (${draft.targets.length})`,
                  children: (
                    <>
                      <div style={{ textAlign: 'right', marginBottom: 8 }}>
                        <ExportButton
                          fileName={`${draft.title}-${t('review.targets')}`}
                          sheetName={t('review.targets')}
                          columns={targetExport}
                          rows={draft.targets}
                        />
                      </div>
                      <Table<DraftTarget>
                        rowKey={(_, i) => String(i)}
                        size="small"
                        dataSource={draft.targets}
                        pagination={false}
                        data-testid="draft-targets"
                        onRow={(x) => ({ onClick: () => setHighlight(x.span), style: { cursor: 'pointer' } })}
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
                                {x.cumulative ? (
                                  <Tag style={{ marginLeft: 6 }}>{t('target.cumulative')}</Tag>
                                ) : null}
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
                                  disabled={!isDraft}
                                  onClick={() => setEditingTarget(index)}
                                >
                                  {t('common.edit')}
                                </Button>
                                <Popconfirm
                                  title={t('common.delete') + '？'}
                                  okText={t('common.confirm')}
                                  cancelText={t('common.cancel')}
                                  onConfirm={() => deleteTarget(index)}
                                >
                                  <Button size="small" type="link" danger disabled={!isDraft}>
                                    {t('common.delete')}
                                  </Button>
                                </Popconfirm>
                              </Space>
                            ),
                          },
                        ]}
                      />
                    </>
                  ),
                },
                {
                  key: 'units',
                  label: `${t('review.unitResolution')} (${record.unitResolution.filter((r) => r.unitId == null).length} ${t('review.newUnit')})`,
                  children: (
                    <>
                      <div
                        style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 8 }}
                      >
                        <Typography.Text type="secondary">{t('review.newUnitHint')}</Typography.Text>
                        <ExportButton
                          fileName={`${draft.title}-${t('review.unitResolution')}`}
                          sheetName={t('review.unitResolution')}
                          columns={resolutionExport}
                          rows={record.unitResolution}
                        />
                      </div>
                      <Table<Resolution>
                        rowKey="name"
                        size="small"
                        dataSource={record.unitResolution}
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
                                    <Typography.Text type="secondary">
                                      （{t('review.matchedByAlias')}）
                                    </Typography.Text>
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
                                  value={mappings[r.name]}
                                  onChange={(unitId) => setMappings((m) => ({ ...m, [r.name]: unitId }))}
                                  options={(units.data ?? []).map((u: Unit) => ({
                                    value: u.id,
                                    label: u.name,
                                  }))}
                                  disabled={!isDraft}
                                />
                              ) : null,
                          },
                        ]}
                      />
                    </>
                  ),
                },
                {
                  key: 'diagnostics',
                  label: `${t('review.diagnostics')} (${draft.diagnostics.length})`,
                  children:
                    draft.diagnostics.length === 0 ? (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                    ) : (
                      <Space orientation="vertical" style={{ width: '100%' }}>
                        {draft.diagnostics.map((d, i) => (
                          <Alert
                            key={i}
                            type={
                              d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info'
                            }
                            title={pick(d.message)}
                            onClick={() => d.span && setHighlight(d.span)}
                            style={{ cursor: d.span ? 'pointer' : undefined }}
                          />
                        ))}
                      </Space>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {editingTarget !== null && draft.targets[editingTarget] ? (
        <TargetEditor
          target={draft.targets[editingTarget]}
          onCancel={() => setEditingTarget(null)}
          onSave={(input) => saveTarget(editingTarget, input)}
        />
      ) : null}
    </Space>
  );
}

interface NodeForm {
  title: string;
  leadUnits: string[];
  supportUnits: string[];
}

function NodeEditor(props: {
  node: DraftNode;
  unitOptions: { value: string; label: string }[];
  busy: boolean;
  disabled: boolean;
  onSave: (values: NodeForm) => void;
}) {
  const { t } = useI18n();
  const { node } = props;
  return (
    <Card size="small" title={`${t('review.node')} ${node.label}`} data-testid="node-editor">
      <Form<NodeForm>
        layout="vertical"
        disabled={props.disabled}
        initialValues={{ title: node.title, leadUnits: node.leadUnits, supportUnits: node.supportUnits }}
        onFinish={props.onSave}
      >
        <Form.Item name="title" label={t('review.nodeTitle')} rules={[{ required: true }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="leadUnits" label={t('review.leadUnits')}>
          <Select
            mode="tags"
            options={props.unitOptions}
            placeholder={t('review.unitPlaceholder')}
            tokenSeparators={['、', ',', '，']}
            data-testid="edit-lead-units"
          />
        </Form.Item>
        <Form.Item name="supportUnits" label={t('review.supportUnits')}>
          <Select
            mode="tags"
            options={props.unitOptions}
            placeholder={t('review.unitPlaceholder')}
            tokenSeparators={['、', ',', '，']}
            data-testid="edit-support-units"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={props.busy} data-testid="node-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function TargetEditor({
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
