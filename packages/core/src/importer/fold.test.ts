import { describe, expect, it } from 'vitest';
import { foldText } from './fold.js';
import { parsePlan } from './parse-plan.js';

/** The items of a draft as "label title: lead units" lines, depth first. */
function outline(text: string): string[] {
  const out: string[] = [];
  const walk = (nodes: ReturnType<typeof parsePlan>['nodes']) => {
    for (const n of nodes) {
      out.push(`${n.label}${n.title}: ${n.leadUnits.join('、')}`);
      walk(n.children);
    }
  };
  walk(parsePlan(text).nodes);
  return out;
}

describe('blanks other than U+3000 (web pages and Word exports)', () => {
  it('keeps every offset: one character for one', () => {
    const text = '\u2003\u2003一、总\u2002体\u200b要求\ufeff';
    const folded = foldText(text);
    expect(folded).toHaveLength(text.length);
    expect(folded).toBe('\u3000\u3000一、总 体 要求 ');
    expect(foldText('一、总体要求')).toBe('一、总体要求');
  });

  // Invented plans, each indented the way one kind of export writes it.
  const plain =
    '一、强化统筹\n1.建立工作台账。（区商务局负责）\n2.定期会商研判。（区发展改革局牵头，区统计局配合）';
  const expected = outline(plain);

  it.each([
    ['EM SPACE (&emsp;)', '\u2003\u2003'],
    ['EN SPACE (&ensp;)', '\u2002\u2002\u2002\u2002'],
    ['thin and figure spaces', '\u2009\u2007'],
    ['a zero-width space', '\u200b'],
    ['a byte-order mark', '\ufeff'],
  ])('reads a plan whose lines are indented with %s as it reads the plain one', (_name, indent) => {
    const indented = plain
      .split('\n')
      .map((l) => indent + l)
      .join('\n');
    expect(expected).toEqual(['一、强化统筹: ', '1.建立工作台账: 区商务局', '2.定期会商研判: 区发展改革局']);
    expect(outline(indented)).toEqual(expected);
  });

  it('gives spans into the text as given', () => {
    const text = '\u2003\u2003一、完善机制\n\u2003\u20031.健全考核办法。（市人社局负责）';
    const draft = parsePlan(text);
    const item = draft.nodes[0]!.children[0]!;
    const lead = item.unitMentions[0]!;
    expect(text.slice(lead.span[0], lead.span[1])).toBe('市人社局');
  });
});

describe('small form variants', () => {
  it('reads "1﹒" as the label "1．" would be read, offsets kept', () => {
    expect(foldText('3﹒建设数据中心﹐完善﹙二期﹚')).toBe('3.建设数据中心,完善(二期)');
    const text = '（二）完善平台。\n3﹒建设数据中心。（市大数据局负责）\n4﹒推进上云。（市工信局负责）';
    const item = parsePlan(text).nodes[0]!;
    expect(item.children.map((n) => [n.title, n.leadUnits])).toEqual([
      ['建设数据中心', ['市大数据局']],
      ['推进上云', ['市工信局']],
    ]);
  });
});
