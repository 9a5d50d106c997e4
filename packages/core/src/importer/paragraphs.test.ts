import { describe, expect, it } from 'vitest';
import { parsePlan } from './parse-plan.js';
import { splitParagraphs } from './paragraphs.js';
import { walkNodes } from './corpus-score.js';

const outline = (text: string) =>
  [...walkNodes(parsePlan(text).nodes)].map((n) => `${n.label}${n.title}`.slice(0, 12));

describe('paragraphs of a plan flattened onto one line', () => {
  const flat =
    '某市农村电子商务发展实施方案一、总体要求（一）指导思想。坚持问题导向，推动一、二、三产业融合发展。' +
    '（二）工作目标。到2020年，建成电商示范镇不少于10个。二、重点任务（一）发展农村电商。按照第（一）项的要求，' +
    '推进电商进农村。1.建设服务站点。建设村级服务站（市商务局牵头，市财政局配合）。2.培训电商人才。开展培训' +
    '（市人社局负责）。（二）完善物流配送。建设县级物流中心（市交通局牵头，市邮政管理局参加）。三、保障措施' +
    '（一）加强组织领导。各地要加强领导。';

  it('splits before each inline label that continues the numbering', () => {
    expect(outline(flat)).toEqual([
      '一、总体要求',
      '（一）指导思想',
      '（二）工作目标',
      '二、重点任务',
      '（一）发展农村电商',
      '1.建设服务站点',
      '2.培训电商人才',
      '（二）完善物流配送',
      '三、保障措施',
      '（一）加强组织领导',
    ]);
  });

  it('does not split at a reference to an item or at a list of numerals inside a sentence', () => {
    const texts = splitParagraphs(flat).map((p) => p.text);
    expect(texts.some((t) => t.startsWith('（一）项'))).toBe(false);
    expect(texts.some((t) => t.startsWith('二、三产业'))).toBe(false);
    expect(texts.find((t) => t.startsWith('（一）指导思想'))).toContain('一、二、三产业融合发展');
  });

  it('keeps the units of each item with it', () => {
    const d = parsePlan(flat);
    const tasks = [...walkNodes(d.nodes)].filter((n) => n.leadUnits.length > 0);
    expect(tasks.map((n) => [n.label, n.leadUnits, n.supportUnits])).toEqual([
      ['1.', ['市商务局'], ['市财政局']],
      ['2.', ['市人社局'], []],
      ['（二）', ['市交通局'], ['市邮政管理局']],
    ]);
  });

  it('reads a short plan pasted as one line, its title included', () => {
    // Under the length at which a paragraph of a document with lines is looked at for inline items: a text with
    // no line break at all can only be a flattened document.
    const short =
      '某县推进智慧社区建设工作方案 一、工作目标 到2025年，建成智慧社区20个。 二、重点任务 （一）完善设施。' +
      '推进网络全覆盖。（县经信局负责） （二）发展服务。建设服务平台。（县民政局负责，县财政局配合）';
    expect(short.length).toBeLessThan(160);
    const d = parsePlan(short);
    expect(d.title).toBe('某县推进智慧社区建设工作方案');
    expect(outline(short)).toEqual(['一、工作目标', '二、重点任务', '（一）完善设施', '（二）发展服务']);
    expect([...walkNodes(d.nodes)].map((n) => n.leadUnits).flat()).toEqual(['县经信局', '县民政局']);
    // The same words as a paragraph of a document with lines stay one paragraph, as before.
    const paragraph =
      '（三）工作要求。各地要做到：一、提高认识，加强领导；二、明确责任，狠抓落实，确保取得实效。';
    expect(splitParagraphs(`某县工作方案\n${paragraph}`)).toHaveLength(2);
  });

  it('leaves an ordinary paragraph listing 1.…；2.… inline as one paragraph', () => {
    const text = '（三）工作目标。主要目标：1.建成平台；2.培育企业；3.完善服务体系。';
    expect(splitParagraphs(text)).toHaveLength(1);
  });

  it('reads a 13,000-character line of numbered items in one pass', () => {
    const items: string[] = [];
    for (let k = 1; k <= 99; k++)
      items.push(
        `${k}.推进第${k}项工作。围绕产业发展，完善配套服务，加强统筹协调，形成工作合力，推进各项措施落实到位，确保取得实效（市商务局牵头，市财政局配合）。`,
      );
    const text = `某市实施方案一、重点任务${items.join('')}二、保障措施各地要加强领导。`;
    expect(text.length).toBeGreaterThan(7000);
    const long = text + text.slice(text.indexOf('二、保障措施')).repeat(1);
    const d = parsePlan(long.length > 13000 ? long : long + '。'.repeat(13000 - long.length));
    const tasks = [...walkNodes(d.nodes)].filter((n) => n.leadUnits.length > 0);
    expect(tasks).toHaveLength(99);
    expect(d.nodes[0]!.children.map((c) => c.label).slice(0, 3)).toEqual(['1.', '2.', '3.']);
  });

  it('reads decimal headings (1 总则, 1.1, 2.3.1, full-width digits) as nested items', () => {
    const text = [
      '某市突发事件应急预案',
      '1 总则',
      '1.1 编制目的',
      '为了提高应对能力，制定本预案。',
      '1.2 适用范围',
      '本预案适用于全市。',
      '2 组织指挥体系',
      '2.1 领导机构',
      '2.1.1 指挥部',
      '市政府成立指挥部。',
      '２.２ 工作机构',
      '办公室设在市应急局。',
    ].join('\n');
    expect(outline(text)).toEqual([
      '1总则',
      '1.1编制目的',
      '1.2适用范围',
      '2组织指挥体系',
      '2.1领导机构',
      '2.1.1指挥部',
      '２.２工作机构',
    ]);
    // Figures are not headings.
    expect(outline('方案\n一、目标\n1.5万元用于建设。')).toEqual(['一、目标']);
  });

  it('splits decimal headings flattened onto one line', () => {
    const text =
      '某县防汛应急预案1 总则1.1 编制目的为做好防汛工作，保障人民群众生命财产安全，依据有关法律法规，结合本县实际，制定本预案。' +
      '1.2 适用范围本预案适用于全县行政区域内洪涝灾害的预防和应急处置，以及由此引发的次生灾害的防范工作。' +
      '2 组织体系2.1 县防汛指挥部县政府设立防汛指挥部，负责组织、指挥、协调全县防汛工作，指挥部办公室设在县水利局。';
    expect(outline(text)).toEqual([
      '1总则',
      '1.1编制目的为做好防汛',
      '1.2适用范围本预案适用',
      '2组织体系',
      '2.1县防汛指挥部县政府',
    ]);
  });
});
