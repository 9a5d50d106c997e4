import { Alert, Button, Col, Popconfirm, Row, Space, Statistic, Typography } from 'antd';
import type { ImportDraft, PlanDetail } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { formatPeriod } from '../../lib/format.js';

/** The draft's title (editable), discard and confirm, what kind of import it is, and its counts. */
export function ReviewHeader({
  record,
  currentPlan,
  tasksWithLead,
  onTitle,
  onDiscard,
  onConfirm,
}: {
  record: ImportDraft;
  currentPlan: PlanDetail | null | undefined;
  tasksWithLead: number;
  onTitle: (title: string) => void;
  onDiscard: () => void;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  const { draft } = record;
  const isDraft = record.status === 'draft';
  return (
    <>
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'flex-start',
          gap: 16,
          flexWrap: 'wrap',
        }}
      >
        <div>
          <Typography.Text type="secondary">{t('review.title')}</Typography.Text>
          <Typography.Title
            level={3}
            style={{ margin: '4px 0 0' }}
            data-testid="review-title"
            editable={
              isDraft ? { onChange: onTitle, triggerType: ['icon'], tooltip: t('common.edit') } : false
            }
          >
            {draft.title}
          </Typography.Title>
        </div>
        <Space>
          <Popconfirm
            title={t('review.discardTitle')}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={onDiscard}
            disabled={!isDraft}
          >
            <Button danger disabled={!isDraft} data-testid="review-discard">
              {t('review.discard')}
            </Button>
          </Popconfirm>
          <Button type="primary" onClick={onConfirm} disabled={!isDraft} data-testid="review-confirm">
            {t(record.planId !== null ? 'review.confirmReimport' : 'review.confirm')}
          </Button>
        </Space>
      </div>
      {!isDraft ? (
        <Alert type="info" showIcon title={t('review.notDraft')} style={{ marginTop: 12 }} />
      ) : null}
      {isDraft && record.planId !== null && currentPlan ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="reimport-notice"
          title={t('review.reimportOf', {
            title: currentPlan.title,
            version: currentPlan.version,
            next: currentPlan.version + 1,
          })}
        />
      ) : null}
      <Row gutter={24} style={{ marginTop: 16 }}>
        <Col span={6}>
          <Statistic
            title={t('review.period')}
            value={draft.period ? formatPeriod(draft.period.from, draft.period.to) : '—'}
            data-testid="stat-period"
          />
        </Col>
        <Col span={6}>
          <Statistic
            title={t('review.tasksWithLead')}
            value={tasksWithLead}
            data-testid="stat-tasks-with-lead"
          />
        </Col>
        <Col span={6}>
          <Statistic
            title={t('review.targetCount')}
            value={draft.targets.length}
            data-testid="stat-targets"
          />
        </Col>
        <Col span={6}>
          <Statistic title={t('review.leadUnitCount')} value={draft.units.length} />
        </Col>
      </Row>
    </>
  );
}
