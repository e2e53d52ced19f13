import { acInputsFor, acIsExact } from '../../env/analytics/ac-inputs.js';
import { efficientFrontier } from '../../env/analytics/almgren-chriss.js';
import { resolveMarket } from '../../env/market/params.js';
import { BENCHMARK_COLUMNS_NOTE, benchmarkColumnsTable, constraintsSentence, f2, interval, optimumKind, PASSIVE_COLUMNS_NOTE, passiveColumnsTable } from '../benchmark/format-summary.js';
import { aliasedName, aliasNote, foldAliases, type AliasedPolicy } from '../benchmark/policy-aliases.js';
import { defaultLambdas } from '../benchmark/frontier.js';
import type { PolicySummary } from '../benchmark/summarize.js';
import { costDistributionChart } from './charts/cost-distribution.chart.js';
import { frontierChart, type FrontierRow, type PolicyPoint } from './charts/frontier.chart.js';
import { trajectoriesChart, type TrajectoryPoint } from './charts/trajectories.chart.js';
import type { Table } from './html-page.js';
import type { BenchmarkDir } from './load-dirs.js';
import type { ChartSpec } from './render-chart.js';

/** A chart to render, with its caption, before it becomes a {@link RenderedChart}. */
export interface PendingChart {
  readonly name: string;
  readonly caption: string;
  readonly spec: ChartSpec;
}

export interface PendingSection {
  readonly title: string;
  readonly notes: string[];
  readonly charts: PendingChart[];
  readonly tables: Table[];
}

const label = (p: PolicySummary, aliases: readonly string[] = []) => `${aliasedName(`${p.policy}${p.rounded ? ' (rounded to the levels)' : ''}`, aliases)}${p.usesHiddenState ? ' (oracle)' : ''}`;

/** Sanity anchors (sell at once, sell at the end): in the tables, not in the charts. */
const ANCHORS = new Set(['immediate', 'last-minute']);
const present = <T>(value: T | null): T[] => (value === null ? [] : [value]);


/**
 * A benchmark's section: notes, the objective distributions, for each learned policy (`learned`,
 * and every `run:` policy) its paired difference against `ac`, the frontier, the trajectories and
 * the tables, with identical policies shown once.
 */
export function benchmarkSection(b: BenchmarkDir, slug: string, learned: readonly string[] = []): PendingSection {
  const s = b.summary;
  const policies = s.policies;
  const notes = [s.design, s.urgency];
  const oracles = policies.filter((p) => p.usesHiddenState).map((p) => p.policy);
  if (oracles.length > 0) notes.push(`Oracles (read the true hidden regime, not achievable by a real desk): ${oracles.join(', ')}.`);
  const constraints = constraintsSentence(s.spec.constraints).trim();
  if (constraints) notes.push(constraints);
  if (s.spec.regimeInfo === 'oracle') notes.push(`The env's observation includes the true regime (regimeInfo: oracle): learned policies here see hidden state.`);
  if (s.optimum) notes.push(`Regret reference: optimal, ${s.optimum.note}.`);
  for (const signal of s.bugSignals ?? []) notes.push(`Bug signal: ${signal}.`);
  for (const flag of s.boundFlags ?? []) notes.push(`${flag.isBound ? 'Beats a bound' : 'Beats a reference that is not a bound'}: ${flag.message}.`);

  // Names measured with identical results (the AC schedule under five names on ac-linear-v0) are drawn once.
  const folded = foldAliases(s);
  const shownAs = new Map(folded.map((r) => [r.policy.policy, aliasedName(r.policy.policy, r.aliases)]));
  const note = aliasNote(folded, s.episodes);
  if (note) notes.push(note);
  // The sanity anchors' costs are an order of magnitude off the scale of the others: tables only.
  const drawn = folded.map((r) => r.policy).filter((p) => !ANCHORS.has(p.policy));
  const charts: PendingChart[] = [];
  if (b.episodes === null) notes.push(`No episodes.csv in ${b.dir} (results/ commits only the summaries): the cost distributions are not drawn.`);
  else {
    const episodes = b.episodes.filter((e) => shownAs.has(e.policy) && !ANCHORS.has(e.policy)).map((e) => ({ policy: shownAs.get(e.policy)!, costBps: e.objectiveBps }));
    const marks = drawn.map((p) => ({ policy: shownAs.get(p.policy)!, meanBps: p.objectiveBps.mean, cvar95Bps: cvar95(episodes.filter((e) => e.policy === shownAs.get(p.policy)).map((e) => e.costBps)) }));
    charts.push({
      name: `${slug}-costs`,
      caption: `Objective (IS + risk penalty, what policies are ranked on) per policy on ${s.env}, ${s.episodes} common-random-number episodes; solid: mean, dashed: CVaR95 (the immediate and last-minute anchors are in the tables only; IS is in the table).`,
      spec: costDistributionChart(`Objective distributions: ${s.env}`, episodes, marks),
    });
    const paired = pairedChart(b, learned, slug);
    if (paired) charts.push(paired);
  }
  charts.push(frontierFor(b, slug));
  const paths = trajectoryPoints(b);
  if (paths.length > 0) {
    const names = (s.spec.regimes ?? [{ name: 'single' }]).map((r) => r.name);
    charts.push({
      name: `${slug}-trajectories`,
      caption: `Inventory paths on ${s.env}: mean (thick) and sample episodes (thin); below, the market volume and regime of episode 0.`,
      spec: trajectoriesChart(`Inventory trajectories: ${s.env}`, paths, 0, names),
    });
  }
  return { title: `Benchmark: ${s.env} (${b.dir})`, notes, charts, tables: summaryTables(folded, s.optimum) };
}

function summaryTables(folded: readonly AliasedPolicy[], optimum: BenchmarkDir['summary']['optimum']): Table[] {
  const passive = passiveColumnsTable(folded.map((r) => r.policy));
  const rows = folded.map((r) => [r.policy, label(r.policy, r.aliases)] as const);
  return [
    {
      caption: 'Implementation shortfall (bps of X·S0) and objective (IS + risk penalty)',
      header: ['policy', 'mean IS', 'sd', 'se', 'median', 'q05', 'q95', 'CVaR95', 'mean objective', 'exact E[objective]'],
      rows: rows.map(([p, name]) => [name, f2(p.isBps.mean), f2(p.isBps.sd), f2(p.isBps.se), f2(p.isBps.median), f2(p.isBps.q05), f2(p.isBps.q95), f2(p.isBps.cvar95), f2(p.objectiveBps.mean), f2(p.exact?.expectedObjectiveBps)]),
    },
    {
      caption: `Paired differences against ac${optimum ? ` and regret against optimal (${optimumKind(optimum)})` : ''}: mean [95% CI], bps`,
      header: ['policy', 'IS − ac', 'objective − ac', 'regret vs optimal'],
      rows: rows.map(([p, name]) => [name, interval(p.vsAc?.isBps), interval(p.vsAc?.objectiveBps), interval(p.regretBps)]),
    },
    ...(passive ? [{ caption: `Limit orders (passive env). ${PASSIVE_COLUMNS_NOTE}`, ...passive }] : []),
    ...present(benchmarkColumnsTable(folded)).map((table) => ({ caption: `Execution benchmarks (bps, positive a cost). ${BENCHMARK_COLUMNS_NOTE}`, ...table })),
  ];
}

/**
 * Inventory as a fraction of X before each recorded step, for the desk algorithms and learned
 * policies, closed by the holdings after the last step (zero: the order completes).
 */
function trajectoryPoints(b: BenchmarkDir): TrajectoryPoint[] {
  const { order, horizon } = b.summary.spec;
  const shown = new Map(foldAliases(b.summary).map((r) => [r.policy.policy, aliasedName(r.policy.policy, r.aliases)]));
  return b.trajectories
    .filter((t) => shown.has(t.policy) && !ANCHORS.has(t.policy))
    .flatMap((t) => {
      const point = { policy: shown.get(t.policy)!, episode: Number(t.episode), step: Number(t.step), inventory: Number(t.inventory) / order.shares, marketVolume: Number(t.market_volume), regime: Number(t.regime) };
      if (point.step < horizon.N - 1) return [point];
      return [point, { ...point, step: horizon.N, inventory: (Number(t.inventory) - Number(t.trade)) / order.shares, marketVolume: Number.NaN }];
    });
}

/**
 * The AC frontier with every benchmarked policy placed on it (mean and sd of simulated IS): exact
 * on one-regime linear markets; elsewhere the frontier of the AC model at the calibrated inputs.
 */
function frontierFor(b: BenchmarkDir, slug: string): PendingChart {
  const s = b.summary;
  const p = resolveMarket(s.spec);
  const toBps = p.bpsPerDollar;
  const recorded = b.frontier?.points.filter((pt) => pt.curve === 'ac' && pt.lambda !== null);
  const frontier: FrontierRow[] = recorded?.length
    ? recorded.map((pt) => ({ lambda: pt.lambda!, expectedBps: pt.expectedIsBps, stdBps: pt.sdIsBps }))
    : efficientFrontier(acInputsFor(p), defaultLambdas(p.lambda)).map((pt) => ({ lambda: pt.lambda, expectedBps: pt.expectedCost * toBps, stdBps: pt.stdDev * toBps }));
  const points: PolicyPoint[] = foldAliases(s)
    .filter((r) => !ANCHORS.has(r.policy.policy))
    .map((r) => ({ policy: label(r.policy, r.aliases), expectedBps: r.policy.isBps.mean, stdBps: r.policy.isBps.sd }));
  const exact = acIsExact(p);
  return {
    name: `${slug}-frontier`,
    caption: exact
      ? `AC efficient frontier of ${s.env} (exact closed forms over a lambda grid) with each policy's simulated mean and sd of IS.`
      : `Frontier of the AC model at ${s.env}'s calibrated inputs (not exact for this market) with each policy's simulated mean and sd of IS.`,
    spec: frontierChart(`Efficient frontier: ${s.env}`, frontier, points),
  };
}

/** Mean of the worst 5% of `values` (CVaR95 of a cost), NaN for none. */
function cvar95(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => b - a);
  const tail = sorted.slice(0, Math.max(1, Math.ceil(0.05 * sorted.length)));
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

/**
 * "Did it beat AC?": per learned policy, the histogram of its per-episode objective minus `ac`'s
 * on the same seed (the episodes are paired), the mean and its 95% CI from the summary in the
 * caption. A 2 bps edge is invisible between distributions with sd 150; the paired one shows it.
 */
function pairedChart(b: BenchmarkDir, learned: readonly string[], slug: string): PendingChart | null {
  const s = b.summary;
  const names = s.policies.filter((p) => p.vsAc !== null && p.policy !== 'ac' && (learned.includes(p.policy) || p.policy.startsWith('run:'))).map((p) => p.policy);
  if (names.length === 0 || b.episodes === null) return null;
  const acByEpisode = new Map(b.episodes.filter((e) => e.policy === 'ac').map((e) => [e.seed, e.objectiveBps]));
  const diffs = b.episodes
    .filter((e) => names.includes(e.policy) && acByEpisode.has(e.seed))
    .map((e) => ({ policy: `${e.policy} − ac`, costBps: e.objectiveBps - acByEpisode.get(e.seed)! }));
  if (diffs.length === 0) return null;
  const marks = names.map((name) => ({ policy: `${name} − ac`, meanBps: s.policies.find((p) => p.policy === name)!.vsAc!.objectiveBps.mean, cvar95Bps: cvar95(diffs.filter((d) => d.policy === `${name} − ac`).map((d) => d.costBps)) }));
  const said = names.map((name) => `${name}: ${interval(s.policies.find((p) => p.policy === name)!.vsAc!.objectiveBps)} bps`).join('; ');
  return {
    name: `${slug}-vs-ac`,
    caption: `Did it beat AC? Per-episode objective of each learned policy minus ac's on the same market seed (paired); below 0 the learned policy did better. Mean [95% CI]: ${said}.`,
    spec: costDistributionChart(`Paired objective difference against ac: ${s.env}`, diffs, marks, 'objective − ac on the same episode (bps)'),
  };
}
