import { Alert } from 'antd';
import { useI18n } from '../../i18n/index.js';
import { deliveryApi } from '../../lib/delivery-api.js';
import { useLoad } from '../../lib/hooks.js';

/**
 * A banner over a plan's delivery screens when the demo generated its work plans and reports (the demo marks the
 * plan's reporting cycle as example data): the board and the counts drawn from them are example data too.
 */
export function ExampleNotice({ planId }: { planId: number | null }) {
  const { t } = useI18n();
  const cycle = useLoad(
    () => (planId === null ? Promise.resolve(null) : deliveryApi.reportCycle(planId).catch(() => null)),
    [planId],
  );
  if (!cycle.data?.example) return null;
  return <Alert type="warning" showIcon title={t('example.banner')} data-testid="example-banner" />;
}
