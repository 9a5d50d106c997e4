import { describe, expect, it } from 'vitest';
import type { PlanDraft, PlanNodeDraft } from '@luoshi/core';
import {
  draftUnitNames,
  flattenDraft,
  innermostNodeAt,
  nodeAtPath,
  recomputeDraftUnits,
} from './draft-tree.js';

const item = (
  label: string,
  span: [number, number],
  lead: string[] = [],
  children: PlanNodeDraft[] = [],
  support: string[] = [],
): PlanNodeDraft => ({
  label,
  kind: children.length > 0 ? 'section' : 'task',
  title: `条目${label}`,
  body: '',
  leadUnits: lead,
  supportUnits: support,
  unitMentions: [],
  span,
  children,
});

const nodes = [
  item('一、', [0, 10]),
  item(
    '二、',
    [10, 100],
    [],
    [
      item('（一）', [12, 40], ['市商务局']),
      item('（二）', [40, 100], [], [item('1.', [45, 70], ['市经信委'], [], ['市商务局'])]),
    ],
  ),
];

describe('draft tree helpers', () => {
  it('flattens in document order with dotted paths from 0', () => {
    expect(flattenDraft(nodes).map((f) => [f.path, f.labels.join('')])).toEqual([
      ['0', '一、'],
      ['1', '二、'],
      ['1.0', '二、（一）'],
      ['1.1', '二、（二）'],
      ['1.1.0', '二、（二）1.'],
    ]);
  });

  it('finds an item by its dotted path and nothing for paths that lead nowhere', () => {
    expect(nodeAtPath(nodes, '1.1.0')?.label).toBe('1.');
    for (const bad of ['2', '1.5', '0.0', '', 'a', '1..0', '-1']) expect(nodeAtPath(nodes, bad)).toBeNull();
  });

  it('gives a target to the deepest item whose span holds it', () => {
    const flat = flattenDraft(nodes);
    expect(innermostNodeAt(flat, 50, 60)?.path).toBe('1.1.0');
    expect(innermostNodeAt(flat, 15, 20)?.path).toBe('1.0');
    expect(innermostNodeAt(flat, 5, 30)).toBeNull();
  });

  it('re-derives the distinct unit lists from the items after a correction', () => {
    const draft = {
      nodes: structuredClone(nodes),
      units: ['市商务局', '市经信委', '市林业园林局'],
      supportUnits: [],
    } as unknown as PlanDraft;
    recomputeDraftUnits(draft);
    expect(draft.units).toEqual(['市商务局', '市经信委']);
    expect(draft.supportUnits).toEqual(['市商务局']);
    expect(draftUnitNames(draft)).toEqual(['市商务局', '市经信委']);
  });
});
