import { Navigate } from 'react-router';
import { api, call } from '../api/client.js';
import { useAuth } from '../auth.js';
import { useLoad } from '../lib/hooks.js';
import { Loading } from './Loading.js';

/**
 * Where "/" leads: a leader to the indicator dashboard of the first plan, a unit officer of a unit to the unit's
 * workspace, everyone else to the plans; with `dashboard` (the "/dashboard" entry) everyone to that dashboard.
 */
export function Landing({ dashboard = false }: { dashboard?: boolean }) {
  const { user } = useAuth();
  const leader = dashboard || user?.role === 'leader';
  const plans = useLoad(
    () =>
      leader ? call(api.GET('/api/v1/plans', { params: { query: { limit: 1 } } })) : Promise.resolve(null),
    [leader],
  );
  if (!leader)
    return (
      <Navigate
        to={user?.role === 'unit_officer' && user.unitId !== null ? '/workspace' : '/plans'}
        replace
      />
    );
  if (plans.loading) return <Loading />;
  const first = plans.data?.items[0];
  return <Navigate to={first ? `/plans/${first.id}/dashboard` : '/plans'} replace />;
}
