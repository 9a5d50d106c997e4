/**
 * Plans of every shape: each class of phrasing the importer must read, with invented examples (no text from a
 * real plan). One describe per class.
 */
import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan.js';
import { walkNodes } from './corpus-score.js';

/** The tasks of a plan with their units: [label, lead, support]. */
function tasks(text: string): [string, string[], string[]][] {
  return [...walkNodes(parsePlan(text).nodes)]
    .filter((n) => n.leadUnits.length > 0 || n.supportUnits.length > 0)
    .map((n) => [n.label, n.leadUnits, n.supportUnits]);
}
const item = (statement: string) => `某市实施方案\n一、重点任务\n（一）推进某项工作。加快建设。${statement}`;

describe('role words beyond 配合', () => {
  it.each([
    ['（市环保局牵头，市水务局、市公安局参加）', ['市环保局'], ['市水务局', '市公安局']],
    ['（市环保局牵头，市水务局参与）', ['市环保局'], ['市水务局']],
    ['（市环保局牵头，市水务局协同）', ['市环保局'], ['市水务局']],
    ['（市商务局牵头，市财政局协助配合）', ['市商务局'], ['市财政局']],
    ['（市商务局负责，市税务局协助）', ['市商务局'], ['市税务局']],
  ])('reads %s', (statement, lead, support) => {
    expect(tasks(item(statement))).toEqual([['（一）', lead, support]]);
  });

  it('makes every named unit responsible in "（A、B、C等部门及各地区按职责分工负责）", the collective included', () => {
    expect(tasks(item('（发展改革委、财政部、商务部等部门及各地区按职责分工负责）'))).toEqual([
      ['（一）', ['发展改革委', '财政部', '商务部', '各地区'], []],
    ]);
    expect(tasks(item('（国务院相关部门、各地区按职责分工负责）'))).toEqual([
      ['（一）', ['国务院相关部门', '各地区'], []],
    ]);
  });
});

describe('labels, role words and names seen on plans the importer had never seen (classes C, D, F, G, J)', () => {
  it.each([
    ['（牵头单位：区发展改革局，参加单位：区财政局、区统计局）', ['区发展改革局'], ['区财政局', '区统计局']],
    ['（主责单位：区民政局，协同单位：区卫健委）', ['区民政局'], ['区卫健委']],
    ['（9月底完成，牵头考核单位：市政务服务局）', ['市政务服务局'], []],
    ['（市城管局牵头，各街道具体实施）', ['市城管局'], ['各街道']],
    ['（区教育局、区卫健委分工负责）', ['区教育局', '区卫健委'], []],
    ['（市“放管服”改革协调小组办公室牵头，市财政局配合）', ['市“放管服”改革协调小组办公室'], ['市财政局']],
    ['（市住建局，各区、市政府按职责分工负责）', ['市住建局', '各区、市政府'], []],
  ])('reads %s', (statement, lead, support) => {
    expect(tasks(item(statement))).toEqual([['（一）', lead, support]]);
  });

  it('keeps the lead of a statement whose later clause is not understood, and warns', () => {
    const draft = parsePlan(item('（市城管局牵头，各街道抓好日常巡查）'));
    expect(tasks(item('（市城管局牵头，各街道抓好日常巡查）'))).toEqual([['（一）', ['市城管局'], []]]);
    expect(draft.diagnostics.map((d) => d.code)).toContain('UNIT_STATEMENT_UNPARSED');
  });
});

describe('statements in prose', () => {
  it('reads a sentence that is nothing but a statement: 由A牵头，B、C配合。', () => {
    expect(tasks(item('由市交通运输局牵头，市公安局、市财政局配合。'))).toEqual([
      ['（一）', ['市交通运输局'], ['市公安局', '市财政局']],
    ]);
  });

  it("reads the supporting units' clause after a lead that opens the item's text", () => {
    const opening = (body: string) => `某县实施方案\n一、主要任务\n（一）加强人才培训。${body}`;
    expect(tasks(opening('由县人社局牵头，县商务局、团县委配合，每年开展培训20期。'))).toEqual([
      ['（一）', ['县人社局'], ['县商务局', '团县委']],
    ]);
    expect(tasks(opening('县人社局负责，县商务局参与。'))).toEqual([['（一）', ['县人社局'], ['县商务局']]]);
    // A clause that is not only units and a support role word gives none.
    expect(tasks(opening('县人社局牵头，各有关部门要积极配合。'))).toEqual([['（一）', ['县人社局'], []]]);
    expect(tasks(opening('县人社局牵头，加强统筹协调配合。'))).toEqual([['（一）', ['县人社局'], []]]);
  });

  it('reads units that open a paragraph with 负责', () => {
    expect(tasks('某市实施方案\n一、重点任务\n（一）加强监测预警。\n市生态环境局负责建立监测网络。')).toEqual(
      [['（一）', ['市生态环境局'], []]],
    );
    expect(tasks(item('\n市发展改革委会同市财政局负责制定年度计划。'))).toEqual([
      ['（一）', ['市发展改革委'], ['市财政局']],
    ]);
  });

  it('does not take prose that merely names a department for a statement', () => {
    expect(tasks(item('环境保护部门要加强监管，各地区要落实责任。'))).toEqual([]);
    expect(tasks(item('由省发展改革部门牵头，会同商务等部门建立重点企业名单。'))).toEqual([]);
    expect(tasks(item('各有关部门负责做好配合工作。'))).toEqual([]);
  });

  it('prefers a bracketed statement to prose in the same item', () => {
    expect(tasks(item('由市发展改革部门牵头，会同有关部门建立名单。（市商务局牵头，市财政局配合）'))).toEqual(
      [['（一）', ['市商务局'], ['市财政局']]],
    );
  });
});

describe('duty lists in an annex', () => {
  const plan = [
    '某省推进职业教育发展实施方案',
    '一、重点任务',
    '（一）建设实训基地。新建一批实训基地。',
    '（二）完善招生制度。扩大招生规模。',
    '（三）加强师资队伍建设。培养双师型教师。',
    '附件：部门职责分工',
    '省发展改革委负责建设实训基地，统筹安排项目资金。',
    '省教育厅负责完善招生制度和加强师资队伍建设。',
    '省财政厅负责落实经费保障。',
  ].join('\n');

  it('gives each unit to the body items its duties name', () => {
    const d = parsePlan(plan);
    const body = d.nodes[0]!.children;
    expect(body.map((n) => [n.label, n.leadUnits])).toEqual([
      ['（一）', ['省发展改革委']],
      ['（二）', ['省教育厅']],
      ['（三）', ['省教育厅']],
    ]);
  });

  it('keeps a unit whose duties name no item as a task of its own under the annex', () => {
    const d = parsePlan(plan);
    const annex = d.nodes[d.nodes.length - 1]!;
    expect(annex.title).toBe('附件：部门职责分工');
    expect(annex.children.map((n) => n.leadUnits)).toEqual([['省财政厅']]);
    expect(d.units).toEqual(['省发展改革委', '省教育厅', '省财政厅']);
  });
});

describe('titles and issuers', () => {
  it("takes the plan's own title from a covering notice without a title line of its own", () => {
    const d = parsePlan(
      '某省人民政府关于印发某省数字政府建设实施方案的通知\n各市人民政府：\n现将《某省数字政府建设实施方案》印发给你们。\n一、总体要求\n（一）目标。建成平台。',
    );
    expect(d.title).toBe('某省数字政府建设实施方案');
    expect(d.issuers).toEqual(['某省人民政府']);
  });

  it('lists every issuer of a joint notice from its signature, not "X等4部门"', () => {
    const d = parsePlan(
      [
        '某市卫生健康委等3部门关于印发某市社区医疗服务提升方案的通知',
        '各区卫生健康局：',
        '现将《某市社区医疗服务提升方案》印发给你们，请遵照执行。',
        '某市卫生健康委员会　　　某市财政局',
        '某市医疗保障局',
        '2022年5月6日',
        '某市社区医疗服务提升方案',
        '一、工作目标',
        '到2023年，建成社区医院不少于20家。',
      ].join('\n'),
    );
    expect(d.issuers).toEqual(['某市卫生健康委员会', '某市财政局', '某市医疗保障局']);
    expect(d.issuer).toBe('某市卫生健康委员会、某市财政局、某市医疗保障局');
    expect(d.title).toBe('某市社区医疗服务提升方案');
  });

  it('splits issuers written together before 关于', () => {
    expect(parsePlan('某省发展改革委 某省商务厅关于推进物流降本增效的实施意见\n一、任务').issuers).toEqual([
      '某省发展改革委',
      '某省商务厅',
    ]);
  });
});

describe('targets', () => {
  const targets = (text: string) =>
    parsePlan(text).targets.map((t) => [t.indicator, t.comparator, t.value, t.unit, t.deadlineYear]);

  it.each([
    ['到2022年，培育电商示范企业1-2个。', '电商示范企业', '>=', 1, '个'],
    ['到2022年，建设物流园区1至2个。', '物流园区', '>=', 1, '个'],
    ['到2022年，打造特色商业街3～5家。', '特色商业街', '>=', 3, '家'],
    ['到2022年，建成示范区8到10个。', '示范区', '>=', 8, '个'],
  ])('reads the range in "%s" as at least its lower bound', (text, indicator, cmp, value, unit) => {
    expect(targets(text)).toEqual([[indicator, cmp, value, unit, 2022]]);
  });

  it('reads a ceiling on a range as its upper bound', () => {
    expect(targets('审批时限压缩至3-5个工作日。')).toEqual([['审批时限', '<=', 5, '个工作日', null]]);
  });

  it('reads a quota set for every area', () => {
    expect(targets('到2021年，每个设区市明确1个试点县，每个乡镇建成1个服务站。')).toEqual([
      ['每个设区市试点县', '=', 1, '个', 2021],
      ['每个乡镇服务站', '=', 1, '个', 2021],
    ]);
    // A rate per head or per project is a rule, not a quota.
    expect(targets('每个项目最高补助100万元，每人每年补贴1000元。')).toEqual([]);
  });

  it('does not take an edition label for a deadline', () => {
    expect(targets('对照《评价标准（2019年版）》，建成绿色社区10个。')).toEqual([
      ['绿色社区', '=', 10, '个', null],
    ]);
  });

  it('takes both of two parallel statements with their own deadlines', () => {
    expect(targets('到2020年，示范基地不少于10个，到2025年不少于8个。')).toEqual([
      ['示范基地', '>=', 10, '个', 2020],
      ['示范基地', '>=', 8, '个', 2025],
    ]);
  });
});

describe('item deadlines', () => {
  const deadline = (statement: string) => {
    const n = parsePlan(`某市实施方案\n一、重点任务\n（一）推进工作。${statement}`).nodes[0]!.children[0]!;
    const d = n.deadline;
    return d
      ? { kind: d.kind, date: d.date, months: d.months, days: d.days, every: d.every, text: d.text }
      : null;
  };
  const clean = (o: object) => JSON.parse(JSON.stringify(o)) as object;

  it.each([
    ['2020年底前建成平台。', { kind: 'date', date: '2020', text: '2020年底前' }],
    [
      '建成平台（市商务局牵头，2021年6月底前完成）。',
      { kind: 'date', date: '2021-06', text: '2021年6月底前' },
    ],
    ['建成平台。完成时限：2020年6月30日前。', { kind: 'date', date: '2020-06-30', text: '2020年6月30日前' }],
    ['完成时限：2021年上半年。', { kind: 'date', date: '2021-06', text: '2021年上半年' }],
    ['本方案印发后3个月内出台细则。', { kind: 'relative', months: 3, text: '印发后3个月内' }],
    ['印发之日起30日内报送方案。', { kind: 'relative', days: 30, text: '印发之日起30日内' }],
    ['开展评估（市统计局负责，每年）。', { kind: 'recurring', every: 'year', text: '每年' }],
    ['加强监管（市场监管局负责，长期坚持）。', { kind: 'ongoing', text: '长期坚持' }],
    ['深化改革（市发展改革委牵头，持续推进）。', { kind: 'ongoing', text: '持续推进' }],
    // A span is due at its end, its year the start's when it names none.
    ['建成平台。完成时限：2024年3月—6月。', { kind: 'date', date: '2024-06', text: '2024年3月—6月' }],
    ['建成平台。完成时限：2023年—2025年。', { kind: 'date', date: '2025', text: '2023年—2025年' }],
    [
      '建成平台。时间节点：2024年9月至2025年3月。',
      { kind: 'date', date: '2025-03', text: '2024年9月至2025年3月' },
    ],
    // A span in a bracket beside the units, with no 前 or 完成: due at its end all the same.
    [
      '建成平台（区数据局牵头，2024年9月至12月）。',
      { kind: 'date', date: '2024-12', text: '2024年9月至12月' },
    ],
  ])('reads "%s"', (statement, expected) => {
    expect(clean(deadline(statement)!)).toEqual(expected);
  });

  it('finds none where the text states none, nor in prose that describes the work', () => {
    expect(deadline('持续推进改革，每年开展培训。')).toBeNull();
    expect(deadline('对照《标准（2019年版）》建设。')).toBeNull();
  });

  it('points its span at the phrase', () => {
    const text = '某市实施方案\n一、重点任务\n（一）推进工作。2020年底前建成平台。';
    const d = parsePlan(text).nodes[0]!.children[0]!.deadline!;
    expect(text.slice(d.span[0], d.span[1])).toBe(d.text);
  });
});

describe('units and deadline in one bracket', () => {
  const read = (statement: string) => {
    const n = parsePlan(`某市实施方案\n一、重点任务\n（一）推进工作。建成平台${statement}。`).nodes[0]!
      .children[0]!;
    return { lead: n.leadUnits, support: n.supportUnits, deadline: n.deadline?.text ?? null, title: n.title };
  };

  it.each([
    ['（市商务局牵头，市财政局配合，2020年底前完成）', ['市商务局'], ['市财政局'], '2020年底前'],
    ['(2021年6月底前完成, 市商务局牵头, 市财政局配合)', ['市商务局'], ['市财政局'], '2021年6月底前'],
    [
      '（牵头单位：市商务局；配合单位：市财政局；完成时限：2021年6月底前）',
      ['市商务局'],
      ['市财政局'],
      '2021年6月底前',
    ],
    ['（市发展改革委负责，持续推进）', ['市发展改革委'], [], '持续推进'],
    ['（每年；市统计局牵头）', ['市统计局'], [], '每年'],
  ])('reads both from "%s"', (statement, lead, support, deadline) => {
    const r = read(statement);
    expect([r.lead, r.support, r.deadline]).toEqual([lead, support, deadline]);
    expect(r.title).toBe('推进工作');
  });

  it('gives no units where the bracket beside the deadline is prose', () => {
    const r = read('（2020年底前完成，负责同志要亲自抓）');
    expect([r.lead, r.support, r.deadline]).toEqual([[], [], '2020年底前']);
  });

  // A task list whose table columns (责任单位, 完成时限) were run into the text: no role word at all.
  it.each([
    ['（区数据局，2024年9月底前）', ['区数据局'], '2024年9月底前'],
    ['（区政务服务中心、区司法局；长期坚持）', ['区政务服务中心', '区司法局'], '长期坚持'],
    ['(县农业农村局、县财政局, 2025年12月底前)', ['县农业农村局', '县财政局'], '2025年12月底前'],
    ['（市住建局，持续推进）', ['市住建局'], '持续推进'],
  ])('reads the units before a deadline with no role word: "%s"', (statement, lead, deadline) => {
    const r = read(statement);
    expect([r.lead, r.support, r.deadline]).toEqual([lead, [], deadline]);
  });

  it.each(['（试点先行，2024年起）', '（以下简称数据局，2024年底前）', '（含农村地区，2025年底前）'])(
    'reads no units from prose before a deadline: "%s"',
    (statement) => {
      expect(read(statement).lead).toEqual([]);
    },
  );
});

describe('titles broken over lines, tables of contents, emergency-plan duty lists', () => {
  it('joins a title printed over several lines, up to the line that says 关于 and the ending of a document', () => {
    const d = parsePlan(
      '某省人民政府办公厅关于全面推行\n行政审批公示制度执法记录制度\n重大决定审核制度的指导意见\n某政办发〔2021〕8号\n各市人民政府：\n一、总体要求',
    );
    expect(d.title).toBe(
      '某省人民政府办公厅关于全面推行行政审批公示制度执法记录制度重大决定审核制度的指导意见',
    );
    expect(d.documentNumber).toBe('某政办发〔2021〕8号');
  });

  it('reads a document number printed on the title line with blanks', () => {
    const d = parsePlan(
      '某省人民政府关于加强生态保护的意见 某政发 〔2015〕 3 号\n各市人民政府：\n一、总体要求',
    );
    expect(d.title).toBe('某省人民政府关于加强生态保护的意见');
    expect(d.documentNumber).toBe('某政发〔2015〕3号');
  });

  it('takes the plan of a covering 函 and skips its table of contents', () => {
    const text = [
      '某省人民政府办公厅关于印发',
      '某 省 防 汛 应 急 预 案 的 函',
      '各市人民政府：',
      '《某省防汛应急预案》已经省政府同意，现印发给你们。',
      '某省防汛应急预案',
      '目　　录',
      '1　总则',
      '2　组织体系',
      '1　总则',
      '1.1　编制目的',
      '为做好防汛工作，制定本预案。',
      '2　组织体系',
      '2.1　成员单位职责',
      '（1）省水利厅负责组织防汛抢险技术支撑。',
      '（2）省气象局负责天气监测预报。',
      '（3）省交通运输厅会同省公安厅制订抢险运输方案，负责保障道路畅通。',
    ].join('\n');
    const d = parsePlan(text);
    expect(d.title).toBe('某省防汛应急预案');
    expect(d.nodes.map((n) => n.label + n.title)).toEqual(['1总则', '2组织体系']);
    expect(tasks(text)).toEqual([
      ['（1）', ['省水利厅'], []],
      ['（2）', ['省气象局'], []],
      ['（3）', ['省交通运输厅'], ['省公安厅']],
    ]);
  });

  it('does not take "本预案由X负责解释" or a sentence inside a paragraph for a statement', () => {
    expect(tasks('某预案\n1 附则\n1.1 解释\n本预案由省应急管理厅负责解释。')).toEqual([]);
    expect(tasks(item('各地要落实责任，国家药监局负责对中选品种加强监管。'))).toEqual([]);
  });
});

describe('what is not a target', () => {
  const targets = (text: string) => parsePlan(text).targets.map((t) => [t.comparator, t.value, t.unit]);

  it('reads 不得低于 / 不得超过 as bounds', () => {
    expect(targets('合作机构担保金额占比不得低于80%，审批时限不得超过5个工作日。')).toEqual([
      ['>=', 80, '%'],
      ['<=', 5, '个工作日'],
    ]);
  });

  it('leaves out definitions, time limits counted from an event, counted aspects and ages that are limits', () => {
    expect(targets('日间手术是指患者在1日内入出院完成的手术，住院时间不超过48小时。')).toEqual([]);
    expect(targets('执法决定应在作出之日起20个工作日内公开。')).toEqual([]);
    expect(targets('坚决整治4个方面12类形式主义问题。')).toEqual([]);
    expect(targets('负责人年龄一般不超过70周岁。')).toEqual([]);
    expect(targets('到2030年，人均预期寿命达到80岁。')).toEqual([['>=', 80, '岁']]);
  });

  it('sets no targets in a 通报 of what was done', () => {
    expect(
      targets('某省人民政府关于某市典型做法给予表扬的通报\n1.某市推出3个信贷产品，建成10个服务中心。'),
    ).toEqual([]);
  });
});
