import { formatValue, parsePeriod, periodEndTime } from '@luoshi/core';
import type { ChartOption } from '../components/Chart.js';
import type { Language } from '../i18n/index.js';
import { figureText, targetText, type Qualifier } from './indicators.js';

/** One figure on a chart. */
export interface ChartPoint {
  period: string;
  value: number;
  qualifier: Qualifier;
  computed?: boolean;
}

export interface ChartTarget {
  comparator: string;
  value: number;
  deadlineYear: number | null;
  trajectory: { period: string; expected: number }[];
}

export interface ChartLabels {
  figures: string;
  lowerBound: string;
  preliminary: string;
  trajectory: string;
  target: string;
}

/**
 * Where a period sits on the year axis: the end of its last month, with a year's end at the year itself
 * (2012 → 2012, 2012-S1 → 2011.5, halfway from the end of 2011 to the end of 2012). Null for an unreadable period.
 */
export function periodX(period: string): number | null {
  const parsed = parsePeriod(period);
  return parsed.ok ? periodEndTime(parsed.period) - 1 : null;
}

interface PointDatum {
  value: [number, number];
  period: string;
  qualifier: Qualifier;
}

function datum(point: ChartPoint): PointDatum | null {
  const x = periodX(point.period);
  return x === null ? null : { value: [x, point.value], period: point.period, qualifier: point.qualifier };
}

const present = <T>(value: T | null): value is T => value !== null;

/** The period and qualifier a tooltip names, read back from a data item. */
function isPointDatum(value: unknown): value is PointDatum {
  return typeof value === 'object' && value !== null && 'period' in value && 'qualifier' in value;
}

/**
 * The chart of an indicator's figures: a line through every figure, lower bounds drawn again as hollow triangles
 * labelled "≥" (the true value lies above), preliminary and estimated ones as hollow diamonds, each target's
 * trajectory dashed and its level as a horizontal line. `compact` draws the same as a sparkline (no axes, no legend).
 */
export function indicatorChartOption(input: {
  points: ChartPoint[];
  targets: ChartTarget[];
  unit: string;
  language: Language;
  labels: ChartLabels;
  compact?: boolean;
}): ChartOption {
  const { unit, language, labels, compact = false } = input;
  const points = input.points
    .map(datum)
    .filter(present)
    .sort((a, b) => a.value[0] - b.value[0]);
  const lower = points.filter((p) => p.qualifier === 'more_than');
  const provisional = points.filter((p) => p.qualifier === 'preliminary' || p.qualifier === 'estimated');
  const xs = points.map((p) => p.value[0]);
  for (const target of input.targets) {
    if (target.deadlineYear !== null) xs.push(target.deadlineYear);
    for (const step of target.trajectory) {
      const x = periodX(step.period);
      if (x !== null) xs.push(x);
    }
  }
  const minX = xs.length ? Math.floor(Math.min(...xs)) : 0;
  const maxX = xs.length ? Math.ceil(Math.max(...xs)) : 1;
  const short = (value: number) => formatValue(value, unit, language, { maximumFractionDigits: 1 });
  const symbolSize = compact ? 5 : 9;

  const series: NonNullable<ChartOption['series']> = [
    {
      type: 'line',
      name: labels.figures,
      data: points.map((p) => ({ ...p, symbol: p.qualifier === 'exact' ? 'circle' : 'none' })),
      symbolSize,
      lineStyle: { width: compact ? 1.5 : 2, color: '#1677ff' },
      itemStyle: { color: '#1677ff' },
      z: 3,
    },
    {
      type: 'line',
      name: labels.lowerBound,
      data: lower,
      symbol: 'emptyTriangle',
      symbolSize: compact ? 7 : 13,
      lineStyle: { width: 0, opacity: 0 },
      itemStyle: { color: '#d4380d', borderWidth: 2 },
      label: compact
        ? { show: false }
        : { show: true, position: 'top', formatter: '≥', color: '#d4380d', fontWeight: 'bold' },
      z: 4,
    },
    {
      type: 'line',
      name: labels.preliminary,
      data: provisional,
      symbol: 'emptyDiamond',
      symbolSize: compact ? 7 : 12,
      lineStyle: { width: 0, opacity: 0 },
      itemStyle: { color: '#722ed1', borderWidth: 2 },
      label: compact ? { show: false } : { show: true, position: 'top', formatter: '*', color: '#722ed1' },
      z: 4,
    },
  ];
  input.targets.forEach((target, index) => {
    const name = input.targets.length > 1 ? `${labels.trajectory} ${index + 1}` : labels.trajectory;
    series.push({
      type: 'line',
      name,
      // Without a trajectory, the target's own point: a mark line does not widen the axis, a data point does.
      data: (target.trajectory.length || target.deadlineYear === null
        ? target.trajectory.map((step) => {
            const x = periodX(step.period);
            return x === null ? null : [x, step.expected];
          })
        : [[target.deadlineYear, target.value]]
      ).filter(present),
      symbol: 'none',
      lineStyle: { type: 'dashed', width: 1.5, color: '#8c8c8c' },
      itemStyle: { color: '#8c8c8c' },
      markLine: {
        symbol: 'none',
        silent: true,
        lineStyle: { color: '#cf1322', type: 'solid', width: 1 },
        label: compact
          ? { show: false }
          : {
              show: true,
              position: 'insideEndTop',
              formatter: `${labels.target} ${targetText(target.comparator, target.value, unit, language)}`,
            },
        data: [{ yAxis: target.value }],
      },
    });
  });

  return {
    animation: false,
    grid: compact
      ? { left: 6, right: 6, top: 10, bottom: 8, containLabel: false }
      : { left: 16, right: 24, top: 56, bottom: 24, containLabel: true },
    legend: compact ? { show: false } : { top: 0, type: 'scroll' },
    tooltip: compact
      ? { show: false }
      : {
          trigger: 'item',
          formatter: (params: unknown) => {
            const p = params as { seriesName?: string; data?: unknown; value?: unknown };
            if (isPointDatum(p.data))
              return `${p.seriesName ?? ''}<br/>${p.data.period}: ${figureText(p.data.value[1], unit, p.data.qualifier, language)}`;
            const value = Array.isArray(p.value) ? (p.value as number[]) : [];
            return value.length === 2
              ? `${p.seriesName ?? ''}<br/>${value[0]}: ${short(value[1]!)}`
              : (p.seriesName ?? '');
          },
        },
    xAxis: {
      type: 'value',
      min: minX,
      max: maxX,
      interval: 1,
      show: !compact,
      axisLabel: { formatter: (value: number) => (Number.isInteger(value) ? String(value) : '') },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      show: !compact,
      scale: compact,
      axisLabel: { formatter: (value: number) => short(value) },
    },
    series,
  };
}
