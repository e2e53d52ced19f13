import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MarketCard } from '../calibrate/market-card.js';
import { UserError } from '../../env/errors/errors.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import { pathInside } from '../../env/io/safe-path.js';
import { hasBenchmark, readBenchmarkSummary, readEpisodes, readFrontier, readTrajectories, type EpisodeRow } from '../io/benchmark-dir.js';
import { hasCard, readCard } from '../io/card-dir.js';
import { settleResultDir } from '../io/result-dir.js';
import { hasRun, isCompleteRun, readCompleteManifest, readCurve, readRunPortfolioBenchmark, runPaths, type CurveFile, type RunManifest } from '../io/run-dir.js';
import { readSweepAggregate, sweepAggregatePath } from '../io/sweep-dir.js';
import { loadTcaDir, type TcaDir } from '../io/tca-dir.js';
import { hasPortfolioBenchmark, readPortfolioBenchmark, type PortfolioBenchmarkFile } from '../io/portfolio-benchmark-dir.js';

/** A benchmark directory: summary.json, episodes.csv and trajectories.csv (`execgym benchmark`). */
export interface BenchmarkDir {
  readonly kind: 'benchmark';
  readonly dir: string;
  readonly summary: BenchmarkSummary;
  /** Each episode's row (the columns the report draws; a suite has millions of rows), or null when episodes.csv is not there. */
  readonly episodes: readonly EpisodeRow[] | null;
  readonly trajectories: Record<string, string>[];
  /** frontier.json of `execgym frontier --out` in the same directory, if any. */
  readonly frontier: ReturnType<typeof readFrontier>;
}

/** A training run directory (`execgym train`): its learning curve and final benchmark. */
export interface RunDir {
  readonly kind: 'run';
  readonly dir: string;
  readonly name: string;
  readonly curve: CurveFile;
  readonly manifest: RunManifest;
  readonly benchmark: BenchmarkDir | null;
  /** A portfolio run's final benchmark (benchmark/portfolio-summary.json), in place of `benchmark`. */
  readonly portfolio: PortfolioBenchmarkFile | null;
}

/** A sweep directory (`execgym sweep`): aggregate.json across seeds, and its run directories. */
export interface SweepDir {
  readonly kind: 'sweep';
  readonly dir: string;
  readonly aggregate: SweepAggregateFile;
  readonly runs: RunDir[];
}

/** The parts of a sweep's aggregate.json that the report draws. */
export type SweepAggregateFile = ReturnType<typeof readSweepAggregate>;

/** A market card directory (`execgym calibrate`): card.json and spec.json. */
export interface CardDir {
  readonly kind: 'card';
  readonly dir: string;
  readonly card: MarketCard;
}

/** A portfolio benchmark directory (the suite's benchmark of a portfolio env): portfolio-summary.json. */
export interface PortfolioBenchmarkDir {
  readonly kind: 'portfolio-benchmark';
  readonly dir: string;
  readonly summary: PortfolioBenchmarkFile;
}

export type ReportInput = BenchmarkDir | RunDir | SweepDir | CardDir | TcaDir | PortfolioBenchmarkDir;

/**
 * A benchmark directory, its files checked (see experiments/io/benchmark-dir.ts). Without
 * episodes.csv (results/ commits only the summaries) the charts that need episodes are left out.
 */
export function loadBenchmarkDir(dir: string): BenchmarkDir {
  settleResultDir(dir);
  const summary = readBenchmarkSummary(dir);
  return { kind: 'benchmark', dir, summary, episodes: readEpisodes(dir, summary), trajectories: readTrajectories(dir), frontier: readFrontier(dir) };
}

/** A completed run directory, its files checked (see experiments/io/run-dir.ts). */
export function loadRunDir(dir: string): RunDir {
  const manifest = readCompleteManifest(dir, 'resume it with execgym train --resume first');
  const benchmark = runPaths(dir).benchmark;
  return {
    kind: 'run',
    dir,
    name: manifest.name,
    curve: readCurve(dir),
    manifest,
    benchmark: hasBenchmark(benchmark) ? loadBenchmarkDir(benchmark) : null,
    portfolio: readRunPortfolioBenchmark(dir),
  };
}

/**
 * Loads a directory as whatever it is: a sweep (aggregate.json), a run (manifest.json and
 * learning_curve.csv), a benchmark (summary.json), a portfolio benchmark (portfolio-summary.json)
 * or a market card (card.json).
 * @throws UserError naming the directory when it is none of them
 */
export function loadReportInput(dir: string): ReportInput {
  if (existsSync(sweepAggregatePath(dir))) {
    settleResultDir(dir);
    const aggregate = readSweepAggregate(dir);
    // The aggregate was computed from the complete runs only; the same runs are drawn.
    // Run names are data of a directory someone may have handed over: each must lie inside it.
    const runs = aggregate.runs.map((run, i) => pathInside(dir, run, `sweep aggregate ${JSON.stringify(join(dir, 'aggregate.json'))} "runs"[${i}]`)).filter(isCompleteRun).map(loadRunDir);
    return { kind: 'sweep', dir, aggregate, runs };
  }
  if (hasRun(dir) && existsSync(runPaths(dir).curve)) return loadRunDir(dir);
  // Before the benchmark: a tca directory has a summary.json too (with orders, and no episodes).
  const tca = loadTcaDir(dir);
  if (tca) return tca;
  if (hasBenchmark(dir)) return loadBenchmarkDir(dir);
  if (hasPortfolioBenchmark(dir)) return { kind: 'portfolio-benchmark', dir, summary: readPortfolioBenchmark(dir) };
  if (hasCard(dir)) return { kind: 'card', dir, card: readCard(dir) };
  throw new UserError(`report: ${JSON.stringify(dir)} is not a run, sweep, benchmark, portfolio benchmark, market card or tca directory (expected aggregate.json, manifest.json + learning_curve.csv, summary.json, portfolio-summary.json, or card.json)`);
}
