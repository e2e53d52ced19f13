import type { ChartSpec } from '../render-chart.js';
import { chartFrame } from './theme.js';

export interface FrontierRow {
  readonly lambda: number;
  readonly expectedBps: number;
  readonly stdBps: number;
}

export interface PolicyPoint {
  readonly policy: string;
  readonly expectedBps: number;
  readonly stdBps: number;
}

/** The AC efficient frontier (E against sqrt(Var), bps) with policies placed on it from simulation. */
export function frontierChart(title: string, frontier: readonly FrontierRow[], points: readonly PolicyPoint[]): ChartSpec {
  const x = { field: 'stdBps', type: 'quantitative' as const, title: 'standard deviation of IS (bps)', scale: { zero: false } };
  const y = { field: 'expectedBps', type: 'quantitative' as const, title: 'expected IS (bps)', scale: { zero: false } };
  return {
    ...chartFrame(title),
    layer: [
      { data: { values: frontier as unknown as Record<string, unknown>[] }, mark: { type: 'line', color: '#555' }, encoding: { x, y, order: { field: 'lambda', type: 'quantitative' } } },
      { data: { values: points as unknown as Record<string, unknown>[] }, mark: { type: 'point', filled: true, size: 70 }, encoding: { x, y, color: { field: 'policy', type: 'nominal', title: 'policy' }, shape: { field: 'policy', type: 'nominal' } } },
      { data: { values: points as unknown as Record<string, unknown>[] }, mark: { type: 'text', align: 'left', dx: 7, dy: -5, fontSize: 10 }, encoding: { x, y, text: { field: 'policy' } } },
    ],
  } as ChartSpec;
}
