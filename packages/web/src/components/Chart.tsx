import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { lazy, Suspense } from 'react';
import { Loading } from './Loading.js';

/** What a chart may show: the chart types and components ChartCanvas registers with echarts, and no others. */
export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | DatasetComponentOption
>;

export interface ChartProps {
  option: ChartOption;
  /** CSS height; the chart takes its container's width. */
  height?: number | string;
  /** What the chart shows, in words, for screen readers (a canvas has no text). */
  ariaLabel: string;
}

// echarts (~180 KB compressed even with only these charts) is loaded with the first chart a page draws, not with
// the page: this module imports only its types, which the compiler erases.
const ChartCanvas = lazy(() => import('./ChartCanvas.js'));

/** A chart (line or bar, with grid, tooltip, legend, mark lines, dataset). Add a chart type in ChartCanvas first. */
export function Chart(props: ChartProps) {
  return (
    <Suspense
      fallback={
        <div style={{ height: props.height ?? 320 }}>
          <Loading />
        </div>
      }
    >
      <ChartCanvas {...props} />
    </Suspense>
  );
}
