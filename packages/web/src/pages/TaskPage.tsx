import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type {
  ReportDetail,
  ReportSummary,
  SupervisionNotice,
  TaskDelivery,
  WorkPlanDetail,
} from '../api/client.js';
import { canManagePlans, useAuth } from '../auth.js';
import { DeadlineTag } from '../components/DeadlineTag.js';
import { ExampleTag } from '../components/ExampleTag.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { UnitTags } from '../components/UnitTags.js';
import { ContributionModal } from '../components/delivery/ContributionModal.js';
import { DeliveryLight } from '../components/delivery/DeliveryLight.js';
import { MilestoneTimeline } from '../components/delivery/MilestoneTimeline.js';
import { NoticeDrawer } from '../components/delivery/NoticeDrawer.js';
import { NoticeTable, useNoticeExportColumns } from '../components/delivery/NoticeTable.js';
import { ReportEditor } from '../components/delivery/ReportEditor.js';
import { ReviewButtons } from '../components/delivery/ReviewButtons.js';
import { WorkPlanEditor } from '../components/delivery/WorkPlanEditor.js';
import { StatusTag, WorkPlanView } from '../components/delivery/WorkPlanView.js';
import { useI18n } from '../i18n/index.js';
import { deliveryApi, supervisionApi } from '../lib/delivery-api.js';
import { percentText, wordOf } from '../lib/delivery.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatTime } from '../lib/format.js';
import { useLoad, useNotifyError } from '../lib/hooks.js';
import { planKey, prefetched, readPlan } from '../lib/prefetch.js';
import { nodesById } from '../lib/tasks.js';

type EvidenceRow = TaskDelivery['evidence'][number];

/**
 * One task of a plan: its deadline and units, the lead units' work plans (baseline and every revision, change
 * requests with their reasons), the progress reports with their evidence, and the supervision notices raised on it.
 * A unit officer writes their unit's work plan and reports here; the secretariat reviews them here or in the queue.
 */
export default function TaskPage() {
  const params = useParams();
  const planId = Number(params.id);
  const nodeId = Number(params.nodeId);
  const { t } = useI18n();
  const { user } = useAuth();
  const manages = canManagePlans(user?.role);
  const plan = useLoad(() => prefetched(planKey(planId, false), () => readPlan(planId, false)), [planId]);
  const delivery = useLoad(() => deliveryApi.task(planId, nodeId), [planId, nodeId]);
  const notices = useLoad(
    () =>
      supervisionApi
        .notices({ planId, limit: 200 })
        .then((page) => page.items.filter((n) => n.node?.id === nodeId)),
    [planId, nodeId],
  );
  const node = useMemo(
    () => (plan.data ? (nodesById(plan.data).get(nodeId) ?? null) : null),
    [plan.data, nodeId],
  );

  if (!plan.data || !node) {
    return (
      <Card loading={plan.loading}>
        <LoadError error={plan.error} />
        {plan.data && !node ? <Alert type="warning" showIcon title={t('task.notFound')} /> : null}
      </Card>
    );
  }
  const myUnit = user?.role === 'unit_officer' ? user.unitId : null;
  const leads = myUnit !== null && node.leadUnits.some((u) => u.id === myUnit);
  const supports = myUnit !== null && node.supportUnits.some((u) => u.id === myUnit);
  const data = delivery.data;
  const reload = () => {
    delivery.reload();
    notices.reload();
  };

  return (
    <Card data-testid="task-page">
      <Link to={`/plans/${planId}`} style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('task.back')} · {plan.data.title}
      </Link>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between' }}>
        <Typography.Title
          level={4}
          style={{ marginTop: 0, wordBreak: 'break-word', flex: '1 1 360px' }}
          data-testid="task-title"
        >
          {node.label} {node.title}
        </Typography.Title>
        {data ? <DeliveryLight light={data.progress.light} progress={data.progress.progress} /> : null}
      </div>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('plan.col.leadUnits')}>
          <span>
            <UnitTags units={node.leadUnits} color="red" />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.col.supportUnits')}>
          <span>
            <UnitTags units={node.supportUnits} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('deadline.label')}>
          <span data-testid="task-deadline">
            {node.deadline ? <DeadlineTag deadline={node.deadline} /> : t('deadline.none')}
          </span>
        </Descriptions.Item>
        {data ? (
          <Descriptions.Item label={t('task.cycle')}>
            {wordOf(t, 'frequency', data.cycle.frequency)} ·{' '}
            {t('task.dueRule', { n: data.cycle.dueWorkingDays })}
          </Descriptions.Item>
        ) : null}
        {node.note ? <Descriptions.Item label={t('task.note')}>{node.note}</Descriptions.Item> : null}
      </Descriptions>
      {node.body ? (
        <Typography.Paragraph
          type="secondary"
          ellipsis={{ rows: 3, expandable: true }}
          style={{ wordBreak: 'break-word' }}
          data-testid="task-body"
        >
          {node.body}
        </Typography.Paragraph>
      ) : null}
      <LoadError error={delivery.error} />
      <Tabs
        items={[
          {
            key: 'plan',
            label: <span data-testid="tab-work-plan">{t('task.tab.workPlan')}</span>,
            children: data ? (
              <WorkPlansTab data={data} myUnit={leads ? myUnit : null} manages={manages} onChanged={reload} />
            ) : null,
          },
          {
            key: 'reports',
            label: <span data-testid="tab-reports">{t('task.tab.reports')}</span>,
            children: data ? (
              <ReportsTab
                data={data}
                myUnit={leads ? myUnit : null}
                supportingUnit={supports ? myUnit : null}
                manages={manages}
                fileName={`${node.label}${node.title}`}
                onChanged={reload}
              />
            ) : null,
          },
          {
            key: 'evidence',
            label: <span data-testid="tab-evidence">{t('task.tab.evidence')}</span>,
            children: data ? (
              <EvidenceTab rows={data.evidence} fileName={`${node.label}${node.title}`} />
            ) : null,
          },
          {
            key: 'notices',
            label: (
              <span data-testid="tab-notices">
                {t('task.tab.notices')}
                {notices.data?.some((n) => n.state !== 'closed') ? (
                  <Tag color="red" style={{ marginInlineStart: 6 }}>
                    {notices.data.filter((n) => n.state !== 'closed').length}
                  </Tag>
                ) : null}
              </span>
            ),
            children: (
              <NoticesTab
                notices={notices.data ?? []}
                loading={notices.loading}
                error={notices.error}
                fileName={`${node.label}${node.title}`}
                onChanged={reload}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Each lead unit's work plan, or the button to write it; the milestones in force on a timeline. */
function WorkPlansTab({
  data,
  myUnit,
  manages,
  onChanged,
}: {
  data: TaskDelivery;
  myUnit: number | null;
  manages: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [editing, setEditing] = useState<{ unitId: number; plan: WorkPlanDetail | null } | null>(null);
  const byUnit = new Map(data.workPlans.map((p) => [p.unitId, p]));
  // An officer sees their own unit's plan; the secretariat and leaders every lead unit's.
  const units = myUnit !== null ? data.node.leadUnits.filter((u) => u.id === myUnit) : data.node.leadUnits;
  const submit = (p: WorkPlanDetail) =>
    deliveryApi.submitWorkPlan(p.id, p.version).then(() => {
      void message.success(t('workPlan.submitted'));
      onChanged();
    }, notifyError);
  const live = data.workPlans.flatMap((p) =>
    p.milestones
      .filter((m) => !m.retired)
      .map((m) => ({
        ...m,
        key: `${p.id}:${m.key}`,
        title: units.length > 1 ? `${m.title}（${p.unitName}）` : m.title,
      })),
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {units.length === 0 ? <Empty description={t('task.noLead')} /> : null}
      {units.map((unit) => {
        const p = byUnit.get(unit.id) ?? null;
        const mine = myUnit === unit.id;
        return (
          <Card key={unit.id} size="small" data-testid="work-plan-card">
            {p ? (
              <WorkPlanView plan={p} />
            ) : (
              <Typography.Text type="secondary">{t('workPlan.none', { unit: unit.name })}</Typography.Text>
            )}
            <Space wrap style={{ marginTop: 12 }}>
              {mine && !p ? (
                <Button
                  type="primary"
                  onClick={() => setEditing({ unitId: unit.id, plan: null })}
                  data-testid="work-plan-write"
                >
                  {t('workPlan.write')}
                </Button>
              ) : null}
              {mine && p && (p.status === 'draft' || p.status === 'returned') ? (
                <>
                  <Button
                    onClick={() => setEditing({ unitId: unit.id, plan: p })}
                    data-testid="work-plan-edit"
                  >
                    {t('workPlan.edit')}
                  </Button>
                  <Button type="primary" onClick={() => void submit(p)} data-testid="work-plan-submit-now">
                    {t('workPlan.submitNow')}
                  </Button>
                </>
              ) : null}
              {mine && p && p.status === 'approved' ? (
                <Button
                  onClick={() => setEditing({ unitId: unit.id, plan: p })}
                  data-testid="work-plan-change"
                >
                  {t('workPlan.change')}
                </Button>
              ) : null}
              {manages && p && p.status === 'submitted' ? (
                <ReviewButtons
                  decide={(decision, comment) =>
                    deliveryApi.reviewWorkPlan(p.id, { version: p.version, decision, comment })
                  }
                  onDone={onChanged}
                />
              ) : null}
            </Space>
          </Card>
        );
      })}
      <Card size="small" title={t('workspace.milestones')}>
        <MilestoneTimeline milestones={live} today={data.asOf} emptyText={t('workspace.milestonesEmpty')} />
      </Card>
      {editing ? (
        <WorkPlanEditor
          nodeId={data.node.id}
          unitId={editing.unitId}
          plan={editing.plan}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            void message.success(t(saved.status === 'submitted' ? 'workPlan.submitted' : 'common.saved'));
            onChanged();
          }}
        />
      ) : null}
    </Space>
  );
}

interface ReportRow {
  key: string;
  period: string;
  dueDate: string;
  unitId: number;
  unitName: string;
  report: ReportSummary | null;
}

/**
 * The reports of the task: for the lead unit's officer every period of the cycle due by now (a missing one can be
 * written at once); for everyone else the reports there are. Each opens in the report form.
 */
function ReportsTab({
  data,
  myUnit,
  supportingUnit,
  manages,
  fileName,
  onChanged,
}: {
  data: TaskDelivery;
  myUnit: number | null;
  supportingUnit: number | null;
  manages: boolean;
  fileName: string;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const notifyError = useNotifyError();
  const [open, setOpen] = useState<ReportDetail | null>(null);
  const [contributing, setContributing] = useState<{ report: ReportSummary; detail: ReportDetail } | null>(
    null,
  );
  const [busy, setBusy] = useState<string | null>(null);

  const rows: ReportRow[] = data.reports.map((r) => ({
    key: `${r.unitId}:${r.period}`,
    period: r.period,
    dueDate: r.dueDate,
    unitId: r.unitId,
    unitName: r.unitName,
    report: r,
  }));
  if (myUnit !== null) {
    const unitName = data.node.leadUnits.find((u) => u.id === myUnit)?.name ?? '';
    const have = new Set(rows.filter((r) => r.unitId === myUnit).map((r) => r.period));
    // Periods already due, and the one in progress (its report may be written ahead).
    const current = data.cycle.periods.filter((p) => p.start <= data.asOf);
    for (const p of current)
      if (!have.has(p.period))
        rows.push({
          key: `${myUnit}:${p.period}`,
          period: p.period,
          dueDate: p.dueDate,
          unitId: myUnit,
          unitName,
          report: null,
        });
  }
  rows.sort((a, b) => b.period.localeCompare(a.period) || a.unitName.localeCompare(b.unitName));

  const openReport = (row: ReportRow) => {
    setBusy(row.key);
    const read = row.report
      ? deliveryApi.report(row.report.id)
      : deliveryApi.createReport({ nodeId: data.node.id, period: row.period, unitId: row.unitId });
    read
      .then((detail) => {
        setOpen(detail);
        if (!row.report) onChanged();
      }, notifyError)
      .finally(() => setBusy(null));
  };
  const contribute = (report: ReportSummary) => {
    deliveryApi.report(report.id).then((detail) => setContributing({ report, detail }), notifyError);
  };

  const exportColumns: ExportColumn<ReportRow>[] = [
    { title: t('report.period'), value: (r) => r.period },
    { title: t('report.unit'), value: (r) => r.unitName, width: 20 },
    { title: t('report.dueDate'), value: (r) => r.dueDate, width: 14 },
    {
      title: t('report.status'),
      value: (r) => (r.report ? wordOf(t, 'reportStatus', r.report.status) : t('report.missing')),
    },
    { title: t('report.percent'), value: (r) => r.report?.percent ?? '' },
    { title: t('report.submittedOn'), value: (r) => r.report?.submittedOn ?? '', width: 14 },
    { title: t('report.late'), value: (r) => (r.report?.late ? t('common.yes') : '') },
    { title: t('example.tag'), value: (r) => (r.report?.example ? t('common.yes') : '') },
  ];

  return (
    <>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <ExportButton
          fileName={`${fileName}-${t('task.tab.reports')}`}
          sheetName={t('task.tab.reports')}
          columns={exportColumns}
          rows={rows}
        />
      </div>
      <Table<ReportRow>
        rowKey="key"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('report.empty') }}
        data-testid="task-reports"
        columns={[
          { title: t('report.period'), dataIndex: 'period', width: 90 },
          { title: t('report.unit'), dataIndex: 'unitName' },
          { title: t('report.dueDate'), dataIndex: 'dueDate', width: 110 },
          {
            title: t('report.status'),
            key: 'status',
            render: (_, r) => (
              <Space size={4}>
                {r.report ? (
                  <StatusTag prefix="reportStatus" status={r.report.status} />
                ) : (
                  <Tag color={r.dueDate < data.asOf ? 'red' : undefined}>
                    {r.dueDate < data.asOf ? t('report.missing') : t('report.notYet')}
                  </Tag>
                )}
                {r.report?.late ? <Tag color="orange">{t('report.late')}</Tag> : null}
                <ExampleTag show={r.report?.example ?? false} />
              </Space>
            ),
          },
          {
            title: t('report.percent'),
            key: 'percent',
            width: 90,
            render: (_, r) => (r.report ? percentText(r.report.percent) : '—'),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space size={4}>
                <Button
                  size="small"
                  type={r.report ? 'link' : 'primary'}
                  loading={busy === r.key}
                  onClick={() => openReport(r)}
                  data-testid={r.report ? 'report-open' : 'report-write'}
                >
                  {r.report ? t('report.open') : t('report.write')}
                </Button>
                {supportingUnit !== null && r.report && r.report.status !== 'accepted' ? (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => contribute(r.report!)}
                    data-testid="contribution-write"
                  >
                    {t('contribution.write')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {open ? (
        <ReportEditor
          report={open}
          liveMilestones={data.workPlans.find((p) => p.unitId === open.unitId)?.milestones ?? []}
          editable={myUnit !== null && open.unitId === myUnit}
          onClose={() => setOpen(null)}
          onChanged={() => onChanged()}
          review={
            manages
              ? (r) => (
                  <ReviewButtons
                    size="small"
                    approveLabel={t('report.accept')}
                    decide={(decision, comment) =>
                      deliveryApi.reviewReport(r.id, {
                        version: r.version,
                        decision: decision === 'approve' ? 'accept' : 'return',
                        comment,
                      })
                    }
                    onDone={() => {
                      setOpen(null);
                      onChanged();
                    }}
                  />
                )
              : undefined
          }
        />
      ) : null}
      {contributing ? (
        <ContributionModal
          report={contributing.report}
          mine={contributing.detail.contributions.find((c) => c.unitId === supportingUnit) ?? null}
          onCancel={() => setContributing(null)}
          onDone={() => {
            setContributing(null);
            onChanged();
          }}
        />
      ) : null}
    </>
  );
}

/** Every evidence file of the task's reports, each a download. */
function EvidenceTab({ rows, fileName }: { rows: EvidenceRow[]; fileName: string }) {
  const { t, language } = useI18n();
  const columns: ExportColumn<EvidenceRow>[] = [
    { title: t('evidence.file'), value: (e) => e.fileName, width: 40 },
    { title: t('report.period'), value: (e) => e.period },
    { title: t('evidence.size'), value: (e) => e.size },
    { title: t('evidence.type'), value: (e) => e.mediaType, width: 24 },
    { title: t('evidence.uploadedAt'), value: (e) => formatTime(e.uploadedAt, language), width: 20 },
    { title: 'SHA-256', value: (e) => e.sha256, width: 66 },
  ];
  return (
    <>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <ExportButton
          fileName={`${fileName}-${t('task.tab.evidence')}`}
          sheetName={t('task.tab.evidence')}
          columns={columns}
          rows={rows}
        />
      </div>
      <Table<EvidenceRow>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('report.noEvidence') }}
        data-testid="task-evidence"
        columns={[
          {
            title: t('evidence.file'),
            dataIndex: 'fileName',
            render: (name: string, e) => (
              <a
                href={deliveryApi.evidenceHref(e.reportId, e.id)}
                download={name}
                data-testid="evidence-download"
              >
                {name}
              </a>
            ),
          },
          { title: t('report.period'), dataIndex: 'period', width: 90 },
          {
            title: t('evidence.size'),
            dataIndex: 'size',
            width: 100,
            render: (s: number) => `${Math.max(1, Math.round(s / 1024))} KB`,
          },
          {
            title: t('evidence.uploadedAt'),
            dataIndex: 'uploadedAt',
            render: (v: string) => formatTime(v, language),
          },
        ]}
      />
    </>
  );
}

/** The notices raised on the task, each opening for its next step. */
function NoticesTab({
  notices,
  loading,
  error,
  fileName,
  onChanged,
}: {
  notices: SupervisionNotice[];
  loading: boolean;
  error: unknown;
  fileName: string;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [opened, setOpened] = useState<number | null>(null);
  const columns = useNoticeExportColumns();
  return (
    <>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <ExportButton
          fileName={`${fileName}-${t('notice.sheet')}`}
          sheetName={t('notice.sheet')}
          columns={columns}
          rows={notices}
        />
      </div>
      <LoadError error={error} />
      <NoticeTable
        notices={notices}
        loading={loading}
        onOpen={(n) => setOpened(n.id)}
        testId="task-notices"
      />
      <NoticeDrawer noticeId={opened} onClose={() => setOpened(null)} onChanged={onChanged} />
    </>
  );
}
