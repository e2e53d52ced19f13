import { acInputsFor, acIsExact } from '../../env/analytics/ac-inputs.js';
import { efficientFrontier } from '../../env/analytics/almgren-chriss.js';
import { resolveMarket } from '../../env/market/params.js';
import { BENCHMARK_COLUMNS_NOTE, benchmarkColumnsTable, f2, interval, optimumKind, PASSIVE_COLUMNS_NOTE, passiveColumnsTable } from '../benchmark/format-summary.js';
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

const label = (p: PolicySummary) => `${p.policy}${p.rounded ? ' (rounded to the levels)' : ''}${p.usesHiddenState ? ' (oracle)' : ''}`;

/** Sanity anchors (sell at once, sell at the end): in the tables, not in the charts. */
const ANCHORS = new Set(['immediate', 'last-minute']);
const present = <T>(value: T | null): T[] => (value === null ? [] : [value]);


export function benchmarkSection(b: BenchmarkDir, slug: string): PendingSection {
  const s = b.summary;
  const policies = s.policies;
  const notes = [s.design, s.urgency];
  const oracles = policies.filter((p) => p.usesHiddenState).map((p) => p.policy);
  if (oracles.length > 0) notes.push(`Oracles (read the true hidden regime, not achievable by a real desk): ${oracles.join(', ')}.`);
  if (s.spec.regimeInfo === 'oracle') notes.push(`The env's observation includes the true regime (regimeInfo: oracle): learned policies here see hidden state.`);
  if (s.optimum) notes.push(`Regret reference: optimal, ${s.optimum.note}.`);
  for (const signal of s.bugSignals ?? []) notes.push(`Bug signal: ${signal}.`);
  for (const flag of s.boundFlags ?? []) notes.push(`${flag.isBound ? 'Beats a bound' : 'Beats a reference that is not a bound'}: ${flag.message}.`);

  // The sanity anchors' costs are an order of magnitude off the scale of the others: tables only.
  const drawn = policies.filter((p) => !ANCHORS.has(p.policy));
  const marks = drawn.map((p) => ({ policy: p.policy, meanBps: p.isBps.mean, cvar95Bps: p.isBps.cvar95 }));
  const charts: PendingChart[] = [];
  if (b.episodes === null) notes.push(`No episodes.csv in ${b.dir} (results/ commits only the summaries): the cost distributions are not drawn.`);
  else {
    const episodes = b.episodes.filter((e) => !ANCHORS.has(e.policy)).map((e) => ({ policy: e.policy, isBps: e.isBps }));
    charts.push({
      name: `${slug}-costs`,
      caption: `Implementation shortfall per policy on ${s.env}, ${s.episodes} common-random-number episodes; solid: mean, dashed: CVaR95 (the immediate and last-minute anchors are in the tables only).`,
      spec: costDistributionChart(`Cost distributions: ${s.env}`, episodes, marks),
    });
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
  return { title: `Benchmark: ${s.env} (${b.dir})`, notes, charts, tables: summaryTables(policies, s.optimum) };
}

function summaryTables(policies: readonly PolicySummary[], optimum: BenchmarkDir['summary']['optimum']): Table[] {
  const passive = passiveColumnsTable(policies);
  return [
    {
      caption: 'Implementation shortfall (bps of X·S0) and objective (IS + risk penalty)',
      header: ['policy', 'mean IS', 'sd', 'se', 'median', 'q05', 'q95', 'CVaR95', 'mean objective', 'exact E[objective]'],
      rows: policies.map((p) => [label(p), f2(p.isBps.mean), f2(p.isBps.sd), f2(p.isBps.se), f2(p.isBps.median), f2(p.isBps.q05), f2(p.isBps.q95), f2(p.isBps.cvar95), f2(p.objectiveBps.mean), f2(p.exact?.expectedObjectiveBps)]),
    },
    {
      caption: `Paired differences against ac${optimum ? ` and regret against optimal (${optimumKind(optimum)})` : ''}: mean [95% CI], bps`,
      header: ['policy', 'IS − ac', 'objective − ac', 'regret vs optimal'],
      rows: policies.map((p) => [label(p), interval(p.vsAc?.isBps), interval(p.vsAc?.objectiveBps), interval(p.regretBps)]),
    },
    ...(passive ? [{ caption: `Limit orders (passive env). ${PASSIVE_COLUMNS_NOTE}`, ...passive }] : []),
    ...present(benchmarkColumnsTable(policies)).map((table) => ({ caption: `Execution benchmarks (bps, positive a cost). ${BENCHMARK_COLUMNS_NOTE}`, ...table })),
  ];
}

/**
 * Inventory as a fraction of X before each recorded step, for the desk algorithms and learned
 * policies, closed by the holdings after the last step (zero: the order completes).
 */
function trajectoryPoints(b: BenchmarkDir): TrajectoryPoint[] {
  const { order, horizon } = b.summary.spec;
  return b.trajectories
    .filter((t) => !ANCHORS.has(t.policy))
    .flatMap((t) => {
      const point = { policy: t.policy, episode: Number(t.episode), step: Number(t.step), inventory: Number(t.inventory) / order.shares, marketVolume: Number(t.market_volume), regime: Number(t.regime) };
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
  const points: PolicyPoint[] = s.policies
    .filter((pol) => !ANCHORS.has(pol.policy))
    .map((pol) => ({ policy: label(pol), expectedBps: pol.isBps.mean, stdBps: pol.isBps.sd }));
  const exact = acIsExact(p);
  return {
    name: `${slug}-frontier`,
    caption: exact
      ? `AC efficient frontier of ${s.env} (exact closed forms over a lambda grid) with each policy's simulated mean and sd of IS.`
      : `Frontier of the AC model at ${s.env}'s calibrated inputs (not exact for this market) with each policy's simulated mean and sd of IS.`,
    spec: frontierChart(`Efficient frontier: ${s.env}`, frontier, points),
  };
}
