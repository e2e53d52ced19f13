import { f2, interval } from '../benchmark/format-summary.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import type { PolicySummary } from '../benchmark/summarize.js';
import { median } from '../stats/quantiles.js';
import type { SweepAggregate } from '../sweep/aggregate.js';

/** A trained config's results as the headline table needs them. */
export interface TrainedResult {
  readonly name: string;
  readonly env: string;
  readonly seeds: number[];
  readonly aggregate: SweepAggregate;
  /** Seed runs' benchmark summaries (test seeds), in seed order. */
  readonly summaries: BenchmarkSummary[];
  readonly envSteps: number;
  readonly wallSeconds: number[];
  readonly hiddenState: boolean;
}



function baselineRow(env: string, p: PolicySummary): string {
  const note = p.usesHiddenState ? 'oracle: reads the true hidden regime' : '';
  return `| ${env} | ${p.policy} | ${f2(p.objectiveBps.mean)} | ${f2(p.isBps.mean)} | ${interval(p.vsAc?.objectiveBps)} | | | ${note} |`;
}

function trainedRow(t: TrainedResult): string {
  const setting = t.aggregate.settings[0];
  const agent = t.summaries.map((s) => s.policies.find((p) => p.policy === t.name)!);
  const one = t.seeds.length === 1;
  const objective = one ? f2(agent[0].objectiveBps.mean) : interval(setting.final?.objectiveBps);
  const is = one ? f2(agent[0].isBps.mean) : interval(setting.final?.isBps);
  const vsAc = one ? interval(agent[0].vsAc?.objectiveBps) : `${interval(setting.final?.vsAcObjectiveBps)} (across seeds)`;
  const notes = [`learned, ${t.seeds.length} seed${one ? '' : 's'}`, ...(t.hiddenState ? ['observes hidden state (oracle regime)'] : [])].join('; ');
  return `| ${t.env} | **${t.name}** | ${objective} | ${is} | ${vsAc} | ${t.envSteps} | ${median(t.wallSeconds)?.toFixed(0) ?? ''} s | ${notes} |`;
}

/**
 * results/README.md: per env, the baselines (from the suite's benchmark) and the trained agents
 * (from their runs' benchmarks on the same test seeds), with paired differences against `ac`.
 */
export function headlineMarkdown(suite: string, description: string, benchmarks: readonly BenchmarkSummary[], trained: readonly TrainedResult[], figures: readonly string[]): string {
  const rows = benchmarks.flatMap((b) => [
    ...b.policies.filter((p) => p.policy !== 'last-minute').map((p) => baselineRow(b.env, p)),
    ...trained.filter((t) => t.env === b.env).map(trainedRow),
  ]);
  return [
    `# Results of the ${suite} suite`,
    '',
    description,
    '',
    `Written by \`execgym suite ${suite}\`; every number below comes from the files in this folder. Costs are in basis points of the arrival value X·S0; the objective is IS + risk penalty (minus the episode return; lower is better). Every policy of an env is evaluated on the same test seeds (0, 1, …; common random numbers), so the differences against \`ac\` are paired; intervals are 95%. Learned agents were selected on validation seeds disjoint from the test seeds.`,
    '',
    '| env | policy | mean objective | mean IS | objective − ac [95% CI] | train env steps | wall time | notes |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    'The `last-minute` anchor is left out of the table (it is in each summary). `regime-observed-v0` shows the regime to every policy: results there use hidden state.',
    '',
    '## Charts',
    '',
    '[The full report](report.html) (self-contained HTML). Figures:',
    '',
    ...figures.map((fig) => `- [${fig}](${fig})`),
    '',
    '## Reproduce',
    '',
    'Each trained run below `runs/` keeps its config, manifest (seeds, backend, versions, commit, weight hash), learning curve and test summary: `npx execgym reproduce results/runs/<config>/seed-0` trains it again and compares bit for bit on the same backend.',
    '',
  ].join('\n');
}
