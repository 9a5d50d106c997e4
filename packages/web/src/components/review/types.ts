import type { ImportDraft } from '../../api/client.js';

export type Draft = ImportDraft['draft'];
export type DraftNode = Draft['nodes'][number];
export type DraftTarget = Draft['targets'][number];
export type Resolution = ImportDraft['unitResolution'][number];

/** Every node with its dotted index path ("1.2.0"), the address the API uses for draft nodes. */
export function indexNodes(
  nodes: DraftNode[],
  prefix = '',
  out = new Map<string, DraftNode>(),
): Map<string, DraftNode> {
  nodes.forEach((node, i) => {
    const path = prefix ? `${prefix}.${i}` : String(i);
    out.set(path, node);
    indexNodes(node.children, path, out);
  });
  return out;
}
