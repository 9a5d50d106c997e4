import type { PlanDraft } from '@luoshi/core';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { toFlag } from '../db/dialect.js';
import { plansRepository, type PlanNodeView, type TargetView } from '../plans/plans-repository.js';
import { planContentRepository } from '../plans/plan-content-repository.js';
import { flattenDraft, innermostNodeAt } from './draft-tree.js';
import { pairTargets } from './plan-diff.js';
import { deadlineJson } from '../plans/deadlines.js';

/**
 * Which stored items and targets a confirmed draft continues. Those it continues are updated in place and keep
 * their ids; the plan's other current ones are retired.
 */
export interface Continuation {
  /** Draft path → id of the stored item it continues. */
  nodes: Map<string, number>;
  /** Draft target index → id of the stored target it continues. */
  targets: Map<number, number>;
  retiredNodeIds: number[];
  retiredTargetIds: number[];
}

/**
 * The continuation of a re-import: items as the re-import's diff pairs them (`continued`: new path → old path),
 * targets identical first, then by indicator name (`pairTargets`).
 */
export function continuationOf(
  draft: PlanDraft,
  continued: ReadonlyMap<string, string>,
  roots: readonly PlanNodeView[],
  targets: readonly TargetView[],
): Continuation {
  const idByPath = new Map<string, number>();
  const walk = (list: readonly PlanNodeView[]) =>
    list.forEach((n) => (idByPath.set(n.path, n.id), walk(n.children)));
  walk(roots);
  const nodes = new Map<string, number>();
  for (const [newPath, oldPath] of continued) {
    const id = idByPath.get(oldPath);
    if (id !== undefined) nodes.set(newPath, id);
  }
  const kept = new Set(nodes.values());
  const targetPairs = new Map<number, number>();
  for (const [i, old] of pairTargets(targets, draft.targets)) targetPairs.set(i, targets[old]!.id);
  const keptTargets = new Set(targetPairs.values());
  return {
    nodes,
    targets: targetPairs,
    retiredNodeIds: [...idByPath.values()].filter((id) => !kept.has(id)),
    retiredTargetIds: targets.filter((t) => !keptTargets.has(t.id)).map((t) => t.id),
  };
}

/**
 * Writes a confirmed draft's items (parents first), their unit links and targets into a plan as version
 * `version`. Without a continuation (a new plan) everything is inserted; with one, continuing rows are updated
 * in place — keeping their ids, notes and whatever is attached to them — new ones inserted, and the rest retired
 * (kept, out of the current plan); the plan's stored counts are recomputed. Returns the ids of the draft's items
 * by path.
 */
export async function writeDraftContent(
  trx: Transaction<Database>,
  planId: number,
  version: number,
  draft: PlanDraft,
  unitIds: ReadonlyMap<string, number>,
  continuation: Continuation | null,
  now: string,
): Promise<Map<string, number>> {
  const flat = flattenDraft(draft.nodes);
  const idByPath = new Map<string, number>();
  for (const f of flat) {
    const content = {
      parent_id: f.parentPath === null ? null : idByPath.get(f.parentPath)!,
      position: f.position,
      path: f.path,
      label: f.node.label,
      kind: f.node.kind,
      title: f.node.title,
      body: f.node.body,
      span_start: f.node.span[0],
      span_end: f.node.span[1],
      deadline_json: deadlineJson(f.node.deadline),
    };
    let id = continuation?.nodes.get(f.path);
    if (id === undefined) id = await planContentRepository.insertNode(trx, planId, content);
    else await planContentRepository.updateNode(trx, id, content);
    idByPath.set(f.path, id);
    for (const role of ['lead', 'support'] as const) {
      const ids = [
        ...new Set(
          (role === 'lead' ? f.node.leadUnits : f.node.supportUnits)
            .map((n) => unitIds.get(n))
            .filter((x) => x !== undefined),
        ),
      ];
      await plansRepository.replaceNodeUnits(trx, id, role, ids);
    }
  }
  for (const [position, t] of draft.targets.entries()) {
    const owner = innermostNodeAt(flat, t.span[0], t.span[1]);
    const content = {
      node_id: owner ? idByPath.get(owner.path)! : null,
      position,
      indicator: t.indicator,
      comparator: t.comparator,
      value: t.value,
      unit: t.unit,
      deadline_year: t.deadlineYear,
      cumulative: toFlag(t.cumulative),
      text: t.text,
      span_start: t.span[0],
      span_end: t.span[1],
    };
    const id = continuation?.targets.get(position);
    if (id === undefined) await planContentRepository.insertTarget(trx, planId, content);
    else await planContentRepository.updateTarget(trx, id, content);
  }
  if (continuation) {
    await planContentRepository.retireNodes(trx, continuation.retiredNodeIds, now, version);
    await planContentRepository.retireTargets(trx, continuation.retiredTargetIds, now, version);
  }
  await plansRepository.refreshCounts(trx, [planId]);
  return idByPath;
}
