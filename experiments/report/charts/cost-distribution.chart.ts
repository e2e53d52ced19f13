import type { ChartSpec } from '../render-chart.js';
import { baseConfig, SCHEMA } from './theme.js';

/** Mean and CVaR95 of IS per policy, marked on the distributions. */
export interface PolicyMarks {
  readonly policy: string;
  readonly meanBps: number;
  readonly cvar95Bps: number;
}

/**
 * Histogram of implementation shortfall per policy (one row each, shared x axis) with the mean
 * (solid) and CVaR95 (dashed) marked.
 */
export function costDistributionChart(title: string, episodes: readonly { policy: string; isBps: number }[], marks: readonly PolicyMarks[]): ChartSpec {
  const policies = marks.map((m) => m.policy);
  const rows = marks.flatMap((m) => [
    { policy: m.policy, statistic: 'mean', bps: m.meanBps },
    { policy: m.policy, statistic: 'CVaR95', bps: m.cvar95Bps },
  ]);
  return {
    $schema: SCHEMA,
    title,
    config: baseConfig,
    data: { values: [...episodes.map((e) => ({ policy: e.policy, isBps: e.isBps })), ...rows] },
    facet: { row: { field: 'policy', type: 'nominal', sort: policies, title: null, header: { labelAngle: 0, labelAlign: 'left', labelFontSize: 11 } } },
    spec: {
      width: 520,
      height: 60,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.isBps)' }],
          mark: { type: 'bar', opacity: 0.75 },
          encoding: {
            x: { field: 'isBps', type: 'quantitative', bin: { maxbins: 60 }, title: 'implementation shortfall (bps)' },
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
