import { portfolioBaseline, PORTFOLIO_BASELINES, type PortfolioBaselineName } from '../../baselines/portfolio-baselines.js';
import { writePortfolioBenchmark } from '../io/portfolio-benchmark-dir.js';
import { solvePortfolioOptimum } from '../../env/portfolio/analytics/portfolio-optimum.js';
import { portfolioScheduleCost } from '../../env/portfolio/analytics/schedule-cost.js';
import type { PortfolioParams } from '../../env/portfolio/params.js';
import type { PortfolioPolicy } from '../../env/portfolio/policy.js';
import { pairedDifference, type Interval } from '../stats/paired.js';
import { sampleStats } from '../stats/sample-stats.js';
import type { ValidationReferences } from '../train/validation-references.js';
import type { ValidationScores } from '../train/validation-scores.js';
import { runPortfolioEpisodes, summarizePortfolio, type PortfolioBenchmarkRow } from './portfolio-benchmark.js';

/** The per-asset AC baseline's name: what a desk running single-name algorithms does, the `ac` of a portfolio's learning curve. */
export const PORTFOLIO_AC = 'ac-per-asset';

/**
 * A portfolio policy's scores on the validation seeds, in the learning curve's terms: the return
 * is minus the objective (the env's rewards sum to it, bps), IS is the shortfall.
 */
export function portfolioValidationScores(p: PortfolioParams, policy: PortfolioPolicy, validation: { seed: number; episodes: number }): ValidationScores {
  const run = runPortfolioEpisodes(p, policy, validation.episodes, validation.seed);
  const is = sampleStats(run.shortfallBps);
  const objective = sampleStats(run.objectiveBps);
  return { returnMean: -objective.mean, isMean: is.mean, isStd: is.sd, objectiveMean: objective.mean, objectives: run.objectiveBps };
}

/** Per-asset AC and the joint optimum on the validation seeds, once per run, for the paired columns (vs_ac, regret) of every row. */
export function portfolioValidationReferences(p: PortfolioParams, validation: { seed: number; episodes: number }): ValidationReferences {
  const objectives = (name: PortfolioBaselineName) => runPortfolioEpisodes(p, portfolioBaseline(name, p), validation.episodes, validation.seed).objectiveBps;
  return { ac: objectives(PORTFOLIO_AC), optimal: objectives('optimal') };
}

/** The exact expected objectives (bps) of per-asset AC, TWAP and the joint optimum: a portfolio run's manifest references. */
export function portfolioReferences(p: PortfolioParams) {
  const exact = (name: PortfolioBaselineName) => portfolioScheduleCost(p, PORTFOLIO_BASELINES[name](p)).objective * p.bpsPerDollar;
  return {
    acObjectiveBps: exact(PORTFOLIO_AC),
    acSource: 'exact (per-asset AC: each name its own AC schedule, ignoring correlations and cross-impact)',
    twapObjectiveBps: exact('twap'),
    optimumObjectiveBps: solvePortfolioOptimum(p).objectiveBps,
    optimum: 'optimal (exact optimum)',
  };
}

/** What a portfolio benchmark records: every row paired against the joint optimum. */
export interface PortfolioBenchmarkSummary {
  readonly env: string;
  readonly episodes: number;
  readonly seed: number;
  readonly reference: 'optimal';
  readonly rows: readonly PortfolioBenchmarkRow[];
  /** A run's benchmark: the agent against per-asset AC and the joint optimum. */
  readonly agent?: { readonly policy: string; readonly vsAcObjectiveBps: Interval; readonly regretBps: Interval };
}

/** What a portfolio run's final benchmark records: the baselines' rows and the agent's, and the agent against per-asset AC. */
export interface PortfolioRunBenchmark extends PortfolioBenchmarkSummary {
  readonly agent: NonNullable<PortfolioBenchmarkSummary['agent']>;
}

/** The baselines of a portfolio benchmark, the reference (the exact joint optimum) first. */
export const PORTFOLIO_BENCHMARK_BASELINES: readonly PortfolioBaselineName[] = ['optimal', PORTFOLIO_AC, 'twap', 'vwap'];

/**
 * The selected agent, the joint optimum, per-asset AC, TWAP and VWAP on the test seeds (common
 * random numbers), written to `outDir` (portfolio-summary.json and .md, portfolio-episodes.csv).
 */
export function benchmarkPortfolioRun(p: PortfolioParams, envId: string, agent: PortfolioPolicy, test: { seed: number; episodes: number }, outDir: string): PortfolioRunBenchmark {
  const runs = [...PORTFOLIO_BENCHMARK_BASELINES.map((n) => runPortfolioEpisodes(p, portfolioBaseline(n, p), test.episodes, test.seed)), runPortfolioEpisodes(p, agent, test.episodes, test.seed)];
  const [optimal, ac] = runs;
  const mine = runs[runs.length - 1];
  const result: PortfolioRunBenchmark = {
    env: envId,
    episodes: test.episodes,
    seed: test.seed,
    reference: 'optimal',
    rows: summarizePortfolio(runs, 'optimal'),
    agent: { policy: agent.name, vsAcObjectiveBps: pairedDifference(mine.objectiveBps, ac.objectiveBps), regretBps: pairedDifference(mine.objectiveBps, optimal.objectiveBps) },
  };
  writePortfolioBenchmark(outDir, result, portfolioBenchmarkMarkdown(result), runs);
  return result;
}

/**
 * The portfolio baselines alone (the suite's benchmark of a portfolio env): the joint optimum,
 * per-asset AC, TWAP and VWAP on `episodes` market seeds from `seed`, written to `outDir` as a run's
 * benchmark is, so a learned row pairs with these rows on the same paths.
 */
export function benchmarkPortfolioBaselines(p: PortfolioParams, envId: string, seeds: { seed: number; episodes: number }, outDir: string): PortfolioBenchmarkSummary {
  const runs = PORTFOLIO_BENCHMARK_BASELINES.map((n) => runPortfolioEpisodes(p, portfolioBaseline(n, p), seeds.episodes, seeds.seed));
  const result: PortfolioBenchmarkSummary = { env: envId, episodes: seeds.episodes, seed: seeds.seed, reference: 'optimal', rows: summarizePortfolio(runs, 'optimal') };
  writePortfolioBenchmark(outDir, result, portfolioBenchmarkMarkdown(result), runs);
  return result;
}

const f2 = (v: number) => v.toFixed(2);
const ci = (i: Interval) => `${f2(i.mean)} [${f2(i.low)}, ${f2(i.high)}]`;

/** The final benchmark as a Markdown table. */
export function portfolioBenchmarkMarkdown(b: PortfolioBenchmarkSummary): string {
  const lines = [
    b.agent ? `# ${b.agent.policy} on ${b.env}: ${b.episodes} test episodes (seeds ${b.seed}..)` : `# The portfolio baselines on ${b.env}: ${b.episodes} episodes (seeds ${b.seed}..)`,
    '',
    '| policy | E[IS + risk] bps (95% CI) | E[IS] bps | risk penalty bps | minus optimal, paired (95% CI) |',
    '| --- | --- | --- | --- | --- |',
    ...b.rows.map((r) => `| ${r.policy} | ${ci(r.objectiveBps)} | ${f2(r.shortfallBps.mean)} | ${f2(r.riskPenaltyBps.mean)} | ${r.vsReferenceBps ? ci(r.vsReferenceBps) : 'reference'} |`),
    '',
    ...(b.agent ? [`${b.agent.policy} minus ${PORTFOLIO_AC}, paired: ${ci(b.agent.vsAcObjectiveBps)} bps; minus the joint optimum: ${ci(b.agent.regretBps)} bps.`, ''] : []),
  ];
  return lines.join('\n');
}
