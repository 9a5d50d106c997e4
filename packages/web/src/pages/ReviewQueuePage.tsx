import { Button, Card, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ReportDetail, ReportSummary, WorkPlanDetail, WorkPlanSummary } from '../api/client.js';
import { ExampleTag } from '../components/ExampleTag.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { LoadMore } from '../components/LoadMore.js';
import { ReportEditor } from '../components/delivery/ReportEditor.js';
import { ReviewButtons } from '../components/delivery/ReviewButtons.js';
import { WorkPlanView } from '../components/delivery/WorkPlanView.js';
import { useI18n } from '../i18n/index.js';
import { deliveryApi } from '../lib/delivery-api.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { formatTime } from '../lib/format.js';
import { useNotifyError } from '../lib/hooks.js';
import { loadAllPages, usePagedList } from '../lib/paging.js';
import { taskHref } from '../lib/tasks.js';

const PAGE = 50;

/**
 * The secretariat's review queue: work plans submitted for the first time, change requests to approved baselines,
 * and submitted progress reports; each opens for a look and is approved or returned with the reason.
 */
export default function ReviewQueuePage() {
  const { t, language } = useI18n();
  const notifyError = useNotifyError();
  const plans = usePagedList(
    (cursor) => deliveryApi.workPlans({ status: 'submitted', limit: PAGE, cursor }),
    [],
  );
  const reports = usePagedList(
    (cursor) => deliveryApi.reports({ status: 'submitted', limit: PAGE, cursor }),
    [],
  );
  const [plan, setPlan] = useState<WorkPlanDetail | null>(null);
  const [report, setReport] = useState<ReportDetail | null>(null);
  const initial = plans.items.filter((p) => !p.pendingChange);
  const changes = plans.items.filter((p) => p.pendingChange);

  const taskCell = (x: {
    planId: number;
    nodeId: number;
    nodeLabel: string;
    nodeTitle: string;
    example: boolean;
  }) => (
    <div style={{ minWidth: 200, maxWidth: 480, whiteSpace: 'normal' }}>
      <Link to={taskHref(x.planId, x.nodeId)}>
        {x.nodeLabel} {x.nodeTitle}
      </Link>{' '}
      <ExampleTag show={x.example} />
    </div>
  );
  const planExport: ExportColumn<WorkPlanSummary>[] = [
    { title: t('plan.col.label'), value: (p) => p.nodeLabel },
    { title: t('plan.col.title'), value: (p) => p.nodeTitle, width: 50 },
    { title: t('report.unit'), value: (p) => p.unitName, width: 20 },
    { title: t('queue.revision'), value: (p) => p.currentRevision },
    { title: t('queue.updatedAt'), value: (p) => formatTime(p.updatedAt, language), width: 20 },
    { title: t('example.tag'), value: (p) => (p.example ? t('common.yes') : '') },
  ];
  const reportExport: ExportColumn<ReportSummary>[] = [
    { title: t('plan.col.label'), value: (r) => r.nodeLabel },
    { title: t('plan.col.title'), value: (r) => r.nodeTitle, width: 50 },
    { title: t('report.unit'), value: (r) => r.unitName, width: 20 },
    { title: t('report.period'), value: (r) => r.period },
    { title: t('report.dueDate'), value: (r) => r.dueDate, width: 14 },
    { title: t('report.submittedOn'), value: (r) => r.submittedOn ?? '', width: 14 },
    { title: t('report.late'), value: (r) => (r.late ? t('common.yes') : '') },
    { title: t('report.percent'), value: (r) => r.percent },
    { title: t('example.tag'), value: (r) => (r.example ? t('common.yes') : '') },
  ];

  const planTable = (rows: WorkPlanSummary[], testId: string, sheet: string, pendingChange: boolean) => (
    <>
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <ExportButton
          fileName={sheet}
          sheetName={sheet}
          columns={planExport}
          rows={() =>
            loadAllPages((cursor) => deliveryApi.workPlans({ status: 'submitted', limit: 200, cursor })).then(
              (all) => all.filter((p) => p.pendingChange === pendingChange),
            )
          }
        />
      </div>
      <LoadError error={plans.error} />
      <Table<WorkPlanSummary>
        rowKey="id"
        size="small"
        loading={plans.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('queue.empty') }}
        data-testid={testId}
        columns={[
          { title: t('plan.col.title'), key: 'task', render: (_, p) => taskCell(p) },
          { title: t('report.unit'), dataIndex: 'unitName' },
          {
            title: t('queue.revision'),
            dataIndex: 'currentRevision',
            width: 90,
            render: (n: number) => t('queue.revisionN', { n }),
          },
          {
            title: t('queue.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string) => formatTime(v, language),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, p) => (
              <Button
                size="small"
                type="primary"
                ghost
                onClick={() => void deliveryApi.workPlan(p.id).then(setPlan, notifyError)}
                data-testid="queue-open-plan"
              >
                {t('queue.review')}
              </Button>
            ),
          },
        ]}
      />
      <LoadMore list={plans} />
    </>
  );

  return (
    <Card data-testid="review-queue">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('queue.title')}
      </Typography.Title>
      <Tabs
        items={[
          {
            key: 'plans',
            label: (
              <span data-testid="queue-tab-plans">
                {t('queue.workPlans')} <Tag>{initial.length}</Tag>
              </span>
            ),
            children: planTable(initial, 'queue-plans', t('queue.workPlans'), false),
          },
          {
            key: 'changes',
            label: (
              <span data-testid="queue-tab-changes">
                {t('queue.changes')} <Tag>{changes.length}</Tag>
              </span>
            ),
            children: planTable(changes, 'queue-changes', t('queue.changes'), true),
          },
          {
            key: 'reports',
            label: (
              <span data-testid="queue-tab-reports">
                {t('queue.reports')} <Tag>{reports.items.length}</Tag>
              </span>
            ),
            children: (
              <>
                <div style={{ textAlign: 'right', marginBottom: 8 }}>
                  <ExportButton
                    fileName={t('queue.reports')}
                    sheetName={t('queue.reports')}
                    columns={reportExport}
                    rows={() =>
                      loadAllPages((cursor) =>
                        deliveryApi.reports({ status: 'submitted', limit: 200, cursor }),
                      )
                    }
                  />
                </div>
                <LoadError error={reports.error} />
                <Table<ReportSummary>
                  rowKey="id"
                  size="small"
                  loading={reports.loading}
                  dataSource={reports.items}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: t('queue.empty') }}
                  data-testid="queue-reports"
                  columns={[
                    { title: t('plan.col.title'), key: 'task', render: (_, r) => taskCell(r) },
                    { title: t('report.unit'), dataIndex: 'unitName' },
                    { title: t('report.period'), dataIndex: 'period', width: 90 },
                    {
                      title: t('report.submittedOn'),
                      key: 'submitted',
                      render: (_, r) => (
                        <Space size={4}>
                          {r.submittedOn ?? '—'}
                          {r.late ? <Tag color="orange">{t('report.late')}</Tag> : null}
                        </Space>
                      ),
                    },
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      render: (_, r) => (
                        <Button
                          size="small"
                          type="primary"
                          ghost
                          onClick={() => void deliveryApi.report(r.id).then(setReport, notifyError)}
                          data-testid="queue-open-report"
                        >
                          {t('queue.review')}
                        </Button>
                      ),
                    },
                  ]}
                />
                <LoadMore list={reports} />
              </>
            ),
          },
        ]}
      />
      {plan ? (
        <Modal
          open
          width={900}
          title={`${plan.nodeLabel} ${plan.nodeTitle}`}
          onCancel={() => setPlan(null)}
          data-testid="queue-plan-modal"
          footer={
            <ReviewButtons
              decide={(decision, comment) =>
                deliveryApi.reviewWorkPlan(plan.id, { version: plan.version, decision, comment })
              }
              onDone={() => {
                setPlan(null);
                plans.reload();
              }}
            />
          }
        >
          <WorkPlanView plan={plan} />
        </Modal>
      ) : null}
      {report ? (
        <ReportEditor
          report={report}
          editable={false}
          onClose={() => setReport(null)}
          onChanged={() => reports.reload()}
          review={(r) => (
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
                setReport(null);
                reports.reload();
              }}
            />
          )}
        />
      ) : null}
    </Card>
  );
}
