import type { ChartSpec } from '../render-chart.js';
import { chartFrame } from './theme.js';

/** Each step's share of the day's volume: the data (bars) against the fitted u-shape (line). */
export function volumeProfileChart(title: string, stepMinutes: number, data: readonly number[], fitted: readonly number[]): ChartSpec {
  const rows = data.map((share, k) => ({ minute: (k + 0.5) * stepMinutes, data: share, fitted: fitted[k] }));
  const x = { field: 'minute', type: 'quantitative' as const, title: 'minutes after the open (step midpoint)' };
  return {
    ...chartFrame(title),
    data: { values: rows },
    layer: [
      { mark: { type: 'bar', color: '#9ecae9' }, encoding: { x, y: { field: 'data', type: 'quantitative', title: 'share of daily volume' } } },
      { mark: { type: 'line', color: '#e45756', strokeWidth: 2 }, encoding: { x, y: { field: 'fitted', type: 'quantitative' } } },
    ],
  } as ChartSpec;
}
