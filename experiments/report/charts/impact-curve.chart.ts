import type { ChartSpec } from '../render-chart.js';
import { chartFrame } from './theme.js';

/** Mean cost per share beyond the best quote from walking the book, with the fitted c q^beta. */
export function impactCurveChart(title: string, points: readonly { shares: number; impact: number; censored: number }[], c: number, beta: number): ChartSpec {
  const rows = points.filter((p) => p.impact > 0).map((p) => ({ shares: p.shares, impact: p.impact, fit: c * p.shares ** beta, used: p.censored <= 0.05 ? 'used in the fit' : 'censored > 5% (not used)' }));
  const x = { field: 'shares', type: 'quantitative' as const, title: 'market order size (shares)', scale: { type: 'log' } };
  return {
    ...chartFrame(title),
    data: { values: rows },
    layer: [
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y: { field: 'impact', type: 'quantitative', title: 'cost beyond best quote ($/share)', scale: { type: 'log' } }, color: { field: 'used', type: 'nominal', title: null } } },
      { mark: { type: 'line', color: '#e45756' }, encoding: { x, y: { field: 'fit', type: 'quantitative' } } },
    ],
  } as ChartSpec;
}
