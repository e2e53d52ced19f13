import type { ChartSpec } from '../render-chart.js';
import { chartFrame } from './theme.js';

/** Realised variance against sampling interval (log axis), the chosen interval marked. */
export function signaturePlotChart(title: string, points: readonly { seconds: number; rv: number }[], chosenSeconds: number): ChartSpec {
  const rows = points.map((p) => ({ seconds: p.seconds, sigma: Math.sqrt(p.rv), chosen: p.seconds === chosenSeconds ? 'chosen' : 'candidate' }));
  const x = { field: 'seconds', type: 'quantitative' as const, title: 'sampling interval (s)', scale: { type: 'log' } };
  const y = { field: 'sigma', type: 'quantitative' as const, title: 'sqrt(RV) ($/day^0.5)', scale: { zero: false } };
  return {
    ...chartFrame(title),
    data: { values: rows },
    layer: [
      { mark: { type: 'line', color: '#555', point: true }, encoding: { x, y } },
      { transform: [{ filter: "datum.chosen === 'chosen'" }], mark: { type: 'point', filled: true, size: 160, color: '#e45756' }, encoding: { x, y } },
    ],
  } as ChartSpec;
}
