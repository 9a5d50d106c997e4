/**
 * Evaluating a formula tree for one period with the component figures the caller supplies.
 */
import type { LocalizedText, Span } from '../types.js';
import { combineQualifiers } from './figures.js';
import { formulaReferences, formulaRefKey, type FormulaNode, type FormulaRef } from './formula.js';
import type { FigureQualifier } from './indicator.js';

/** A component's value for the period being computed, with how sure it is. */
export interface FormulaComponent {
  value: number;
  qualifier?: FigureQualifier;
}

/** Supplies a component's value, or null/undefined when there is no figure for it. */
export type FormulaLookup = (ref: FormulaRef) => FormulaComponent | number | null | undefined;

export type FormulaEvaluation =
  | {
      ok: true;
      value: number;
      /** How sure the result is, from its components (see `combineQualifiers`). */
      qualifier: FigureQualifier;
      components: { ref: FormulaRef; value: number; qualifier: FigureQualifier }[];
    }
  | { ok: false; reason: 'missing'; missing: FormulaRef[]; message: LocalizedText }
  | { ok: false; reason: 'division_by_zero' | 'not_finite'; span: Span; message: LocalizedText };

/**
 * Evaluates a formula with the components' figures for one period (the online share of retail for 2012 from
 * 网络零售额 2012 and 社会消费品零售总额 2012). Every missing component is reported, not just the first. A
 * component that is a lower bound keeps the result a lower bound only where it is added or multiplied; where it is
 * subtracted or divides, the result is marked estimated.
 */
export function evaluateFormula(ast: FormulaNode, lookup: FormulaLookup): FormulaEvaluation {
  const refs = formulaReferences(ast);
  const values = new Map<string, { value: number; qualifier: FigureQualifier }>();
  const missing: FormulaRef[] = [];
  for (const ref of refs) {
    const v = lookup(ref);
    if (v === null || v === undefined) missing.push(ref);
    else if (typeof v === 'number') values.set(formulaRefKey(ref), { value: v, qualifier: 'exact' });
    else values.set(formulaRefKey(ref), { value: v.value, qualifier: v.qualifier ?? 'exact' });
  }
  if (missing.length > 0) {
    const names = missing.map(formulaRefKey).join('、');
    return {
      ok: false,
      reason: 'missing',
      missing,
      message: {
        zh: `缺少组成指标的数据：${names}`,
        en: `No figure for: ${missing.map(formulaRefKey).join(', ')}`,
      },
    };
  }
  const polarity: { qualifier: FigureQualifier; sign: 1 | -1 }[] = [];
  let failure: FormulaEvaluation | null = null;
  const calc = (n: FormulaNode, sign: 1 | -1): number => {
    switch (n.type) {
      case 'number':
        return n.value;
      case 'ref': {
        const v = values.get(formulaRefKey(n.ref))!;
        polarity.push({ qualifier: v.qualifier, sign });
        return v.value;
      }
      case 'negate':
        return -calc(n.operand, sign === 1 ? -1 : 1);
      case 'binary': {
        const flip = n.op === '-' || n.op === '/' ? (sign === 1 ? -1 : 1) : sign;
        const a = calc(n.left, sign);
        const b = calc(n.right, flip);
        if (n.op === '/' && b === 0 && failure === null) {
          failure = {
            ok: false,
            reason: 'division_by_zero',
            span: n.right.span,
            message: { zh: '公式中除数为零', en: 'The formula divides by zero' },
          };
        }
        return n.op === '+' ? a + b : n.op === '-' ? a - b : n.op === '*' ? a * b : a / b;
      }
    }
  };
  const value = calc(ast, 1);
  if (failure) return failure;
  if (!Number.isFinite(value)) {
    return {
      ok: false,
      reason: 'not_finite',
      span: ast.span,
      message: { zh: '公式的结果不是有限数值', en: 'The formula does not give a finite number' },
    };
  }
  return {
    ok: true,
    value,
    qualifier: combineQualifiers(polarity),
    components: refs.map((ref) => ({ ref, ...values.get(formulaRefKey(ref))! })),
  };
}
