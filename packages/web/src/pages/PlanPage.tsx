import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Tabs } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type PlanNode } from '../api/client.js';
import { canManagePlans, useAuth } from '../auth.js';
import { LoadError } from '../components/LoadError.js';
import { PlanHeader } from '../components/plan/PlanHeader.js';
import { PlanSourceTab } from '../components/plan/PlanSourceTab.js';
import { PlanUnitsTab } from '../components/plan/PlanUnitsTab.js';
import { PlanVersionsTab } from '../components/plan/PlanVersionsTab.js';
import { RetiredTab } from '../components/plan/RetiredTab.js';
import { TargetIndicatorLink, useTargetIndicators } from '../components/plan/TargetIndicatorLink.js';
import { TargetsTable } from '../components/plan/TargetsTable.js';
import { flattenTasks, TaskTree } from '../components/plan/TaskTree.js';
import { usePlanProgressColumn } from '../components/delivery/TaskProgressCell.js';
import { useI18n } from '../i18n/index.js';
import { areaChain, flattenAreas } from '../lib/areas.js';
import { useFirstPaintUntil } from '../lib/first-paint.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';
import { planKey, prefetched, readPlan } from '../lib/prefetch.js';
import { loadAllUnits } from '../lib/units.js';

// The dialogs load when opened: they bring antd's Form, Select and Upload, which showing the plan does not need.
const PlanNodeEditor = lazy(() =>
  import('../components/PlanNodeEditor.js').then((m) => ({ default: m.PlanNodeEditor })),
);
const ReimportModal = lazy(() =>
  import('../components/ReimportModal.js').then((m) => ({ default: m.ReimportModal })),
);

/**
 * A plan: its task tree, targets, source text, each unit's share, its versions and what re-imports retired.
 * `publicView` shows a published plan to anyone, read only, from the public routes (no notes, no unit pages, no
 * actions).
 */
export default function PlanPage({ publicView = false }: { publicView?: boolean }) {
  const { id } = useParams();
  const planId = Number(id);
  const { t } = useI18n();
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
  const links = useTargetIndicators(planId, !publicView && Boolean(user));
  const progress = usePlanProgressColumn(planId, !publicView && Boolean(user));
  const areas = useLoad(() => (manages ? call(api.GET('/api/v1/areas')) : Promise.resolve([])), [manages]);

  const detail = plan.data;
  // The server's first paint of the plan stays until the task table below has rendered (or the read failed).
  useFirstPaintUntil(Boolean(detail) || Boolean(plan.error));
  const byId = useMemo(
    () => new Map(flattenTasks(detail?.nodes ?? []).map(({ node }) => [node.id, node])),
    [detail],
  );
  // An item may name units of the plan's jurisdiction and of those above it (the server holds to the same rule).
  const eligibleUnits = useMemo(() => {
    const chain = new Set(areaChain(flattenAreas(areas.data ?? []), detail?.area?.id));
    return (units.data ?? []).filter((u) => u.area && chain.has(u.area.id));
  }, [units.data, areas.data, detail]);

  const showInSource = (start: number | null, end: number | null) => {
    if (start == null || end == null) return;
    setHighlight([start, end]);
    setTab('source');
  };
  /** The secretariat edits any task; a unit officer writes notes on the tasks of their own unit. */
  const editMode = (node: {
    leadUnits: { id: number }[];
    supportUnits: { id: number }[];
  }): 'all' | 'note' | null => {
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

  const tabs = [
    {
      key: 'tasks',
      label: `${t('plan.tasks')} (${detail.taskCount})`,
      children: (
        <TaskTree
          nodes={detail.nodes}
          fileName={`${detail.title}-${t('plan.tasks')}`}
          linkedUnits={!publicView}
          showNotes={!publicView}
          onShow={(n) => showInSource(n.spanStart, n.spanEnd)}
          progress={progress}
          actions={
            publicView
              ? undefined
              : (node) =>
                  editMode(node) ? (
                    <Button size="small" type="link" onClick={() => setEditing(byId.get(node.id) ?? null)}>
                      {t('common.edit')}
                    </Button>
                  ) : null
          }
        />
      ),
    },
    {
      key: 'targets',
      label: `${t('plan.targets')} (${detail.targets.length})`,
      children: (
        <TargetsTable
          targets={detail.targets}
          fileName={`${detail.title}-${t('plan.targets')}`}
          onShow={(x) => showInSource(x.spanStart, x.spanEnd)}
          indicatorCell={
            links.byTarget
              ? (x) => (
                  <TargetIndicatorLink
                    targetId={x.id}
                    targetText={x.text}
                    linked={links.byTarget?.get(x.id) ?? null}
                    canLink={manages}
                    onChanged={links.reload}
                  />
                )
              : undefined
          }
        />
      ),
    },
    {
      key: 'source',
      label: t('plan.source'),
      children: <PlanSourceTab planId={planId} publicView={publicView} highlight={highlight} />,
    },
    ...(publicView
      ? []
      : [
          {
            key: 'units',
            label: t('plan.units'),
            children: <PlanUnitsTab planTitle={detail.title} shares={shares} />,
          },
        ]),
    {
      key: 'versions',
      label: <span data-testid="versions-tab">{t('plan.versions')}</span>,
      children: <PlanVersionsTab planId={planId} publicView={publicView} current={detail.version} />,
    },
    ...(publicView
      ? []
      : [
          {
            key: 'retired',
            label: <span data-testid="retired-tab">{t('plan.retired')}</span>,
            children: <RetiredTab planId={planId} version={detail.version} />,
          },
        ]),
  ];

  return (
    <Card>
      <PlanHeader
        plan={detail}
        publicView={publicView}
        manages={manages}
        publishing={publishing}
        onPublish={setPublished}
        onReimport={() => setReimporting(true)}
      />
      <Tabs activeKey={tab} onChange={setTab} items={tabs} />
      <Suspense fallback={null}>
        {editing ? (
          <PlanNodeEditor
            planId={planId}
            node={editing}
            units={eligibleUnits}
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
