import { BarChart, LineChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/index.js';
import type { ChartProps } from './Chart.js';

// Only what ChartOption allows: importing `echarts` whole would add about 1 MB to this chunk.
// eslint-disable-next-line react-hooks/rules-of-hooks -- ECharts' registration function, not React's `use`.
use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  DatasetComponent,
  CanvasRenderer,
]);

/**
 * The chart itself, a thin wrapper over `echarts.init` (echarts-for-react breaks under Vite 8, see STACK-NOTES):
 * created with the element, resized with it, disposed with it; a new option replaces the old one whole.
 * Loaded lazily by Chart.tsx, so echarts is in this module's chunk only.
 */
export default function ChartCanvas({ option, height = 320, ariaLabel }: ChartProps) {
  const { language } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const target = element.current!;
    const instance = init(target, undefined, { locale: language === 'zh' ? 'ZH' : 'EN' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(target);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [language]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, language]);

  return <div ref={element} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}
