import { UserError } from '../../env/errors/errors.js';
import { readPortfolioBenchmark, readPortfolioEpisodes, type PortfolioBenchmarkFile } from '../io/portfolio-benchmark-dir.js';
import { readCompleteManifest, readRunEpisodes, readRunPortfolioBenchmark } from '../io/run-dir.js';
import { PORTFOLIO_AC } from '../portfolio/portfolio-run-evaluation.js';
import type { LearningCheck } from '../train/learning-check.js';
import { pairedDifference, type Interval } from '../stats/paired.js';
import { compareTrained, type TrainedComparison } from './paired-rows.js';

/** A trained config on a portfolio env (issue 24), as the headline's portfolio section needs it. */
export interface PortfolioTrainedResult {
  readonly name: string;
  readonly env: string;
  readonly seeds: readonly number[];
  /** Each seed's test episodes paired with the suite benchmark's `ac-per-asset` (as `ac`) and `optimal` rows, two-level across seeds. */
  readonly comparison: TrainedComparison;
  /** Mean over seeds of each seed's mean test IS (bps). */
  readonly isBpsMean: number;
  /** Mean over seeds of each seed's mean test risk penalty (bps). */
  readonly riskPenaltyBpsMean: number;
  /** Each seed's learning check (null for a run recorded before the check existed), in seed order. */
  readonly learning: readonly (LearningCheck | null)[];
  /** Each seed's selected checkpoint (env steps), in seed order. */
  readonly selectedSteps: readonly (number | null)[];
  readonly envSteps: number;
  readonly wallSeconds: readonly number[];
}

/**
 * A portfolio config's seeds (`runDirs`, in seed order) against the suite's portfolio benchmark in
 * `benchmarkDir` on the same market seeds: the same paired two-level intervals as a single-asset
 * learned row (compareTrained), with per-asset AC in the part of `ac`.
 * @throws UserError when a run or the benchmark lacks its episodes (portfolio-episodes.csv), or a run has no portfolio benchmark
 */
export function portfolioTrainedResult(agentName: string, seeds: readonly number[], runDirs: readonly string[], benchmarkDir: string): PortfolioTrainedResult {
  const benchmark: PortfolioBenchmarkFile = readPortfolioBenchmark(benchmarkDir);
  const rows = readPortfolioEpisodes(benchmarkDir, benchmark);
  if (rows === null) throw new UserError(`suite: the portfolio benchmark ${JSON.stringify(benchmarkDir)} has no episodes to pair the learned rows with`);
  const manifests = runDirs.map((d) => readCompleteManifest(d));
  const runs = runDirs.map((d) => {
    const episodes = readRunEpisodes(d);
    if (episodes === null) throw new UserError(`suite: run ${JSON.stringify(d)} has no test episodes (benchmark/portfolio-episodes.csv)`);
    return episodes;
  });
  const agentRows = runDirs.map((d) => readRunPortfolioBenchmark(d)?.rows.find((r) => r.policy === agentName));
  const meanOver = (pick: (row: NonNullable<(typeof agentRows)[number]>) => number) => agentRows.reduce((a, row) => a + (row ? pick(row) : Number.NaN), 0) / agentRows.length;
  return {
    name: agentName,
    env: benchmark.env,
    seeds,
    comparison: compareTrained(agentName, seeds, runs, rows, null, PORTFOLIO_AC),
    isBpsMean: meanOver((row) => row.shortfallBps.mean),
    riskPenaltyBpsMean: meanOver((row) => row.riskPenaltyBps.mean),
    learning: manifests.map((m) => m.result.learning ?? null),
    selectedSteps: manifests.map((m) => m.result.selected.envSteps ?? null),
    envSteps: manifests[0].result.envSteps,
    wallSeconds: manifests.map((m) => m.result.wallSeconds),
  };
}

/** The suite's portfolio benchmark of one env: its summary, and each baseline minus per-asset AC, paired on the same episodes. */
export interface PortfolioBenchmarkRows {
  readonly summary: PortfolioBenchmarkFile;
  readonly vsAcBps: Readonly<Record<string, Interval>>;
}

/**
 * The suite's portfolio benchmark in `benchmarkDir` with every row paired against per-asset AC
 * (the summary pairs them against the optimum).
 * @throws UserError when its episodes are missing or damaged
 */
export function portfolioBenchmarkRows(benchmarkDir: string): PortfolioBenchmarkRows {
  const summary = readPortfolioBenchmark(benchmarkDir);
  const rows = readPortfolioEpisodes(benchmarkDir, summary);
  if (rows === null) throw new UserError(`suite: the portfolio benchmark ${JSON.stringify(benchmarkDir)} has no episodes (portfolio-episodes.csv)`);
  const objectives = (policy: string) => Float64Array.from(rows.filter((r) => r.policy === policy).sort((a, b) => a.seed - b.seed), (r) => r.objectiveBps);
  const ac = objectives(PORTFOLIO_AC);
  return { summary, vsAcBps: Object.fromEntries(summary.rows.filter((r) => r.policy !== PORTFOLIO_AC).map((r) => [r.policy, pairedDifference(objectives(r.policy), ac)])) };
}
