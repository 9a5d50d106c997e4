import { Card, Empty, Tabs, Typography } from 'antd';
import { useI18n } from '../i18n/index.js';

/** The secretariat's review queue: submitted work plans, change requests and progress reports. */
export default function ReviewQueuePage() {
  const { t } = useI18n();
  const pending = <Empty description={t('task.pending')} />;
  return (
    <Card data-testid="review-queue">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('queue.title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'plans', label: t('queue.workPlans'), children: pending },
          { key: 'changes', label: t('queue.changes'), children: pending },
          { key: 'reports', label: t('queue.reports'), children: pending },
        ]}
      />
    </Card>
  );
}
