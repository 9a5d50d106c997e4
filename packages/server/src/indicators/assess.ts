import type { Static } from '@sinclair/typebox';
import {
  assessTarget,
  defaultBaseline,
  evaluateFormula,
  formulaReferences,
  parseFormula,
  comparePeriods,
  statusLabel,
  type AssessedFigure,
  type Comparator,
  type FigureQualifier,
  type Period,
  type StatusExplanation,
} from '@luoshi/core';
import type { FigureRow, TargetRow } from '../db/schema.js';
import { areaRef } from './area-index.js';
import { toApiQualifier } from './errors.js';
import type { IndicatorView } from './indicators.repository.js';
import { resolveFormulaRef } from './indicators.service.js';
import type { TargetStatusSchema } from './schemas.js';

/** One point of an indicator's series in one area: a stored figure in force, or a value its formula computed. */
export interface SeriesPoint {
  period: Period;
  value: number;
  qualifier: FigureQualifier;
  computed: boolean;
  /** For a computed value: its components. */
  components?: { name: string; value: number; qualifier: FigureQualifier }[];
}

/**
 * The series of `indicator` in one area from the figures in force (`inForce`: rows of this indicator and of its
 * formula's components). A formula indicator's value for a period is computed wherever every component has a
 * figure for it, and preferred to a stored figure of that period; stored figures fill the periods the formula
 * cannot compute (a share published without its components).
 */
export function seriesOf(
  indicator: IndicatorView,
  inForce: readonly FigureRow[],
  indicators: readonly IndicatorView[],
): SeriesPoint[] {
  const stored = new Map<string, SeriesPoint>();
  for (const r of inForce) {
    if (r.indicator_id !== indicator.id) continue;
    stored.set(r.period, {
      period: r.period as Period,
      value: Number(r.value),
      qualifier: r.qualifier as FigureQualifier,
      computed: false,
    });
  }
  if (indicator.formula) {
    const parsed = parseFormula(indicator.formula);
    if (parsed.ok) {
      const refs = formulaReferences(parsed.ast);
      const components = refs.map((ref) => resolveFormulaRef(indicators, ref));
      if (components.every((c) => c !== null)) {
        const byComponent = new Map<number, Map<string, FigureRow>>();
        for (const c of components) if (c) byComponent.set(c.id, new Map());
        for (const r of inForce) byComponent.get(r.indicator_id)?.set(r.period, r);
        const periods = new Set<string>();
        for (const m of byComponent.values()) for (const p of m.keys()) periods.add(p);
        for (const period of periods) {
          const r = evaluateFormula(parsed.ast, (ref) => {
            const c = resolveFormulaRef(indicators, ref);
            const row = c ? byComponent.get(c.id)?.get(period) : undefined;
            return row ? { value: Number(row.value), qualifier: row.qualifier as FigureQualifier } : null;
          });
          if (!r.ok) continue;
          stored.set(period, {
            period: period as Period,
            value: r.value,
            qualifier: r.qualifier,
            computed: true,
            components: r.components.map((x, i) => ({
              name: components[i]?.name ?? '',
              value: x.value,
              qualifier: x.qualifier,
            })),
          });
        }
      }
    }
  }
  return [...stored.values()];
}

const apiPoint = <P extends { qualifier: FigureQualifier }>(p: P | null) =>
  p === null ? null : { ...p, qualifier: toApiQualifier(p.qualifier) };

/** The core's explanation with qualifiers in the API's words. */
function apiExplanation(e: StatusExplanation) {
  return { ...e, baseline: apiPoint(e.baseline), current: apiPoint(e.current) };
}

/** A target's status as the API shows it: the type of the contract's TargetStatus, so the two cannot drift. */
export type TargetStatusView = Static<typeof TargetStatusSchema>;

/**
 * Assesses one target with the core's `assessTarget`, live from the series given: nothing is stored, so a new
 * figure shows on the next request. The baseline is the indicator's own when set, else the latest figure before
 * the plan's first year (`defaultBaseline`).
 */
export function assessTargetRow(
  target: TargetRow,
  plan: { period_from: number | null; period_to: number | null },
  indicator: IndicatorView | null,
  series: readonly SeriesPoint[],
  areaKey: string | null,
  asOf: string,
): TargetStatusView {
  const deadlineYear = target.deadline_year ?? plan.period_to ?? Number(asOf.slice(0, 4));
  const figures: AssessedFigure[] = series.map((s) => ({
    period: s.period,
    value: s.value,
    qualifier: s.qualifier,
  }));
  const kind = indicator?.kind ?? 'stock';
  const baseline = indicator?.baseline
    ? { period: indicator.baseline.period as Period, value: indicator.baseline.value }
    : plan.period_from !== null
      ? defaultBaseline(kind, figures, plan.period_from)
      : null;
  const a = assessTarget({
    kind,
    direction: indicator?.direction ?? 'higher',
    target: { comparator: target.comparator as Comparator, value: Number(target.value), deadlineYear },
    baseline,
    figures,
    asOf,
    unit: indicator?.unit ?? target.unit,
  });
  const current = a.explanation.current;
  return {
    targetId: target.id,
    planId: target.plan_id,
    text: target.text,
    indicator: indicator
      ? {
          id: indicator.id,
          name: indicator.name,
          unit: indicator.unit,
          kind: indicator.kind,
          direction: indicator.direction,
        }
      : null,
    comparator: target.comparator,
    value: Number(target.value),
    unit: target.unit,
    deadlineYear: target.deadline_year,
    area: areaKey ? areaRef(areaKey) : null,
    baseline: baseline ? { value: baseline.value, period: baseline.period } : null,
    latest: current
      ? { period: current.period, value: current.value, qualifier: toApiQualifier(current.qualifier) }
      : null,
    status: a.status,
    statusLabel: statusLabel(a.status),
    explanation: apiExplanation(a.explanation),
    forecast: a.forecast
      ? {
          value: a.forecast.value,
          method: a.forecast.method,
          deadlineYear: a.forecast.deadlineYear,
          meetsTarget: a.forecast.meetsTarget,
        }
      : null,
    trajectory: a.trajectory?.points.map((p) => ({ period: p.period, expected: p.expected })) ?? [],
    trajectoryMethod: a.trajectory?.method ?? null,
    series: [...series]
      .sort((x, y) => comparePeriods(x.period, y.period))
      .map((s) => ({
        period: s.period,
        value: s.value,
        qualifier: toApiQualifier(s.qualifier),
        computed: s.computed,
      })),
  };
}
