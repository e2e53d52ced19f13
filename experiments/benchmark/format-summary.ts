import type { Interval } from '../stats/paired.js';
import type { BenchmarkSummary } from './benchmark-summary.js';
import type { PolicySummary } from './summarize.js';
import { aliasedName, aliasNote, foldAliases, type AliasedPolicy } from './policy-aliases.js';
import { describeConstraints } from '../../env/market/constraints.js';

/** bps to two decimals; rounding to 0.00 keeps no sign (a paired difference of -1e-13 prints 0.00). */
export const f2 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : (Math.abs(v) < 0.005 ? 0 : v).toFixed(2));
/** `mean [low, high]` of an interval, in bps. */
export const interval = (i: Pick<Interval, 'mean' | 'low' | 'high'> | null | undefined) => (i ? `${f2(i.mean)} [${f2(i.low)}, ${f2(i.high)}]` : '');
/** The row's name, marked as an oracle (†) or as rounded to a Discrete env's levels. */
export const policyLabel = (p: Pick<PolicySummary, 'policy' | 'usesHiddenState' | 'rounded'>, aliases: readonly string[] = []) =>
  `${aliasedName(`${p.policy}${p.rounded ? ' (rounded to the levels)' : ''}`, aliases)}${p.usesHiddenState ? ' †' : ''}`;
/** A folded row's label: the policy and the names it is identical to. */
const label = (r: AliasedPolicy) => policyLabel(r.policy, r.aliases);

/** What the regret column is measured against, in a few words that never overstate it. */
export function optimumKind(o: NonNullable<BenchmarkSummary['optimum']>): string {
  if (o.label) return o.label.short;
  if (o.oracle) return 'oracle bound';
  if (o.continuousRelaxation) return 'continuous optimum';
  return o.exactOptimum ? 'exact optimum' : 'numerical optimum';
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function costTable(s: BenchmarkSummary): string {
  return table(
    ['policy', 'mean IS', 'sd', 'se', 'median', 'q05', 'q95', 'CVaR95', 'mean objective', 'risk penalty', 'VWAP slippage'],
    foldAliases(s).map((r) => [r, r.policy] as const).map(([r, p]) => [
      label(r),
      ...[p.isBps.mean, p.isBps.sd, p.isBps.se, p.isBps.median, p.isBps.q05, p.isBps.q95, p.isBps.cvar95].map(f2),
      f2(p.objectiveBps.mean),
      f2(p.meanRiskPenaltyBps),
      f2(p.meanVwapSlippageBps),
    ]),
  );
}

function pairedTable(s: BenchmarkSummary): string {
  const header = ['policy', 'IS - ac', 'objective - ac'];
  if (s.optimum) header.push(`regret vs optimal (${optimumKind(s.optimum)}; objective)`);
  return table(
    header,
    foldAliases(s).map((r) => [label(r), interval(r.policy.vsAc?.isBps ?? null), interval(r.policy.vsAc?.objectiveBps ?? null), ...(s.optimum ? [interval(r.policy.regretBps)] : [])]),
  );
}

function exactTable(s: BenchmarkSummary): string | null {
  const rows = foldAliases(s).filter((r) => r.policy.exact);
  if (rows.length === 0) return null;
  return table(
    ['policy', 'E[IS] exact', 'mean IS sim.', 'sd exact', 'sd sim.', 'E[objective] exact', 'mean objective sim.', 'source'],
    rows.map(({ policy: p, aliases }) => [policyLabel(p, aliases), f2(p.exact!.expectedIsBps), f2(p.isBps.mean), f2(p.exact!.sdIsBps), f2(p.isBps.sd), f2(p.exact!.expectedObjectiveBps), f2(p.objectiveBps.mean), p.exact!.source]),
  );
}

function controlTable(s: BenchmarkSummary): string | null {
  if (!s.controlVariate.used) return null;
  return table(
    ['policy', 'mean IS (CV) [95% CI]', 'plain se', 'CV se', 'CI width, CV / plain', 'mean objective (CV) [95% CI]'],
    foldAliases(s).map((r) => {
      const cv = r.policy.controlVariate!;
      return [label(r), interval(cv.isBps), f2(cv.isBps.plainSe), f2(cv.isBps.se), `${(100 * cv.isBps.ratio).toFixed(1)}%`, interval(cv.objectiveBps)];
    }),
  );
}

/** The limit-order columns of a passive env's policies (null on a taker env): summary.md and the report. */
export function passiveColumnsTable(policies: readonly PolicySummary[]): { header: string[]; rows: string[][] } | null {
  const rows = policies.filter((p) => p.passive);
  if (rows.length === 0) return null;
  const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : `${(100 * v).toFixed(1)}%`);
  return {
    header: ['policy', 'fill rate', 'passive share', 'spread capture', 'spread earned', 'IS passive', 'IS aggressive', 'mark-out +1', 'mark-out +10', 'mark-out +60', 'objective - twap'],
    rows: rows.map((p) => {
      const q = p.passive!;
      return [policyLabel(p), pct(q.fillRate), pct(q.passiveShare.mean), pct(q.spreadCapture.mean), f2(q.spreadEarnedBps), f2(q.passiveShortfallBps), f2(q.aggressiveShortfallBps), interval(q.markout1Bps), interval(q.markout10Bps), interval(q.markout60Bps), interval(q.objectiveVsTwapBps)];
    }),
  };
}

/** What a passive env's limit-order columns mean, under their table. */
export const PASSIVE_COLUMNS_NOTE = 'Fill rate: limit shares filled / posted (pooled). Passive share: limit fills / executed shares. Spread capture: (half-spread earned by limit fills - half-spread paid by market orders) / half-spread of every executed share: +1 all filled at the touch, -1 all market orders. Spread earned, IS passive + IS aggressive = IS: bps, episode means. Mark-out +h: side * (limit price - mid h steps later, moved by the exogenous price only; on a queue replay such as lobster-queue-v0, the recorded mid h seconds after each fill) per filled share, bps, mean [95% CI] over the episodes with fills h steps before the horizon; below the edge earned means adverse selection. Objective - twap: paired against the taker `twap` on the same episodes.';

/** Every policy's slippage against the execution benchmarks (null when none recorded them), identical policies once: summary.md and the report. */
export function benchmarkColumnsTable(policies: readonly AliasedPolicy[]): { header: string[]; rows: string[][] } | null {
  const rows = policies.filter((r) => r.policy.benchmarks);
  if (rows.length === 0) return null;
  const [h1, h2, h3] = rows[0].policy.benchmarks!.markoutCostSteps;
  const pair = (b: { mean: Interval; vsAc: Interval | null }) => [interval(b.mean), interval(b.vsAc)];
  return {
    header: ['policy', 'arrival (IS)', 'IS - ac', 'interval VWAP', 'VWAP - ac', 'TWAP', 'TWAP - ac', 'close', 'close - ac', `PWP ${100 * rows[0].policy.benchmarks!.pwpRate}%`, 'PWP - ac', `mark-out +${h1}`, `mark-out +${h2}`, `mark-out +${h3}`],
    rows: rows.map((r) => {
      const b = r.policy.benchmarks!;
      return [label(r), ...pair(b.arrivalBps), ...pair(b.vwapBps), ...pair(b.twapBps), ...pair(b.closeBps), ...pair(b.pwpBps), interval(b.markoutCost1Bps), interval(b.markoutCost2Bps), interval(b.markoutCost5Bps)];
    }),
  };
}

/** What the benchmark columns mean, under their table. */
export const BENCHMARK_COLUMNS_NOTE =
  'Slippage = side * (benchmark - average fill price) / benchmark, bps of the benchmark price: positive is a cost, for buys and sells alike; mean [95% CI] over episodes and the paired difference against `ac` on the same episodes. Bar prices are the market prices the interval VWAP counts (S_k, or a replay\'s recorded step VWAP, moved by the policy\'s own permanent impact). Arrival: the IS (bps of X * S0). TWAP: the equal-weight mean of the N bar prices. Close: the mid after the last step. PWP: the market VWAP from the first step until the market has traded X / rate (all N steps when it trades less). Mark-out +h: every fill (market or limit) against the mid h steps later, share-weighted, positive when the mid moved against the fill (the opposite sign to a passive env\'s limit-order mark-outs); over the episodes with fills h steps before the horizon.';

/** The benchmark summary as Markdown: what summary.md holds and the CLI prints. */
export function formatSummaryMarkdown(s: BenchmarkSummary): string {
  const parts = [
    `# Benchmark: ${s.env}, ${s.episodes} episodes, seed ${s.seed}`,
    s.urgency.split('\n').join('  \n'),
    `Design: ${s.design}. Costs in bps of the arrival value X * S0; objective = IS + risk penalty (minus the episode return).${constraintsSentence(s.spec.constraints)}`,
    '## Implementation shortfall (bps)',
    costTable(s),
    `## Paired differences against \`${s.baseline}\`${s.optimum ? ` and regret against the ${optimumKind(s.optimum)}` : ''} (mean [95% CI], bps)`,
    pairedTable(s),
  ];
  const folded = aliasNote(foldAliases(s), s.episodes);
  if (folded) parts.push(folded);
  if (s.optimum) parts.push(`Optimum: \`optimal\` is ${s.optimum.note}.${s.optimum.continuousRelaxation ? ' The regret is paired against `optimal` run on the Box version of this market with the same seeds.' : ''}`);
  for (const signal of s.bugSignals ?? []) parts.push(`**Bug signal:** ${signal}.`);
  for (const flag of s.boundFlags ?? []) parts.push(`**${flag.isBound ? 'Beats a bound' : 'Beats a reference that is not a bound'}:** ${flag.message}.`);
  const passive = passiveColumnsTable(s.policies);
  if (passive) parts.push('## Limit orders (passive env)', table(passive.header, passive.rows), PASSIVE_COLUMNS_NOTE);
  const benchmarks = benchmarkColumnsTable(foldAliases(s));
  if (benchmarks) {
    const incomplete = s.policies.find((p) => p.benchmarks && p.benchmarks.pwpCompleteShare < 1);
    const pwpNote = incomplete ? ` In ${(100 * (1 - incomplete.benchmarks!.pwpCompleteShare)).toFixed(1)}% of episodes the horizon traded less than X / rate: their PWP is the VWAP of the whole horizon.` : '';
    parts.push('## Execution benchmarks (bps, positive a cost)', table(benchmarks.header, benchmarks.rows), BENCHMARK_COLUMNS_NOTE + pwpNote);
  }
  const exact = exactTable(s);
  if (exact) parts.push('## Exact expectations next to the simulated ones (bps)', exact);
  const control = controlTable(s);
  parts.push('## Variance reduction', control ? `${control}\n\nEstimator: ${s.controlVariate.estimator}.` : `Estimator: ${s.controlVariate.estimator}.`);
  if (s.policies.some((p) => p.usesHiddenState)) parts.push('† reads hidden state (the true regime): an oracle, reported as a bound, not an achievable policy.');
  return `${parts.join('\n\n')}\n`;
}

/** The env's execution constraints as a sentence after the design line (empty without any). */
export function constraintsSentence(spec: Parameters<typeof describeConstraints>[0]): string {
  const text = describeConstraints(spec);
  return text ? ` Execution constraints (enforced in the step on every policy): ${text}.` : '';
}
