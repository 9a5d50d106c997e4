import { api, call } from '../api/client.js';
import { PlansTable } from '../components/PlansTable.js';
import { useI18n } from '../i18n/index.js';

/** The published plans, for anyone: no login, read only. */
export default function PublicPlansPage() {
  const { t } = useI18n();
  return (
    <PlansTable
      title={t('public.title')}
      emptyText={t('public.empty')}
      testId="public-plans"
      load={(query) => call(api.GET('/api/v1/public/plans', { params: { query } }))}
      planHref={(p) => `/public/plans/${p.id}`}
      extraExportColumns={[{ title: t('plan.version'), value: (p) => p.version }]}
      extraColumns={[{ title: t('plan.version'), dataIndex: 'version', align: 'right' }]}
    />
  );
}
