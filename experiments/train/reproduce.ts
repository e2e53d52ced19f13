import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendName, BackendRequest } from '../../agents/common/backend.js';
import { parseOrThrow, UserError } from '../../env/errors.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import { runConfigSchema, type RunConfig } from '../config/run-config.js';
import { readJsonObject } from '../../env/io/read-json.js';
import { readCsv } from '../io/read-csv.js';
import { TIMING_COLUMNS } from './learning-curve.js';
import type { RunManifest } from './manifest.js';
import { isCompleteRun, runPaths } from './run-dir.js';
import { checkRecordedWeights } from './run-policy.js';
import { trainRun, type TrainRunOptions } from './train-run.js';

export interface ReproduceReport {
  readonly original: string;
  /** Where the reproduction was written (null: a temporary directory, removed). */
  readonly reproduction: string | null;
  readonly recordedBackend: BackendName;
  readonly backend: BackendName;
  /** Same backend: every learning-curve cell (but wall time), the weights and the summary equal. */
  readonly identical: boolean;
  /** Other backend: the final objectives agree within `tolerance` (relative). */
  readonly withinTolerance: boolean;
  readonly tolerance: number;
  /** Human-readable differences, the first few of each kind. */
  readonly differences: string[];
  readonly ok: boolean;
}

const MAX_LISTED = 10;

/** Cell-by-cell differences of two learning curves, timing columns left out. */
function curveDifferences(a: Record<string, string>[], b: Record<string, string>[]): string[] {
  const out: string[] = [];
  if (a.length !== b.length) out.push(`learning_curve.csv: ${a.length} rows recorded, ${b.length} reproduced`);
  for (let i = 0; i < Math.min(a.length, b.length) && out.length < MAX_LISTED; i++) {
    for (const column of Object.keys(a[i])) {
      if (TIMING_COLUMNS.includes(column) || a[i][column] === b[i][column]) continue;
      out.push(`learning_curve.csv row ${i + 1} (env_steps ${a[i].env_steps}) ${column}: recorded ${a[i][column]}, reproduced ${b[i][column]}`);
      if (out.length >= MAX_LISTED) break;
    }
  }
  return out;
}

function relativeGap(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), 1e-12);
}

/**
 * Re-runs the config recorded in `runDir` into a fresh directory and compares the learning curve,
 * the final weights and the benchmark summary with the recorded ones. On the recorded backend
 * they must be identical; on another backend float32 rounding differs, training diverges in the
 * last bits and grows from there, so only the final mean objectives (validation, last curve row;
 * test, the agent's summary row) are compared, within a relative `tolerance`.
 * @throws UserError when `runDir` is not a completed run
 */
export async function reproduceRun(
  runDir: string,
  options: { out?: string; backend?: BackendRequest; tolerance?: number } & Pick<TrainRunOptions, 'log' | 'onProgress' | 'onBenchmarkProgress'> = {},
): Promise<ReproduceReport> {
  const paths = runPaths(runDir);
  if (!existsSync(paths.config) || !existsSync(paths.manifest)) throw new UserError(`${runDir} is not a run directory (no config.json and manifest.json)`);
  const manifest = readJsonObject(paths.manifest, 'run manifest') as unknown as RunManifest;
  const recorded = manifest.result as { weightsHash?: unknown } | undefined;
  if (!isCompleteRun(runDir) || typeof recorded?.weightsHash !== 'string') throw new UserError(`${runDir} did not complete (no result in manifest.json): resume it first`);
  const config = parseOrThrow(runConfigSchema, readJsonObject(paths.config, 'run config'), 'config');
  // The recorded files are checked before anything is claimed about them.
  checkRecordedWeights(runDir);
  const summaryPath = (dir: string) => join(runPaths(dir).benchmark, 'summary.json');
  const summaryA = readSummary(summaryPath(runDir), config.name);
  const curveA = readCurve(paths.curve);
  const out = options.out ?? mkdtempSync(join(tmpdir(), 'execgym-reproduce-'));
  try {
    return await compareWithReproduction({ runDir, out, keep: options.out !== undefined, config, manifest, recordedHash: recorded.weightsHash, curveA, summaryA, options });
  } finally {
    if (options.out === undefined) rmSync(out, { recursive: true, force: true });
  }
}

/** The benchmark summary of a run, with the agent's row. */
function readSummary(path: string, agent: string): BenchmarkSummary {
  const summary = readJsonObject(path, 'benchmark summary') as unknown as BenchmarkSummary;
  if (!Array.isArray(summary.policies) || !summary.policies.some((p) => p?.policy === agent && typeof p.objectiveBps?.mean === 'number')) {
    throw new UserError(`benchmark summary ${JSON.stringify(path)} has no row for ${agent}: not the summary this run wrote`);
  }
  return summary;
}

/** The learning curve, refusing a cut-off last line. */
function readCurve(path: string): Record<string, string>[] {
  if (!existsSync(path)) throw new UserError(`${JSON.stringify(path)} is missing`);
  if (!readFileSync(path, 'utf8').endsWith('\n')) throw new UserError(`${JSON.stringify(path)} is truncated (its last line is cut off)`);
  return readCsv(path);
}

interface Comparison {
  readonly runDir: string;
  readonly out: string;
  readonly keep: boolean;
  readonly config: RunConfig;
  readonly manifest: RunManifest;
  readonly recordedHash: string;
  readonly curveA: Record<string, string>[];
  readonly summaryA: BenchmarkSummary;
  readonly options: { backend?: BackendRequest; tolerance?: number } & Pick<TrainRunOptions, 'log' | 'onProgress' | 'onBenchmarkProgress'>;
}

async function compareWithReproduction(c: Comparison): Promise<ReproduceReport> {
  const { runDir, out, config, manifest, options, curveA, summaryA } = c;
  const tolerance = options.tolerance ?? 0.02;
  const backendRequest = options.backend && options.backend !== 'auto' ? options.backend : manifest.backend;
  const run = await trainRun({ config, runDir: out, backend: backendRequest, log: options.log, onProgress: options.onProgress, onBenchmarkProgress: options.onBenchmarkProgress });

  const differences: string[] = [];
  const curveB = readCsv(runPaths(out).curve);
  differences.push(...curveDifferences(curveA, curveB));
  const hashB = (run.manifest.result as { weightsHash: string }).weightsHash;
  if (hashB !== c.recordedHash) differences.push(`final weights: recorded sha256 ${c.recordedHash.slice(0, 16)}.., reproduced ${hashB.slice(0, 16)}..`);
  const summaryB = readSummary(join(runPaths(out).benchmark, 'summary.json'), config.name);
  const agentA = summaryA.policies.find((p) => p.policy === config.name)!;
  const agentB = summaryB.policies.find((p) => p.policy === config.name)!;
  if (JSON.stringify(summaryA) !== JSON.stringify(summaryB)) {
    differences.push(`benchmark summary.json differs: test objective of ${config.name} recorded ${agentA.objectiveBps.mean} bps, reproduced ${agentB.objectiveBps.mean} bps`);
  }
  const identical = differences.length === 0;
  const lastA = Number(curveA.at(-1)?.eval_objective_bps_mean);
  const lastB = Number(curveB.at(-1)?.eval_objective_bps_mean);
  const withinTolerance = relativeGap(agentA.objectiveBps.mean, agentB.objectiveBps.mean) <= tolerance && relativeGap(lastA, lastB) <= tolerance;
  const sameBackend = run.backend === manifest.backend;
  return {
    original: runDir,
    reproduction: c.keep ? out : null,
    recordedBackend: manifest.backend,
    backend: run.backend,
    identical,
    withinTolerance,
    tolerance,
    differences,
    ok: sameBackend ? identical : withinTolerance,
  };
}
