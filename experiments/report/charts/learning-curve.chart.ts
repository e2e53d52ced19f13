import type { ChartSpec } from '../render-chart.js';
import { baseConfig, CHART_HEIGHT, CHART_WIDTH, SCHEMA } from './theme.js';

/** One point of a learning curve: the mean evaluation objective across seeds with a 95% band. */
export interface CurvePoint {
  readonly setting: string;
  readonly envSteps: number;
  readonly objectiveBps: number;
  readonly lowBps: number;
  readonly highBps: number;
}

/** Horizontal references, e.g. the AC objective (the optimum on linear envs) and TWAP. */
export interface Reference {
  readonly label: string;
  readonly objectiveBps: number;
}

/** Evaluation objective (IS + risk penalty, bps; lower is better) against env steps. */
export function learningCurveChart(title: string, points: readonly CurvePoint[], references: readonly Reference[]): ChartSpec {
  const x = { field: 'envSteps', type: 'quantitative' as const, title: 'env steps' };
  return {
    $schema: SCHEMA,
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: baseConfig,
    layer: [
      {
        data: { values: points as unknown as Record<string, unknown>[] },
        mark: { type: 'area', opacity: 0.2 },
        encoding: { x, y: { field: 'lowBps', type: 'quantitative', title: 'evaluation objective (bps, lower is better)', scale: { zero: false } }, y2: { field: 'highBps' }, color: { field: 'setting', type: 'nominal', title: 'run' } },
      },
      {
        data: { values: points as unknown as Record<string, unknown>[] },
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'objectiveBps', type: 'quantitative' }, color: { field: 'setting', type: 'nominal' } },
      },
      {
        data: { values: references as unknown as Record<string, unknown>[] },
        mark: { type: 'rule', strokeDash: [6, 4], color: '#444' },
        encoding: { y: { field: 'objectiveBps', type: 'quantitative' } },
      },
      {
        data: { values: references as unknown as Record<string, unknown>[] },
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#444' },
        encoding: { y: { field: 'objectiveBps', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } },
      },
    ],
  } as ChartSpec;
}
