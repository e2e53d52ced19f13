import type { ChartSpec } from '../render-chart.js';
import { chartFrame } from './theme.js';
import type { Reference } from '../../train/reference-lines.js';

/** One point of a learning curve: the mean evaluation objective across seeds with a 95% band. */
export interface CurvePoint {
  readonly setting: string;
  readonly envSteps: number;
  readonly objectiveBps: number;
  readonly lowBps: number;
  readonly highBps: number;
}

/** Evaluation objective (IS + risk penalty, bps; lower is better) against env steps. */
export function learningCurveChart(title: string, points: readonly CurvePoint[], allReferences: readonly Reference[]): ChartSpec {
  const references = mergeCoinciding(allReferences);
  const x = { field: 'envSteps', type: 'quantitative' as const, title: 'env steps' };
  return {
    ...chartFrame(title),
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

/** References within 0.01 bps of each other share one line and one label ("AC = TWAP"). */
function mergeCoinciding(references: readonly Reference[]): Reference[] {
  const merged: Reference[] = [];
  for (const r of references) {
    const i = merged.findIndex((m) => Math.abs(m.objectiveBps - r.objectiveBps) < 0.01);
    if (i < 0) merged.push(r);
    else merged[i] = { label: `${merged[i].label} = ${r.label}`, objectiveBps: merged[i].objectiveBps };
  }
  return merged;
}
