import { Card, Empty, Typography } from 'antd';
import { useI18n } from '../i18n/index.js';

/** The supervision board: every notice by unit and level, with filters, and a supervision run for any date. */
export default function SupervisionPage() {
  const { t } = useI18n();
  return (
    <Card data-testid="supervision-board">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('supervision.title')}
      </Typography.Title>
      <Empty description={t('task.pending')} />
    </Card>
  );
}
