import { Alert, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
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

/**
 * A responsible unit's workspace (工作台), where its officer lands: the tasks it leads or supports with their
 * deadlines and progress, its milestones on a timeline, the reports it owes and the supervision notices still open.
 */
export default function WorkspacePage() {
  const { user } = useAuth();
  const { t } = useI18n();
  const unitId = user?.unitId ?? null;
  const loaded = useLoad(() => (unitId === null ? Promise.resolve(null) : loadUnitTasks(unitId)), [unitId]);
  if (unitId === null)
    return <Alert type="info" showIcon title={t('workspace.noUnit')} data-testid="no-unit" />;
  if (loaded.error) return <LoadError error={loaded.error} />;
  const data = loaded.data;
  const tasks = data?.tasks ?? [];
  const roleText = (role: string) => (role === 'lead' ? t('unit.role.lead') : t('unit.role.support'));

  const exportColumns: ExportColumn<UnitTaskDetail>[] = [
    { title: t('task.col.plan'), value: (x) => x.planTitle, width: 40 },
    { title: t('plan.col.label'), value: (x) => x.label },
    { title: t('plan.col.title'), value: (x) => x.title, width: 60 },
    { title: t('task.col.role'), value: (x) => roleText(x.role) },
    { title: t('deadline.label'), value: (x) => deadlineWords(x.node?.deadline, t), width: 16 },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="workspace">
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="workspace-title">
        {t('workspace.title', { unit: data?.unitName ?? '' })}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('workspace.leadCount')}
              value={tasks.filter((x) => x.role === 'lead').length}
              loading={loaded.loading}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('workspace.supportCount')}
              value={tasks.filter((x) => x.role === 'support').length}
              loading={loaded.loading}
            />
          </Card>
        </Col>
      </Row>
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
            { title: t('plan.col.label'), dataIndex: 'label', width: 70 },
            {
              title: t('plan.col.title'),
              dataIndex: 'title',
              render: (title: string, x) => (
                <div style={{ minWidth: 180, maxWidth: 520, whiteSpace: 'normal' }}>
                  <Link to={taskHref(x.planId, x.nodeId)} data-testid="task-link">
                    {title}
                  </Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {x.planTitle}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            {
              title: t('task.col.role'),
              dataIndex: 'role',
              width: 70,
              render: (role: string) => (
                <Tag color={role === 'lead' ? 'red' : undefined}>{roleText(role)}</Tag>
              ),
            },
            {
              title: t('deadline.label'),
              key: 'deadline',
              width: 120,
              render: (_, x) => <DeadlineTag deadline={x.node?.deadline} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
