import { Select } from 'antd';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../lib/hooks.js';

/**
 * Which plan a delivery screen shows: the `plan` of the address (so a link or a reload keeps it), else the most
 * recently updated plan.
 */
export function usePlanChoice(): {
  planId: number | null;
  setPlanId: (id: number) => void;
  plans: { id: number; title: string }[];
  loading: boolean;
} {
  const [params, setParams] = useSearchParams();
  const plans = useLoad(() => call(api.GET('/api/v1/plans', { params: { query: { limit: 100 } } })), []);
  const fromUrl = Number(params.get('plan'));
  const items = plans.data?.items ?? [];
  const planId = Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : (items[0]?.id ?? null);
  const setPlanId = (id: number) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('plan', String(id));
        return next;
      },
      { replace: true },
    );
  return { planId, setPlanId, plans: items, loading: plans.loading };
}

/** The plan chooser of a delivery screen. */
export function PlanPicker({ choice }: { choice: ReturnType<typeof usePlanChoice> }) {
  const { t } = useI18n();
  return (
    <Select
      style={{ minWidth: 240, maxWidth: '100%' }}
      value={choice.planId ?? undefined}
      loading={choice.loading}
      onChange={choice.setPlanId}
      options={choice.plans.map((p) => ({ value: p.id, label: p.title }))}
      placeholder={t('supervision.plan')}
      data-testid="plan-picker"
      popupMatchSelectWidth={false}
    />
  );
}
