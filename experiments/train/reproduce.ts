import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { BackendName, BackendRequest } from '../../agents/common/backend.js';
import { parseOrThrow, UserError } from '../../env/errors/errors.js';
import { MODEL_FILE } from '../../agents/common/model-files.js';
import { runConfigSchema, type RunConfig } from '../run-config/run-config.js';
import { TIMING_COLUMNS } from './learning-curve.js';
import {
  fileSha256,
  hasRun,
  policyFileProblems,
  readCurve,
  readManifest,
  readRunConfigJson,
  readRunTestSummary,
  recordedPolicyHashes,
  runBenchmarkPaths,
  runPaths,
  type CompleteManifest,
  type CurveFile,
} from '../io/run-dir.js';
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
  /** What was not there to compare (e.g. policy files results/ does not commit), one line each. */
  readonly notes: string[];
  readonly ok: boolean;
}

const MAX_LISTED = 10;

/** Cell-by-cell differences of two learning curves, timing columns left out. */
function curveDifferences(a: readonly Record<string, string>[], b: readonly Record<string, string>[]): string[] {
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

/** What the recorded run holds, checked before anything is claimed about it. */
interface Recorded {
  readonly manifest: CompleteManifest;
  readonly config: RunConfig;
  readonly curve: CurveFile;
  readonly summaryText: string;
  readonly agentObjectiveBps: number;
  /** SHA-256 of each policy file the reproduction is compared with (from the manifest, or read from disk for an old one). */
  readonly policyHashes: Record<string, string>;
  /** What could not be compared, and why (files that are not there). */
  readonly notes: string[];
}

/**
 * The recorded run's files: manifest, config, learning curve, summary, and its policy files
 * against the manifest's hashes. A policy file that is there must be the one the run wrote; one
 * that is absent (results/ commits only the small files) is said, and the reproduction is compared
 * with the manifest's hash instead.
 * @throws UserError for a run that is not complete, or a damaged or modified file (naming it)
 */
function readRecorded(runDir: string): Recorded {
  if (!hasRun(runDir) || !existsSync(runPaths(runDir).config)) throw new UserError(`${runDir} is not a run directory (no config.json and manifest.json)`);
  const manifest = readManifest(runDir);
  if (manifest.result === undefined) throw new UserError(`${runDir} did not complete (no result in manifest.json): resume it first`);
  const config = parseOrThrow(runConfigSchema, readRunConfigJson(runDir), 'config');
  const result = manifest.result;
  const problems = policyFileProblems(runDir, result);
  const modified = problems.find((p) => p.problem === 'modified');
  if (modified) throw new UserError(modified.message);
  const notes = problems.map((p) => `${p.message}: the reproduction is compared with that hash`);
  const policyHashes = { ...recordedPolicyHashes(result) };
  const modelJson = join(runPaths(runDir).policy, MODEL_FILE);
  if (policyHashes[MODEL_FILE] === undefined) {
    // A manifest written before model.json was hashed: the file itself is the record, if it is there.
    if (existsSync(modelJson)) policyHashes[MODEL_FILE] = fileSha256(modelJson);
    else notes.push(`${JSON.stringify(modelJson)} is missing and this manifest does not hash it (written before execgym recorded it): the observation statistics are not compared`);
  }
  // A single-asset run's summary.json, or a portfolio run's portfolio-summary.json.
  const summary = readRunTestSummary(runDir, config.name);
  if (summary === null) throw new UserError(`${runDir} has no final benchmark (${JSON.stringify(runBenchmarkPaths(runDir, 'benchmark').summary)} is missing): nothing to compare the test objective with`);
  if (summary.agentObjectiveBps === null) throw new UserError(`benchmark summary ${JSON.stringify(summary.path)} has no row for ${config.name}: not the summary this run wrote`);
  return { manifest: manifest as CompleteManifest, config, curve: readCurve(runDir), summaryText: summary.text, agentObjectiveBps: summary.agentObjectiveBps, policyHashes, notes };
}

/**
 * Re-runs the config recorded in `runDir` into a fresh directory and compares the learning curve,
 * every file of the final policy (weights, model.json with its observation statistics) and the
 * benchmark summary with the recorded ones. On the recorded backend they must be identical; on
 * another backend float32 rounding differs, training diverges in the last bits and grows from
 * there, so only the final mean objectives (validation, last curve row; test, the agent's summary
 * row) are compared, within a relative `tolerance`.
 * @throws UserError when `runDir` is not a completed run, or one of its files is damaged or modified
 */
export async function reproduceRun(
  runDir: string,
  options: { out?: string; backend?: BackendRequest; tolerance?: number } & Pick<TrainRunOptions, 'log' | 'onProgress' | 'onBenchmarkProgress'> = {},
): Promise<ReproduceReport> {
  const recorded = readRecorded(runDir);
  const out = options.out ?? mkdtempSync(join(tmpdir(), 'execgym-reproduce-'));
  try {
    return await compareWithReproduction({ runDir, out, keep: options.out !== undefined, recorded, options });
  } finally {
    if (options.out === undefined) rmSync(out, { recursive: true, force: true });
  }
}

interface Comparison {
  readonly runDir: string;
  readonly out: string;
  readonly keep: boolean;
  readonly recorded: Recorded;
  readonly options: { backend?: BackendRequest; tolerance?: number } & Pick<TrainRunOptions, 'log' | 'onProgress' | 'onBenchmarkProgress'>;
}

/** The policy files whose reproduced hash differs from the recorded one. */
function policyDifferences(recorded: Record<string, string>, reproducedDir: string): string[] {
  return Object.entries(recorded).flatMap(([file, hash]) => {
    const path = join(reproducedDir, file);
    const again = existsSync(path) ? fileSha256(path) : 'missing';
    return again === hash ? [] : [`policy/${file}: recorded sha256 ${hash.slice(0, 16)}.., reproduced ${again.slice(0, 16)}..`];
  });
}

async function compareWithReproduction(c: Comparison): Promise<ReproduceReport> {
  const { runDir, out, options } = c;
  const { manifest, config, curve: curveA } = c.recorded;
  const tolerance = options.tolerance ?? 0.02;
  const backendRequest = options.backend && options.backend !== 'auto' ? options.backend : manifest.backend;
  const run = await trainRun({ config, runDir: out, backend: backendRequest, log: options.log, onProgress: options.onProgress, onBenchmarkProgress: options.onBenchmarkProgress });

  const differences: string[] = [];
  const curveB = readCurve(out);
  differences.push(...curveDifferences(curveA.rows, curveB.rows));
  differences.push(...policyDifferences(c.recorded.policyHashes, runPaths(out).policy));
  const summaryB = readRunTestSummary(out, config.name)!;
  const agentB = summaryB.agentObjectiveBps!;
  const agentA = c.recorded.agentObjectiveBps;
  if (c.recorded.summaryText !== summaryB.text) {
    differences.push(`benchmark ${basename(summaryB.path)} differs: test objective of ${config.name} recorded ${agentA} bps, reproduced ${agentB} bps`);
  }
  const identical = differences.length === 0;
  const lastA = Number(curveA.rows.at(-1)?.eval_objective_bps_mean);
  const lastB = Number(curveB.rows.at(-1)?.eval_objective_bps_mean);
  const withinTolerance = relativeGap(agentA, agentB) <= tolerance && relativeGap(lastA, lastB) <= tolerance;
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
    notes: c.recorded.notes,
    ok: sameBackend ? identical : withinTolerance,
  };
}
