import { useMemo } from 'react';
import { useI18n } from '../i18n/index.js';
import { indicatorChartOption, type ChartPoint, type ChartTarget } from '../lib/indicator-chart.js';
import { Chart } from './Chart.js';

export interface IndicatorChartProps {
  name: string;
  unit: string;
  points: ChartPoint[];
  targets: ChartTarget[];
  compact?: boolean;
  height?: number;
}

/** An indicator's figures, trajectory and target (echarts, loaded with the first chart); a sparkline when compact. */
export function IndicatorChart({
  name,
  unit,
  points,
  targets,
  compact = false,
  height,
}: IndicatorChartProps) {
  const { t, language } = useI18n();
  const option = useMemo(
    () =>
      indicatorChartOption({
        points,
        targets,
        unit,
        language,
        compact,
        labels: {
          figures: t('indicator.series.figures'),
          lowerBound: t('indicator.series.lowerBound'),
          preliminary: t('indicator.series.preliminary'),
          trajectory: t('indicator.series.trajectory'),
          target: t('indicator.series.target'),
        },
      }),
    [points, targets, unit, language, compact, t],
  );
  const label = compact ? t('dashboard.chart', { name }) : t('indicator.chartLabel', { name });
  return <Chart option={option} height={height ?? (compact ? 64 : 360)} ariaLabel={label} />;
}
