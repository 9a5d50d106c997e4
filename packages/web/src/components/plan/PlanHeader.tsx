import { ArrowLeftOutlined, ImportOutlined } from '@ant-design/icons';
import { Button, Descriptions, Space, Switch, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { PlanDetail } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { formatPeriod } from '../../lib/format.js';

/** The plan's title, version, publication and re-import actions, and its issuer, number, period and jurisdiction. */
export function PlanHeader({
  plan,
  publicView,
  manages,
  publishing,
  onPublish,
  onReimport,
}: {
  plan: PlanDetail;
  publicView: boolean;
  manages: boolean;
  publishing: boolean;
  onPublish: (published: boolean) => void;
  onReimport: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {publicView ? (
        <Link to="/public" style={{ display: 'inline-block', marginBottom: 12 }} data-testid="public-back">
          <ArrowLeftOutlined /> {t('public.back')}
        </Link>
      ) : null}
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'flex-start',
          gap: 16,
          flexWrap: 'wrap',
        }}
      >
        <Typography.Title level={3} style={{ marginTop: 0, flex: '1 1 480px' }} data-testid="plan-title">
          {plan.title}
        </Typography.Title>
        <Space size={12} wrap>
          <Tag color="blue" data-testid="plan-version">
            {t('plan.versionN', { n: plan.version })}
          </Tag>
          {manages ? (
            <>
              <Space size={6}>
                <Switch
                  checked={plan.published}
                  loading={publishing}
                  onChange={onPublish}
                  data-testid="plan-publish"
                />
                <Typography.Text type={plan.published ? 'success' : 'secondary'}>
                  {t(plan.published ? 'plan.published' : 'plan.unpublished')}
                </Typography.Text>
              </Space>
              <Button icon={<ImportOutlined />} onClick={onReimport} data-testid="plan-reimport">
                {t('plan.reimport')}
              </Button>
            </>
          ) : publicView ? (
            <Tag>{t('public.readOnly')}</Tag>
          ) : (
            <Tag color={plan.published ? 'green' : undefined}>
              {t(plan.published ? 'plan.published' : 'plan.unpublished')}
            </Tag>
          )}
        </Space>
      </div>
      <Descriptions size="small" column={{ xs: 1, md: 5 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('plan.issuer')}>{plan.issuer ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('plan.documentNumber')}>{plan.documentNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('plan.period')}>
          {formatPeriod(plan.periodFrom, plan.periodTo)}
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.area')}>
          <span data-testid="plan-area">{plan.area?.name ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.version')}>
          <span data-testid="plan-version-number">{plan.version}</span>
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}
