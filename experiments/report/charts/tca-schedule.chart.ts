import type { ScheduleBar } from '../../tca/analyse-fills.js';
import type { ChartSpec } from '../render-chart.js';
import { chartFrame } from './theme.js';

/** An order's schedule against the market: each bar's market volume (light) and the order's shares in it (dark). */
export function tcaScheduleChart(title: string, schedule: readonly ScheduleBar[]): ChartSpec {
  const rows = schedule.flatMap((b) => [
    { bar: b.start, series: 'market volume', shares: b.marketVolume },
    { bar: b.start, series: 'order shares', shares: b.orderShares },
  ]);
  return {
    ...chartFrame(title),
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'bar', type: 'ordinal', title: 'bar start', sort: null },
      y: { field: 'shares', type: 'quantitative', title: 'shares', stack: null },
      color: { field: 'series', type: 'nominal', title: null, scale: { range: ['#9ecae9', '#1f77b4'] } },
      order: { field: 'series', sort: 'ascending' },
    },
  } as ChartSpec;
}
