import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PlanNodeDraft } from '../types.js';
import { parsePlan } from './parse-plan.js';

const text = readFileSync(
  fileURLToPath(new URL('../../fixtures/chengdu-ecommerce-plan-2013-2015.txt', import.meta.url)),
  'utf8',
);

function* walk(nodes: readonly PlanNodeDraft[]): Generator<PlanNodeDraft> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

describe('golden: the Chengdu e-commerce plan (2013—2015)', () => {
  const draft = parsePlan(text);

  it('is read from a body that is one physical line of paragraphs separated by full-width spaces', () => {
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('\u3000\u3000二、主要任务\u3000\u3000');
  });

  it('has its title, period and cited document', () => {
    expect(draft.title).toBe('加快促进成都电子商务健康快速发展实施方案(2013—2015年)');
    expect(draft.period).toEqual({ from: 2013, to: 2015 });
    expect(draft.references).toContain('发改办高技〔2013〕894号');
    // The number cited in the preamble is not the plan's own.
    expect(draft.documentNumber).toBeNull();
  });

  it('has three top-level sections', () => {
    expect(draft.nodes.map((n) => [n.label, n.title, n.kind])).toEqual([
      ['一、', '总体要求', 'section'],
      ['二、', '主要任务', 'section'],
      ['三、', '保障措施', 'section'],
    ]);
  });

  it('has 25 tasks that carry their own lead units', () => {
    const withLead = [...walk(draft.nodes)].filter((n) => n.leadUnits.length > 0);
    expect(withLead).toHaveLength(25);
    expect(withLead.every((n) => n.kind === 'task')).toBe(true);
    const e = withLead.find((n) => n.title === '电子发票');
    expect(e?.label).toBe('(3)');
    expect(e?.leadUnits).toEqual(['市财政局', '市国税局', '市地税局']);
  });

  it('has the 17 distinct lead units in order of first appearance and no supporting units', () => {
    expect(draft.units).toEqual([
      '市发改委',
      '市商务局',
      '市金融办',
      '市政府效能办',
      '市政府政务中心',
      '市旅游局',
      '市农委',
      '市林业园林局',
      '市经信委',
      '市物流办',
      '市财政局',
      '市国税局',
      '市地税局',
      '市工商局',
      '市质监局',
      '市统计局',
      '市人社局',
    ]);
    expect(draft.supportUnits).toEqual([]);
  });

  it('points every unit mention and node at the text it came from', () => {
    for (const n of walk(draft.nodes)) {
      expect(text.slice(n.span[0], n.span[1]).startsWith(n.label)).toBe(true);
      for (const m of n.unitMentions) expect(text.slice(m.span[0], m.span[1])).toBe(m.name);
    }
  });

  it('reports no errors', () => {
    expect(draft.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
