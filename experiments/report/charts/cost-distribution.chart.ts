import type { ChartSpec } from '../render-chart.js';
import { baseConfig, SCHEMA } from './theme.js';

/** Mean and CVaR95 of the drawn cost per policy, marked on the distributions. */
export interface PolicyMarks {
  readonly policy: string;
  readonly meanBps: number;
  readonly cvar95Bps: number;
}

/**
 * Histogram of a per-episode cost per policy (one row each, shared x axis) with the mean (solid)
 * and CVaR95 (dashed) marked: the objective (what policies are ranked on) in a benchmark section,
 * the paired difference against `ac` in the "did it beat AC?" chart.
 */
export function costDistributionChart(title: string, episodes: readonly { policy: string; costBps: number }[], marks: readonly PolicyMarks[], axisTitle = 'objective: IS + risk penalty (bps)'): ChartSpec {
  const policies = marks.map((m) => m.policy);
  const rows = marks.flatMap((m) => [
    { policy: m.policy, statistic: 'mean', bps: m.meanBps },
    { policy: m.policy, statistic: 'CVaR95', bps: m.cvar95Bps },
  ]);
  return {
    $schema: SCHEMA,
    title,
    config: baseConfig,
    data: { values: [...episodes.map((e) => ({ policy: e.policy, costBps: e.costBps })), ...rows] },
    facet: { row: { field: 'policy', type: 'nominal', sort: policies, title: null, header: { labelAngle: 0, labelAlign: 'left', labelFontSize: 11 } } },
    spec: {
      width: 520,
      height: 60,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.costBps)' }],
          mark: { type: 'bar', opacity: 0.75 },
          encoding: {
            x: { field: 'costBps', type: 'quantitative', bin: { maxbins: 60 }, title: axisTitle },
            y: { aggregate: 'count', type: 'quantitative', title: 'episodes' },
            color: { field: 'policy', type: 'nominal', sort: policies, legend: null },
          },
        },
        {
          transform: [{ filter: 'isValid(datum.statistic)' }],
          mark: { type: 'rule', size: 2 },
          encoding: {
            x: { field: 'bps', type: 'quantitative' },
            strokeDash: { field: 'statistic', type: 'nominal', scale: { domain: ['mean', 'CVaR95'], range: [[1, 0], [5, 3]] }, title: 'marked' },
            color: { value: '#222' },
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as ChartSpec;
}
