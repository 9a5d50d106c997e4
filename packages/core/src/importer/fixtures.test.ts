import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../readers/read-document.js';
import type { PlanDraft, PlanNodeDraft } from '../types.js';
import { parsePlan } from './parse-plan.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

function* walk(nodes: readonly PlanNodeDraft[]): Generator<PlanNodeDraft> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

/** Each task that carries lead units: its title, leads and supporters. */
function tasks(d: PlanDraft): [string, string[], string[]][] {
  return [...walk(d.nodes)]
    .filter((n) => n.leadUnits.length > 0)
    .map((n) => [n.title, n.leadUnits, n.supportUnits]);
}

describe('fixture: every unit phrasing in one plan', () => {
  const text = readFileSync(fixture('unit-phrasings-sample.txt'), 'utf8');
  const d = parsePlan(text);

  it('reads period and references', () => {
    expect(d.period).toEqual({ from: 2024, to: 2026 });
    expect(d.references).toEqual(['某省数字经济促进条例', '某府发〔2023〕12号']);
  });

  it('reads each statement with the declared first-listed convention where it applies', () => {
    expect(tasks(d)).toEqual([
      ['建设千兆城市', ['市经信委', '市通信管理办'], []],
      ['布局算力中心', ['市发展改革委'], ['市经信委', '市大数据中心']],
      ['完善数据要素市场', ['市大数据中心'], ['市财政局']],
      ['培育软件产业', ['市经信委'], ['市科技局', '市商务局']],
      ['发展电子制造', ['市投促局'], ['各区（市）县政府']],
      ['引育龙头企业', ['市商务局'], ['市投促局']],
      ['推动制造业数字化转型', ['市经信委'], []],
      ['推进服务业数字化', ['市商务局'], ['市文化广电旅游局', '市人力资源和社会保障局']],
      ['发展智慧农业', ['市农业农村局'], ['有关部门']],
    ]);
  });

  it('does not take ministries in running prose for units', () => {
    const guarantee = d.nodes[2]!;
    expect([...walk([guarantee])].flatMap((n) => n.unitMentions)).toEqual([]);
  });
});

describe('fixture: units from an annex division-of-labour table', () => {
  const text = readFileSync(fixture('division-table-sample.txt'), 'utf8');
  const d = parsePlan(text);

  it('gives each table row to the body item it restates', () => {
    expect(d.nodes.map((n) => n.title)).toEqual(['主要目标', '主要任务', '组织实施']);
    expect(tasks(d)).toEqual([
      ['在街道建设综合养老服务中心', ['区民政局'], ['区发展改革局', '区财政局']],
      ['统筹利用闲置用房改建服务设施', ['各街道办事处'], ['区住房城乡建设局']],
      ['推进居家适老化改造', ['区民政局'], []],
      ['培育养老服务队伍', ['区人力资源和社会保障局', '区民政局'], ['区卫生健康局']],
    ]);
    expect(d.units).toEqual(['区民政局', '各街道办事处', '区人力资源和社会保障局']);
  });

  it('points table mentions at their cells', () => {
    for (const n of walk(d.nodes))
      for (const m of n.unitMentions) expect(text.slice(m.span[0], m.span[1])).toBe(m.name);
  });
});

describe('fixture: a .docx plan with list numbering and a division-of-labour table', () => {
  it('reads the same tree from the Word file and merges the table rows into their items', () => {
    const read = readDocument(
      new Uint8Array(readFileSync(fixture('readers/numbered-with-table.docx'))),
      'numbered-with-table.docx',
    );
    const d = parsePlan(read.text);
    expect(d.nodes.map((n) => n.title)).toEqual(['总体要求', '主要任务', '保障措施']);
    expect(tasks(d)).toEqual([
      ['建设千兆光网', ['市经信局'], ['市通信管理办']],
      ['推进5G基站建设', ['市经信局'], ['各区县政府', '市住建局']],
      ['引进龙头企业', ['市商务局', '市投促局'], []],
    ]);
  });
});
