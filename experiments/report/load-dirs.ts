import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MarketCard } from '../../env/calibration/market-card.js';
import { UserError } from '../../env/errors.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import { readCsv } from '../io/read-csv.js';

/** A benchmark directory: summary.json, episodes.csv and trajectories.csv (`execgym benchmark`). */
export interface BenchmarkDir {
  readonly kind: 'benchmark';
  readonly dir: string;
  readonly summary: BenchmarkSummary;
  readonly episodes: Record<string, string>[];
  readonly trajectories: Record<string, string>[];
  /** frontier.json of `execgym frontier --out` in the same directory, if any. */
  readonly frontier: { points: { curve: string; policy: string; lambda: number | null; expectedIsBps: number; sdIsBps: number }[] } | null;
}

/** A training run directory (`execgym train`): its learning curve and final benchmark. */
export interface RunDir {
  readonly kind: 'run';
  readonly dir: string;
  readonly name: string;
  readonly curve: Record<string, string>[];
  readonly manifest: Record<string, unknown>;
  readonly benchmark: BenchmarkDir | null;
}

/** A sweep directory (`execgym sweep`): aggregate.json across seeds, and its run directories. */
export interface SweepDir {
  readonly kind: 'sweep';
  readonly dir: string;
  readonly aggregate: SweepAggregateFile;
  readonly runs: RunDir[];
}

/** The parts of a sweep's aggregate.json that the report draws. */
export interface SweepAggregateFile {
  readonly settings: {
    readonly setting: string;
    readonly seeds: number[];
    readonly curve: { envSteps: number; objectiveBps: number; lowBps: number; highBps: number; n: number }[];
    readonly references: { label: string; objectiveBps: number }[];
  }[];
}

/** A market card directory (`execgym calibrate`): card.json and spec.json. */
export interface CardDir {
  readonly kind: 'card';
  readonly dir: string;
  readonly card: MarketCard;
}

export type ReportInput = BenchmarkDir | RunDir | SweepDir | CardDir;

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

export function loadBenchmarkDir(dir: string): BenchmarkDir {
  const frontierPath = join(dir, 'frontier.json');
  return {
    kind: 'benchmark',
    dir,
    summary: readJson(join(dir, 'summary.json')) as unknown as BenchmarkSummary,
    episodes: readCsv(join(dir, 'episodes.csv')),
    trajectories: existsSync(join(dir, 'trajectories.csv')) ? readCsv(join(dir, 'trajectories.csv')) : [],
    frontier: existsSync(frontierPath) ? (readJson(frontierPath) as unknown as BenchmarkDir['frontier']) : null,
  };
}

export function loadRunDir(dir: string): RunDir {
  const manifest = readJson(join(dir, 'manifest.json'));
  const benchmarkDir = join(dir, 'benchmark');
  return {
    kind: 'run',
    dir,
    name: String((manifest.config as { name?: string } | undefined)?.name ?? manifest.name ?? dir),
    curve: readCsv(join(dir, 'learning_curve.csv')),
    manifest,
    benchmark: existsSync(join(benchmarkDir, 'summary.json')) ? loadBenchmarkDir(benchmarkDir) : null,
  };
}

/**
 * Loads a directory as whatever it is: a sweep (aggregate.json), a run (manifest.json and
 * learning_curve.csv) or a benchmark (summary.json and episodes.csv).
 * @throws UserError naming the directory when it is none of them
 */
export function loadReportInput(dir: string): ReportInput {
  if (existsSync(join(dir, 'aggregate.json'))) {
    const aggregate = readJson(join(dir, 'aggregate.json')) as unknown as SweepAggregateFile & { runs?: string[] };
    const runs = (aggregate.runs ?? []).map((run) => join(dir, run)).filter((run) => existsSync(join(run, 'manifest.json'))).map(loadRunDir);
    return { kind: 'sweep', dir, aggregate, runs };
  }
  if (existsSync(join(dir, 'manifest.json')) && existsSync(join(dir, 'learning_curve.csv'))) return loadRunDir(dir);
  if (existsSync(join(dir, 'summary.json')) && existsSync(join(dir, 'episodes.csv'))) return loadBenchmarkDir(dir);
  if (existsSync(join(dir, 'card.json'))) return { kind: 'card', dir, card: readJson(join(dir, 'card.json')) as unknown as MarketCard };
  throw new UserError(`report: ${JSON.stringify(dir)} is not a run, sweep, benchmark or market card directory (expected aggregate.json, manifest.json + learning_curve.csv, summary.json + episodes.csv, or card.json)`);
}
