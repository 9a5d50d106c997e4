import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Empty, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { DeadlineTag } from '../components/DeadlineTag.js';
import { LoadError } from '../components/LoadError.js';
import { UnitTags } from '../components/UnitTags.js';
import { useI18n } from '../i18n/index.js';
import { useLoad } from '../lib/hooks.js';
import { planKey, prefetched, readPlan } from '../lib/prefetch.js';
import { nodesById } from '../lib/tasks.js';

/**
 * One task of a plan: its deadline and units, the lead units' work plans (baseline and every revision), the
 * progress reports with their evidence, and the supervision notices raised on it.
 */
export default function TaskPage() {
  const params = useParams();
  const planId = Number(params.id);
  const nodeId = Number(params.nodeId);
  const { t } = useI18n();
  const plan = useLoad(() => prefetched(planKey(planId, false), () => readPlan(planId, false)), [planId]);
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

  const pending = <Empty description={t('task.pending')} />;
  return (
    <Card data-testid="task-page">
      <Link to={`/plans/${planId}`} style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('task.back')} · {plan.data.title}
      </Link>
      <Typography.Title level={4} style={{ marginTop: 0, wordBreak: 'break-word' }} data-testid="task-title">
        {node.label} {node.title}
      </Typography.Title>
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
      <Tabs
        items={[
          { key: 'plan', label: t('task.tab.workPlan'), children: pending },
          { key: 'reports', label: t('task.tab.reports'), children: pending },
          { key: 'evidence', label: t('task.tab.evidence'), children: pending },
          { key: 'notices', label: t('task.tab.notices'), children: pending },
        ]}
      />
    </Card>
  );
}
