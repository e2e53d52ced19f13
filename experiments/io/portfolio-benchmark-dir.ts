/**
 * The files of a portfolio benchmark (issue 24): a portfolio run's `benchmark/` and the suite's
 * portfolio benchmark directories. Their names, the zod schema of the summary, and the readers and
 * writer, so a damaged file is a one-line error naming the file and the field. Nothing else spells
 * these names.
 *
 *     portfolio-summary.json   every policy's objective, IS and risk penalty, paired against the joint optimum
 *     portfolio-summary.md     the same as a table
 *     portfolio-episodes.csv   one row per policy and episode (market seed): what paired comparisons read
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { UserError } from '../../env/errors/errors.js';
import type { PortfolioEpisodes } from '../portfolio/portfolio-benchmark.js';
import { csvNumber, readWholeCsv, statsSchemas, type EpisodeRow } from './benchmark-dir.js';
import { writeCsvAtomic } from './csv.js';
import { readJsonWith } from './parse-file.js';

/** The files of a portfolio benchmark directory. */
export function portfolioBenchmarkPaths(dir: string) {
  return {
    summary: join(dir, 'portfolio-summary.json'),
    markdown: join(dir, 'portfolio-summary.md'),
    episodes: join(dir, 'portfolio-episodes.csv'),
  };
}

/** The small files of a portfolio benchmark that results/ commits (the episodes stay in the work directory). */
export const PORTFOLIO_BENCHMARK_SUMMARY_FILES = ['portfolio-summary.json', 'portfolio-summary.md'] as const;

const { interval } = statsSchemas;

/** portfolio-summary.json: the rows, each paired against `reference`; a run's adds the agent against per-asset AC and the optimum. */
export const portfolioBenchmarkSchema = z.looseObject({
  env: z.string().min(1),
  episodes: z.number().int().positive(),
  seed: z.number().int().min(0),
  reference: z.string().min(1),
  rows: z
    .array(z.looseObject({ policy: z.string().min(1), objectiveBps: interval, shortfallBps: interval, riskPenaltyBps: interval, vsReferenceBps: interval.optional() }))
    .min(1),
  agent: z.looseObject({ policy: z.string().min(1), vsAcObjectiveBps: interval, regretBps: interval }).optional(),
});

export type PortfolioBenchmarkFile = z.output<typeof portfolioBenchmarkSchema>;

/** Whether `dir` holds a portfolio benchmark (its portfolio-summary.json). */
export function hasPortfolioBenchmark(dir: string): boolean {
  return existsSync(portfolioBenchmarkPaths(dir).summary);
}

/**
 * portfolio-summary.json, checked.
 * @throws UserError naming the file and field when it is missing, empty, not JSON or damaged
 */
export function readPortfolioBenchmark(dir: string): PortfolioBenchmarkFile {
  return readJsonWith(portfolioBenchmarkSchema, portfolioBenchmarkPaths(dir).summary, 'portfolio benchmark summary');
}

/** Writes the summary, its table and every policy's episodes (seed = first seed + episode index), each file whole. */
export function writePortfolioBenchmark(dir: string, summary: { readonly seed: number }, markdown: string, runs: readonly PortfolioEpisodes[]): void {
  mkdirSync(dir, { recursive: true });
  const files = portfolioBenchmarkPaths(dir);
  const records = runs.flatMap((r) => Array.from(r.objectiveBps, (objective, i) => ({ policy: r.policy, seed: summary.seed + i, shortfall: r.shortfallBps[i], risk: r.riskPenaltyBps[i], objective })));
  const columns = [
    { id: 'policy', title: 'policy' },
    { id: 'seed', title: 'seed' },
    { id: 'shortfall', title: 'is_bps' },
    { id: 'risk', title: 'risk_penalty_bps' },
    { id: 'objective', title: 'objective_bps' },
  ] as const;
  writeCsvAtomic(files.episodes, columns, records);
  writeJsonAtomic(files.summary, summary);
  writeFileAtomic(files.markdown, markdown);
}

/**
 * portfolio-episodes.csv, checked against its summary (one row per policy and episode), as the
 * episode rows paired comparisons read; null when the file is not there (results/ commits only the summaries).
 * @throws UserError naming the file, and the row and column of a damaged cell
 */
export function readPortfolioEpisodes(dir: string, summary: PortfolioBenchmarkFile): EpisodeRow[] | null {
  const path = portfolioBenchmarkPaths(dir).episodes;
  if (!existsSync(path)) return null;
  const rows = readWholeCsv(path);
  const expected = summary.episodes * summary.rows.length;
  if (rows.length !== expected) throw new UserError(`${JSON.stringify(path)} has ${rows.length} rows; portfolio-summary.json says ${summary.episodes} episodes x ${summary.rows.length} policies = ${expected} (truncated or from another run)`);
  return rows.map((row, i) => ({
    seed: csvNumber(path, row, i, 'seed'),
    policy: row.policy,
    isBps: csvNumber(path, row, i, 'is_bps'),
    objectiveBps: csvNumber(path, row, i, 'objective_bps'),
  }));
}
