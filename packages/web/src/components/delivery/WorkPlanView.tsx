import { Alert, Collapse, Space, Table, Tag, Typography } from 'antd';
import type { RevisionMilestone, WorkPlanDetail, WorkPlanRevision } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { wordOf } from '../../lib/delivery.js';
import { formatTime } from '../../lib/format.js';
import { ExampleTag } from '../ExampleTag.js';

const STATUS_COLOR: Record<string, string | undefined> = {
  draft: undefined,
  submitted: 'processing',
  approved: 'green',
  returned: 'red',
};

/** A work plan's or a report's status as a tag. */
export function StatusTag({ prefix, status }: { prefix: 'planStatus' | 'reportStatus'; status: string }) {
  const { t } = useI18n();
  return (
    <Tag
      color={STATUS_COLOR[status === 'accepted' ? 'approved' : status]}
      data-testid={`${prefix}-tag`}
      data-status={status}
    >
      {wordOf(t, prefix, status)}
    </Tag>
  );
}

/** Milestones of one revision; with `baseline`, what moved or is new against it is marked. */
export function MilestonesTable({
  milestones,
  baseline,
  testId = 'milestones',
}: {
  milestones: RevisionMilestone[];
  baseline?: RevisionMilestone[];
  testId?: string;
}) {
  const { t } = useI18n();
  const before = new Map((baseline ?? []).map((m) => [m.key, m]));
  return (
    <Table<RevisionMilestone>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={milestones}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      columns={[
        {
          title: t('milestone.title'),
          dataIndex: 'title',
          render: (title: string, m) => (
            <span style={{ whiteSpace: 'normal', display: 'inline-block', minWidth: 160 }}>
              {title}
              {baseline && !before.has(m.key) ? (
                <Tag color="green" style={{ marginInlineStart: 6 }}>
                  {t('workPlan.new')}
                </Tag>
              ) : null}
            </span>
          ),
        },
        {
          title: t('milestone.dueDate'),
          dataIndex: 'dueDate',
          width: baseline ? 200 : 130,
          render: (due: string, m) => {
            const old = before.get(m.key);
            return old && old.dueDate !== due ? (
              <span data-testid="moved-date" style={{ whiteSpace: 'nowrap' }}>
                <Typography.Text delete type="secondary">
                  {old.dueDate}
                </Typography.Text>{' '}
                <Typography.Text type="danger">{due}</Typography.Text>
              </span>
            ) : (
              due
            );
          },
        },
        { title: t('milestone.deliverable'), dataIndex: 'deliverable', render: (d: string) => d || '—' },
        { title: t('milestone.weight'), dataIndex: 'weight', width: 70 },
      ]}
    />
  );
}

/** Who did what when on a revision: submitted, reviewed, and the reviewer's comment. */
function RevisionFacts({ revision }: { revision: WorkPlanRevision }) {
  const { t, language } = useI18n();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 8 }}>
      {revision.reason ? (
        <Alert
          type="info"
          showIcon
          title={t('workPlan.reason')}
          description={revision.reason}
          data-testid="change-reason"
        />
      ) : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {revision.submittedAt
          ? t('workPlan.submittedBy', {
              who: revision.submittedBy ?? '',
              at: formatTime(revision.submittedAt, language),
            })
          : t('workPlan.notSubmitted')}
        {revision.reviewedAt
          ? ` · ${t('workPlan.reviewedBy', { who: revision.reviewedBy ?? '', at: formatTime(revision.reviewedAt, language) })}`
          : ''}
      </Typography.Text>
      {revision.reviewComment ? (
        <Alert
          type={revision.status === 'returned' ? 'warning' : 'success'}
          showIcon
          title={t('workPlan.reviewComment')}
          description={revision.reviewComment}
          data-testid="review-comment"
        />
      ) : null}
    </Space>
  );
}

/**
 * A unit's work plan: the revision in force (the approved baseline) and every revision before and after it, each
 * with its milestones, reason and review; a pending change request shows its moves against the baseline.
 */
export function WorkPlanView({ plan }: { plan: WorkPlanDetail }) {
  const { t } = useI18n();
  const revisions = [...plan.revisions].reverse();
  const baseline = plan.revisions.find((r) => r.number === plan.baselineRevision);
  return (
    <div data-testid="work-plan" data-status={plan.status}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{plan.unitName}</Typography.Text>
        <StatusTag prefix="planStatus" status={plan.status} />
        {plan.baselineRevision !== null ? (
          <Tag color="green">{t('workPlan.baselineN', { n: plan.baselineRevision })}</Tag>
        ) : null}
        {plan.pendingChange ? <Tag color="orange">{t('workPlan.pendingChange')}</Tag> : null}
        <ExampleTag show={plan.example} />
      </Space>
      <Collapse
        size="small"
        defaultActiveKey={[String(revisions[0]?.number ?? '')]}
        data-testid="revisions"
        items={revisions.map((r) => ({
          key: String(r.number),
          label: (
            <Space wrap size={4}>
              <span>
                {t(r.kind === 'initial' ? 'workPlan.initialN' : 'workPlan.changeN', { n: r.number })}
              </span>
              <StatusTag prefix="planStatus" status={r.status} />
              {r.number === plan.baselineRevision ? <Tag color="green">{t('workPlan.inForce')}</Tag> : null}
            </Space>
          ),
          children: (
            <>
              <RevisionFacts revision={r} />
              <MilestonesTable
                milestones={r.milestones}
                baseline={
                  r.kind === 'change' && r.number !== plan.baselineRevision ? baseline?.milestones : undefined
                }
              />
            </>
          ),
        }))}
      />
    </div>
  );
}
