import { Tag, Typography } from 'antd';
import { api, call } from '../api/client.js';
import { PlansTable } from '../components/PlansTable.js';
import { useI18n } from '../i18n/index.js';
import { formatTime } from '../lib/format.js';
import { canManagePlans, useAuth } from '../auth.js';

export default function PlansPage() {
  const { t, language } = useI18n();
  const { user } = useAuth();
  // Only those who may import are asked to; an enterprise reporter sees published plans only.
  const emptyText = canManagePlans(user?.role)
    ? t('plans.empty')
    : user?.role === 'enterprise_reporter'
      ? t('plans.emptyPublished')
      : t('plans.emptyReader');
  return (
    <PlansTable
      title={t('plans.title')}
      emptyText={emptyText}
      testId="plans-table"
      load={(query) => call(api.GET('/api/v1/plans', { params: { query } }))}
      publishedFilter
      planHref={(p) => `/plans/${p.id}`}
      extraExportColumns={[
        { title: t('plans.col.published'), value: (p) => (p.published ? t('common.yes') : t('common.no')) },
      ]}
      extraColumns={[
        {
          title: t('plans.col.published'),
          dataIndex: 'published',
          render: (v: boolean) =>
            v ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
        },
        {
          title: t('plans.col.updatedAt'),
          dataIndex: 'updatedAt',
          key: 'updatedAt',
          render: (v: string) => (
            <Typography.Text type="secondary">{formatTime(v, language)}</Typography.Text>
          ),
        },
      ]}
    />
  );
}
