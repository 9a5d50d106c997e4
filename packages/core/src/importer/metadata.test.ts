import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan.js';

describe('plan metadata', () => {
  it('reads the period from the title, a stated term, a span of years or a five-year plan', () => {
    expect(parsePlan('某市实施方案(2013—2015年)\n一、总体要求').period).toEqual({ from: 2013, to: 2015 });
    expect(parsePlan('某市实施方案（2021-2023年）\n一、总体要求').period).toEqual({ from: 2021, to: 2023 });
    expect(parsePlan('某市实施方案\n制定如下方案。实施期限为2013年至2015年。\n一、总体要求').period).toEqual({
      from: 2013,
      to: 2015,
    });
    expect(parsePlan('某市行动计划\n从2012年起5年内，完成改造。\n一、总体要求').period).toEqual({
      from: 2012,
      to: 2016,
    });
    expect(parsePlan('某市“十二五”电子商务发展规划\n一、总体要求').period).toEqual({ from: 2011, to: 2015 });
    expect(
      parsePlan('若干举措\n一、措施\n上述举措执行期自发布之日起至2020年12月底。\n2020年2月12日').period,
    ).toEqual({ from: 2020, to: 2020 });
  });

  it('reads a stated term given in months', () => {
    expect(parsePlan('某市方案\n本方案实施期为2023年1月至2025年12月。\n一、任务').period).toEqual({
      from: 2023,
      to: 2025,
    });
  });

  it('has no title when the text opens with a numbered item, and keeps that item', () => {
    const d = parsePlan('一、总体要求\n二、主要任务');
    expect(d.title).toBe('');
    expect(d.nodes.map((n) => n.title)).toEqual(['总体要求', '主要任务']);
  });

  it('states no period when the text states none', () => {
    expect(
      parsePlan('某省政府工作报告\n一、回顾\n“十五五”时期是关键五年。到2030年基本实现。').period,
    ).toBeNull();
  });

  it('reads the own document number under the title or glued to it, and the issuer', () => {
    const a = parsePlan(
      '国务院关于支持自由贸易试验区\n深化改革创新若干措施的通知\n国发〔2018〕38号\n各省、自治区、直辖市人民政府：\n一、营造环境',
    );
    expect(a.title).toBe('国务院关于支持自由贸易试验区深化改革创新若干措施的通知');
    expect(a.documentNumber).toBe('国发〔2018〕38号');
    expect(a.issuer).toBe('国务院');
    const b = parsePlan(
      '国务院办公厅关于改善农村人居环境的指导意见国办发〔2014〕25号各省、自治区、直辖市人民政府：　　一、总体要求',
    );
    expect(b.title).toBe('国务院办公厅关于改善农村人居环境的指导意见');
    expect(b.documentNumber).toBe('国办发〔2014〕25号');
    expect(b.issuer).toBe('国务院办公厅');
    expect(b.references).not.toContain('国办发〔2014〕25号');
  });

  it('takes the enclosed document’s own title line after a covering notice, broken over lines or named with its author', () => {
    // A forwarded report: the notice names it with its author before 关于 and without 的; its own title line
    // follows the notice, broken in two.
    const a = parsePlan(
      [
        '某省人民政府办公厅转发省水利厅',
        '关于加强山洪灾害防治工作',
        '意见报告的通知',
        '某政办发〔2012〕9号',
        '各市、县人民政府：',
        '省水利厅《关于加强山洪灾害防治工作意见的报告》已经省政府同意，现转发给你们。',
        '某省人民政府办公厅',
        '2012年3月1日',
        '关于加强山洪灾害防治',
        '工作意见的报告',
        '省人民政府：',
        '一、基本情况',
        '二、工作意见',
      ].join('\n'),
    );
    expect(a.title).toBe('关于加强山洪灾害防治工作意见的报告');
    expect(a.issuer).toBe('某省人民政府办公厅');
    expect(a.nodes.map((n) => n.title)).toEqual(['基本情况', '工作意见']);
    // 关于印发X的通知 whose plan title is broken over two lines, the second carrying the period.
    const b = parsePlan(
      [
        '某市人民政府办公室关于印发某市促进县域商业发展实施方案的通知',
        '各区人民政府：',
        '现将《某市促进县域商业发展实施方案》印发给你们，请认真贯彻执行。',
        '某市人民政府办公室',
        '2021年5月6日',
        '某市促进县域商业发展',
        '实施方案（2021—2023年）',
        '一、总体要求',
      ].join('\n'),
    );
    expect(b.title).toBe('某市促进县域商业发展实施方案（2021—2023年）');
    expect(b.period).toEqual({ from: 2021, to: 2023 });
    expect(b.nodes.map((n) => n.title)).toEqual(['总体要求']);
  });

  it('reads the one year of a yearly work plan and a stated time limit of the whole work', () => {
    expect(parsePlan('2021年全市商务工作要点\n一、扩大消费').period).toEqual({ from: 2021, to: 2021 });
    expect(
      parsePlan('全市商务工作要点\n为推动发展，明确2021年全市商务工作要点如下：\n一、扩大消费').period,
    ).toEqual({ from: 2021, to: 2021 });
    expect(
      parsePlan('关于清理整顿市场的意见\n清理整顿时限是2003年4月―2004年2月。\n一、工作步骤').period,
    ).toEqual({ from: 2003, to: 2004 });
    // A work report, or a plan that asks others to draw up their yearly plans, states no period of its own.
    expect(parsePlan('2021年某市政府工作报告\n一、回顾').period).toBeNull();
    expect(parsePlan('某市实施方案\n各区要制定2021年工作计划，报市政府备案。\n一、任务').period).toBeNull();
  });

  it('takes the organ a page names as its source when the text states no other issuer', () => {
    const text = '2021年全市商务工作要点\n一、扩大消费\n（一）促进消费。\n来源：某市商务局';
    expect(parsePlan(text).issuer).toBe('某市商务局');
    // A newspaper or a website is not an organ; a stated issuer wins over the source line.
    expect(parsePlan('2021年全市商务工作要点\n一、扩大消费\n来源：某市日报').issuer).toBeNull();
    expect(parsePlan('某市人民政府关于促进消费的实施意见\n一、扩大消费\n来源：某市商务局').issuer).toBe(
      '某市人民政府',
    );
  });

  it('reads an own number printed just above the title', () => {
    expect(
      parsePlan('赣府厅发〔2020〕7号\n江西省人民政府办公厅关于加快发展流通的实施意见\n一、任务')
        .documentNumber,
    ).toBe('赣府厅发〔2020〕7号');
  });

  it('skips page furniture before the title', () => {
    expect(parsePlan('下载\n打印\n【字号：\n】\n2026年河北省政府工作报告\n一、回顾').title).toBe(
      '2026年河北省政府工作报告',
    );
  });

  it('lists cited documents: 《…》 titles and document numbers, not the plan itself', () => {
    const d = parsePlan(
      '某某实施意见\n根据《国务院关于推进开发区创新提升的意见》（国发〔2019〕11号）和发改办高技〔2013〕894号，提出如下意见。\n一、深化改革\n相关解读：解读《某某实施意见》',
    );
    expect(d.references).toEqual([
      '国务院关于推进开发区创新提升的意见',
      '国发〔2019〕11号',
      '发改办高技〔2013〕894号',
    ]);
  });
});

describe('a text without a title line', () => {
  it.each([
    [
      'a preamble sentence',
      '为加快数字经济发展，结合本区实际，制定本行动计划。\n一、主要任务\n（一）建设平台。（区数据局负责）',
    ],
    [
      'an addressee line',
      '各县区人民政府，市直各部门：\n为推进工作，现提出如下意见。\n一、总体要求\n（一）目标。',
    ],
    ['page furniture', '来源：某市人民政府办公室\n一、重点任务\n1.建立台账。（市商务局负责）'],
  ])('gives no title rather than %s', (_what, text) => {
    expect(parsePlan(text).title).toBe('');
  });

  it('still takes a first line that reads like a title', () => {
    expect(parsePlan('某区数字经济行动计划\n一、主要任务').title).toBe('某区数字经济行动计划');
  });

  it('takes the title that opens a line of text pasted without its line breaks, set apart by a blank', () => {
    const body =
      '一、主要任务 （一）建设平台。推进数据共享。（区数据局负责） （二）培育企业。（区经信局负责）';
    for (const [text, title] of [
      [
        `某区数字经济行动计划 为加快数字经济发展，结合本区实际，制定本行动计划。 ${body}`,
        '某区数字经济行动计划',
      ],
      [
        `某县关于做好秋冬季防火工作的通知\u3000\u3000各乡镇人民政府：现将有关事项通知如下。 ${body}`,
        '某县关于做好秋冬季防火工作的通知',
      ],
    ]) {
      const d = parsePlan(text);
      expect(d.title).toBe(title);
      expect(d.units).toEqual(['区数据局', '区经信局']);
    }
    // A preamble or an addressee line before the blank is no title.
    expect(parsePlan(`为加快数字经济发展，结合本区实际，制定本计划。 ${body}`).title).toBe('');
    expect(parsePlan(`各县区人民政府，市直各部门： 为推进工作，现提出如下意见。 ${body}`).title).toBe('');
    // A short line spaced out is read as a whole title, as before.
    expect(parsePlan('某区数字经济行动计划 （试行）\n一、主要任务').title).toMatch(
      /^某区数字经济行动计划\s*（试行）$/,
    );
  });
});

describe('a title broken over two lines without 关于', () => {
  it('joins a first line that is the first half of the title', () => {
    expect(
      parsePlan('某区人民政府2024年重点工作任务\n分解和责任分工方案\n一、重点任务\n（一）推进项目建设。')
        .title,
    ).toBe('某区人民政府2024年重点工作任务分解和责任分工方案');
    expect(parsePlan('某县“十五五”农村人居环境\n整治提升行动方案\n一、目标').title).toBe(
      '某县“十五五”农村人居环境整治提升行动方案',
    );
  });

  it.each([
    ['an issuer', '某县农业农村局\n某县农村人居环境整治提升行动方案\n一、目标'],
    ['the header of a red-headed document', '某县人民政府文件\n某县农村人居环境整治提升行动方案\n一、目标'],
    ['a page’s header', '某县人民政府门户网站\n某县农村人居环境整治提升行动方案\n一、目标'],
    ['a date', '2024年3月5日\n某县农村人居环境整治提升行动方案\n一、目标'],
    ['an annex heading', '附件2\n某县农村人居环境整治提升行动方案\n一、目标'],
    ['page furniture with a blank', '发布时间 2024-03-05\n某县农村人居环境整治提升行动方案\n一、目标'],
  ])('does not join %s', (_what, text) => {
    expect(parsePlan(text).title).toBe('某县农村人居环境整治提升行动方案');
  });
});

describe('the year of a yearly plan named in its title', () => {
  it.each([
    ['某市2022年数字政府建设考评办法', 2022],
    ['数字某省2021行动方案', 2021],
    ['某区2024年优化营商环境工作方案', 2024],
    ['某市人民政府办公室关于印发《某市2023年数字政府建设考评办法》的通知', 2023],
  ])('reads %s as the one year %i', (title, year) => {
    expect(parsePlan(`${title}\n一、总体要求\n（一）目标。`).period).toEqual({ from: year, to: year });
  });

  it.each([
    ['某市2025年前碳达峰行动方案'],
    ['某市2021—2023年数字经济行动方案'],
    ['关于加快数字经济发展的实施意见'],
  ])('reads no single year from %s', (title) => {
    const period = parsePlan(`${title}\n一、总体要求\n（一）目标。`).period;
    expect(period === null || period.from !== period.to).toBe(true);
  });
});

describe('deadlines of a yearly plan written as a part of the year', () => {
  it('dates 年底前, 二季度末, 上半年 and 全年 in a label or a bracket with the year of the plan', () => {
    const d = parsePlan(
      [
        '某区2024年优化营商环境工作要点',
        '一、重点任务',
        '（一）推进数据共享。（牵头单位：区数据局；完成时限：年底前）',
        '（二）优化服务。（牵头单位：区政务服务中心；完成时限：二季度末）',
        '（三）开展评估。（区发改局牵头，全年）',
        '（四）建设平台。（区数据局牵头，上半年完成）',
        '（五）深化改革。（区发改局牵头，全年推进改革）',
      ].join('\n'),
    );
    expect(d.nodes[0]!.children.map((n) => [n.deadline?.date, n.deadline?.text])).toEqual([
      ['2024', '年底前'],
      ['2024-06', '二季度末'],
      ['2024', '全年'],
      ['2024-06', '上半年'],
      // A part of the year that opens prose is no deadline.
      [undefined, undefined],
    ]);
  });

  it('gives no date to a part of the year in a plan of no one year', () => {
    const d = parsePlan(
      '某区营商环境优化方案\n一、重点任务\n（一）推进数据共享。（牵头单位：区数据局；完成时限：年底前）',
    );
    expect(d.nodes[0]!.children[0]!.deadline).toBeNull();
  });
});

describe('deadlines of a yearly plan written by month', () => {
  it('dates "6月底完成" in a bracket with the year of the plan', () => {
    const d = parsePlan(
      [
        '某区2022年数字政府建设考评办法',
        '一、政务服务',
        '1．推进平台整合。（6月底完成，牵头考核单位：区审批局）',
        '2．优化热线。（10月底前完成，牵头考核单位：区政务服务中心）',
        '3．完善评价。（5月底取得阶段性成效并持续推进，牵头考核单位：区大数据中心）',
      ].join('\n'),
    );
    expect(d.nodes[0]!.children.map((n) => [n.deadline?.date, n.deadline?.text])).toEqual([
      ['2022-06', '6月底'],
      ['2022-10', '10月底前'],
      ['2022-05', '5月底'],
    ]);
  });

  it("dates a clause of the item's prose that opens on a month and says it is due", () => {
    const d = parsePlan(
      [
        '某局2023年工作要点',
        '1.深化登记改革。6月底前完成。牵头单位：登记科。',
        '2.推进标准建设，3月份召开动员会，12月底前全面完成。（标准科负责）',
        '3.强化监管，于5月组织专项检查。（监管科负责）',
      ].join('\n'),
    );
    expect(d.nodes.map((n) => [n.deadline?.date ?? null, n.deadline?.text ?? null])).toEqual([
      ['2023-06', '6月底前'],
      // The first month holds no due word: an event, not the deadline.
      ['2023-12', '12月底前'],
      // A month inside a clause is when something happens.
      [null, null],
    ]);
  });

  it('gives no date to a month in a plan of several years', () => {
    const d = parsePlan(
      '某区数字经济三年行动方案\n一、重点任务\n1．推进平台整合。（6月底完成，区审批局负责）',
    );
    expect(d.nodes[0]!.children[0]!.deadline).toBeNull();
  });
});

describe('a database export that prints the notice title twice', () => {
  it("takes the enclosed plan's own title line, not the repeat of the notice's", () => {
    const text = [
      '【引证码】 CLI.12.1',
      '原文链接：https://example.org/lar/1.html',
      '某市人民政府办公室关于印发《某市2023年数字政府建设考评办法》的通知',
      '某市人民政府办公室关于印发《某市2023年数字政府建设考评办法》的通知',
      '某府办发〔2023〕12号',
      '各区人民政府，市直各部门：',
      '现将《某市2023年数字政府建设考评办法》印发给你们，请认真贯彻落实。',
      '2023年3月1日',
      '某市2023年数字政府建设考评办法',
      '一、考评对象',
      '各区人民政府。',
    ].join('\n');
    const d = parsePlan(text);
    expect(d.title).toBe('某市2023年数字政府建设考评办法');
    expect(d.period).toEqual({ from: 2023, to: 2023 });
    expect(d.nodes.map((n) => n.label + n.title)).toEqual(['一、考评对象']);
  });
});

describe('a count printed after the title', () => {
  it.each([
    ['某区2024年优化营商环境重点任务分工方案（共计35项）', '某区2024年优化营商环境重点任务分工方案'],
    ['某市数字政府建设工作要点(共12条)', '某市数字政府建设工作要点'],
    ['某县稳就业若干措施（共二十条）', '某县稳就业若干措施'],
    ['关于印发某市物流降本增效行动方案（合计8类任务）的通知', '某市物流降本增效行动方案'],
  ])('is not part of the title: %s', (title, expected) => {
    expect(parsePlan(`${title}\n一、重点任务\n（一）推进项目建设。（牵头单位：某局）`).title).toBe(expected);
  });

  it.each(['某县乡村振兴工作方案（试行）', '某市公共数据目录（2024年版）', '某县十项惠民工程实施方案'])(
    'leaves an edition, a trial mark or a number in the name: %s',
    (title) => {
      expect(parsePlan(`${title}\n一、重点任务\n（一）推进项目建设。`).title).toBe(title);
    },
  );
});

describe('the year of a work opinion named in its title', () => {
  it.each([
    ['关于2024年全市商务工作的意见', 2024],
    ['某市2025年农业农村工作意见', 2025],
  ])('reads one year from "%s"', (title, year) => {
    expect(parsePlan(`${title}\n一、主要任务\n（一）扩大投资。（牵头单位：某局）`).period).toEqual({
      from: year,
      to: year,
    });
  });

  it.each(['关于2025年前全面完成改造工作的意见', '关于加快发展数字经济的意见'])(
    'reads no year of a plan from "%s"',
    (title) => {
      expect(parsePlan(`${title}\n一、主要任务\n（一）扩大投资。（牵头单位：某局）`).period).toBeNull();
    },
  );
});
