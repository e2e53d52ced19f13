import { existsSync, readFileSync } from 'node:fs';
import { MAY_BE_EMPTY } from '../benchmark/write-benchmark.js';
import { join } from 'node:path';
import type { MarketCard } from '../../env/calibration/market-card.js';
import { UserError } from '../../env/errors.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import { readJsonObject } from '../../env/io/read-json.js';
import { readCsv } from '../io/read-csv.js';
import { settleResultDir } from '../io/result-dir.js';
import { isCompleteRun } from '../train/run-dir.js';
import { loadTcaDir, type TcaDir } from './tca-section.js';

/** A benchmark directory: summary.json, episodes.csv and trajectories.csv (`execgym benchmark`). */
export interface BenchmarkDir {
  readonly kind: 'benchmark';
  readonly dir: string;
  readonly summary: BenchmarkSummary;
  /** Each episode's policy and IS: all the report draws (a suite has millions of rows; whole rows ran out of heap). */
  readonly episodes: { readonly policy: string; readonly isBps: number }[];
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

export type ReportInput = BenchmarkDir | RunDir | SweepDir | CardDir | TcaDir;

const readJson = (path: string, what: string) => readJsonObject(path, what);

/**
 * episodes.csv, checked against its summary: one full row per episode and policy, and a last line
 * that ends (a cut-off file would otherwise chart fewer episodes as if nothing were missing).
 * @throws UserError naming the file and what is missing
 */
function readEpisodes(path: string, summary: BenchmarkSummary): BenchmarkDir['episodes'] {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (!text.endsWith('\n')) throw new UserError(`${JSON.stringify(path)} is truncated (its last line is cut off)`);
  const rows = readCsv(path);
  const expected = summary.episodes * summary.policies.length;
  if (rows.length !== expected) throw new UserError(`${JSON.stringify(path)} has ${rows.length} rows; summary.json says ${summary.episodes} episodes x ${summary.policies.length} policies = ${expected} (truncated or from another run)`);
  const blank = rows.findIndex((row) => Object.entries(row).some(([column, v]) => v === '' && !MAY_BE_EMPTY.has(column)));
  if (blank >= 0) throw new UserError(`${JSON.stringify(path)} row ${blank + 2} has empty fields (truncated or edited)`);
  return rows.map((row) => ({ policy: row.policy, isBps: Number(row.is_bps) }));
}

/** summary.json of a benchmark, with the fields the report reads. */
function readSummary(path: string): BenchmarkSummary {
  const summary = readJson(path, 'benchmark summary') as unknown as BenchmarkSummary;
  if (!Number.isInteger(summary.episodes) || !Array.isArray(summary.policies) || summary.policies.length === 0) {
    throw new UserError(`benchmark summary ${JSON.stringify(path)} lacks episodes or policies: not a summary.json that execgym benchmark wrote`);
  }
  return summary;
}

export function loadBenchmarkDir(dir: string): BenchmarkDir {
  settleResultDir(dir);
  const frontierPath = join(dir, 'frontier.json');
  const summary = readSummary(join(dir, 'summary.json'));
  return {
    kind: 'benchmark',
    dir,
    summary,
    episodes: readEpisodes(join(dir, 'episodes.csv'), summary),
    trajectories: existsSync(join(dir, 'trajectories.csv')) ? readCsv(join(dir, 'trajectories.csv')) : [],
    frontier: existsSync(frontierPath) ? (readJson(frontierPath, 'frontier') as unknown as BenchmarkDir['frontier']) : null,
  };
}

export function loadRunDir(dir: string): RunDir {
  if (!isCompleteRun(dir)) throw new UserError(`report: ${JSON.stringify(dir)} is an incomplete run (no result in manifest.json): resume it with execgym train --resume first`);
  const manifest = readJson(join(dir, 'manifest.json'), 'run manifest');
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
    settleResultDir(dir);
    const aggregate = readJson(join(dir, 'aggregate.json'), 'sweep aggregate') as unknown as SweepAggregateFile & { runs?: string[] };
    if (!Array.isArray(aggregate.settings)) throw new UserError(`sweep aggregate ${JSON.stringify(join(dir, 'aggregate.json'))} has no settings`);
    // The aggregate was computed from the complete runs only; the same runs are drawn.
    const runs = (Array.isArray(aggregate.runs) ? aggregate.runs : []).map((run) => join(dir, String(run))).filter(isCompleteRun).map(loadRunDir);
    return { kind: 'sweep', dir, aggregate, runs };
  }
  if (existsSync(join(dir, 'manifest.json')) && existsSync(join(dir, 'learning_curve.csv'))) return loadRunDir(dir);
  if (existsSync(join(dir, 'summary.json')) && existsSync(join(dir, 'episodes.csv'))) return loadBenchmarkDir(dir);
  const tca = loadTcaDir(dir);
  if (tca) return tca;
  if (existsSync(join(dir, 'card.json'))) return { kind: 'card', dir, card: readJson(join(dir, 'card.json'), 'market card') as unknown as MarketCard };
  throw new UserError(`report: ${JSON.stringify(dir)} is not a run, sweep, benchmark or market card directory (expected aggregate.json, manifest.json + learning_curve.csv, summary.json + episodes.csv, or card.json)`);
}
