import { describe, expect, it } from 'vitest';
import { diffPlanNodes, diffTargets, pairTargets, type DiffNode } from './plan-diff.js';

const node = (
  path: string,
  labels: string[],
  title: string,
  leadUnits: string[] = [],
  body = '',
): DiffNode => ({
  path,
  labels,
  title,
  body,
  leadUnits,
  supportUnits: [],
});

const before = [
  node('0', ['一、'], '总体要求'),
  node('1', ['二、'], '主要任务'),
  node('1.0', ['二、', '（一）'], '强化示范城市创建工作', ['#1', '#2']),
  node('1.1', ['二、', '（二）'], '加快移动电子商务发展', ['#2']),
  node('1.2', ['二、', '（三）'], '深化电子商务行业应用', ['#2']),
];

describe('diffPlanNodes', () => {
  it('finds nothing between a plan and itself, and pairs every item', () => {
    const d = diffPlanNodes(before, before);
    expect(d.changes).toEqual({ added: [], removed: [], changed: [] });
    expect([...d.continued]).toEqual(before.map((n) => [n.path, n.path]));
  });

  it('reports a changed lead unit and a reworded title in place', () => {
    const after = before.map((n) => ({ ...n }));
    after[2] = { ...after[2]!, leadUnits: ['#1'] };
    after[3] = { ...after[3]!, title: '大力发展移动电子商务' };
    const d = diffPlanNodes(before, after);
    expect(d.changes.added).toEqual([]);
    expect(d.changes.removed).toEqual([]);
    expect(d.changes.changed).toEqual([
      {
        before: { path: '1.0', label: '（一）', title: '强化示范城市创建工作' },
        after: { path: '1.0', label: '（一）', title: '强化示范城市创建工作' },
        fields: ['leadUnits'],
      },
      {
        before: { path: '1.1', label: '（二）', title: '加快移动电子商务发展' },
        after: { path: '1.1', label: '（二）', title: '大力发展移动电子商务' },
        fields: ['title'],
      },
    ]);
  });

  it('sees an inserted item as one addition and the renumbered ones as relabelled, not as rewritten', () => {
    const after = [
      before[0]!,
      before[1]!,
      before[2]!,
      node('1.1', ['二、', '（二）'], '发展跨境电子商务', ['#3']),
      node('1.2', ['二、', '（三）'], '加快移动电子商务发展', ['#2']),
      node('1.3', ['二、', '（四）'], '深化电子商务行业应用', ['#2']),
    ];
    const d = diffPlanNodes(before, after);
    expect(d.changes.added).toEqual([{ path: '1.1', label: '（二）', title: '发展跨境电子商务' }]);
    expect(d.changes.removed).toEqual([]);
    expect(d.changes.changed.map((c) => [c.before.path, c.after.path, c.fields])).toEqual([
      ['1.1', '1.2', ['label']],
      ['1.2', '1.3', ['label']],
    ]);
    expect(d.continued.get('1.3')).toBe('1.2');
  });

  it('reports a dropped item as removed', () => {
    const d = diffPlanNodes(before, before.slice(0, 4));
    expect(d.changes.removed).toEqual([{ path: '1.2', label: '（三）', title: '深化电子商务行业应用' }]);
    expect(d.changes.added).toEqual([]);
  });

  it('reports a changed unit statement as changed units, not as a changed body', () => {
    const withBody = (units: string[], statement: string) => [
      node('0', ['（一）'], '强化示范城市创建工作', units, `组织协调相关部门。（牵头单位：${statement}）`),
    ];
    const d = diffPlanNodes(withBody(['#1'], '市发改委'), withBody(['#1', '#2'], '市发改委、市商务局'));
    expect(d.changes.changed.map((c) => c.fields)).toEqual([['leadUnits']]);
    const reworded = diffPlanNodes(withBody(['#1'], '市发改委'), [
      { ...withBody(['#1'], '市发改委')[0]!, body: '组织协调有关部门。（牵头单位：市发改委）' },
    ]);
    expect(reworded.changes.changed.map((c) => c.fields)).toEqual([['body']]);
  });

  it('pairs the items of two stored versions by id, whatever their titles and numbering', () => {
    const v1 = before.map((n, i) => ({ ...n, id: i + 1 }));
    // Item 4 reworded and renumbered; item 5 dropped; a new item 9 with item 5's old title.
    const v2 = [
      v1[0]!,
      v1[1]!,
      v1[2]!,
      { ...v1[3]!, path: '1.2', labels: ['二、', '（三）'], title: '大力发展移动电子商务' },
      { ...node('1.1', ['二、', '（二）'], '深化电子商务行业应用', ['#2']), id: 9 },
    ];
    const d = diffPlanNodes(v1, v2);
    expect(d.changes.removed.map((n) => n.title)).toEqual(['深化电子商务行业应用']);
    expect(d.changes.added.map((n) => n.path)).toEqual(['1.1']);
    expect(d.changes.changed.map((c) => [c.before.title, c.fields])).toEqual([
      ['加快移动电子商务发展', ['label', 'title']],
    ]);
  });

  it('treats full-width and half-width labels as the same numbering', () => {
    const after = before.map((n) => ({
      ...n,
      labels: n.labels.map((l) => l.replace('（', '(').replace('）', ')')),
    }));
    expect(diffPlanNodes(before, after).changes.changed).toEqual([]);
  });
});

describe('diffTargets', () => {
  const t = (indicator: string, value: number) => ({
    indicator,
    comparator: '>',
    value,
    unit: '元',
    deadlineYear: 2015,
  });
  it('pairs identical targets first, then by indicator name: a changed value is a change, not a swap', () => {
    const d = diffTargets(
      [t('交易额', 6e11), t('网络零售额', 5e10), t('普及率', 0.7)],
      [t('交易额', 6e11), t('网络零售额', 6e10), t('跨境', 1e9)],
    );
    expect(d).toMatchObject({ targetsAdded: 1, targetsRemoved: 1, targetsChanged: 1 });
    expect(
      d.targetChanges.map((c) => [c.kind, c.before?.indicator ?? null, c.after?.indicator ?? null, c.fields]),
    ).toEqual([
      ['changed', '网络零售额', '网络零售额', ['value']],
      ['added', null, '跨境', []],
      ['removed', '普及率', null, []],
    ]);
    expect(diffTargets([t('交易额', 6e11)], [t('交易额', 6e11)])).toEqual({
      targetsAdded: 0,
      targetsRemoved: 0,
      targetsChanged: 0,
      targetChanges: [],
    });
  });

  it('pairs two targets of one indicator with their identical twins before pairing by name', () => {
    // 网络零售额 ≥ 500亿元 and 网络零售额 ≥ 10% share: the share raised to 12% must pair with the share.
    const share = { ...t('网络零售额', 0.1), unit: '%' };
    const before = [t('网络零售额', 5e10), share];
    const after = [t('网络零售额', 5e10), { ...share, value: 0.12 }];
    expect([...pairTargets(before, after)]).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('pairs stored versions by id alone', () => {
    const before = [{ ...t('交易额', 6e11), id: 7 }];
    const after = [{ ...t('交易额', 6e11), id: 8 }];
    expect(diffTargets(before, after)).toMatchObject({ targetsAdded: 1, targetsRemoved: 1 });
  });
});
