import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanNodeDraft } from '../types.js';
import { parsePlan } from './parse-plan.js';
import { matchLabel } from './structure.js';

function* walk(nodes: readonly PlanNodeDraft[]): Generator<PlanNodeDraft> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

/** The tree as "label title [kind]" lines, indented by depth. */
function outline(nodes: readonly PlanNodeDraft[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.label}${n.title} [${n.kind}]`,
    ...outline(n.children, depth + 1),
  ]);
}

describe('numbering labels', () => {
  it('recognises every numbering style with its depth', () => {
    const cases: [string, string, number][] = [
      ['一、总体要求', '一、', 0],
      ['十二、强化保障', '十二、', 0],
      ['（一）指导思想', '（一）', 1],
      ['(二)发展目标', '(二)', 1],
      ['1.打造平台', '1.', 2],
      ['2、加强引入', '2、', 2],
      ['3．创新产品', '3．', 2],
      ['(1)基础设施', '(1)', 3],
      ['（10）专业人才', '（10）', 3],
      ['①完善制度', '①', 4],
      ['第一章 总则', '第一章', -1],
      ['１．全角数字', '１．', 2],
      ['（１２）全角括号', '（１２）', 3],
    ];
    for (const [text, label, rank] of cases) {
      const m = matchLabel(text);
      expect(m?.label, text).toBe(label);
      expect(m?.rank, text).toBe(rank);
    }
  });

  it('does not take figures and dates for labels', () => {
    for (const text of ['2020年2月28日', '1.5万元以上', '12345热线', '（此件主动公开）', '一是提高站位'])
      expect(matchLabel(text), text).toBeNull();
  });
});

describe('plan structure', () => {
  it('nests 一、 / （一） / 1. / （1） / ① items separated by newlines', () => {
    const text = [
      '某市某某工作实施方案',
      '一、总体要求',
      '（一）指导思想。坚持稳中求进。',
      '二、主要任务',
      '（一）加快发展。',
      '1.打造平台。建设平台。（牵头单位：市商务局）',
      '（1）基础设施。建设设施。（牵头单位：市经信委）',
      '①完善网络。',
      '2、加强引入。（牵头单位：市金融办）',
    ].join('\n');
    const d = parsePlan(text);
    expect(outline(d.nodes)).toEqual([
      '一、总体要求 [section]',
      '  （一）指导思想 [task]',
      '二、主要任务 [section]',
      '  （一）加快发展 [task]',
      '    1.打造平台 [task]',
      '      （1）基础设施 [task]',
      '        ①完善网络 [measure]',
      '    2、加强引入 [task]',
    ]);
    expect(d.title).toBe('某市某某工作实施方案');
  });

  it('splits paragraphs at full-width spaces when the whole plan is one physical line', () => {
    const text =
      '某某实施方案　　一、总体要求　　(一)指导思想。深入贯彻。　　二、主要任务　　(一)强化示范。组织协调。(牵头单位：市发改委、市商务局)　　(二)加快发展。　　1.打造平台。推广应用。(牵头单位：市商务局)';
    expect(text.includes('\n')).toBe(false);
    const d = parsePlan(text);
    expect(d.nodes.map((n) => n.title)).toEqual(['总体要求', '主要任务']);
    const tasks = [...walk(d.nodes)].filter((n) => n.leadUnits.length > 0);
    expect(tasks.map((n) => [n.label, n.title, n.leadUnits])).toEqual([
      ['(一)', '强化示范', ['市发改委', '市商务局']],
      ['1.', '打造平台', ['市商务局']],
    ]);
    expect(d.units).toEqual(['市发改委', '市商务局']);
  });

  it('takes a heading sentence ending in 。 as the title and the rest as the body', () => {
    const d = parsePlan(
      '方案\n一、主要任务\n（一）深化应用。推进商贸业发展，扩大销售。（牵头单位：市商务局）',
    );
    const n = d.nodes[0]!.children[0]!;
    expect(n.title).toBe('深化应用');
    expect(n.body.startsWith('推进商贸业发展')).toBe(true);
    expect(n.leadUnits).toEqual(['市商务局']);
  });

  it('keeps items numbered continuously across sections under their own section', () => {
    const d = parsePlan(
      '若干措施\n一、加快建设\n1.做强公司。（责任单位：省财政厅）\n2.发展机构。（责任单位：省金融监管局）\n二、专注主业\n3.聚焦支小。（责任单位：省财政厅）',
    );
    expect(d.nodes.map((n) => n.children.map((c) => c.label))).toEqual([['1.', '2.'], ['3.']]);
  });

  it("skips a covering notice (印发…的通知), starts at the plan it wraps and takes the plan's own title", () => {
    const text = [
      '某省人民政府办公厅印发关于支持小微企业若干措施的通知',
      '各市、县（区）人民政府，省政府各部门：',
      '《关于支持小微企业的若干措施》已经省政府同意，现印发给你们，请认真贯彻执行。',
      '2020年3月16日',
      '（此件主动公开）',
      '关于支持小微企业的若干措施',
      '一、加快体系建设',
      '1.做强公司。（责任单位：省财政厅）',
      '二、完善机制',
      '2.深化合作。（责任单位：省金融监管局）',
    ].join('\n');
    const d = parsePlan(text);
    expect(d.title).toBe('关于支持小微企业的若干措施');
    expect(d.issuer).toBe('某省人民政府办公厅');
    expect(d.issuers).toEqual(['某省人民政府办公厅']);
    expect(d.nodes.map((n) => n.title)).toEqual(['加快体系建设', '完善机制']);
    expect(d.units).toEqual(['省财政厅', '省金融监管局']);
  });

  it('reads 牵头单位 and 责任单位 on lines of their own as one statement: the responsible units support', () => {
    const text = [
      '某县2024年重点工作分工方案',
      '一、主要预期目标',
      '1.新建口袋公园12个。',
      '',
      '牵头单位：县住建局',
      '',
      '责任单位：各乡镇，县园林中心',
      '',
      '2.完成老旧小区改造30个。',
      '牵头单位：县住建局',
      '责任单位：县财政局、各街道；',
      '3.办好农民丰收节。',
      '责任单位：县农业农村局',
    ].join('\n');
    // The same, pasted as one line whose paragraphs are set apart by full-width spaces.
    for (const layout of [text, text.replace(/\n+/g, '\u3000\u3000')]) {
      const d = parsePlan(layout);
      const tasks = d.nodes[0]!.children;
      expect(tasks.map((n) => [n.label, n.children.length, n.leadUnits, n.supportUnits])).toEqual([
        ['1.', 0, ['县住建局'], ['各乡镇', '县园林中心']],
        ['2.', 0, ['县住建局'], ['县财政局', '各街道']],
        ['3.', 0, ['县农业农村局'], []],
      ]);
      expect(d.units).toEqual(['县住建局', '县农业农村局']);
    }
  });

  it('makes each of several statements in one item its own sentence-level task', () => {
    const text =
      '实施意见\n一、发展新业态。推进协同发展。（省发展改革委、省商务厅按职责分工负责，列第一的为牵头单位，下同）推动融合。（省商务厅负责）\n二、优化环境。加强监管。（省市场监管局、省公安厅按职责分工负责）';
    const d = parsePlan(text);
    const first = d.nodes[0]!;
    expect(first.leadUnits).toEqual([]);
    expect(first.children.map((c) => [c.title, c.leadUnits, c.supportUnits])).toEqual([
      ['推进协同发展', ['省发展改革委'], ['省商务厅']],
      ['推动融合', ['省商务厅'], []],
    ]);
    expect(d.nodes[1]!.leadUnits).toEqual(['省市场监管局']);
    expect(d.nodes[1]!.supportUnits).toEqual(['省公安厅']);
  });

  it('ends a heading at a blank that stood for its line break, but not inside a spaced-out heading', () => {
    const text = [
      '某市实施方案',
      '一、总体要求 到2025年，全市交易额达到500亿元。',
      '二、重点任务',
      '（一）建设园区 支持各区建设特色园区。（市商务局负责）',
      '三、保 障 措 施',
      '（一）加强领导。各地要加强领导。',
    ].join('\n');
    const d = parsePlan(text);
    expect(d.nodes.map((n) => n.title)).toEqual(['总体要求', '重点任务', '保 障 措 施']);
    expect(d.nodes[1]!.children[0]!.title).toBe('建设园区');
    expect(d.nodes[1]!.children[0]!.body).toBe('支持各区建设特色园区。（市商务局负责）');
  });

  it('titles each sentence-level task whose statement stands before its sentence or clause mark', () => {
    // The bracket before 。 or ； (not after it, as above): the mark closes the task before, not opens the next.
    const text = [
      '某市推进工作方案',
      '一、重点任务',
      '（一）加强平台建设。建设一批公共服务平台（市商务局负责）。完善物流配送体系（市交通局负责）。',
      '（二）优化发展环境。加大财政支持力度（市财政局牵头，市商务局配合）；强化人才培养（市人社局负责）。',
    ].join('\n');
    const [first, second] = parsePlan(text).nodes[0]!.children;
    expect(first!.children.map((c) => [c.title, c.leadUnits])).toEqual([
      ['建设一批公共服务平台', ['市商务局']],
      ['完善物流配送体系', ['市交通局']],
    ]);
    expect(second!.children.map((c) => [c.title, c.leadUnits, c.supportUnits])).toEqual([
      ['加大财政支持力度', ['市财政局'], ['市商务局']],
      ['强化人才培养', ['市人社局'], []],
    ]);
    for (const task of [...first!.children, ...second!.children])
      expect(text.slice(task.span[0], task.span[0] + 1)).not.toMatch(/[。；\s]/);
  });

  it('treats a flat list of measures, each with its units, as top-level tasks', () => {
    const text =
      '通知\n一、对成效显著的地方优先支持。（市场监管总局负责）\n二、对外贸稳定增长的省份给予支持。（商务部负责）\n三、对投资增长的省份安排奖励。（国家发展改革委会同有关部门负责）\n各有关部门要抓好落实。';
    const d = parsePlan(text);
    expect(d.nodes.map((n) => n.kind)).toEqual(['task', 'task', 'task']);
    expect(d.units).toEqual(['市场监管总局', '商务部', '国家发展改革委']);
    expect(d.supportUnits).toEqual(['有关部门']);
  });

  it('gives units from an annex division-of-labour table (one cell per line, merged cells) to the items it restates', () => {
    const text = [
      '某某实施方案',
      '一、主要任务',
      '（一）扩大供给',
      '1.扩大医生来源。现阶段家庭医生包括全科医生。',
      '2.优化服务团队。组建团队。',
      '附件',
      '任务分工表',
      '序号',
      '工作事项',
      '主要内容',
      '牵头单位',
      '配合单位',
      '1',
      '扩大医生来源。',
      '现阶段家庭医生包括全科医生。',
      '各区政府',
      '市卫生健康委',
      '推动人才资源向基层倾斜。',
      '各区政府',
      '市卫生健康委、市人社局',
      '2',
      '优化服务团队。',
      '组建团队。',
      '市卫生健康委，市医保局',
      '/',
    ].join('\n');
    const d = parsePlan(text);
    const items = d.nodes[0]!.children[0]!.children;
    expect(items[0]!.title).toBe('扩大医生来源');
    // An item with two table rows gets one task per row.
    expect(items[0]!.children.map((c) => [c.leadUnits, c.supportUnits])).toEqual([
      [['各区政府'], ['市卫生健康委']],
      [['各区政府'], ['市卫生健康委', '市人社局']],
    ]);
    // An item with one row carries the row's units itself.
    expect(items[1]!.leadUnits).toEqual(['市卫生健康委', '市医保局']);
    expect(d.nodes).toHaveLength(1);
    expect(d.units).toEqual(['各区政府', '市卫生健康委', '市医保局']);
    for (const n of walk(d.nodes))
      for (const m of n.unitMentions) expect(text.slice(m.span[0], m.span[1])).toBe(m.name);
  });

  it('reads a task table printed after the body without an 附件 line, with a lead marked in its cell', () => {
    const text = [
      '某市推进智能制造三年行动计划（2023—2025年）',
      '一、重点任务',
      '1.打造标杆工厂。遴选一批标杆。',
      '2.推广数字化车间。',
      '二、保障措施',
      '加强组织领导。',
      '重点任务分工表',
      '序号',
      '重点任务',
      '责任单位',
      '完成时间',
      '1',
      '打造标杆工厂',
      '市经济信息化委（牵头）、市发展改革委',
      '2025年',
      '2',
      '推广数字化车间',
      '市经济信息化委、各区政府',
      '持续推进',
    ].join('\n');
    const d = parsePlan(text);
    expect(d.nodes.map((n) => n.title)).toEqual(['重点任务', '保障措施']);
    expect(d.nodes[0]!.children.map((c) => [c.title, c.leadUnits, c.supportUnits])).toEqual([
      ['打造标杆工厂', ['市经济信息化委'], ['市发展改革委']],
      ['推广数字化车间', ['市经济信息化委', '各区政府'], []],
    ]);
    // The table's cells are not the body of the last section.
    expect(d.nodes[1]!.body).toBe('加强组织领导。');
  });

  it('reads a table whose columns are 牵头单位 and 责任单位: the responsible units support', () => {
    const text = [
      '方案',
      '一、建设平台。',
      '附件',
      '序号',
      '任务',
      '牵头单位',
      '责任单位',
      '1',
      '建设平台',
      '市发改委',
      '各区（市）县政府',
    ].join('\n');
    const d = parsePlan(text);
    expect([d.nodes[0]!.leadUnits, d.nodes[0]!.supportUnits]).toEqual([['市发改委'], ['各区（市）县政府']]);
  });

  it('nests items under 第一部分 parts', () => {
    const d = parsePlan(
      '方案\n第一部分 总体要求\n一、指导思想\n第二部分 主要任务\n一、深化改革\n（一）推进审批改革。（省政务服务办牵头，省直各有关部门按职责分工负责）',
    );
    expect(d.nodes.map((n) => n.title)).toEqual(['总体要求', '主要任务']);
    const task = d.nodes[1]!.children[0]!.children[0]!;
    expect([task.leadUnits, task.supportUnits]).toEqual([['省政务服务办'], ['省直各有关部门']]);
  });

  it('notes a jump in the numbering of sibling items', () => {
    const d = parsePlan('方案\n一、总体要求\n二、主要任务\n四、保障措施');
    expect(d.nodes).toHaveLength(3);
    expect(d.diagnostics.filter((x) => x.code === 'NUMBERING_GAP').map((x) => x.severity)).toEqual(['info']);
  });

  it('reports a text without numbered items instead of failing', () => {
    const d = parsePlan('这是一段没有编号的文字。');
    expect(d.nodes).toEqual([]);
    expect(d.diagnostics.map((x) => x.code)).toContain('NO_STRUCTURE');
    expect(d.diagnostics.every((x) => x.message.zh.length > 0 && x.message.en.length > 0)).toBe(true);
  });
});

describe('parsePlan on arbitrary input', () => {
  const alphabet = [
    ...'一二三、（）()1.．①牵头单位责任单位：，。；市发改委省财政厅负责配合等和及各区县〔〕\n　 附件序号2020年《》号',
  ];
  const planLike = fc.array(fc.constantFrom(...alphabet), { maxLength: 400 }).map((a) => a.join(''));

  it('never throws, and every span lies inside the input with mention spans naming the unit', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), planLike),
        (text) => {
          const d = parsePlan(text);
          // The safety net inside parsePlan must not be what keeps it from throwing.
          expect(d.diagnostics.filter((x) => x.code === 'INTERNAL_ERROR')).toEqual([]);
          for (const x of d.diagnostics) if (x.span) expect(x.span[1]).toBeLessThanOrEqual(text.length);
          for (const n of walk(d.nodes)) {
            expect(n.span[0]).toBeGreaterThanOrEqual(0);
            expect(n.span[1]).toBeLessThanOrEqual(text.length);
            expect(n.span[0]).toBeLessThanOrEqual(n.span[1]);
            for (const m of n.unitMentions) expect(text.slice(m.span[0], m.span[1])).toContain(m.name);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives a statement inside an unclosed one to the task already made, not to an empty task past it', () => {
    // Found by the property test on a splice: the outer bracket is never closed, so the inner statement ends
    // before the outer one, and the task it opened started after its own end.
    const text =
      '一、重点任务\n（一）加快产业集聚。推动重大项目向园区集聚。（责任单位：市发展改革委、（市交通局负责）加快建设';
    const d = parsePlan(text);
    const item = [...walk(d.nodes)].find((n) => n.label === '（一）')!;
    for (const n of walk(d.nodes)) expect(n.span[0], n.title).toBeLessThanOrEqual(n.span[1]);
    const tasks = [...walk(d.nodes)].filter((n) => n.leadUnits.length > 0);
    expect(tasks.every((n) => n.title !== '')).toBe(true);
    expect([...new Set(tasks.flatMap((n) => n.leadUnits))].sort()).toEqual(
      ['市交通局', '市发展改革委'].sort(),
    );
    expect(item).toBeDefined();
  });

  it('reads cuts and splices of the Chengdu plan without failing', () => {
    const plan = readFileSync(
      fileURLToPath(new URL('../../fixtures/chengdu-ecommerce-plan-2013-2015.txt', import.meta.url)),
      'utf8',
    );
    fc.assert(
      fc.property(fc.nat(plan.length), fc.nat(plan.length), fc.nat(plan.length), (a, b, c) => {
        const text = plan.slice(Math.min(a, b), Math.max(a, b)) + plan.slice(c);
        const d = parsePlan(text);
        expect(d.diagnostics.filter((x) => x.code === 'INTERNAL_ERROR')).toEqual([]);
        for (const n of walk(d.nodes))
          for (const m of n.unitMentions) expect(text.slice(m.span[0], m.span[1])).toBe(m.name);
      }),
      { numRuns: 200 },
    );
  });
});

describe('an item whose text opens on a year', () => {
  it('reads "1.2025年底前…" as item 1, not as the number 1.2025', () => {
    const d = parsePlan(
      '一、建设平台\n1.2025年底前建成平台。（市数据局负责）\n2.2026年完成验收。（市财政局负责）\n3.推进应用。（市通信管理局负责）',
    );
    expect(d.nodes[0]!.children.map((n) => [n.label, n.title, n.leadUnits])).toEqual([
      ['1.', '2025年底前建成平台', ['市数据局']],
      ['2.', '2026年完成验收', ['市财政局']],
      ['3.', '推进应用', ['市通信管理局']],
    ]);
  });

  it('still reads "1.5" at the start of a line as a number', () => {
    const d = parsePlan('一、总体目标\n1.5万家企业上云，带动就业。');
    expect(d.nodes[0]!.children).toEqual([]);
  });
});
