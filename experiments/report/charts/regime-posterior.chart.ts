import type { ChartSpec } from '../render-chart.js';
import { chartFrame } from './theme.js';

/** Smoothed regime probabilities over the first day, stacked. */
export function regimePosteriorChart(title: string, intervalMinutes: number, names: readonly string[], posterior: readonly (readonly number[])[]): ChartSpec {
  const rows = posterior.flatMap((probs, t) => probs.map((p, k) => ({ minute: t * intervalMinutes, regime: names[k], probability: p })));
  return {
    ...chartFrame(title),
    data: { values: rows },
    mark: { type: 'area' },
    encoding: {
      x: { field: 'minute', type: 'quantitative', title: 'minutes after the open' },
      y: { field: 'probability', type: 'quantitative', stack: 'normalize', title: 'posterior probability' },
      color: { field: 'regime', type: 'nominal', title: 'regime', sort: [...names] },
    },
  } as ChartSpec;
}
