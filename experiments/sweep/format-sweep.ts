import { interval as ci } from '../benchmark/format-summary.js';
import { median } from '../stats/quantiles.js';
import type { SweepAggregate } from './aggregate.js';

/** aggregate.md: per setting, final test statistics across seeds (mean [95% t-interval]). */
export function formatSweepMarkdown(a: SweepAggregate, wallSeconds: ReadonlyMap<string, number[]>): string {
  const rows = a.settings.map((s) => {
    const wall = median(wallSeconds.get(s.setting) ?? []);
    const f = s.final;
    return `| ${s.setting} | ${s.seeds.length} | ${ci(f?.objectiveBps)} | ${ci(f?.isBps)} | ${ci(f?.vsAcObjectiveBps)} | ${ci(f?.regretBps)} | ${ci(f?.gapToAcPct)} | ${f?.envSteps ?? ''} | ${wall === null ? '' : wall.toFixed(0)} |`;
  });
  return [
    `# Sweep of ${a.config}`,
    '',
    `Seeds ${a.seeds.join(', ')}. Each seed's final policy is evaluated on the test seeds; the interval is a 95% t-interval across seeds (seeds are the replications). \`ac\` is the run's own benchmark row, on the agent's action space (rounded to its levels on a discrete space); regret is paired against \`optimal\`, the exact optimum (or the best known bound, as the run's summary says) on the same test seeds.`,
    '',
    '| setting | seeds | objective (bps) | IS (bps) | objective − ac, paired (bps) | regret vs optimal, paired (bps) | gap to AC objective (%) | env steps | median wall s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
}
