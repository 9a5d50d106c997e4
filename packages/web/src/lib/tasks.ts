import { api, call, type PlanDetail, type PlanNode, type UnitTask } from '../api/client.js';

/** Every item of a plan by id, so a page that knows only an item's id finds its deadline and units. */
export function nodesById(plan: PlanDetail): Map<number, PlanNode> {
  const byId = new Map<number, PlanNode>();
  const walk = (nodes: readonly PlanNode[]) => {
    for (const node of nodes) {
      byId.set(node.id, node);
      walk(node.children);
    }
  };
  walk(plan.nodes);
  return byId;
}

/** A unit's task with the item as its plan holds it (deadline, units), when the plan could be read. */
export interface UnitTaskDetail extends UnitTask {
  node: PlanNode | null;
}

/**
 * A unit's tasks across plans, each with its item read from its plan (one read per plan: a unit's tasks come from a
 * handful of plans at most).
 */
export async function loadUnitTasks(unitId: number): Promise<{ unitName: string; tasks: UnitTaskDetail[] }> {
  const { unit, tasks } = await call(api.GET('/api/v1/units/{id}', { params: { path: { id: unitId } } }));
  const planIds = [...new Set(tasks.map((x) => x.planId))];
  const plans = await Promise.all(
    planIds.map((id) => call(api.GET('/api/v1/plans/{id}', { params: { path: { id } } }))),
  );
  const nodes = new Map<number, PlanNode>();
  for (const plan of plans) for (const [id, node] of nodesById(plan)) nodes.set(id, node);
  return { unitName: unit.name, tasks: tasks.map((x) => ({ ...x, node: nodes.get(x.nodeId) ?? null })) };
}

/** Where a task's own page is. */
export const taskHref = (planId: number, nodeId: number) => `/plans/${planId}/tasks/${nodeId}`;
