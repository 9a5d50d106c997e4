import type { PlanDraft, PlanNodeDraft } from '@luoshi/core';

export interface FlatDraftNode {
  node: PlanNodeDraft;
  /** Dotted position path from the root, positions from 0: "1.2.0". */
  path: string;
  labels: string[];
  parentPath: string | null;
  position: number;
}

/** The draft's items in document order (parents before children), each with its dotted path. */
export function flattenDraft(nodes: readonly PlanNodeDraft[]): FlatDraftNode[] {
  const out: FlatDraftNode[] = [];
  const walk = (list: readonly PlanNodeDraft[], parentPath: string | null, labels: string[]) => {
    list.forEach((node, position) => {
      const path = parentPath === null ? String(position) : `${parentPath}.${position}`;
      const nodeLabels = [...labels, node.label];
      out.push({ node, path, labels: nodeLabels, parentPath, position });
      walk(node.children, path, nodeLabels);
    });
  };
  walk(nodes, null, []);
  return out;
}

/** The item at a dotted path such as "1.2.0", or null when the path leads nowhere. */
export function nodeAtPath(nodes: PlanNodeDraft[], path: string): PlanNodeDraft | null {
  if (!/^\d+(\.\d+)*$/.test(path)) return null;
  let list = nodes;
  let node: PlanNodeDraft | undefined;
  for (const part of path.split('.')) {
    node = list[Number(part)];
    if (!node) return null;
    list = node.children;
  }
  return node ?? null;
}

/**
 * Re-derives the draft's distinct lead and supporting unit lists from its items after a reviewer's correction,
 * so that a name corrected away no longer asks to be resolved or created.
 */
export function recomputeDraftUnits(draft: PlanDraft): void {
  const lead = new Set<string>();
  const support = new Set<string>();
  for (const { node } of flattenDraft(draft.nodes)) {
    for (const u of node.leadUnits) lead.add(u);
    for (const u of node.supportUnits) support.add(u);
  }
  draft.units = [...lead];
  draft.supportUnits = [...support];
}

/** Every unit name the draft's items mention, lead first, in document order, each once. */
export function draftUnitNames(draft: PlanDraft): string[] {
  const names = new Set<string>();
  for (const { node } of flattenDraft(draft.nodes)) for (const u of node.leadUnits) names.add(u);
  for (const u of draft.units) names.add(u);
  for (const { node } of flattenDraft(draft.nodes)) for (const u of node.supportUnits) names.add(u);
  for (const u of draft.supportUnits) names.add(u);
  return [...names];
}

/** The deepest item whose span holds [start, end), in document order; the item a target belongs to. */
export function innermostNodeAt(
  flat: readonly FlatDraftNode[],
  start: number,
  end: number,
): FlatDraftNode | null {
  let best: FlatDraftNode | null = null;
  for (const f of flat) {
    const [s, e] = f.node.span;
    if (s <= start && end <= e && (!best || f.labels.length > best.labels.length)) best = f;
  }
  return best;
}
