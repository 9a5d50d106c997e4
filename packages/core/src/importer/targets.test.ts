import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractTargets } from './targets.js';

const targetsOf = (text: string) => extractTargets(text).targets;
/** The one target a sentence states, as comparator / value / unit. */
const one = (text: string) => {
  const ts = targetsOf(text);
  expect(ts, `targets of ${text}`).toHaveLength(1);
  const t = ts[0]!;
  return { comparator: t.comparator, value: t.value, unit: t.unit };
};
const brief = (text: string) => targetsOf(text).map((t) => `${t.comparator} ${t.value} ${t.unit}`);

describe('comparators', () => {
  it.each([
    ['电子商务交易额突破6000亿元。', '>'],
    ['移动电子商务交易规模超过1000亿元。', '>'],
    ['研发投入强度高于2.5%。', '>'],
    ['签约模式的种类大于3类。', '>'],
    ['网络零售额达到500亿元。', '>='],
    ['重点人群续约率达80%。', '>='],
    ['每万常住人口家庭医生数不低于4人。', '>='],
    ['培养不少于3500名基层医生。', '>='],
    ['签约服务覆盖率力争达到95%。', '>='],
    ['签约服务覆盖率达到75%以上。', '>='],
    ['支小支农担保金额占比提高到80%以上。', '>='],
    ['为各区至少培育1家示范基地。', '>='],
    ['力争1条列入国家级示范步行街项目。', '>='],
    ['血压控制率≥50%。', '>='],
    ['大班额比例控制在5%以内。', '<='],
    ['综合能耗不超过300万吨标准煤。', '<='],
    ['审批时限压缩至5个工作日以内。', '<='],
    ['建设用地规模控制在1200平方公里以下。', '<='],
    ['培训约1000名家庭医生。', 'about'],
    ['满意度达到90%左右。', 'about'],
    ['城镇调查失业率控制在5.5%左右。', 'about'],
    ['在全省打造30个左右特色商贸小镇。', 'about'],
    ['建设100个省级班主任工作室。', '='],
    ['城镇新增就业86万人。', '='],
    ['适龄儿童入学率保持100%。', '='],
    ['县域森林覆盖率保持在62%。', '='],
  ])('%s → %s', (text, comparator) => {
    expect(one(text).comparator).toBe(comparator);
  });

  it('reads a share governed by its sentence: 达到 … 相当于 … 的10% is ">="', () => {
    const ts = targetsOf('其中网络零售额达到500亿元，相当于社会消费品零售总额的10%。');
    expect(ts.map((t) => [t.comparator, t.value, t.unit])).toEqual([
      ['>=', 50_000_000_000, '元'],
      ['>=', 10, '%'],
    ]);
    expect(ts[1]!.indicator).toBe('网络零售额占社会消费品零售总额比重');
  });

  it('gives every figure of a 分别 list the comparator before the first, each with its own subject', () => {
    expect(brief('覆盖率分别达到80%、70%和60%。')).toEqual(['>= 80 %', '>= 70 %', '>= 60 %']);
    const ts = targetsOf('商品出口、服务出口和境外投资分别占比达40%、25%和15%。');
    expect(ts.map((t) => [t.comparator, t.value, t.indicator])).toEqual([
      ['>=', 40, '商品出口占比'],
      ['>=', 25, '服务出口占比'],
      ['>=', 15, '境外投资占比'],
    ]);
    expect(ts.map((t) => t.text)).toEqual(['商品出口、服务出口和境外投资分别占比达40%', '25%', '15%']);
    expect(brief('城区和郊区达标率分别为95%和85%。')).toEqual(['= 95 %', '= 85 %']);
    // A list of relative changes stays out, its later figures included.
    expect(brief('两项收入分别增长12%、9%。')).toEqual([]);
  });

  it('reads a share stated on its own with 约占 as "about"', () => {
    expect(one('网络零售额约占社会消费品零售总额的15%。')).toEqual({
      comparator: 'about',
      value: 15,
      unit: '%',
    });
  });

  it('reads a rate kept at a level (保持) as a target, its bound written after it', () => {
    // Invented: yearly plans of a county or a bureau hold rates at a level with 保持, with or without 在.
    expect(brief('小学净入学率保持100%，初中巩固率保持99%以上，残疾儿童入学率保持在95%以上。')).toEqual([
      '= 100 %',
      '>= 99 %',
      '>= 95 %',
    ]);
    expect(targetsOf('小学净入学率保持100%。')[0]!.indicator).toBe('小学净入学率');
  });
});

describe('numerals and magnitudes', () => {
  it.each([
    ['电子商务交易额突破6000亿元。', 600_000_000_000, '元'],
    ['移动电子商务本土用户数量累计超过500万户。', 5_000_000, '户'],
    ['全市电子商务交易额达到1.2万亿元。', 1.2e12, '元'],
    ['新增就业岗位5万个。', 50_000, '个'],
    ['星级酒店不少于三十家。', 30, '家'],
    ['示范企业达到五百家。', 500, '家'],
    ['累计培训两千人次以上。', 2000, '人次'],
    ['覆盖率达到70%。', 70, '%'],
    ['覆盖率达到７０％。', 70, '%'],
    ['电子商务企业达到1,200家。', 1200, '家'],
    ['到2025年不低于4.66人。', 4.66, '人'],
    ['PM2.5年均浓度控制在35微克/立方米以下。', 35, '微克/立方米'],
    ['森林覆盖率达到百分之六十以上。', 60, '%'],
    ['人均预期寿命达到78.3岁。', 78.3, '岁'],
    ['审批时间压缩至10个工作日内。', 10, '个工作日'],
    ['高速公路通车里程突破8000公里。', 8000, '公里'],
  ])('%s → %d %s', (text, value, unit) => {
    const t = one(text);
    expect(t.value).toBeCloseTo(value, 9);
    expect(t.unit).toBe(unit);
  });

  it('reads 一半 and fractions as percentages of a share', () => {
    expect(one('线上交易额占比达到一半。')).toEqual({ comparator: '>=', value: 50, unit: '%' });
    expect(one('本地企业占比不低于三分之一。').value).toBeCloseTo(33.3333, 3);
  });

  it('keeps the unit as written, without its magnitude', () => {
    expect(brief('完成营造林600万亩。')).toEqual(['= 6000000 亩']);
    expect(brief('全市快递业务量达到5亿件。')).toEqual(['>= 500000000 件']);
  });
});

describe('indicators, phrases and spans', () => {
  const text =
    '到2015年，电子商务交易额突破6000亿元，其中网络零售额达到500亿元；中小企业电子商务应用普及率达到70%。';
  const ts = targetsOf(text);

  it('names what is measured', () => {
    expect(ts.map((t) => t.indicator)).toEqual([
      '电子商务交易额',
      '网络零售额',
      '中小企业电子商务应用普及率',
    ]);
  });

  it('keeps the exact phrase and its span into the input', () => {
    for (const t of ts) {
      expect(text.slice(t.span[0], t.span[1])).toBe(t.text);
      expect(t.text).toContain(String(t.value === 70 ? 70 : '亿元'));
    }
    expect(ts[0]!.text).toBe('电子商务交易额突破6000亿元');
  });

  it('names the counted thing of a bare figure', () => {
    expect(targetsOf('建设100个省级班主任工作室。')[0]!.indicator).toBe('省级班主任工作室');
    expect(targetsOf('建成县域快递物流中心44个。')[0]!.indicator).toBe('县域快递物流中心');
  });

  it('marks running totals (累计) as cumulative', () => {
    expect(targetsOf('用户数量累计超过500万户。')[0]!.cumulative).toBe(true);
    expect(targetsOf('用户数量超过500万户。')[0]!.cumulative).toBe(false);
  });

  it('lets a later clause of a list share the verb of the first', () => {
    expect(brief('培育电子商务示范企业100家，示范园区10个。')).toEqual(['= 100 家', '= 10 个']);
    expect(brief('打造10个“数字领航”企业、100个先进级智能工厂。')).toEqual(['= 10 个', '= 100 个']);
  });

  it('names and quotes each item of a list by its own words', () => {
    const ts = targetsOf('电子商务交易额过1亿元的企业3家以上、过1000万元企业10家以上。');
    expect(ts.map((t) => [t.comparator, t.value, t.unit, t.indicator, t.text])).toEqual([
      ['>=', 3, '家', '电子商务交易额过1亿元的企业', '电子商务交易额过1亿元的企业3家以上'],
      ['>=', 10, '家', '过1000万元企业', '过1000万元企业10家以上'],
    ]);
    expect(brief('培育50家辐射全国的重点市场，20家功能完善的规范市场。')).toEqual(['= 50 家', '= 20 家']);
  });

  it('names a share of things by the things and the doing', () => {
    expect(targetsOf('推动医疗机构预留30%的号源。')[0]!.indicator).toBe('医疗机构预留号源比例');
    const t = targetsOf('到2020年，实现90%以上的乡镇建成综合文化站。')[0]!;
    expect([t.comparator, t.value, t.unit, t.indicator]).toEqual(['>=', 90, '%', '乡镇建成综合文化站比例']);
  });

  it('gives an elliptic clause the indicator of its sentence', () => {
    const [a, b] = targetsOf('到2023年，力争每万常住人口家庭医生数不低于4人，到2025年不低于4.66人。');
    expect(b!.indicator).toBe(a!.indicator);
  });
});

describe('counts after a verb or later in a list', () => {
  it('counts a later item of a 、-list with the verb of the first, its bound included', () => {
    expect(brief('建设20家基地、5家以上示范园区。')).toEqual(['= 20 家', '>= 5 家']);
    const ts = targetsOf('支持培育8家左右区域（行业）平台、15家左右服务平台。');
    expect(ts.map((t) => [t.comparator, t.value, t.text])).toEqual([
      ['about', 8, '支持培育8家左右区域'],
      ['about', 15, '15家左右服务平台'],
    ]);
  });

  it('counts what a verb of doing acts on, the doing after the noun included', () => {
    expect(brief('推动50项“一网通办”事项全面落地。')).toEqual(['= 50 项']);
    expect(brief('推动全市30家企业实施数据管理。')).toEqual(['= 30 家']);
    expect(brief('构建500个以上的数据集。')).toEqual(['>= 500 个']);
    expect(brief('联通区本级40个部门的业务数据。')).toEqual(['= 40 个']);
    expect(brief('优选120家企业纳入培育库。')).toEqual(['= 120 家']);
  });

  it('counts the places where the plan will do something ("在8个以上领域实现共享")', () => {
    expect(brief('在8个以上领域实现数据共享。')).toEqual(['>= 8 个']);
    expect(brief('选取2—4个重点领域开展试点。')).toEqual(['>= 2 个']);
    // The plan's own aspects and the past stay out.
    expect(brief('从4个方面提出12条措施。')).toEqual([]);
    expect(brief('2020年已在8个领域实现共享。')).toEqual([]);
  });

  it('counts named things the plan builds ("建设A等9个节点"), not an enumeration of names', () => {
    expect(brief('加快建设甲乙等6个二级节点。')).toEqual(['= 6 个']);
    expect(brief('建设银行等9家银行签约。')).toEqual([]);
    expect(brief('标准包括基础建设、专项管理等2个部分。')).toEqual([]);
  });

  it('reads a yearly quota of what the plan does, not a rule per year or per head', () => {
    expect(brief('每年遴选30个优秀案例，力争每年新增150家企业通过评估。')).toEqual(['= 30 个', '>= 150 家']);
    expect(brief('每年安排资金5000万元。')).toEqual([]);
    expect(brief('每人每年培训40学时。')).toEqual([]);
  });

  it('counts the people or bodies a service of the plan reaches ("面向3万名…开展培训")', () => {
    expect(brief('面向2万名技术人员开展技能提升培训。')).toEqual(['= 20000 名']);
    expect(brief('每年组织开展面向5000名管理人员的数字素养培训。')).toEqual(['= 5000 名']);
    expect(brief('面向80家企业提供诊断服务。')).toEqual(['= 80 家']);
    expect(brief('面向30个国家出口产品。')).toEqual([]);
  });

  it('reads what the plan publishes every year, not what an organ has published', () => {
    expect(brief('每年分行业、分领域、分批次发布60个应用场景。')).toEqual(['= 60 个']);
    expect(brief('标准化委员会发布23项国家标准。')).toEqual([]);
    expect(brief('涉及现有标准共计31项。')).toEqual([]);
  });

  it('reads a magnitude without a unit after a comparator only where the sentence sets targets', () => {
    expect(brief('到2026年，标识注册总量突破3亿。')).toEqual(['> 300000000 ']);
    // A report's figures are full of them.
    expect(brief('网络文学用户超过4亿，月活跃用户超1.2亿。')).toEqual([]);
    expect(brief('到2026年，总量3亿。')).toEqual([]);
  });

  it('takes a figure in a measure before a noun as a threshold, not a count', () => {
    expect(brief('基本实现30人以上的自然村光纤覆盖。')).toEqual([]);
    expect(brief('培育10家以上的龙头企业。')).toEqual(['>= 10 家']);
  });

  it('reads 力争 before a count as "at least"', () => {
    expect(brief('力争建成并开通5G基站8万个。')).toEqual(['>= 80000 个']);
    expect(brief('力争全市建成12个二级节点。')).toEqual(['>= 12 个']);
  });

  it('reads computing, storage and bandwidth units written in Latin letters', () => {
    expect(brief('算力总规模达到15EFLOPS，存储总量达到8EB，骨干带宽达到400Gbps。')).toEqual([
      '>= 15 EFLOPS',
      '>= 8 EB',
      '>= 400 Gbps',
    ]);
    // A Latin unit that does not close its item qualifies a noun.
    expect(brief('研制能效比超过2TFLOPS/W的芯片，研究支持10EB级数据的存储技术。')).toEqual([]);
    // Other letters after a figure still make it a code.
    expect(brief('推广5G应用，建设3A级景区。')).toEqual([]);
  });
});

describe('bare shares of a population', () => {
  it('reads a share of things that do something as a level, each share of a list with the doing', () => {
    expect(brief('全区80%的社区建成服务站。')).toEqual(['= 80 %']);
    const ts = targetsOf('60%的乡镇和40%的村（社区）达标。');
    expect(ts.map((t) => [t.comparator, t.value, t.indicator])).toEqual([
      ['=', 60, '乡镇达标比例'],
      ['=', 40, '村达标比例'],
    ]);
    expect(brief('全市90%的市场主体纳入监管（风控）平台，实现常态监管。')).toEqual(['= 90 %']);
    expect(brief('全省50%以上的图书馆具备数字服务能力。')).toEqual(['>= 50 %']);
  });

  it('leaves out shares of money, of costs and of people described', () => {
    expect(brief('其中60%的资金用于基层。')).toEqual([]);
    expect(brief('70%的居民对服务满意。')).toEqual([]);
    expect(brief('企业承担70%的费用。')).toEqual([]);
    // Beyond a verb of doing, only a share of places, bodies or households: not a survey's respondents.
    expect(brief('12.5%的受访者认为具备编程能力。')).toEqual([]);
    expect(brief('它们以70%以上的程度参与循环过程。')).toEqual([]);
  });
});

describe('deadlines', () => {
  it('applies "到2015年" to every target of its sentence', () => {
    const ts = targetsOf('到2015年，电子商务交易额突破6000亿元，网络零售额达到500亿元。');
    expect(ts.map((t) => t.deadlineYear)).toEqual([2015, 2015]);
  });

  it('carries a deadline stated in a sentence without figures to the rest of its paragraph', () => {
    const ts = targetsOf(
      '到2015年，电子商务生态环境不断优化。电子商务交易额突破6000亿元。移动用户超过500万户。',
    );
    expect(ts.map((t) => t.deadlineYear)).toEqual([2015, 2015]);
  });

  it('does not carry a deadline into the next paragraph', () => {
    const ts = targetsOf('到2015年，环境不断优化。\n建设100个省级班主任工作室。');
    expect(ts[0]!.deadlineYear).toBeNull();
  });

  it('reads "2020年底前", "力争2025年" and a later deadline in the same sentence', () => {
    expect(targetsOf('2020年底前，建成县域物流中心44个。')[0]!.deadlineYear).toBe(2020);
    expect(targetsOf('力争2025年每千常住人口基层卫生人员数不低于3.5人。')[0]!.deadlineYear).toBe(2025);
    const ts = targetsOf('到2023年，家庭医生数不低于4人，到2025年不低于4.66人。');
    expect(ts.map((t) => t.deadlineYear)).toEqual([2023, 2025]);
  });

  it('reads the last year of a five-year-plan period ("到“十三五”末")', () => {
    expect(targetsOf('到“十三五”末，森林覆盖率达到63%。')[0]!.deadlineYear).toBe(2020);
    expect(targetsOf('到十四五期末，森林覆盖率达到63%。')[0]!.deadlineYear).toBe(2025);
  });

  it('makes a bare level a target in a sentence that sets targets', () => {
    expect(brief('到2025年，每千人口拥有婴幼儿托位数4.5个。')).toEqual(['= 4.5 个']);
    expect(brief('每千人口拥有婴幼儿托位数4.5个。')).toEqual([]);
  });

  it('reads "今年" in a yearly work report as the report’s year', () => {
    const ts = targetsOf(
      '2024年政府工作报告\n今年的主要预期目标是：城镇新增就业110万人以上，城镇调查失业率5.5%左右。',
    );
    expect(ts.map((t) => [t.comparator, t.value, t.unit, t.deadlineYear])).toEqual([
      ['>=', 1_100_000, '人', 2024],
      ['about', 5.5, '%', 2024],
    ]);
  });

  it('uses the caller’s default year where nothing else governs', () => {
    const ts = extractTargets('建设100个省级班主任工作室。到2020年，建成县域物流中心44个。', {
      defaultDeadlineYear: 2026,
    }).targets;
    expect(ts.map((t) => t.deadlineYear)).toEqual([2026, 2020]);
  });

  it('is null when nothing governs the target', () => {
    expect(targetsOf('建设100个省级班主任工作室。')[0]!.deadlineYear).toBeNull();
  });

  it('gives the goals of bulleted paragraphs the year of the "到20XX年" paragraph above them', () => {
    const ts = targetsOf('到2027年，主要目标如下：\n——培育10家示范企业。\n--普及率达到60%。');
    expect(ts.map((t) => [t.comparator, t.value, t.unit, t.deadlineYear])).toEqual([
      ['=', 10, '家', 2027],
      ['>=', 60, '%', 2027],
    ]);
    expect(ts.map((t) => [t.indicator, t.text])).toEqual([
      ['示范企业', '培育10家示范企业'],
      ['普及率', '普及率达到60%'],
    ]);
    // A deadline sentence that closes a paragraph of prose, blank lines between the bullets.
    const prose = targetsOf(
      '　　总体上，体系更加完善。到2026年，产业水平处于前列。\n\n　　——创新能力。打造5个以上公共平台。\n\n　　——建设8家基地。',
    );
    expect(prose.map((t) => t.deadlineYear)).toEqual([2026, 2026]);
  });

  it('reads "一是…", "二是…" paragraphs, and a numbered list after a colon, as such bullets', () => {
    expect(
      targetsOf('到2027年，实现以下目标。\n一是培育10家示范企业；\n二是普及率达到60%。').map(
        (t) => t.deadlineYear,
      ),
    ).toEqual([2027, 2027]);
    expect(
      targetsOf('到2027年，主要目标是：\n1.培育10家示范企业。\n（2）普及率达到60%。').map(
        (t) => t.deadlineYear,
      ),
    ).toEqual([2027, 2027]);
    // Numbered items after a sentence that introduces no list are the plan's items, not its goals.
    expect(targetsOf('到2027年，基本建成体系。\n1.建设5个基地。')[0]!.deadlineYear).toBeNull();
  });

  it('ends a bulleted list at the next heading or at a paragraph that is no bullet', () => {
    const ts = targetsOf(
      '到2027年，目标如下：\n——培育10家示范企业。\n二、重点任务\n——建设5个基地。\n到2028年，体系完善。\n加强管理，普及率达到70%。\n——建设6个基地。',
    );
    expect(ts.map((t) => t.deadlineYear)).toEqual([2027, null, null, null]);
  });

  it('takes the year of a heading such as "三、2026年主要工作" for its section', () => {
    const ts = targetsOf('三、2026年主要工作\n建成县域快递物流中心44个。');
    expect(ts[0]!.deadlineYear).toBe(2026);
  });
});

describe('what is not a target', () => {
  it.each([
    ['historical figures', '2012年，全市电子商务交易额已达3000亿元。'],
    [
      'figures before the plan period',
      '加快发展实施方案（2013—2015年）\n2012年，全市网络零售额达到200亿元。',
    ],
    ['figures reported with a year-on-year change', '全市实现电子商务交易额1500亿元，同比增长40%。'],
    ['figures as of a date', '截至2012年底，全市共有电子商务企业3000家。'],
    ['a retrospective section', '一、发展基础\n全市高速公路总里程达到9000公里，建成物流园区12个。'],
    ['a retrospective sub-section', '（一）发展现状。全市网络零售额达到200亿元。'],
    ['subsidy amounts', '对新认定的国家级示范企业给予50万元奖励。'],
    ['budget lines', '省财政每年安排专项资金5000万元。'],
    ['loan caps', '贷款额度最高不超过15万元。'],
    ['fee rules', '担保费率原则上不超过1%。'],
    ['age limits', '服务65岁以上老年人，年满18周岁。'],
    ['growth rates', '地区生产总值增长5%以上，一般公共预算收入增长2%左右。'],
    ['growth rates named after the figure', '全区经济保持在7%左右的增长，社会消费品零售总额保持9%以上增速。'],
    ['a distance kept', '排队时人与人之间保持1米以上距离。'],
    ['reductions', '单位GDP能耗降低10%，贫困人口减少100万人。'],
    ['relative points', '覆盖率每年提升1～3个百分点，较上年度再降0.5个百分点。'],
    ['ranges of years', '利用3-5年时间，分2至3批推进。'],
    ['document numbers', '按照《通知》（发改办高技〔2013〕894号）精神。'],
    ['years and dates', '执行期自2020年2月1日至2020年12月31日。'],
    ['item numbers and ordinals', '第三届运动会，第17届省运会，第二批试点。'],
    ['names in quotes', '落实“稳增长20条”，创建“15分钟便民生活圈”。'],
    ['codes and technology names', '依托12345热线和5G网络，PM2.5监测。'],
    ['counts of the plan’s own measures', '将24项督查激励措施调整增加为30项督查激励措施。'],
    ['totals and enumerations', '共23项改革举措；国家开发银行等9家银行。'],
    ['a threshold inside an indicator', '单户担保金额500万元及以下的小微企业。'],
    ['formulas', '覆盖率=签约居民人数/常住人口数*100%。'],
    ['service terms', '实现政务服务365天不打烊，24小时便利店。'],
    ['small Chinese numerals that are words', '推进一批项目，落实两新政策，加强三北工程。'],
    ['incentives for whoever qualifies', '对成效明显的地方，优先支持其行政区域内1家开发区扩区。'],
    ['per-unit norms', '家庭医生应每季度至少主动联系1次签约居民。'],
    [
      'inclusive thresholds of an incentive',
      '对升级改造投资500万元以上（含）的，按投资额的15%给予最高2000万元补贴。',
    ],
    ['deadlines for doing something', '在15个工作日内办结，3月底前完成。'],
    ['words that hold numerals', '推进百货店改造，惠及千家万户，落实十三部委通知。'],
  ])('%s', (_kind, text) => {
    expect(brief(text)).toEqual([]);
  });

  it('keeps the level after a threshold in the same clause', () => {
    expect(brief('56人以上大班额比例控制在5%以内。')).toEqual(['<= 5 %']);
    expect(brief('单户担保金额500万元及以下的占比提高到50%以上。')).toEqual(['>= 50 %']);
  });

  it('keeps the level a change reaches, not its baseline', () => {
    expect(brief('研发投入强度由2.1%提高到2015年的2.5%。')).toEqual(['>= 2.5 %']);
  });
});

describe('indicator tables', () => {
  const table = [
    '专栏1 主要指标',
    '序号',
    '指标',
    '单位',
    '2020年',
    '2025年',
    '属性',
    '1',
    '电子商务交易额',
    '亿元',
    '3000',
    '6000',
    '预期性',
    '2',
    '网络零售额占社会消费品零售总额比重',
    '%',
    '20',
    '≥30',
    '预期性',
    '3',
    '农村快递服务覆盖率（%）',
    '—',
    '85',
    '—',
    '约束性',
    '二、主要任务',
  ].join('\n');

  it('reads the target column of a table laid out one cell per line', () => {
    const ts = targetsOf(table);
    expect(ts.map((t) => [t.indicator, t.comparator, t.value, t.unit, t.deadlineYear])).toEqual([
      ['电子商务交易额', '=', 600_000_000_000, '元', 2025],
      ['网络零售额占社会消费品零售总额比重', '>=', 30, '%', 2025],
    ]);
    for (const t of ts) expect(table.slice(t.span[0], t.span[1])).toBe(t.text);
  });

  it('takes the unit from the indicator name and the bound from the cell', () => {
    const ts = targetsOf(
      [
        '指标 |',
        '2020年基期值 |',
        '2025年目标值 |',
        '年均增(5年累计) |',
        '粮食综合生产能力(亿吨) |',
        '一 |',
        '>6.5 |',
        '一 |',
      ].join('\n'),
    );
    expect(ts.map((t) => [t.indicator, t.comparator, t.value, t.unit])).toEqual([
      ['粮食综合生产能力', '>', 650_000_000, '吨'],
    ]);
  });

  it('does not list again a table row the prose has stated', () => {
    const ts = targetsOf(`到2025年，全市电子商务交易额达到6000亿元。\n${table}`);
    expect(ts.filter((t) => t.value === 600_000_000_000)).toHaveLength(1);
  });

  it('reads the same table with Windows line ends', () => {
    expect(targetsOf(table.replace(/\n/g, '\r\n')).map((t) => t.value)).toEqual([600_000_000_000, 30]);
  });

  it('reads nothing from a table without a target column', () => {
    expect(targetsOf(['序号', '指标', '单位', '属性', '1', '交易额', '亿元', '预期性'].join('\n'))).toEqual(
      [],
    );
  });
});

describe('restatements', () => {
  it('lists a commitment the plan repeats verbatim once', () => {
    const line = '到2015年，电子商务交易额突破6000亿元。';
    expect(targetsOf(`${line}\n附件2\n任务分工表\n${line}`)).toHaveLength(1);
  });

  it('lists once a commitment repeated without the deadline its paragraph gave it', () => {
    const text =
      '到2015年，生态环境不断优化。电子商务交易额突破6000亿元。\n附件\n任务分工表\n电子商务交易额突破6000亿元。';
    expect(targetsOf(text).map((t) => t.deadlineYear)).toEqual([2015]);
  });

  it('keeps the same level promised for two different years', () => {
    expect(
      targetsOf('到2020年，覆盖率达到90%。到2025年，覆盖率达到90%。').map((t) => t.deadlineYear),
    ).toEqual([2020, 2025]);
  });

  it('lists a commitment an annex table restates in other words once', () => {
    const text = [
      '到2035年，满意度达到90%左右。',
      '附件1',
      '11.签约居民满意率',
      '较上一年增加，2035年达到90%。',
      '13.签约居民建档率',
      '较上一年增加，力争2035年达到90%。',
    ].join('\n');
    expect(targetsOf(text).map((t) => t.indicator)).toEqual(['满意度', '签约居民建档率']);
  });
});

describe('levels reached by lowering, withstanding or covering every year', () => {
  it('takes a rate lowered to a ceiling as a level, though rates and fees are otherwise parameters', () => {
    expect(one('引导合作机构逐步将平均担保费率降至1%以下。')).toEqual({
      comparator: '<=',
      value: 1,
      unit: '%',
    });
    const t = targetsOf('到2020年，全市平均贷款利率降到5%以下。');
    expect(t.map((x) => [x.comparator, x.value, x.unit, x.deadlineYear])).toEqual([['<=', 5, '%', 2020]]);
    // Parameters, relative changes and incentives stay out.
    expect(brief('原则上担保费率不超过1%，对小微企业收取的担保费率不高于1.5%。')).toEqual([]);
    expect(brief('引导机构将担保费率降低0.5个百分点。')).toEqual([]);
    expect(brief('对担保费率降至1%以下的机构给予奖补。')).toEqual([]);
  });

  it('takes a magnitude the plan commits to withstand as an "about" level, not a rank', () => {
    const t = targetsOf('力争使全市重点区域的学校基本具备抗御7级左右地震的能力，带动全省提高防御能力。');
    expect(t.map((x) => [x.comparator, x.value, x.unit])).toEqual([['about', 7, '级']]);
    expect(t[0]!.indicator).toBe('全市重点区域的学校抗御地震能力');
    expect(one('经过五年努力，使其成为率先具备抵御8级左右地震能力的示范地区。')).toEqual({
      comparator: 'about',
      value: 8,
      unit: '级',
    });
    // Forecasts and past quakes are magnitudes, not levels.
    expect(brief('预计未来一年将发生几次7级左右强震，可能发生6级左右地震。')).toEqual([]);
  });

  it('takes a yearly coverage quota of inspections as a level, each share of a list with what it covers', () => {
    const t = targetsOf(
      '市级监管部门每年要对本行政区域内20%以上的乡镇和10%以上的村开展督查，县级部门每年要对40%以上的企业开展检查。',
    );
    expect(t.map((x) => [x.indicator, x.comparator, x.value, x.unit])).toEqual([
      ['市级监管部门每年督查的乡镇比例', '>=', 20, '%'],
      ['市级监管部门每年督查的村比例', '>=', 10, '%'],
      ['县级部门每年检查的企业比例', '>=', 40, '%'],
    ]);
    expect(t[0]!.text).toBe('市级监管部门每年要对本行政区域内20%以上的乡镇');
    expect(one('各级部门每年抽查比例不低于30%。')).toEqual({ comparator: '>=', value: 30, unit: '%' });
    // Other yearly figures are rules; a share inspected in the past is history.
    expect(brief('每年安排30%以上的资金用于基层。')).toEqual([]);
    expect(brief('每年对企业检查1次，检查结果予以公开。')).toEqual([]);
    expect(brief('2019年，全省共抽查30%以上的企业。')).toEqual([]);
  });
});

describe('the Chengdu plan (golden test)', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const text = readFileSync(resolve(here, '../../fixtures/chengdu-ecommerce-plan-2013-2015.txt'), 'utf8');
  const ts = targetsOf(text);

  it('finds exactly the seven targets for 2015', () => {
    expect(ts.map((t) => [t.indicator, t.comparator, t.value, t.unit, t.deadlineYear, t.cumulative])).toEqual(
      [
        ['电子商务交易额', '>', 600_000_000_000, '元', 2015, false],
        ['网络零售额', '>=', 50_000_000_000, '元', 2015, false],
        ['网络零售额占社会消费品零售总额比重', '>=', 10, '%', 2015, false],
        ['中小企业电子商务应用普及率', '>=', 70, '%', 2015, false],
        ['规模以上企业电子商务应用普及率', '>=', 90, '%', 2015, false],
        ['以成都为结算中心的移动电子商务交易规模', '>', 100_000_000_000, '元', 2015, false],
        ['移动电子商务本土用户数量', '>', 5_000_000, '户', 2015, true],
      ],
    );
  });

  it('quotes each target exactly as written', () => {
    for (const t of ts) expect(text.slice(t.span[0], t.span[1])).toBe(t.text);
    expect(ts.map((t) => t.text)).toContain('移动电子商务本土用户数量累计超过500万户');
  });
});

describe('robustness', () => {
  const corpusLike = [
    '到2015年，电子商务交易额突破6000亿元，其中网络零售额达到500亿元，相当于社会消费品零售总额的10%；',
    '建设100个省级班主任工作室。（责任单位：省教育厅）',
    '2012年已达3000亿元，同比增长40%，给予50万元补助，65岁以上，〔2013〕894号，第3条，2-3个',
    '一、2026年主要工作\n附件1\n1.覆盖率\n≥50%\n“20条”　　（一）发展基础。',
  ].join('');

  it('never throws and keeps every span inside the input, on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        const { targets, diagnostics } = extractTargets(s);
        expect(diagnostics.filter((d) => d.code === 'TARGETS_FAILED')).toEqual([]);
        for (const t of targets) {
          expect(t.span[0]).toBeGreaterThanOrEqual(0);
          expect(t.span[1]).toBeLessThanOrEqual(s.length);
          expect(s.slice(t.span[0], t.span[1])).toBe(t.text);
        }
      }),
    );
  });

  it('never throws on cuts and splices of plan text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(corpusLike.length), fc.nat(corpusLike.length)), {
          minLength: 1,
          maxLength: 8,
        }),
        (cuts) => {
          const s = cuts.map(([a, b]) => corpusLike.slice(Math.min(a, b), Math.max(a, b))).join('');
          const { targets, diagnostics } = extractTargets(s);
          expect(diagnostics.filter((d) => d.code === 'TARGETS_FAILED')).toEqual([]);
          for (const t of targets) expect(s.slice(t.span[0], t.span[1])).toBe(t.text);
        },
      ),
    );
  });

  it('handles a 1 MB input of dense numerals without losing its spans', () => {
    const big = corpusLike.repeat(Math.ceil(1_000_000 / corpusLike.length));
    const { targets } = extractTargets(big);
    // Verbatim repetitions are one commitment each.
    expect(targets.length).toBeLessThan(10);
    for (const t of targets) expect(big.slice(t.span[0], t.span[1])).toBe(t.text);
  });
});
