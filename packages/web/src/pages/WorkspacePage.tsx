import { Alert, Card, Col, Grid, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../auth.js';
import { DeadlineTag } from '../components/DeadlineTag.js';
import { ExportButton } from '../components/ExportButton.js';
import { LoadError } from '../components/LoadError.js';
import { useI18n } from '../i18n/index.js';
import { deadlineWords } from '../lib/deadlines.js';
import type { ExportColumn } from '../lib/export-xlsx.js';
import { useLoad } from '../lib/hooks.js';
import { loadUnitTasks, taskHref, type UnitTaskDetail } from '../lib/tasks.js';
import { DeliveryLight } from '../components/delivery/DeliveryLight.js';
import { MilestoneTimeline } from '../components/delivery/MilestoneTimeline.js';
import { NoticeDrawer } from '../components/delivery/NoticeDrawer.js';
import { NoticeTable, useNoticeExportColumns } from '../components/delivery/NoticeTable.js';
import { ExampleTag } from '../components/ExampleTag.js';
import { ExampleNotice } from '../components/delivery/ExampleNotice.js';
import { loadWorkspaceDelivery, type WorkspaceDelivery } from '../lib/delivery-api.js';
import { percentText, wordOf } from '../lib/delivery.js';

type DueRow = WorkspaceDelivery['reportsDue'][number];
/** How many of the reports owed the card lists (the export has them all). */
const DUE_SHOWN = 8;

/**
 * A responsible unit's workspace (工作台), where its officer lands: the tasks it leads or supports with their
 * deadlines and progress, its milestones on a timeline, the reports it owes and the supervision notices still open.
 */
export default function WorkspacePage() {
  const { user } = useAuth();
  const { t } = useI18n();
  const unitId = user?.unitId ?? null;
  const loaded = useLoad(() => (unitId === null ? Promise.resolve(null) : loadUnitTasks(unitId)), [unitId]);
  const tasksData = loaded.data;
  const delivery = useLoad(
    () =>
      unitId === null || !tasksData
        ? Promise.resolve(null)
        : loadWorkspaceDelivery(
            unitId,
            tasksData.tasks.filter((x) => x.role === 'lead'),
            [...new Set(tasksData.tasks.map((x) => x.planId))],
          ),
    [unitId, tasksData],
  );
  const [opened, setOpened] = useState<number | null>(null);
  const narrow = !Grid.useBreakpoint().md;
  const noticeExport = useNoticeExportColumns();
  if (unitId === null)
    return <Alert type="info" showIcon title={t('workspace.noUnit')} data-testid="no-unit" />;
  if (loaded.error) return <LoadError error={loaded.error} />;
  const data = loaded.data;
  const d = delivery.data;
  const tasks = data?.tasks ?? [];
  const roleText = (role: string) => (role === 'lead' ? t('unit.role.lead') : t('unit.role.support'));

  const exportColumns: ExportColumn<UnitTaskDetail>[] = [
    { title: t('task.col.plan'), value: (x) => x.planTitle, width: 40 },
    { title: t('plan.col.label'), value: (x) => x.label },
    { title: t('plan.col.title'), value: (x) => x.title, width: 60 },
    { title: t('task.col.role'), value: (x) => roleText(x.role) },
    { title: t('deadline.label'), value: (x) => deadlineWords(x.node?.deadline, t), width: 16 },
    { title: t('task.col.progress'), value: (x) => percentText(d?.progress.get(x.nodeId)?.progress) },
    {
      title: t('task.col.light'),
      value: (x) => wordOf(t, 'light', d?.progress.get(x.nodeId)?.light ?? 'grey'),
    },
  ];
  const dueExport: ExportColumn<DueRow>[] = [
    { title: t('plan.col.label'), value: (r) => r.label },
    { title: t('plan.col.title'), value: (r) => r.title, width: 50 },
    { title: t('report.period'), value: (r) => r.period },
    { title: t('report.dueDate'), value: (r) => r.dueDate, width: 14 },
    { title: t('report.status'), value: (r) => (r.overdue ? t('report.missing') : t('report.notYet')) },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="workspace">
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="workspace-title">
        {t('workspace.title', { unit: data?.unitName ?? '' })}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <CountCard
          title={t('workspace.leadCount')}
          value={tasks.filter((x) => x.role === 'lead').length}
          loading={loaded.loading}
        />
        <CountCard
          title={t('workspace.supportCount')}
          value={tasks.filter((x) => x.role === 'support').length}
          loading={loaded.loading}
        />
        <CountCard
          title={t('workspace.reportsDueCount')}
          value={d?.reportsDue.length ?? '—'}
          loading={delivery.loading}
          danger={d?.reportsDue.some((r) => r.overdue)}
        />
        <CountCard
          title={t('workspace.noticesCount')}
          value={d?.notices.length ?? '—'}
          loading={delivery.loading}
          danger={Boolean(d?.notices.length)}
        />
      </Row>
      <LoadError error={delivery.error} />
      {[...new Set(tasks.map((x) => x.planId))].map((id) => (
        <ExampleNotice key={id} planId={id} />
      ))}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={t('workspace.tasks')}
            extra={
              <ExportButton
                fileName={`${data?.unitName ?? ''}-${t('workspace.tasks')}`}
                sheetName={t('workspace.tasks')}
                columns={exportColumns}
                rows={tasks}
              />
            }
          >
            <Table<UnitTaskDetail>
              rowKey={(x) => `${x.nodeId}:${x.role}`}
              size="small"
              loading={loaded.loading}
              dataSource={tasks}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('workspace.tasksEmpty') }}
              data-testid="workspace-tasks"
              columns={[
                { title: t('plan.col.label'), dataIndex: 'label', width: 70, hidden: narrow },
                {
                  title: t('plan.col.title'),
                  dataIndex: 'title',
                  render: (title: string, x) => (
                    <div style={{ minWidth: narrow ? 0 : 180, maxWidth: 520, whiteSpace: 'normal' }}>
                      <Link to={taskHref(x.planId, x.nodeId)} data-testid="task-link">
                        {narrow ? `${x.label} ${title}` : title}
                      </Link>
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {x.planTitle}
                        </Typography.Text>
                      </div>
                      {narrow ? (
                        // On a phone the role, deadline and light go under the task instead of columns to scroll to.
                        <Space size={4} wrap style={{ marginTop: 4 }}>
                          <Tag color={x.role === 'lead' ? 'red' : undefined}>{roleText(x.role)}</Tag>
                          <DeadlineTag deadline={x.node?.deadline} />
                          <DeliveryLight
                            light={d?.progress.get(x.nodeId)?.light ?? 'grey'}
                            progress={d?.progress.get(x.nodeId)?.progress ?? null}
                          />
                        </Space>
                      ) : null}
                    </div>
                  ),
                },
                {
                  title: t('task.col.role'),
                  dataIndex: 'role',
                  width: 70,
                  hidden: narrow,
                  render: (role: string) => (
                    <Tag color={role === 'lead' ? 'red' : undefined}>{roleText(role)}</Tag>
                  ),
                },
                {
                  title: t('deadline.label'),
                  key: 'deadline',
                  width: 110,
                  hidden: narrow,
                  render: (_, x) => <DeadlineTag deadline={x.node?.deadline} />,
                },
                {
                  title: t('task.col.progress'),
                  key: 'progress',
                  width: 130,
                  hidden: narrow,
                  render: (_, x) => {
                    const p = d?.progress.get(x.nodeId);
                    return <DeliveryLight light={p?.light ?? 'grey'} progress={p?.progress ?? null} />;
                  },
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card
              size="small"
              title={t('workspace.notices')}
              extra={
                <ExportButton
                  fileName={`${data?.unitName ?? ''}-${t('workspace.notices')}`}
                  sheetName={t('workspace.notices')}
                  columns={noticeExport}
                  rows={d?.notices ?? []}
                />
              }
            >
              <NoticeTable
                notices={d?.notices ?? []}
                loading={delivery.loading}
                onOpen={(n) => setOpened(n.id)}
                showUnit={false}
                compact
                testId="workspace-notices"
              />
            </Card>
            <Card
              size="small"
              title={t('workspace.reportsDue')}
              extra={
                <ExportButton
                  fileName={`${data?.unitName ?? ''}-${t('workspace.reportsDue')}`}
                  sheetName={t('workspace.reportsDue')}
                  columns={dueExport}
                  rows={d?.reportsDue ?? []}
                />
              }
            >
              <List<DueRow>
                size="small"
                loading={delivery.loading}
                dataSource={[...(d?.reportsDue ?? [])].reverse().slice(0, DUE_SHOWN)}
                locale={{ emptyText: t('workspace.reportsDueEmpty') }}
                data-testid="workspace-reports-due"
                renderItem={(r) => (
                  <List.Item data-testid="report-due">
                    <div style={{ width: '100%' }}>
                      <Link to={taskHref(r.planId, r.nodeId)}>
                        {r.label} {r.title}
                      </Link>
                      <div>
                        <Space size={4} wrap>
                          <Typography.Text>{r.period}</Typography.Text>
                          <Typography.Text type={r.overdue ? 'danger' : 'secondary'}>
                            {t('workspace.dueOn', { date: r.dueDate })}
                          </Typography.Text>
                          {r.overdue ? <Tag color="red">{t('report.missing')}</Tag> : null}
                          {r.report ? <Tag>{wordOf(t, 'reportStatus', r.report.status)}</Tag> : null}
                          <ExampleTag show={r.report?.example ?? false} />
                        </Space>
                      </div>
                    </div>
                  </List.Item>
                )}
              />
              {d && d.reportsDue.length > DUE_SHOWN ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('workspace.moreDue', { n: d.reportsDue.length - DUE_SHOWN })}
                </Typography.Text>
              ) : null}
            </Card>
            <Card size="small" title={t('workspace.milestones')}>
              <div style={{ maxHeight: 520, overflowY: 'auto', paddingTop: 8 }}>
                <MilestoneTimeline
                  today={d?.asOf ?? ''}
                  emptyText={t('workspace.milestonesEmpty')}
                  milestones={(d?.milestones ?? []).map((m) => ({
                    key: `${m.workPlan.id}:${m.key}`,
                    title: m.title,
                    dueDate: m.dueDate,
                    state: m.state,
                    percent: m.percent,
                    deliverable: m.deliverable,
                    task: {
                      label: m.workPlan.nodeLabel,
                      title: m.workPlan.nodeTitle,
                      href: taskHref(m.workPlan.planId, m.workPlan.nodeId),
                    },
                  }))}
                />
              </div>
            </Card>
          </Space>
        </Col>
      </Row>
      <NoticeDrawer noticeId={opened} onClose={() => setOpened(null)} onChanged={delivery.reload} />
    </Space>
  );
}

/** One of the counts across the top of the workspace, its number in red when something there is late or open. */
function CountCard(props: { title: string; value: number | string; loading: boolean; danger?: boolean }) {
  return (
    <Col xs={12} md={6}>
      <Card size="small">
        <Statistic
          title={props.title}
          value={props.value}
          loading={props.loading}
          valueStyle={props.danger ? { color: '#cf1322' } : undefined}
        />
      </Card>
    </Col>
  );
}
