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

/**
 * The references near enough to the curve to share its axis (within one curve span, at least
 * 1 bps, of its range), and the others: drawing TWAP at 415 bps squeezed a 320 → 312 curve flat.
 */
export function referencesNear(points: readonly CurvePoint[], references: readonly Reference[]): { near: Reference[]; far: Reference[] } {
  if (points.length === 0) return { near: [...references], far: [] };
  const low = Math.min(...points.map((p) => p.lowBps));
  const high = Math.max(...points.map((p) => p.highBps));
  const margin = Math.max(high - low, 1);
  const near = references.filter((r) => r.objectiveBps >= low - margin && r.objectiveBps <= high + margin);
  return { near, far: references.filter((r) => !near.includes(r)) };
}

/**
 * Evaluation objective (IS + risk penalty, bps; lower is better) against env steps, with the
 * reference lines given (pass {@link referencesNear}'s `near`) and the selected checkpoint marked.
 */
export function learningCurveChart(title: string, points: readonly CurvePoint[], allReferences: readonly Reference[], selected?: { envSteps: number; objectiveBps: number }): ChartSpec {
  const references = mergeCoinciding(allReferences);
  const x = { field: 'envSteps', type: 'quantitative' as const, title: 'env steps' };
  return {
    ...chartFrame(title),
    layer: [
      {
        data: { values: points as unknown as Record<string, unknown>[] },
        mark: { type: 'area', opacity: 0.2 },
        encoding: { x, y: { field: 'lowBps', type: 'quantitative', title: 'evaluation objective (bps, lower is better)', scale: { zero: false } }, y2: { field: 'highBps' }, color: { field: 'setting', type: 'nominal', title: 'run', legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0 } } },
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
      ...(selected
        ? [
            {
              data: { values: [{ ...selected, label: `selected (step ${selected.envSteps})` }] },
              mark: { type: 'point', shape: 'diamond', size: 160, filled: true, color: '#d62728' },
              encoding: { x: { field: 'envSteps', type: 'quantitative' }, y: { field: 'objectiveBps', type: 'quantitative' } },
            },
            {
              data: { values: [{ ...selected, label: `selected (step ${selected.envSteps})` }] },
              mark: { type: 'text', dy: 14, color: '#d62728' },
              encoding: { x: { field: 'envSteps', type: 'quantitative' }, y: { field: 'objectiveBps', type: 'quantitative' }, text: { field: 'label' } },
            },
          ]
        : []),
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
