import { describe, expect, it } from 'vitest';
import { isUnitLike, splitUnitList } from './unit-names.js';
import { findConventions, findUnitStatements } from './units.js';
import { isDeadlineClause } from './deadlines.js';

/** Reads the statements of `text` and returns, per statement, its lead and supporting units. */
function read(text: string): { lead: string[]; support: string[] }[] {
  const statements = findUnitStatements(text, 0, text.length, findConventions(text));
  for (const st of statements) {
    for (const m of st.mentions) {
      // Every mention's span points at its own name in the input.
      expect(text.slice(m.span[0], m.span[1])).toBe(m.name);
    }
  }
  return statements.map((st) => ({
    lead: st.mentions.filter((m) => m.role === 'lead').map((m) => m.name),
    support: st.mentions.filter((m) => m.role === 'support').map((m) => m.name),
  }));
}

describe('unit statements', () => {
  it('reads "(牵头单位：A、B)" with ASCII brackets', () => {
    expect(read('开展试点。(牵头单位：市发改委、市商务局)')).toEqual([
      { lead: ['市发改委', '市商务局'], support: [] },
    ]);
  });

  it('reads "牵头单位：A；配合单位：B" in brackets and in running text', () => {
    expect(read('推进建设。（牵头单位：市经信委；配合单位：市财政局、市商务局）')).toEqual([
      { lead: ['市经信委'], support: ['市财政局', '市商务局'] },
    ]);
    expect(read('推进建设。\n牵头单位：市经信委；配合单位：市财政局\n')).toEqual([
      { lead: ['市经信委'], support: ['市财政局'] },
    ]);
  });

  it('reads "责任单位：A" with units separated by 、 and ，', () => {
    expect(read('（责任单位：省教育厅、省财政厅，各市、县〔区〕政府）')).toEqual([
      { lead: ['省教育厅', '省财政厅', '各市、县〔区〕政府'], support: [] },
    ]);
  });

  it('accepts a statement opened with "(" and closed with "）"', () => {
    expect(read('(责任单位：省政务服务办、省市场监管局等，各市、县〔区〕政府）')).toEqual([
      { lead: ['省政务服务办', '省市场监管局', '各市、县〔区〕政府'], support: [] },
    ]);
  });

  it('reads "（A牵头，B、C配合）"', () => {
    expect(read('（市商务局牵头，市财政局、市税务局配合）')).toEqual([
      { lead: ['市商务局'], support: ['市财政局', '市税务局'] },
    ]);
  });

  it('reads "（A牵头，B按职责分工负责）": after a lead, 负责 means support', () => {
    expect(read('（市发改委牵头，各区（市）县政府按职责分工负责）')).toEqual([
      { lead: ['市发改委'], support: ['各区（市）县政府'] },
    ]);
  });

  it('reads "（A、B负责）": every listed unit leads', () => {
    expect(read('（交通运输部、财政部负责）')).toEqual([{ lead: ['交通运输部', '财政部'], support: [] }]);
  });

  it('reads several leads and collective supporters split at 等', () => {
    expect(read('（省财政厅、省金融监管局按职责分工牵头，省商务厅、省国资委等省直有关部门配合）')).toEqual([
      { lead: ['省财政厅', '省金融监管局'], support: ['省商务厅', '省国资委', '省直有关部门'] },
    ]);
  });

  it('reads 会同: the unit before it leads, the ones after support', () => {
    expect(read('（国家发展改革委、财政部会同有关部门负责）')).toEqual([
      { lead: ['国家发展改革委', '财政部'], support: ['有关部门'] },
    ]);
  });

  it('reads "（负责部门：…；适用范围：…）" without taking the scope for units', () => {
    expect(read('（负责部门：人民银行、外汇局；适用范围：所有自贸试验区，以下同）')).toEqual([
      { lead: ['人民银行', '外汇局'], support: [] },
    ]);
    expect(read('（负责部门：人民银行等部门，适用范围：浙江自贸试验区）')).toEqual([
      { lead: ['人民银行'], support: [] },
    ]);
  });

  it('applies a declared convention "列第一的为牵头单位，下同" from that statement on', () => {
    const text =
      '甲。（省发展改革委、省商务厅按职责分工负责，列第一的为牵头单位，下同）乙。（省商务厅、省体育局按职责分工负责）丙。（省民政厅负责）';
    expect(read(text)).toEqual([
      { lead: ['省发展改革委'], support: ['省商务厅'] },
      { lead: ['省商务厅'], support: ['省体育局'] },
      { lead: ['省民政厅'], support: [] },
    ]);
  });

  it('applies a convention declared in the preamble ("列第一位者为牵头单位") to 责任单位 lists', () => {
    const text =
      '以下各项任务中，列第一位者为牵头单位。一、推进改革。（责任单位：市发改委、市财政局、市人社局）';
    expect(read(text)).toEqual([{ lead: ['市发改委'], support: ['市财政局', '市人社局'] }]);
  });

  it('does not apply the convention to an explicit 牵头单位 label', () => {
    const text = '列第一位者为牵头单位。（牵头单位：市发改委、市财政局）';
    expect(read(text)).toEqual([{ lead: ['市发改委', '市财政局'], support: [] }]);
  });

  it('ignores ministries named in running prose and in explanatory brackets', () => {
    expect(read('省商务厅要会同省发展改革委、省科技厅加强督促检查。')).toEqual([]);
    expect(read('（企业直接向国家发展改革委申报，不需省级发展改革部门转报）')).toEqual([]);
    expect(read('（国发〔2019〕11号）（含技工院校）（市、区）')).toEqual([]);
  });

  it('keeps names containing 和 whole and splits at 和 only between complete names', () => {
    expect(read('（责任单位：市人力资源和社会保障局、省工业和信息化厅）')).toEqual([
      { lead: ['市人力资源和社会保障局', '省工业和信息化厅'], support: [] },
    ]);
    expect(read('（责任单位：省金融监管局、省财政厅和各市、县〔区〕人民政府）')).toEqual([
      { lead: ['省金融监管局', '省财政厅', '各市、县〔区〕人民政府'], support: [] },
    ]);
  });

  it('keeps collective units as written', () => {
    expect(read('（责任单位：各区（市）县政府、各有关部门，有关设区市、县〔区〕人民政府）')).toEqual([
      { lead: ['各区（市）县政府', '各有关部门', '有关设区市、县〔区〕人民政府'], support: [] },
    ]);
  });

  it('drops a trailing 等 and splits at 及', () => {
    expect(read('（责任单位：省财政厅及省税务局、江西银保监局等）')).toEqual([
      { lead: ['省财政厅', '省税务局', '江西银保监局'], support: [] },
    ]);
  });
});

describe('more unit statement forms', () => {
  it('reads a label in lenticular brackets: "【牵头单位】A"', () => {
    expect(read('建设平台。【牵头单位】市发改委、市经信委\n')).toEqual([
      { lead: ['市发改委', '市经信委'], support: [] },
    ]);
  });

  it('splits units separated only by spaces', () => {
    expect(read('责任单位：市发改委 市财政局　市商务局\n')).toEqual([
      { lead: ['市发改委', '市财政局', '市商务局'], support: [] },
    ]);
  });

  it('treats 责任单位 beside an explicit 牵头单位 as supporting', () => {
    expect(read('（牵头单位：市发改委；责任单位：各区（市）县政府）')).toEqual([
      { lead: ['市发改委'], support: ['各区（市）县政府'] },
    ]);
  });

  it('reads "（A牵头，B落实）" and stops at a foreign key such as 完成时限', () => {
    expect(read('（市发改委牵头，各区（市）县政府落实）')).toEqual([
      { lead: ['市发改委'], support: ['各区（市）县政府'] },
    ]);
    expect(read('（责任单位：市发改委；完成时限：2024年底）')).toEqual([{ lead: ['市发改委'], support: [] }]);
  });

  it('reads a bare list that declares the first-listed convention itself', () => {
    expect(read('（市发改委、市财政局，排在第一位的为牵头单位）')).toEqual([
      { lead: ['市发改委'], support: ['市财政局'] },
    ]);
  });
});

describe('regional variants', () => {
  it('reads a convention declared after a full stop inside the statement', () => {
    expect(
      read('（责任单位：省发展改革委、省经信厅，各市、县〔市、区〕政府。列第一位的为牵头单位，下同）'),
    ).toEqual([{ lead: ['省发展改革委'], support: ['省经信厅', '各市、县〔市、区〕政府'] }]);
  });

  it('reads a statement in tortoise-shell brackets: "〔责任单位：A〕", "〔A牵头，B配合〕"', () => {
    expect(read('落实补贴。〔责任单位：县人社局〕')).toEqual([{ lead: ['县人社局'], support: [] }]);
    expect(read('建设驿站。〔县总工会牵头，县民政局、各乡（镇）政府配合〕')).toEqual([
      { lead: ['县总工会'], support: ['县民政局', '各乡（镇）政府'] },
    ]);
  });

  it('ends the units of a label with their sentence: what follows the 。 is not a unit', () => {
    for (const [open, close] of [
      ['（', '）'],
      ['〔', '〕'],
    ]) {
      const text = `完善机制。${open}责任单位：县医保局、县卫健局按职责分工负责。相关任务均涉及各乡（镇）人民政府，不再逐项分工，下同。${close}`;
      expect(read(text)).toEqual([{ lead: ['县医保局', '县卫健局'], support: [] }]);
      expect(findUnitStatements(text, 0, text.length, []).map((st) => st.doubtful)).toEqual([false]);
    }
  });

  it('strips 按职能分工负责 and similar role phrases', () => {
    expect(read('（省财政厅、省税务局按职能分工负责）')).toEqual([
      { lead: ['省财政厅', '省税务局'], support: [] },
    ]);
    expect(read('（市发改委牵头，市财政局按各自职责负责）')).toEqual([
      { lead: ['市发改委'], support: ['市财政局'] },
    ]);
  });
});

describe('roles marked on names', () => {
  it('reads "市发改委（牵头）" in a list: the marked unit leads, the others support', () => {
    expect(read('（责任单位：市发改委（牵头）、市财政局、市商务局）')).toEqual([
      { lead: ['市发改委'], support: ['市财政局', '市商务局'] },
    ]);
  });

  it('drops a counted vague tail such as 等8个部门', () => {
    expect(read('（责任单位：市发改委、市财政局等8个部门）')).toEqual([
      { lead: ['市发改委', '市财政局'], support: [] },
    ]);
  });
});

describe('role words with a following verb or a leading 由', () => {
  it('reads "（A负责统筹，B配合）" and "（具体由A负责）"', () => {
    expect(read('（市发改委负责统筹，市财政局配合）')).toEqual([
      { lead: ['市发改委'], support: ['市财政局'] },
    ]);
    expect(read('（具体由市财政局负责）')).toEqual([{ lead: ['市财政局'], support: [] }]);
  });
});

describe('mixed statements', () => {
  it('reads role-worded units before a label: "（A牵头；责任单位：B）"', () => {
    expect(read('（市发改委牵头；责任单位：各区县政府）')).toEqual([
      { lead: ['市发改委'], support: ['各区县政府'] },
    ]);
  });
});

describe('doubtful statements', () => {
  it('keeps only names that read like units from a labelled statement and flags it', () => {
    const text = '明确牵头单位：由市发改委统筹协调。';
    const [st] = findUnitStatements(text, 0, text.length, []);
    expect(st?.mentions).toEqual([]);
    expect(st?.doubtful).toBe(true);
  });
});

describe('unit names', () => {
  it('recognises unit names by how they end', () => {
    for (const n of [
      '市发改委',
      '省工业和信息化厅',
      '人行南昌中心支行',
      '南昌海关',
      '各区政府',
      '市委宣传部（市政府新闻办）',
      '省科协',
    ])
      expect(isUnitLike(n), n).toBe(true);
    for (const n of ['企业直接向国家发展改革委申报', '加快推进改革', '含技工院校', '各地结合实际'])
      expect(isUnitLike(n), n).toBe(false);
    for (const n of ['各地', '各区（市）县', '各有关方面', '有关设区市、县〔区〕人民政府'])
      expect(isUnitLike(n), n).toBe(true);
  });

  it('splits a list into name spans', () => {
    const text = 'A市发改委、市财政局，市商务局等';
    expect(splitUnitList(text, 1, text.length).map(([s, e]) => text.slice(s, e))).toEqual([
      '市发改委',
      '市财政局',
      '市商务局',
    ]);
  });
});

describe('a deadline sharing the statement bracket', () => {
  it.each([
    ['（市商务局牵头，市财政局配合，2020年底前完成）', ['市商务局'], ['市财政局']],
    ['(市商务局牵头, 市财政局配合; 2020年底前完成)', ['市商务局'], ['市财政局']],
    ['（2021年6月底前完成；市商务局牵头，市财政局、市税务局配合）', ['市商务局'], ['市财政局', '市税务局']],
    ['(2021年6月底前, 市商务局牵头)', ['市商务局'], []],
    ['（市发展改革委负责，持续推进）', ['市发展改革委'], []],
    ['（长期坚持；市教育局、市人社局按职责分工负责）', ['市教育局', '市人社局'], []],
    ['（市统计局负责，每年）', ['市统计局'], []],
    ['（每季度，市统计局牵头，各区县政府配合）', ['市统计局'], ['各区县政府']],
    ['（市商务局牵头，完成时限：2021年6月底前）', ['市商务局'], []],
    ['（时限：2022年上半年；市商务局牵头）', ['市商务局'], []],
    ['（市住建局会同市财政局负责，本方案印发后3个月内完成）', ['市住建局'], ['市财政局']],
    ['（市数据局牵头，2021—2023年）', ['市数据局'], []],
    ['（市数据局牵头，２０２２年底前）', ['市数据局'], []],
    ['（牵头单位：市商务局；配合单位：市财政局；完成时限：2021年6月底前）', ['市商务局'], ['市财政局']],
    ['（牵头单位：市商务局，2020年底前完成）', ['市商务局'], []],
    ['（2020年底前完成；牵头单位：市商务局；配合单位：市财政局）', ['市商务局'], ['市财政局']],
    ['(责任单位: 市发改委; 持续推进)', ['市发改委'], []],
  ])('reads the units of "%s"', (bracket, lead, support) => {
    const statements = findUnitStatements(bracket, 0, bracket.length, findConventions(bracket));
    expect(statements.map((s) => s.doubtful)).toEqual([false]);
    expect(read(bracket)).toEqual([{ lead, support }]);
  });

  it.each([
    // Deadlines alone, and prose beside a deadline, state no units.
    '（2020年底前完成）',
    '（持续推进，确保落实）',
    '（2020年底前完成，负责同志要亲自抓）',
    '（每年开展一次，企业自主负责）',
    '（长期坚持，各项工作落实到位）',
    '（持续推进改革，加强协同配合）',
    '（2020年底前，由各地结合实际负责）',
  ])('finds no statement in the prose bracket "%s"', (bracket) => {
    expect(read(bracket)).toEqual([]);
  });
});

describe('deadline clauses', () => {
  it.each([
    '2020年底前完成',
    '到2021年6月底前',
    '2020年6月30日前',
    '２０２２年底前',
    '2021—2023年',
    '2022年起',
    '完成时限：2021年6月底前',
    '时限: 2022年上半年',
    '本方案印发后3个月内完成',
    '持续推进',
    '长期坚持',
    '每年',
    '每季度',
    ' 年内完成 ',
  ])('"%s" states only a deadline', (clause) => {
    expect(isDeadlineClause(clause)).toBe(true);
  });

  it.each([
    '持续推进改革',
    '2020年完成改造的小区',
    '市商务局牵头',
    '每年开展一次培训',
    '2020年底前完成市商务局',
  ])('"%s" is not only a deadline', (clause) => {
    expect(isDeadlineClause(clause)).toBe(false);
  });
});

// The classes below were found on real plans the importer had never seen (fixtures/corpus/README.md, failure
// classes C, D, F, G, J); every example is invented.
describe('support labels a civil servant composes: 参加单位, 协同部门, 配合责任单位 …', () => {
  it.each([
    ['（牵头单位：区发展改革局，参加单位：区财政局、区统计局）', ['区发展改革局'], ['区财政局', '区统计局']],
    ['（主责单位：市民政局，协同单位：市卫健委）', ['市民政局'], ['市卫健委']],
    ['（牵头单位：县农业农村局；参加单位：各乡镇人民政府）', ['县农业农村局'], ['各乡镇人民政府']],
    ['（牵头部门：市水务局；参加部门：市城管局）', ['市水务局'], ['市城管局']],
    ['（牵头部门：区司法局，协同部门：区信访局、区公安分局）', ['区司法局'], ['区信访局', '区公安分局']],
    ['（牵头单位：市教育局；配合责任单位：市团委、市妇联）', ['市教育局'], ['市团委', '市妇联']],
    ['（主要责任单位：市交通局；协作部门：市气象局）', ['市交通局'], ['市气象局']],
    ['（牵头单位：市科技局，参加单位：市第一中学、某某大学）', ['市科技局'], ['市第一中学', '某某大学']],
  ])('reads %s', (bracket, lead, support) => {
    expect(read(bracket)).toEqual([{ lead, support }]);
  });
});

describe('compound lead labels: 牵头考核单位, 牵头落实单位, 主要责任单位 …', () => {
  it.each([
    ['（牵头考核单位：市政府办公室、市公安局）', ['市政府办公室', '市公安局']],
    ['（9月底完成，牵头考核部门：市财政局）', ['市财政局']],
    ['（持续推进，牵头考核单位：市大数据局）', ['市大数据局']],
    ['（年内完成；牵头落实单位：县自然资源局）', ['县自然资源局']],
    ['（主要责任单位：区应急管理局）', ['区应急管理局']],
    ['（牵头责任部门：市场监管分局）', ['市场监管分局']],
  ])('reads %s', (bracket, lead) => {
    expect(read(bracket)).toEqual([{ lead, support: [] }]);
  });

  it('reads a compound lead label beside a support label', () => {
    expect(read('（牵头考核单位：市审计局；参加单位：市财政局）')).toEqual([
      { lead: ['市审计局'], support: ['市财政局'] },
    ]);
  });
});

describe('trailing role words: 具体实施, 分头落实, 组织实施, 分工负责, 分别负责', () => {
  it.each([
    ['（市城管局牵头，各街道具体实施）', ['市城管局'], ['各街道']],
    ['（县交通局牵头，各乡镇分头落实）', ['县交通局'], ['各乡镇']],
    ['（市大数据局牵头，各区组织实施）', ['市大数据局'], ['各区']],
    ['（区教育局、区卫健委分工负责）', ['区教育局', '区卫健委'], []],
    ['（区教育局、区卫健委等部门分工负责）', ['区教育局', '区卫健委'], []],
    ['（区教育局、区卫健委分别负责）', ['区教育局', '区卫健委'], []],
    ['（市林业局牵头，各县区组织落实）', ['市林业局'], ['各县区']],
  ])('reads %s', (bracket, lead, support) => {
    const statements = findUnitStatements(bracket, 0, bracket.length, []);
    expect(statements.map((s) => s.doubtful)).toEqual([false]);
    expect(read(bracket)).toEqual([{ lead, support }]);
  });

  it('keeps an understood lead clause when a later clause is not understood, and flags the statement', () => {
    const text = '（市城管局牵头，各街道抓好日常巡查）';
    const statements = findUnitStatements(text, 0, text.length, []);
    expect(statements.map((s) => s.doubtful)).toEqual([true]);
    expect(read(text)).toEqual([{ lead: ['市城管局'], support: [] }]);
    expect(read('（区商务局、区财政局负责，区统计局配合，确保资金到位）')).toEqual([
      { lead: ['区商务局', '区财政局'], support: ['区统计局'] },
    ]);
  });

  it.each([
    // Prose in brackets that ends in a role word, or whose first clause names no unit, is still no statement.
    '（由企业自主实施）',
    '（分阶段组织实施）',
    '（试点先行，逐步实施）',
    '（加强统筹，各地抓好落实）',
    '（企业牵头，高校参与）',
    '（持续推进改革，各方分工负责）',
    '（具体办法另行制定，由各地组织实施）',
  ])('finds no statement in the prose bracket "%s"', (bracket) => {
    expect(read(bracket)).toEqual([]);
  });
});

describe('unit names holding a quotation: 市“放管服”改革协调小组办公室', () => {
  it.each([
    ['（市“放管服”改革协调小组办公室牵头，市财政局配合）', ['市“放管服”改革协调小组办公室'], ['市财政局']],
    ['（省“互联网+政务服务”工作专班成员单位按职责分工负责）', ['省“互联网+政务服务”工作专班成员单位'], []],
    ['（县“双减”工作领导小组办公室负责）', ['县“双减”工作领导小组办公室'], []],
    [
      '（责任单位：区“双随机、一公开”工作办公室、区司法局）',
      ['区“双随机、一公开”工作办公室', '区司法局'],
      [],
    ],
    [
      '（“一网通办”专班牵头，市政务服务中心与市数据局配合）',
      ['“一网通办”专班'],
      ['市政务服务中心', '市数据局'],
    ],
  ])('reads %s', (bracket, lead, support) => {
    expect(read(bracket)).toEqual([{ lead, support }]);
  });

  it('judges the name around the quotation: prose that quotes a slogan is still prose', () => {
    for (const n of ['“放管服”', '市“放管服”', '深化“放管服”改革', '“放管服”改革的要求。', '市“放管服办'])
      expect(isUnitLike(n), n).toBe(false);
    expect(read('（深化“放管服”改革，加强协同配合）')).toEqual([]);
  });
});

describe('collective units and shared suffixes with an inner 、', () => {
  it.each([
    ['（各区、县级市人民政府负责）', ['各区、县级市人民政府'], []],
    ['（市住建局，各区、市政府按职责分工负责）', ['市住建局', '各区、市政府'], []],
    ['（有关区、市政府负责）', ['有关区、市政府'], []],
    ['（各县（市、区）政府负责）', ['各县（市、区）政府'], []],
    ['（各区、县、市人民政府按职责分工负责）', ['各区、县、市人民政府'], []],
    ['（牵头单位：市发改委；参加单位：东城、西城区政府）', ['市发改委'], ['东城、西城区政府']],
    ['（市商务局牵头，甲乙、丙丁、戊己市政府配合）', ['市商务局'], ['甲乙、丙丁、戊己市政府']],
  ])('keeps the collective of %s whole', (bracket, lead, support) => {
    expect(read(bracket)).toEqual([{ lead, support }]);
  });

  it('still splits lists of complete names', () => {
    expect(read('（各区、市财政局负责）')).toEqual([{ lead: ['各区', '市财政局'], support: [] }]);
    expect(read('（市政府办公室、区政府负责）')).toEqual([{ lead: ['市政府办公室', '区政府'], support: [] }]);
    expect(read('（各区、市直有关部门负责）')).toEqual([{ lead: ['各区', '市直有关部门'], support: [] }]);
  });
});
