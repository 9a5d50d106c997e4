import { ArrowLeftOutlined, ImportOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Space, Spin, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type PlanNode, type PlanUnitShare, type Target } from '../api/client.js';
import { canManagePlans, useAuth } from '../auth.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { SourceText } from '../components/SourceText.js';
import { UnitTags } from '../components/UnitTags.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatValue } from '@luoshi/core';
import { formatComparator, formatPeriod } from '../lib/format.js';
import { loadAllUnits } from '../lib/units.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';
import { planKey, prefetched, readPlan } from '../lib/prefetch.js';

// The dialogs load when opened: they bring antd's Form, Select and Upload, which showing the plan does not need.
const PlanNodeEditor = lazy(() =>
  import('../components/PlanNodeEditor.js').then((m) => ({ default: m.PlanNodeEditor })),
);
const ReimportModal = lazy(() =>
  import('../components/ReimportModal.js').then((m) => ({ default: m.ReimportModal })),
);

interface NodeRow extends Omit<PlanNode, 'children'> {
  children?: NodeRow[];
}

function toRows(nodes: PlanNode[]): NodeRow[] {
  return nodes.map(({ children, ...node }) =>
    children.length > 0 ? { ...node, children: toRows(children) } : node,
  );
}

function flatten(nodes: PlanNode[], depth = 0, out: { node: PlanNode; depth: number }[] = []) {
  for (const node of nodes) {
    out.push({ node, depth });
    flatten(node.children, depth + 1, out);
  }
  return out;
}

/**
 * The plan's source text, fetched on its own once the tab is first shown: most visits never open it, and the
 * whole plan loads faster without it.
 */
function PlanSourceTab({
  planId,
  publicView,
  highlight,
}: {
  planId: number;
  publicView: boolean;
  highlight: readonly number[] | null;
}) {
  const source = useLoad(
    () =>
      call(
        publicView
          ? api.GET('/api/v1/public/plans/{id}/source', { params: { path: { id: planId } } })
          : api.GET('/api/v1/plans/{id}/source', { params: { path: { id: planId } } }),
      ),
    [planId, publicView],
  );
  if (source.error) return <LoadError error={source.error} />;
  // Mounted only with the text, so that a span asked for before it arrived is still scrolled to.
  if (!source.data) return <Spin />;
  return <SourceText text={source.data.sourceText} highlight={highlight} />;
}

/**
 * A plan: its task tree, targets, source text and each unit's share. `publicView` shows a published plan to anyone,
 * read only, from the public route (no notes, no unit pages, no actions).
 */
export default function PlanPage({ publicView = false }: { publicView?: boolean }) {
  const { id } = useParams();
  const planId = Number(id);
  const { t, language } = useI18n();
  const navigate = useNavigate();
  // The router started this read when the navigation began (see lib/prefetch.ts).
  const plan = useLoad(
    () => prefetched(planKey(planId, publicView), () => readPlan(planId, publicView)),
    [planId, publicView],
  );
  const shares = useLoad(
    () =>
      publicView
        ? Promise.resolve([])
        : call(api.GET('/api/v1/plans/{id}/units', { params: { path: { id: planId } } })),
    [planId, publicView],
  );
  const [tab, setTab] = useState('tasks');
  const [highlight, setHighlight] = useState<readonly number[] | null>(null);
  const [editing, setEditing] = useState<PlanNode | null>(null);
  const [reimporting, setReimporting] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const { user } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const manages = !publicView && canManagePlans(user?.role);
  const units = useLoad(() => (manages ? loadAllUnits() : Promise.resolve([])), [manages]);

  const detail = plan.data;
  const rows = useMemo(() => toRows(detail?.nodes ?? []), [detail]);
  const flat = useMemo(() => flatten(detail?.nodes ?? []), [detail]);
  const showInSource = (start: number | null, end: number | null) => {
    if (start == null || end == null) return;
    setHighlight([start, end]);
    setTab('source');
  };

  const byId = useMemo(() => new Map(flat.map(({ node }) => [node.id, node])), [flat]);
  /** The secretariat edits any task; a unit officer writes notes on the tasks of their own unit. */
  const editMode = (node: NodeRow): 'all' | 'note' | null => {
    if (publicView) return null;
    if (manages) return 'all';
    if (user?.role !== 'unit_officer' || user.unitId === null) return null;
    const mine = [...node.leadUnits, ...node.supportUnits].some((u) => u.id === user.unitId);
    return mine ? 'note' : null;
  };
  const onSaved = () => {
    setEditing(null);
    void message.success(t('common.saved'));
    plan.reload();
    shares.reload();
  };

  const setPublished = (published: boolean) => {
    setPublishing(true);
    call(api.PATCH('/api/v1/plans/{id}', { params: { path: { id: planId } }, body: { published } }))
      .then((next) => {
        plan.setData(next);
        void message.success(t(next.published ? 'plan.publishedNow' : 'plan.unpublishedNow'));
      }, notifyError)
      .finally(() => setPublishing(false));
  };

  if (!detail) {
    return (
      <Card loading={plan.loading}>
        <LoadError error={plan.error} />
        {publicView && plan.error ? (
          <Link to="/public" data-testid="public-back">
            <ArrowLeftOutlined /> {t('public.back')}
          </Link>
        ) : null}
      </Card>
    );
  }

  const kindText = (kind: string) => t(`kind.${kind}` as MessageKey);
  const taskExport: ExportColumn<{ node: PlanNode; depth: number }>[] = [
    { title: t('plan.col.label'), value: ({ node, depth }) => '  '.repeat(depth) + node.label },
    { title: t('plan.col.title'), value: ({ node }) => node.title, width: 60 },
    { title: t('plan.col.kind'), value: ({ node }) => kindText(node.kind) },
    {
      title: t('plan.col.leadUnits'),
      value: ({ node }) => node.leadUnits.map((u) => u.name).join('、'),
      width: 30,
    },
    {
      title: t('plan.col.supportUnits'),
      value: ({ node }) => node.supportUnits.map((u) => u.name).join('、'),
      width: 30,
    },
    ...(publicView
      ? []
      : [{ title: t('plan.col.note'), value: ({ node }: { node: PlanNode }) => node.note, width: 40 }]),
  ];
  const targetExport: ExportColumn<Target>[] = [
    { title: t('target.indicator'), value: (x) => x.indicator, width: 40 },
    { title: t('target.comparator'), value: (x) => formatComparator(t, x.comparator) },
    { title: t('target.value'), value: (x) => formatValue(x.value, x.unit, language) },
    { title: t('target.deadlineYear'), value: (x) => x.deadlineYear },
    { title: t('target.cumulative'), value: (x) => (x.cumulative ? t('common.yes') : '') },
    { title: t('target.text'), value: (x) => x.text, width: 50 },
  ];
  const shareExport: ExportColumn<PlanUnitShare>[] = [
    { title: t('plan.col.unit'), value: (s) => s.unit.name, width: 24 },
    { title: t('units.col.fullName'), value: (s) => s.unit.fullName, width: 36 },
    { title: t('plan.col.leadTasks'), value: (s) => s.leadTasks },
    { title: t('plan.col.supportTasks'), value: (s) => s.supportTasks },
  ];

  const sourceAndUnits = [
    {
      key: 'source',
      label: t('plan.source'),
      children: <PlanSourceTab planId={planId} publicView={publicView} highlight={highlight} />,
    },
    {
      key: 'units',
      label: t('plan.units'),
      children: (
        <>
          <div style={{ textAlign: 'right', marginBottom: 8 }}>
            <ExportButton
              fileName={`${detail.title}-${t('plan.units')}`}
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
      ),
    },
  ].filter((tab) => !publicView || tab.key !== 'units');

  return (
    <Card>
      {publicView ? (
        <Link to="/public" style={{ display: 'inline-block', marginBottom: 12 }} data-testid="public-back">
          <ArrowLeftOutlined /> {t('public.back')}
        </Link>
      ) : null}
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'flex-start',
          gap: 16,
          flexWrap: 'wrap',
        }}
      >
        <Typography.Title level={3} style={{ marginTop: 0, flex: '1 1 480px' }} data-testid="plan-title">
          {detail.title}
        </Typography.Title>
        <Space size={12} wrap>
          <Tag color="blue" data-testid="plan-version">
            {t('plan.versionN', { n: detail.version })}
          </Tag>
          {manages ? (
            <>
              <Space size={6}>
                <Switch
                  checked={detail.published}
                  loading={publishing}
                  onChange={setPublished}
                  data-testid="plan-publish"
                />
                <Typography.Text type={detail.published ? 'success' : 'secondary'}>
                  {t(detail.published ? 'plan.published' : 'plan.unpublished')}
                </Typography.Text>
              </Space>
              <Button
                icon={<ImportOutlined />}
                onClick={() => setReimporting(true)}
                data-testid="plan-reimport"
              >
                {t('plan.reimport')}
              </Button>
            </>
          ) : publicView ? (
            <Tag>{t('public.readOnly')}</Tag>
          ) : (
            <Tag color={detail.published ? 'green' : undefined}>
              {t(detail.published ? 'plan.published' : 'plan.unpublished')}
            </Tag>
          )}
        </Space>
      </div>
      <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('plan.issuer')}>{detail.issuer ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('plan.documentNumber')}>{detail.documentNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('plan.period')}>
          {formatPeriod(detail.periodFrom, detail.periodTo)}
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.version')}>
          <span data-testid="plan-version-number">{detail.version}</span>
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'tasks',
            label: `${t('plan.tasks')} (${detail.taskCount})`,
            children: (
              <>
                <div style={{ textAlign: 'right', marginBottom: 8 }}>
                  <ExportButton
                    fileName={`${detail.title}-${t('plan.tasks')}`}
                    sheetName={t('plan.tasks')}
                    columns={taskExport}
                    rows={flat}
                  />
                </div>
                <Table<NodeRow>
                  rowKey="id"
                  size="small"
                  dataSource={rows}
                  pagination={false}
                  expandable={{ defaultExpandAllRows: true }}
                  data-testid="plan-tasks"
                  columns={[
                    {
                      title: t('plan.col.label'),
                      dataIndex: 'label',
                      width: 150,
                      // Tree indentation grows with depth; a label such as "(10)" must not break.
                      render: (label: string) => (
                        <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                          {label}
                        </Typography.Text>
                      ),
                    },
                    {
                      title: t('plan.col.title'),
                      dataIndex: 'title',
                      render: (title: string, node) => (
                        <Typography.Link
                          onClick={() => showInSource(node.spanStart, node.spanEnd)}
                          style={{ color: 'inherit' }}
                        >
                          {title}
                        </Typography.Link>
                      ),
                    },
                    {
                      title: t('plan.col.kind'),
                      dataIndex: 'kind',
                      width: 80,
                      render: (kind: string) => <Tag>{kindText(kind)}</Tag>,
                    },
                    {
                      title: t('plan.col.leadUnits'),
                      key: 'lead',
                      width: 220,
                      render: (_, node) => (
                        <UnitTags units={node.leadUnits} color="red" linked={!publicView} />
                      ),
                    },
                    {
                      title: t('plan.col.supportUnits'),
                      key: 'support',
                      width: 160,
                      render: (_, node) => <UnitTags units={node.supportUnits} linked={!publicView} />,
                    },
                    {
                      title: t('plan.col.note'),
                      dataIndex: 'note',
                      width: 160,
                      hidden: publicView,
                      render: (note: string | null) => (
                        <Typography.Text type="secondary">{note}</Typography.Text>
                      ),
                    },
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 80,
                      hidden: publicView,
                      render: (_, node) =>
                        editMode(node) ? (
                          <Button
                            size="small"
                            type="link"
                            onClick={() => setEditing(byId.get(node.id) ?? null)}
                          >
                            {t('common.edit')}
                          </Button>
                        ) : null,
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'targets',
            label: `${t('plan.targets')} (${detail.targets.length})`,
            children: (
              <>
                <div style={{ textAlign: 'right', marginBottom: 8 }}>
                  <ExportButton
                    fileName={`${detail.title}-${t('plan.targets')}`}
                    sheetName={t('plan.targets')}
                    columns={targetExport}
                    rows={detail.targets}
                  />
                </div>
                <TargetsTable targets={detail.targets} onShow={(x) => showInSource(x.spanStart, x.spanEnd)} />
              </>
            ),
          },
          ...sourceAndUnits,
        ]}
      />
      <Suspense fallback={null}>
        {editing ? (
          <PlanNodeEditor
            planId={planId}
            node={editing}
            units={units.data ?? []}
            noteOnly={!manages}
            onSaved={onSaved}
            onError={notifyError}
            onCancel={() => setEditing(null)}
          />
        ) : null}
        {reimporting ? (
          <ReimportModal
            planId={planId}
            planTitle={detail.title}
            onCancel={() => setReimporting(false)}
            onDraft={(draftId) => void navigate(`/imports/${draftId}`)}
          />
        ) : null}
      </Suspense>
    </Card>
  );
}

function TargetsTable({ targets, onShow }: { targets: Target[]; onShow: (target: Target) => void }) {
  const { t, language } = useI18n();
  return (
    <Table<Target>
      rowKey="id"
      size="small"
      dataSource={targets}
      pagination={false}
      data-testid="plan-targets"
      columns={[
        { title: t('target.indicator'), dataIndex: 'indicator' },
        {
          title: t('target.comparator'),
          dataIndex: 'comparator',
          width: 120,
          render: (c: string) => formatComparator(t, c),
        },
        {
          title: t('target.value'),
          key: 'value',
          width: 140,
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
          width: 100,
          render: (y: number | null) => y ?? '—',
        },
        {
          title: t('target.text'),
          dataIndex: 'text',
          render: (text: string, x) => (
            <Typography.Link type="secondary" onClick={() => onShow(x)}>
              {text}
            </Typography.Link>
          ),
        },
      ]}
    />
  );
}
