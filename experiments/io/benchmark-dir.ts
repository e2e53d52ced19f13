/**
 * The files of a benchmark directory (`execgym benchmark --out`, and a run's `benchmark/` and
 * `transfer/`): their names, and readers that check them with zod schemas, so that a damaged,
 * empty or garbage file is a one-line error naming the file and the field. Nothing else spells
 * these names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../env/errors/errors.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import { readJsonWith } from './parse-file.js';
import { csvRecords, forEachCsvRow, readCsv } from './read-csv.js';

/** The files of a benchmark directory. */
export function benchmarkPaths(dir: string) {
  return {
    dir,
    /** One row per episode and policy, episode-major. */
    episodes: join(dir, 'episodes.csv'),
    trajectories: join(dir, 'trajectories.csv'),
    summary: join(dir, 'summary.json'),
    summaryMd: join(dir, 'summary.md'),
    /** `execgym frontier --out` beside a benchmark. */
    frontier: join(dir, 'frontier.json'),
  };
}

/** The small files of a benchmark that results/ commits (episodes and trajectories stay in the work directory). */
export const BENCHMARK_SUMMARY_FILES = ['summary.json', 'summary.md'] as const;

/** The episodes.csv columns that may be empty (a fill rate without postings, a mark-out without fills). */
export const MAY_BE_EMPTY: ReadonlySet<string> = new Set(['fill_rate', 'markout_1_bps', 'markout_10_bps', 'markout_60_bps', 'markout_cost_1_bps', 'markout_cost_2_bps', 'markout_cost_5_bps']);

const sampleStats = z.object({ n: z.number().int().min(0), mean: z.number(), sd: z.number(), se: z.number() });
const interval = sampleStats.extend({ low: z.number(), high: z.number() });
const costDistribution = sampleStats.extend({ median: z.number(), q05: z.number(), q95: z.number(), cvar95: z.number() });

/** The statistics a run manifest and a summary share. */
export const statsSchemas = { sampleStats, interval };

const policySummary = z.looseObject({
  policy: z.string().min(1),
  usesHiddenState: z.boolean(),
  rounded: z.boolean(),
  isBps: costDistribution,
  objectiveBps: sampleStats,
  vsAc: z.looseObject({ isBps: interval, objectiveBps: interval }).nullable(),
  regretBps: interval.nullable(),
  passive: z.looseObject({}).optional(),
});

/**
 * summary.json: every field that a reader (report, sweep aggregate, suite, reproduce) uses is
 * checked; the rest is kept as written.
 */
export const benchmarkSummarySchema = z.looseObject({
  env: z.string().min(1),
  spec: z.looseObject({ order: z.looseObject({ shares: z.number().positive() }), horizon: z.looseObject({ N: z.number().int().positive() }) }),
  episodes: z.number().int().positive(),
  seed: z.number().int().min(0),
  design: z.string(),
  urgency: z.string(),
  replay: z.looseObject({}).optional(),
  optimum: z.looseObject({ note: z.string() }).nullable(),
  bugSignals: z.array(z.string()).optional(),
  policies: z.array(policySummary).min(1),
});

/** frontier.json of `execgym frontier --out`. */
export const frontierFileSchema = z.looseObject({
  points: z.array(z.looseObject({ curve: z.string(), policy: z.string(), lambda: z.number().nullable(), expectedIsBps: z.number(), sdIsBps: z.number() })),
});

/** The columns of an episodes.csv row that readers use. */
export interface EpisodeRow {
  readonly seed: number;
  readonly policy: string;
  readonly isBps: number;
  readonly objectiveBps: number;
}

/** Whether `dir` holds a benchmark (its summary.json). */
export function hasBenchmark(dir: string): boolean {
  return existsSync(benchmarkPaths(dir).summary);
}

/**
 * summary.json of a benchmark, checked (the schema's fields; the type is the writer's).
 * @throws UserError naming the file and field when it is missing, empty, not JSON or damaged
 */
export function readBenchmarkSummary(dir: string, what = 'benchmark summary'): BenchmarkSummary {
  return readJsonWith(benchmarkSummarySchema, benchmarkPaths(dir).summary, what) as unknown as BenchmarkSummary;
}

/** frontier.json beside a benchmark, checked, or null when there is none. */
export function readFrontier(dir: string): z.output<typeof frontierFileSchema> | null {
  const path = benchmarkPaths(dir).frontier;
  return existsSync(path) ? readJsonWith(frontierFileSchema, path, 'frontier') : null;
}

/** trajectories.csv of a benchmark, or [] when there is none. */
export function readTrajectories(dir: string): Record<string, string>[] {
  const path = benchmarkPaths(dir).trajectories;
  return existsSync(path) ? readCsv(path) : [];
}

/** A CSV file's text, refusing an empty file and a cut-off last line. */
function readCheckedCsvText(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (text === '') throw new UserError(`${JSON.stringify(path)} is empty (not even a header)`);
  if (!text.endsWith('\n')) throw new UserError(`${JSON.stringify(path)} is truncated (its last line is cut off)`);
  return text;
}

/** A CSV's rows, refusing an empty file and a cut-off last line. */
export function readWholeCsv(path: string): Record<string, string>[] {
  return csvRecords(readCheckedCsvText(path));
}

/** A finite number in a CSV cell, or a one-line error naming the file, row and column. */
export function csvNumber(path: string, row: Record<string, string>, index: number, column: string): number {
  return csvCell(path, index, column, row[column]);
}

function csvCell(path: string, index: number, column: string, cell: string | undefined): number {
  const value = cell === undefined || cell.trim() === '' ? Number.NaN : Number(cell);
  if (!Number.isFinite(value)) throw new UserError(`${JSON.stringify(path)} row ${index + 2} column ${column}: expected a number, got ${JSON.stringify(cell ?? null)}`);
  return value;
}

/**
 * episodes.csv, checked against its summary: one full row per episode and policy (a cut-off or
 * shortened file would otherwise chart fewer episodes as if nothing were missing), and numbers
 * where numbers belong. Null when the benchmark has no episodes.csv (results/ commits only the
 * summaries).
 * @throws UserError naming the file, and the row and column of a damaged cell
 */
export function readEpisodes(dir: string, summary: BenchmarkSummary): EpisodeRow[] | null {
  const path = benchmarkPaths(dir).episodes;
  if (!existsSync(path)) return null;
  // Row by row, keeping only the four columns readers use: a suite's file has ~10^5 rows of 40+ columns.
  const episodes: EpisodeRow[] = [];
  let columns: { seed: number; policy: number; isBps: number; objectiveBps: number; required: number[] } | null = null;
  forEachCsvRow(readCheckedCsvText(path), (row, header, i) => {
    columns ??= {
      seed: header.indexOf('seed'),
      policy: header.indexOf('policy'),
      isBps: header.indexOf('is_bps'),
      objectiveBps: header.indexOf('objective_bps'),
      required: header.flatMap((column, j) => (MAY_BE_EMPTY.has(column) ? [] : [j])),
    };
    if (columns.required.some((j) => (row[j] ?? '') === '')) throw new UserError(`${JSON.stringify(path)} row ${i + 2} has empty fields (truncated or edited)`);
    const cell = (j: number, column: string) => csvCell(path, i, column, j < 0 ? undefined : row[j]);
    episodes.push({ seed: cell(columns.seed, 'seed'), policy: row[columns.policy] ?? '', isBps: cell(columns.isBps, 'is_bps'), objectiveBps: cell(columns.objectiveBps, 'objective_bps') });
  });
  const expected = summary.episodes * summary.policies.length;
  if (episodes.length !== expected) throw new UserError(`${JSON.stringify(path)} has ${episodes.length} rows; summary.json says ${summary.episodes} episodes x ${summary.policies.length} policies = ${expected} (truncated or from another run)`);
  return episodes;
}
