import type { ChartSpec } from '../render-chart.js';
import { chartFrame } from './theme.js';

/** The held-out half: each step's realised volume against the card's forecast. */
export function heldOutVolumeChart(title: string, stepMinutes: number, steps: readonly { step: number; forecast: number; realised: number }[]): ChartSpec {
  const rows = steps.flatMap((s) => [
    { minute: (s.step + 0.5) * stepMinutes, series: 'realised', volume: s.realised },
    { minute: (s.step + 0.5) * stepMinutes, series: 'card forecast', volume: s.forecast },
  ]);
  return {
    ...chartFrame(title),
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'minute', type: 'quantitative', title: 'minutes after the open (step midpoint)' },
      y: { field: 'volume', type: 'quantitative', title: 'volume per step (shares)' },
      color: { field: 'series', type: 'nominal', title: null },
    },
  } as ChartSpec;
}
