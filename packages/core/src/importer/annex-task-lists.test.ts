import { describe, expect, it } from 'vitest';
import type { PlanNodeDraft } from '../types.js';
import { parsePlan } from './parse-plan.js';

/** "label title [kind] lead / support" for every node, indented by depth. */
function outline(text: string): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly PlanNodeDraft[], depth: number) => {
    for (const n of nodes) {
      out.push(
        `${'  '.repeat(depth)}${n.label}${n.title} [${n.kind}] ${n.leadUnits.join('、')} / ${n.supportUnits.join('、')}`,
      );
      walk(n.children, depth + 1);
    }
  };
  walk(parsePlan(text).nodes, 0);
  return out;
}

// Invented texts: the body says how the work is run, the annex after a 附件 line is the task list itself.
describe('an annex that is the task list', () => {
  it('reads a scored list of indicators after "附件" and its title line (考评办法)', () => {
    const text = [
      '某区数字政府建设考评办法',
      '一、总则',
      '为推进数字政府建设，制定本办法。',
      '二、考评方式',
      '考评每半年开展一次。',
      '附件',
      '某区数字政府建设考评指标',
      '一、政务服务（20分）',
      '（一）平台建设（3分）',
      '1．推进平台整合。（6月底完成，牵头单位：区审批局）',
      '2．优化热线服务。（持续推进，牵头单位：区政务服务中心；配合单位：区大数据中心）',
    ].join('\n');
    expect(outline(text)).toEqual([
      '一、总则 [section]  / ',
      '二、考评方式 [section]  / ',
      '附件某区数字政府建设考评指标 [section]  / ',
      '  一、政务服务（20分） [section]  / ',
      '    （一）平台建设（3分） [task]  / ',
      '      1．推进平台整合 [task] 区审批局 / ',
      '      2．优化热线服务 [task] 区政务服务中心 / 区大数据中心',
    ]);
  });

  it('reads "附件：重点任务分工" with its title on the same line (分工方案)', () => {
    const text = [
      '某县关于开展市场秩序专项整治的通知',
      '各乡镇人民政府，县直各部门：',
      '一、工作目标',
      '全面规范市场秩序。',
      '二、工作要求',
      '各单位要高度重视。',
      '附件：重点任务分工',
      '1.开展专项整治。（县市场监管局负责）',
      '2.建立长效机制。（县商务局牵头，县公安局配合）',
    ].join('\n');
    const lines = outline(text);
    expect(lines).toContain('附件重点任务分工 [section]  / ');
    expect(lines).toContain('  1.开展专项整治 [task] 县市场监管局 / ');
    expect(lines).toContain('  2.建立长效机制 [task] 县商务局 / 县公安局');
    const draft = parsePlan(text);
    expect(draft.units).toEqual(['县市场监管局', '县商务局']);
  });

  it('takes each numbered annex that names units, and leaves out one that names none', () => {
    const text = [
      '一、总体要求',
      '按照要求扎实推进。',
      '附件1',
      '任务清单',
      '（一）推进试点。（各镇人民政府负责）',
      '附件2',
      '联络员名单',
      '1.综合科',
      '2.业务科',
    ].join('\n');
    expect(outline(text)).toEqual([
      '一、总体要求 [section]  / ',
      '附件1任务清单 [section]  / ',
      '  （一）推进试点 [task] 各镇人民政府 / ',
    ]);
  });

  // Duty lists and division-of-labour tables keep giving their units to the body items (shapes.test.ts).
  it('adds nothing for an annex of forms or numbered notes that name no unit', () => {
    const text = [
      '一、工作安排',
      '（一）组织申报。（区科技局负责）',
      '附件：申报表',
      '1.单位名称',
      '2.联系人及电话',
    ].join('\n');
    expect(parsePlan(text).nodes.map((n) => n.label)).toEqual(['一、']);
  });
});
