import type { Kysely } from 'kysely';
import {
  formulaReferences,
  parseFormula,
  TARGET_STATUSES,
  type IndicatorFrequency,
  type Period,
} from '@luoshi/core';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors/index.js';
import type { Viewer } from '../plans/plans-service.js';
import { areaRef, planAreaKey, type AreaRef } from './area-index.js';
import { assessTargetRow, seriesOf, type SeriesPoint, type TargetStatusView } from './assess.js';
import { toApiQualifier } from './errors.js';
import { figuresRepository } from './figures.repository.js';
import { toFigureView, type FigureView } from './figures.service.js';
import { indicatorsRepository, type IndicatorView } from './indicators.repository.js';
import { requireIndicator, resolveFormulaRef } from './indicators.service.js';

/** Enterprise reporters and the public see published plans only (as on the plan pages). */
const publishedOnlyFor = (viewer: Viewer | null) => viewer === null || viewer.role === 'enterprise_reporter';

/** Today as YYYY-MM-DD (UTC). */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** The formula components of the indicators given that are not among them (their figures are needed too). */
async function withComponents(db: Kysely<Database>, linked: IndicatorView[]): Promise<IndicatorView[]> {
  if (!linked.some((x) => x.formula)) return linked;
  const all = await indicatorsRepository.all(db);
  const out = new Map(linked.map((x) => [x.id, x]));
  for (const x of linked) {
    if (!x.formula) continue;
    const parsed = parseFormula(x.formula);
    if (!parsed.ok) continue;
    for (const ref of formulaReferences(parsed.ast)) {
      const c = resolveFormulaRef(all, ref);
      if (c) out.set(c.id, c);
    }
  }
  return [...out.values()];
}

/**
 * The last period of the indicator's frequency that has ended before `asOf`, no later than the end of the
 * deadline year: the figure a statistician would expect to have by now.
 */
export function expectedPeriod(frequency: IndicatorFrequency, asOf: string, deadlineYear: number): Period {
  const year = Number(asOf.slice(0, 4));
  const month = Number(asOf.slice(5, 7)); // the current month, not yet ended
  let y = year;
  let lastMonth = month - 1; // the last full month
  if (lastMonth === 0) {
    y--;
    lastMonth = 12;
  }
  const perLength = { year: 12, half: 6, quarter: 3, month: 1 }[frequency];
  let end = Math.floor(lastMonth / perLength) * perLength;
  if (end === 0) {
    y--;
    end = 12;
  }
  if (y > deadlineYear) {
    y = deadlineYear;
    end = 12;
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (frequency) {
    case 'year':
      return String(y) as Period;
    case 'half':
      return `${y}-S${end / 6}` as Period;
    case 'quarter':
      return `${y}-Q${end / 3}` as Period;
    case 'month':
      return `${y}-${pad(end)}` as Period;
  }
}

export interface PlanDashboard {
  plan: {
    id: number;
    title: string;
    periodFrom: number | null;
    periodTo: number | null;
    area: AreaRef | null;
  };
  asOf: string;
  counts: Record<string, number>;
  targets: TargetStatusView[];
  overdueForData: { targetId: number; indicatorId: number; indicatorName: string; expectedPeriod: string }[];
}

/**
 * The plan's indicator dashboard, computed on every request from the figures in force: each target's status,
 * forecast and trajectory (the core's `assessTarget`), the counts by status, and the targets whose latest expected
 * figure is missing. Reads the figures of the linked indicators (and their formulas' components) in the plan's
 * area only: a few index probes whatever the number of figures stored.
 */
export async function planDashboard(
  db: Kysely<Database>,
  planId: number,
  viewer: Viewer | null,
  asOf: string = today(),
): Promise<PlanDashboard> {
  const plan = await indicatorsRepository.planHead(db, planId);
  if (!plan || (publishedOnlyFor(viewer) && plan.published !== 1))
    throw new DomainError('PLAN_NOT_FOUND', { detail: `plan ${planId}` });
  const targets = await indicatorsRepository.planTargets(db, planId);
  const linkedIds = [...new Set(targets.flatMap((t) => (t.indicator_id === null ? [] : [t.indicator_id])))];
  const linked = await indicatorsRepository.byIds(db, linkedIds);
  const indicators = await withComponents(db, linked);
  const byId = new Map(indicators.map((x) => [x.id, x]));
  // The plan's jurisdiction; for a plan without one, the area its issuer or title names.
  const areaKey = plan.area_key ?? planAreaKey(plan);
  const rows = areaKey
    ? await figuresRepository.inForceIn(
        db,
        indicators.map((x) => x.id),
        areaKey,
      )
    : [];

  const counts: Record<string, number> = Object.fromEntries(TARGET_STATUSES.map((s) => [s, 0]));
  const overdue: PlanDashboard['overdueForData'] = [];
  const series = new Map<number, SeriesPoint[]>();
  const statuses = targets.map((t) => {
    const indicator = t.indicator_id === null ? null : (byId.get(t.indicator_id) ?? null);
    let s: SeriesPoint[] = [];
    if (indicator) {
      s = series.get(indicator.id) ?? seriesOf(indicator, rows, indicators);
      series.set(indicator.id, s);
    }
    const view = assessTargetRow(t, plan, indicator, s, areaKey, asOf);
    counts[view.status] = (counts[view.status] ?? 0) + 1;
    const deadline = t.deadline_year ?? plan.period_to;
    if (indicator && deadline !== null) {
      const expected = expectedPeriod(indicator.frequency, asOf, deadline);
      if (!s.some((p) => p.period === expected))
        overdue.push({
          targetId: t.id,
          indicatorId: indicator.id,
          indicatorName: indicator.name,
          expectedPeriod: expected,
        });
    }
    return view;
  });
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      periodFrom: plan.period_from,
      periodTo: plan.period_to,
      area: areaKey ? { ...areaRef(areaKey), id: plan.area_key === areaKey ? plan.area_id : null } : null,
    },
    asOf,
    counts,
    targets: statuses,
    overdueForData: overdue,
  };
}

export interface IndicatorDetail {
  indicator: IndicatorView;
  figures: FigureView[];
  inForce: FigureView[];
  computed: {
    period: string;
    area: AreaRef;
    value: number;
    qualifier: ReturnType<typeof toApiQualifier>;
    components: { name: string; value: number; qualifier: ReturnType<typeof toApiQualifier> }[];
  }[];
  targets: TargetStatusView[];
  areas: AreaRef[];
}

/**
 * An indicator's page: every figure (every area, every revision, newest first), the figures in force, what its
 * formula computes, the status of every target linked to it (in the plans the viewer may see), and the areas
 * that have figures.
 */
export async function indicatorDetail(
  db: Kysely<Database>,
  indicatorId: number,
  viewer: Viewer | null,
  asOf: string = today(),
): Promise<IndicatorDetail> {
  const indicator = await requireIndicator(db, indicatorId);
  const indicators = await withComponents(db, [indicator]);
  const rows = await figuresRepository.allOf(db, indicatorId);
  const inForce = rows.filter((r) => r.superseded_by === null);
  const areaKeys = [...new Set(rows.map((r) => r.area_code))];

  const componentIds = indicators.filter((x) => x.id !== indicatorId).map((x) => x.id);
  const computed: IndicatorDetail['computed'] = [];
  const seriesByArea = new Map<string, SeriesPoint[]>();
  const seriesIn = async (areaKey: string): Promise<SeriesPoint[]> => {
    let s = seriesByArea.get(areaKey);
    if (!s) {
      const own = inForce.filter((r) => r.area_code === areaKey);
      const parts =
        componentIds.length > 0 ? await figuresRepository.inForceIn(db, componentIds, areaKey) : [];
      s = seriesOf(indicator, [...own, ...parts], indicators);
      seriesByArea.set(areaKey, s);
    }
    return s;
  };
  if (indicator.formula) {
    const componentAreas =
      componentIds.length > 0 ? await figuresRepository.areasWithFigures(db, componentIds) : [];
    for (const key of new Set([...areaKeys, ...componentAreas])) {
      for (const p of await seriesIn(key)) {
        if (!p.computed) continue;
        computed.push({
          period: p.period,
          area: areaRef(key, p.period),
          value: p.value,
          qualifier: toApiQualifier(p.qualifier),
          components: (p.components ?? []).map((c) => ({ ...c, qualifier: toApiQualifier(c.qualifier) })),
        });
      }
    }
  }

  const targets: TargetStatusView[] = [];
  for (const t of await indicatorsRepository.targetsOf(db, indicatorId)) {
    if (publishedOnlyFor(viewer) && t.published !== 1) continue;
    const areaKey = t.plan_area_key ?? planAreaKey({ issuer: t.plan_issuer, title: t.plan_title });
    const s = areaKey ? await seriesIn(areaKey) : [];
    targets.push(assessTargetRow(t, t, indicator, s, areaKey, asOf));
  }
  return {
    indicator,
    figures: rows.map(toFigureView),
    inForce: inForce.map(toFigureView),
    computed,
    targets,
    areas: areaKeys.map((k) => areaRef(k)),
  };
}
