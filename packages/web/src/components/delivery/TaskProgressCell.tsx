import { Link } from 'react-router';
import type { PlanProgress } from '../../api/client.js';
import { deliveryApi } from '../../lib/delivery-api.js';
import { useLoad } from '../../lib/hooks.js';
import { taskHref } from '../../lib/tasks.js';
import { DeliveryLight } from './DeliveryLight.js';

type ItemProgress = PlanProgress['items'][number];

/**
 * The plan tree's progress column: each item's roll-up and light, a link to the task's page. Null when `enabled` is
 * false (the public view) or the progress could not be read, so the tree shows without the column.
 */
export function usePlanProgressColumn(
  planId: number,
  enabled: boolean,
): ((node: { id: number }) => React.ReactNode) | undefined {
  const loaded = useLoad(
    () => (enabled ? deliveryApi.planProgress(planId) : Promise.resolve(null)),
    [planId, enabled],
  );
  if (!enabled || !loaded.data) return undefined;
  const byNode = new Map<number, ItemProgress>(loaded.data.items.map((i) => [i.nodeId, i]));
  return (node) => {
    const p = byNode.get(node.id);
    return (
      <Link to={taskHref(planId, node.id)} data-testid="task-progress" style={{ color: 'inherit' }}>
        <DeliveryLight compact light={p?.light ?? 'grey'} progress={p?.progress ?? null} />
      </Link>
    );
  };
}
