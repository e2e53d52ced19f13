import type { ChartSpec } from '../render-chart.js';
import { baseConfig, CHART_WIDTH, SCHEMA } from './theme.js';

/** One step of a recorded episode. */
export interface TrajectoryPoint {
  readonly policy: string;
  readonly episode: number;
  readonly step: number;
  /** Fraction of the order still held before the step. */
  readonly inventory: number;
  readonly marketVolume: number;
  readonly regime: number;
}

/**
 * Inventory paths: the mean path per policy (thick) over a few sample paths (thin), and under them
 * the market volume and the regime of one sample episode.
 */
export function trajectoriesChart(title: string, paths: readonly TrajectoryPoint[], sampleEpisode: number, regimeNames: readonly string[]): ChartSpec {
  const step = { field: 'step', type: 'quantitative' as const, title: 'step' };
  const sample = paths.filter((p) => p.episode === sampleEpisode && p.policy === paths[0]?.policy && Number.isFinite(p.marketVolume));
  const regimes = sample.map((p) => ({ step: p.step, regime: regimeNames[p.regime] ?? String(p.regime), marketVolume: p.marketVolume }));
  return {
    $schema: SCHEMA,
    title,
    config: baseConfig,
    vconcat: [
      {
        width: CHART_WIDTH,
        height: 240,
        data: { values: paths as unknown as Record<string, unknown>[] },
        layer: [
          {
            mark: { type: 'line', strokeWidth: 0.7, opacity: 0.35 },
            encoding: { x: step, y: { field: 'inventory', type: 'quantitative', title: 'inventory (fraction of X)' }, color: { field: 'policy', type: 'nominal' }, detail: { field: 'episode', type: 'nominal' } },
          },
          {
            mark: { type: 'line', strokeWidth: 3 },
            encoding: { x: step, y: { aggregate: 'mean', field: 'inventory', type: 'quantitative' }, color: { field: 'policy', type: 'nominal', title: 'policy' } },
          },
        ],
      },
      {
        width: CHART_WIDTH,
        height: 90,
        title: { text: `market volume and regime, sample episode ${sampleEpisode}`, fontSize: 11 },
        data: { values: regimes },
        mark: { type: 'bar' },
        encoding: { x: { ...step, type: 'ordinal' }, y: { field: 'marketVolume', type: 'quantitative', title: 'volume (shares)' }, color: { field: 'regime', type: 'nominal', title: 'regime', scale: { scheme: 'set2' } } },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as ChartSpec;
}
