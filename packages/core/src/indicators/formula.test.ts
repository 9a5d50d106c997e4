import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatValue } from './format-value.js';
import { evaluateFormula } from './formula-evaluate.js';
import {
  formatFormula,
  formulaRefKey,
  MAX_FORMULA_DEPTH,
  parseFormula,
  type FormulaNode,
  type FormulaRef,
} from './formula.js';

function ast(text: string): FormulaNode {
  const r = parseFormula(text);
  if (!r.ok) throw new Error(r.error.message.en);
  return r.ast;
}

/** The tree without spans, to compare structure. */
function shape(n: FormulaNode): unknown {
  switch (n.type) {
    case 'number':
      return n.value;
    case 'ref':
      return n.ref;
    case 'negate':
      return ['neg', shape(n.operand)];
    case 'binary':
      return [n.op, shape(n.left), shape(n.right)];
  }
}

describe('parseFormula', () => {
  it('parses the online share of retail into a tree of two references', () => {
    const r = parseFormula('网络零售额 / 社会消费品零售总额 * 100');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(shape(r.ast)).toEqual([
      '*',
      ['/', { by: 'name', name: '网络零售额' }, { by: 'name', name: '社会消费品零售总额' }],
      100,
    ]);
    expect(r.references).toEqual([
      { by: 'name', name: '网络零售额' },
      { by: 'name', name: '社会消费品零售总额' },
    ]);
    expect(r.ast.span).toEqual([0, '网络零售额 / 社会消费品零售总额 * 100'.length]);
  });

  it('follows precedence, left associativity, parentheses and unary minus', () => {
    expect(shape(ast('1 - 2 - 3'))).toEqual(['-', ['-', 1, 2], 3]);
    expect(shape(ast('1 - (2 - 3)'))).toEqual(['-', 1, ['-', 2, 3]]);
    expect(shape(ast('2 + 3 * 4'))).toEqual(['+', 2, ['*', 3, 4]]);
    expect(shape(ast('-A * 2'))).toEqual(['*', ['neg', { by: 'name', name: 'A' }], 2]);
    expect(shape(ast('A--B'))).toEqual(['-', { by: 'name', name: 'A' }, ['neg', { by: 'name', name: 'B' }]]);
  });

  it('accepts ids, codes, bracketed names and the full-width forms of Chinese input', () => {
    expect(shape(ast('#12 / EC_TOTAL'))).toEqual([
      '/',
      { by: 'id', id: 12 },
      { by: 'name', name: 'EC_TOTAL' },
    ]);
    expect(shape(ast('[5G基站数] + 【B2B-交易额】'))).toEqual([
      '+',
      { by: 'name', name: '5G基站数' },
      { by: 'name', name: 'B2B-交易额' },
    ]);
    expect(shape(ast('（网络零售额＋１）÷社零×１００'))).toEqual([
      '*',
      ['/', ['+', { by: 'name', name: '网络零售额' }, 1], { by: 'name', name: '社零' }],
      100,
    ]);
    expect(shape(ast('1.5e3 + .5'))).toEqual(['+', 1500, 0.5]);
  });

  it('refuses bad formulas with a code, a position and a reason in both languages', () => {
    const cases: [string, string, string][] = [
      ['', 'FORMULA_EMPTY', '公式为空'],
      ['   ', 'FORMULA_EMPTY', '公式为空'],
      ['A /', 'FORMULA_UNEXPECTED_END', '末尾'],
      ['(A + B', 'FORMULA_UNCLOSED_PARENTHESIS', '第 1 个字符'],
      ['A + B)', 'FORMULA_UNEXPECTED_CHARACTER', '第 6 个字符'],
      ['A B', 'FORMULA_EXPECTED_OPERATOR', '缺少运算符'],
      ['A * / B', 'FORMULA_EXPECTED_OPERAND', '第 5 个字符'],
      ['5G基站数 * 2', 'FORMULA_BAD_NUMBER', '[5G基站数]'],
      ['[网络零售额', 'FORMULA_UNCLOSED_BRACKET', '第 1 个字符'],
      ['# + 1', 'FORMULA_EMPTY_REFERENCE', '编号'],
      ['A % 2', 'FORMULA_UNEXPECTED_CHARACTER', '%'],
      ['A = B', 'FORMULA_UNEXPECTED_CHARACTER', '='],
      [
        '('.repeat(MAX_FORMULA_DEPTH + 1) + '1' + ')'.repeat(MAX_FORMULA_DEPTH + 1),
        'FORMULA_TOO_DEEP',
        '嵌套',
      ],
      ['-'.repeat(MAX_FORMULA_DEPTH + 1) + '1', 'FORMULA_TOO_DEEP', '嵌套'],
      ['1+'.repeat(1001) + '1', 'FORMULA_TOO_LONG', '超过'],
    ];
    for (const [text, code, zh] of cases) {
      const r = parseFormula(text);
      expect(r.ok, text).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, text).toBe(code);
      expect(r.error.message.zh, text).toContain(zh);
      expect(r.error.message.en.length, text).toBeGreaterThan(10);
      expect(r.error.span[0]).toBeLessThanOrEqual(r.error.span[1]);
    }
  });
});

describe('evaluateFormula', () => {
  it('computes the online share of retail for 2012 as 7.45% from its two component figures', () => {
    // 网络零售额 2012 = 247.3亿元, 社会消费品零售总额 2012 = 3317.7亿元 (data/chengdu-ecommerce-published-figures.csv).
    const figures: Record<string, number> = { 网络零售额: 24730000000, 社会消费品零售总额: 331770000000 };
    const r = evaluateFormula(ast('网络零售额 / 社会消费品零售总额 * 100'), (ref) =>
      ref.by === 'name' ? figures[ref.name] : undefined,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toBeCloseTo(7.454, 3);
    expect(formatValue(r.value, '%', 'zh', { maximumFractionDigits: 2 })).toBe('7.45%');
    expect(r.qualifier).toBe('exact');
    expect(r.components.map((c) => formulaRefKey(c.ref))).toEqual(['网络零售额', '社会消费品零售总额']);
  });

  it('reports every missing component, not just the first', () => {
    const r = evaluateFormula(ast('(A + B) / C'), (ref) => (formulaRefKey(ref) === 'B' ? 1 : null));
    expect(r.ok).toBe(false);
    if (r.ok || r.reason !== 'missing') throw new Error('expected missing');
    expect(r.missing.map(formulaRefKey)).toEqual(['A', 'C']);
    expect(r.message.zh).toContain('A、C');
  });

  it('refuses a division by zero instead of giving Infinity', () => {
    const r = evaluateFormula(ast('A / (B - B)'), () => 3);
    expect(r).toMatchObject({ ok: false, reason: 'division_by_zero' });
  });

  it('keeps a lower bound a lower bound only where it is added, and marks provisional results', () => {
    const lookup = (q: Record<string, 'exact' | 'lower_bound' | 'preliminary'>) => (ref: FormulaRef) => ({
      value: 10,
      qualifier: q[formulaRefKey(ref)] ?? 'exact',
    });
    const share = ast('A / B * 100');
    expect(evaluateFormula(share, lookup({ A: 'lower_bound' }))).toMatchObject({ qualifier: 'lower_bound' });
    expect(evaluateFormula(share, lookup({ B: 'lower_bound' }))).toMatchObject({ qualifier: 'estimated' });
    expect(evaluateFormula(share, lookup({ A: 'preliminary' }))).toMatchObject({ qualifier: 'preliminary' });
    expect(evaluateFormula(ast('A - B'), lookup({ B: 'lower_bound' }))).toMatchObject({
      qualifier: 'estimated',
    });
  });
});

describe('formulas (property)', () => {
  const name = fc.constantFrom(
    '网络零售额',
    '社会消费品零售总额',
    'EC_TOTAL',
    '5G基站数',
    'B2B-交易额',
    'a b',
    'x1',
  );
  const ref = fc.oneof(
    name.map((n): FormulaRef => ({ by: 'name', name: n })),
    fc.nat(10_000).map((id): FormulaRef => ({ by: 'id', id })),
  );
  const span: [number, number] = [0, 0];
  const tree = fc.letrec<{ node: FormulaNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc
        .oneof(fc.nat(1_000_000), fc.double({ min: 0, max: 1e6, noNaN: true }))
        .map((value): FormulaNode => ({ type: 'number', value, span })),
      ref.map((r): FormulaNode => ({ type: 'ref', ref: r, span })),
      tie('node').map((operand): FormulaNode => ({ type: 'negate', operand, span })),
      fc
        .tuple(fc.constantFrom('+', '-', '*', '/' as const), tie('node'), tie('node'))
        .map(([op, left, right]): FormulaNode => ({ type: 'binary', op, left, right, span })),
    ),
  })).node;

  it('printing a tree and parsing it back gives the same tree', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const text = formatFormula(t);
        const r = parseFormula(text);
        expect(r.ok, text).toBe(true);
        if (r.ok) expect(shape(r.ast)).toEqual(shape(t));
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'ab 网零+-*/()#[]【】（）1.e%,，=×÷\u3000'.split('')),
          maxLength: 60,
        }),
        (text) => {
          const r = parseFormula(text);
          if (!r.ok) expect(r.error.message.zh.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
