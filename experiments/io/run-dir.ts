/**
 * The run directory of `execgym train`, in one place: every file name, the zod schemas of the
 * files a run writes (manifest.json, the learning curve, the checkpoint pointer; the benchmark
 * and transfer files through benchmark-dir.ts), their readers, and the atomic checkpoint commit.
 * Everything else (report, sweep aggregate, suite, reproduce, the queue) goes through here, so a
 * damaged, empty or garbage file is the same one-line error naming the file and the field
 * wherever it is read.
 *
 *     <run>/config.json           the validated config (every default filled in)
 *     <run>/manifest.json         what the run recorded; `result` is written last (completion marker)
 *     <run>/learning_curve.csv    one row per evaluation (+ .jsonl and a TensorBoard event file)
 *     <run>/checkpoints/latest.json, step-<envSteps>/   resumable state
 *     <run>/best/, last/, policy/ the best and last policies; policy/ is the final one
 *     <run>/benchmark/            the final benchmark on the test seeds (benchmark-dir.ts; a
 *                                 portfolio run's: portfolio-benchmark-dir.ts)
 *     <run>/transfer/             the same policy on config.evaluation.transfer's env
 *     <run>/belief-probe.json     a recurrent policy on a hidden-regime market: how linearly its
 *                                 memory holds the Hamilton filter's belief (written by the suite)
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BACKENDS } from '../../agents/common/backend-names.js';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import { UserError } from '../../env/errors/errors.js';
import { readJsonFile } from '../../env/io/read-json.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import { benchmarkPaths, BENCHMARK_SUMMARY_FILES, csvNumber, hasBenchmark, readBenchmarkSummary, readEpisodes, readWholeCsv, statsSchemas, type EpisodeRow } from './benchmark-dir.js';
import { parseFileValue, readJsonWith } from './parse-file.js';
import { hasPortfolioBenchmark, portfolioBenchmarkPaths, PORTFOLIO_BENCHMARK_SUMMARY_FILES, readPortfolioBenchmark, readPortfolioEpisodes, type PortfolioBenchmarkFile } from './portfolio-benchmark-dir.js';

/** The files of a run directory. */
export function runPaths(runDir: string) {
  return {
    config: join(runDir, 'config.json'),
    manifest: join(runDir, 'manifest.json'),
    curve: join(runDir, 'learning_curve.csv'),
    /** Mirrors of the curve, rewritten from the CSV (see curve-logs.ts). */
    curveJsonl: join(runDir, 'learning_curve.jsonl'),
    checkpoints: join(runDir, 'checkpoints'),
    latest: join(runDir, 'checkpoints', 'latest.json'),
    /** The best policy on the validation seeds so far, and the last one. */
    best: join(runDir, 'best'),
    last: join(runDir, 'last'),
    /** The final policy (best or last, per evaluation.select): what `run:<dir>` loads. */
    policy: join(runDir, 'policy'),
    benchmark: join(runDir, 'benchmark'),
    /** The selected policy and the baselines on config.evaluation.transfer's env (sim-to-real). */
    transfer: join(runDir, 'transfer'),
    /** The linear probe from a recurrent policy's hidden state to the filter's belief (experiments/suite/belief-probes.ts). */
    beliefProbe: join(runDir, 'belief-probe.json'),
  };
}

/** The small files of a run that `execgym reproduce` needs and a reader wants: what results/ commits. */
export const RUN_SUMMARY_FILES: readonly string[] = [
  'config.json',
  'manifest.json',
  'learning_curve.csv',
  ...BENCHMARK_SUMMARY_FILES.map((f) => `benchmark/${f}`),
  ...PORTFOLIO_BENCHMARK_SUMMARY_FILES.map((f) => `benchmark/${f}`),
  ...BENCHMARK_SUMMARY_FILES.map((f) => `transfer/${f}`),
  'belief-probe.json',
];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');
const count = z.number().int().min(0);
const seedRange = z.object({ seed: count, episodes: count });

/** What a completed run records in its manifest: how far it went, the policy selected and its test result. */
export const runResultSchema = z.object({
  completed: z.literal(true),
  envSteps: count,
  episodes: count,
  updates: count,
  wallSeconds: z.number().min(0),
  stoppedEarly: z.boolean(),
  /** The final policy: the rule, when it was reached and its validation objective (best so far). */
  selected: z.object({ rule: z.enum(['best', 'last']), envSteps: count.optional(), validationObjectiveBps: z.number().optional() }),
  /**
   * The learning check (experiments/train/learning-check.ts): the selected policy against the
   * initial one on the validation episodes, paired. Null or absent in runs without a step-0 record.
   */
  learning: z.object({ selectedEnvSteps: count, vsInitialBps: statsSchemas.interval, learned: z.boolean() }).nullable().optional(),
  /** SHA-256 of the final policy's weights (policy/model.weights.bin). */
  weightsHash: sha256,
  /**
   * SHA-256 of every file the final policy is rebuilt from, by its path under policy/ (the
   * weights, model.json with its topology and observation statistics). Absent in runs written
   * before it was recorded: those check the weights only.
   */
  policyFiles: z.record(z.string(), sha256).optional(),
  /** The agent's row of the final benchmark on the test seeds (null when the benchmark was skipped). */
  test: z
    .looseObject({
      episodes: count,
      objectiveBps: statsSchemas.sampleStats,
      vsAcObjectiveBps: statsSchemas.interval.nullable(),
      regretBps: statsSchemas.interval.nullable(),
      gapToAcPct: z.number(),
    })
    .nullable(),
});

/** manifest.json: what a run records about itself when it starts, completed by `result` at the end. */
export const runManifestSchema = z.object({
  name: z.string().min(1),
  createdAt: z.string().min(1),
  configHash: sha256,
  seed: count,
  /** The three disjoint seed sets of the run. */
  seeds: z.object({
    training: z.object({ first: count, perRound: count, rule: z.string() }),
    validation: seedRange.extend({ use: z.string() }),
    test: seedRange.extend({ use: z.string() }),
  }),
  backend: z.enum(BACKENDS),
  versions: z.record(z.string(), z.string().nullable()),
  git: z.object({ commit: z.string(), dirty: z.boolean() }).nullable(),
  env: z.object({
    id: z.string().min(1),
    features: z.array(z.string()),
    hiddenStateFeatures: z.array(z.string()),
    /** Replay markets: the recorded windows of the training, validation and test sets (disjoint). */
    replayWindows: z.record(z.string(), z.array(z.string())).optional(),
  }),
  /** Reference objectives (bps) and where they come from (see references.ts). */
  references: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  result: runResultSchema.optional(),
});

export type RunManifest = z.output<typeof runManifestSchema>;
export type RunResult = z.output<typeof runResultSchema>;
/** A manifest whose run completed. */
export type CompleteManifest = RunManifest & { readonly result: RunResult };

/**
 * manifest.json of a run, checked.
 * @throws UserError naming the file (and field) when it is missing, empty, not JSON or damaged
 */
export function readManifest(runDir: string): RunManifest {
  return readJsonWith(runManifestSchema, runPaths(runDir).manifest, 'run manifest');
}

/** Writes manifest.json atomically. */
export function writeManifest(runDir: string, manifest: RunManifest): void {
  writeJsonAtomic(runPaths(runDir).manifest, manifest);
}

/** Whether `dir` holds a run (its manifest.json), complete or not. */
export function hasRun(dir: string): boolean {
  return existsSync(runPaths(dir).manifest);
}

/**
 * Whether a run finished: its completion marker is the `result` that training writes into
 * manifest.json last (atomically), after the final policy and its benchmark are in place. A run
 * directory without a manifest, or without its `result`, is incomplete (stopped, killed or
 * still running).
 * @throws UserError when manifest.json exists but is damaged (it is written atomically: damage is not a stop)
 */
export function isCompleteRun(runDir: string): boolean {
  return hasRun(runDir) && readManifest(runDir).result !== undefined;
}

/**
 * The manifest of a completed run.
 * @throws UserError when `runDir` holds no run, a damaged manifest, or a run without its result
 */
export function readCompleteManifest(runDir: string, hint = 'resume it with execgym train --resume first'): CompleteManifest {
  if (!hasRun(runDir)) throw new UserError(`${JSON.stringify(runDir)} is not a run directory (no manifest.json)`);
  const manifest = readManifest(runDir);
  if (manifest.result === undefined) throw new UserError(`${JSON.stringify(runDir)} is an incomplete run (no result in manifest.json): ${hint}`);
  return manifest as CompleteManifest;
}

/** config.json of a run, as written (the caller validates it with the run config schema). */
export function readRunConfigJson(runDir: string): unknown {
  return readJsonFile(runPaths(runDir).config, 'run config');
}

/** The columns every learning curve has; the rest are the agent's diagnostics. */
const REQUIRED_CURVE_COLUMNS = ['env_steps', 'eval_objective_bps_mean'] as const;

/** learning_curve.csv as recorded: its columns and its rows as text (so runs compare cell by cell). */
export interface CurveFile {
  readonly path: string;
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string>[];
}

/**
 * learning_curve.csv of a run, checked: it exists, has a header with the required columns, ends
 * with a whole line, and every cell is a number or blank (env_steps never blank). A curve with
 * no rows yet is valid (a run stopped before its first evaluation).
 * @throws UserError naming the file, and the row and column of a damaged cell
 */
export function readCurve(runDir: string): CurveFile {
  const path = runPaths(runDir).curve;
  if (!existsSync(path)) throw new UserError(`${JSON.stringify(path)} is missing`);
  const columns = readFileSync(path, 'utf8').split('\n', 1)[0].split(',');
  const rows = readWholeCsv(path);
  for (const column of REQUIRED_CURVE_COLUMNS) if (!columns.includes(column)) throw new UserError(`${JSON.stringify(path)} has no column ${column} (header: ${columns.join(',').slice(0, 80)})`);
  rows.forEach((row, i) => {
    csvNumber(path, row, i, 'env_steps');
    for (const column of columns) if (row[column] !== '') csvNumber(path, row, i, column);
  });
  return { path, columns, rows };
}

/** The evaluations of a curve with an objective: (env steps, objective bps), in file order. */
export function curveObjectives(curve: CurveFile): { envSteps: number; objectiveBps: number }[] {
  return curve.rows.filter((row) => row.eval_objective_bps_mean !== '').map((row) => ({ envSteps: Number(row.env_steps), objectiveBps: Number(row.eval_objective_bps_mean) }));
}

/** The final benchmark of a run (benchmark/summary.json), or null when it was skipped. */
export function readRunBenchmark(runDir: string): BenchmarkSummary | null {
  const dir = runPaths(runDir).benchmark;
  return hasBenchmark(dir) ? readBenchmarkSummary(dir) : null;
}

/** A portfolio run's final benchmark (benchmark/portfolio-summary.json), or null when it has none. */
export function readRunPortfolioBenchmark(runDir: string): PortfolioBenchmarkFile | null {
  const dir = runPaths(runDir).benchmark;
  return hasPortfolioBenchmark(dir) ? readPortfolioBenchmark(dir) : null;
}

/** The episodes of a run's final benchmark (single-asset or portfolio), or null when they are not there (results/ keeps summaries only). */
export function readRunEpisodes(runDir: string): EpisodeRow[] | null {
  const dir = runPaths(runDir).benchmark;
  const portfolio = readRunPortfolioBenchmark(runDir);
  if (portfolio) return readPortfolioEpisodes(dir, portfolio);
  const summary = readRunBenchmark(runDir);
  return summary && readEpisodes(dir, summary);
}

/** The summary file of a run's final benchmark as written, and the agent's mean test objective in it. */
export interface RunTestSummary {
  readonly path: string;
  readonly text: string;
  /** The mean test objective (bps) of the policy named `agent`, or null when the summary has no such row. */
  readonly agentObjectiveBps: number | null;
}

/**
 * The final benchmark's summary of a run, whichever kind it wrote (summary.json, or a portfolio
 * run's portfolio-summary.json), with `agent`'s mean test objective; null when the benchmark was skipped.
 * @throws UserError naming the file when it is damaged
 */
export function readRunTestSummary(runDir: string, agent: string): RunTestSummary | null {
  const portfolio = readRunPortfolioBenchmark(runDir);
  const single = portfolio ? null : readRunBenchmark(runDir);
  const path = portfolio ? portfolioBenchmarkPaths(runPaths(runDir).benchmark).summary : runBenchmarkPaths(runDir, 'benchmark').summary;
  if (!portfolio && !single) return null;
  const objective = portfolio ? portfolio.rows.find((r) => r.policy === agent)?.objectiveBps.mean : single!.policies.find((p) => p.policy === agent)?.objectiveBps.mean;
  return { path, text: readFileSync(path, 'utf8'), agentObjectiveBps: objective ?? null };
}

/** The sim-to-real half of a run (transfer/): its summary and episodes, or null without one. */
export function readTransfer(runDir: string): { summary: BenchmarkSummary; episodes: EpisodeRow[] | null } | null {
  const dir = runPaths(runDir).transfer;
  if (!hasBenchmark(dir)) return null;
  const summary = readBenchmarkSummary(dir, 'transfer summary');
  return { summary, episodes: readEpisodes(dir, summary) };
}

/** belief-probe.json: the probe's R² on held-out test episodes, and where they come from. */
export const beliefProbeFileSchema = z.object({
  /** R² of the linear probe [h, 1] -> belief, fitted on the first half of the episodes, scored on the second. */
  hiddenR2: z.number(),
  /** The same probe from the normalised observation alone: what needs no memory. */
  observationR2: z.number(),
  fitRows: count,
  testRows: count,
  /** The test seeds the policy played (market seeds seed, seed + 1, ...). */
  seed: count,
  episodes: count,
  /** The saved policy probed (relative to the run directory). */
  policy: z.string().min(1),
});

export type BeliefProbeFile = z.output<typeof beliefProbeFileSchema>;

export function writeBeliefProbe(runDir: string, probe: BeliefProbeFile): void {
  writeJsonAtomic(runPaths(runDir).beliefProbe, probe);
}

/**
 * A run's belief-probe.json, or null when it has none (not a recurrent policy on a hidden regime).
 * @throws UserError naming the file (and field) when it is damaged
 */
export function readBeliefProbe(runDir: string): BeliefProbeFile | null {
  const path = runPaths(runDir).beliefProbe;
  return existsSync(path) ? readJsonWith(beliefProbeFileSchema, path, 'belief probe') : null;
}

/** The files of the benchmark inside a run (`benchmark/` or `transfer/`). */
export function runBenchmarkPaths(runDir: string, which: 'benchmark' | 'transfer') {
  return benchmarkPaths(runPaths(runDir)[which]);
}

/** The name of a checkpoint directory (`step-000000012000`): what checkpoints/latest.json may point at, and nothing else (never a path). */
export const CHECKPOINT_NAME = /^step-\d{1,16}$/;

const latestSchema = z.object({ dir: z.string().regex(CHECKPOINT_NAME, 'must name a checkpoint directory step-<envSteps>'), envSteps: count });

/** The directory of the newest complete checkpoint, or null before the first. */
export function latestCheckpoint(runDir: string): string | null {
  const paths = runPaths(runDir);
  if (!existsSync(paths.latest)) return null;
  const { dir } = parseFileValue(latestSchema, readJsonFile(paths.latest, 'checkpoint pointer'), paths.latest, 'checkpoint pointer');
  if (!existsSync(join(paths.checkpoints, dir))) throw new UserError(`${JSON.stringify(paths.latest)} points at no checkpoint (${JSON.stringify(dir)})`);
  return join(paths.checkpoints, dir);
}

/** The harness's state in a checkpoint directory (counters, selection, the curve's rows; see trainer-state.ts), beside the agent's files. */
export function trainerStatePath(checkpointDir: string): string {
  return join(checkpointDir, 'trainer.json');
}

/**
 * Writes a checkpoint as a whole: `write` fills a temporary directory, which is renamed into place,
 * and only then does checkpoints/latest.json point at it (atomically). A run killed mid-write
 * resumes from the previous checkpoint. Older checkpoints beyond `keep` are removed.
 */
export async function commitCheckpoint(runDir: string, envSteps: number, write: (dir: string) => Promise<void>, keep = 2): Promise<string> {
  const paths = runPaths(runDir);
  const name = `step-${String(envSteps).padStart(12, '0')}`;
  const tmp = join(paths.checkpoints, `${name}.tmp-${process.pid}`);
  const dir = join(paths.checkpoints, name);
  rmSync(tmp, { recursive: true, force: true });
  await write(tmp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  writeJsonAtomic(paths.latest, { dir: name, envSteps });
  const old = readdirSync(paths.checkpoints)
    .filter((d) => CHECKPOINT_NAME.test(d))
    .sort()
    .slice(0, -keep);
  for (const d of old) if (d !== name) rmSync(join(paths.checkpoints, d), { recursive: true, force: true });
  return dir;
}

/** SHA-256 of a file's bytes, in hex. */
export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** SHA-256 of each of `files` in `dir`, keyed by name: what the manifest records of a policy. */
export function hashFiles(dir: string, files: readonly string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, fileSha256(join(dir, f))]));
}

/** The file hashes a manifest records of its final policy (policy/ relative); old manifests record the weights only. */
export function recordedPolicyHashes(result: RunResult): Record<string, string> {
  return result.policyFiles ?? { 'model.weights.bin': result.weightsHash };
}

/** A recorded policy file of a run that is absent, or differs from the one the run wrote. */
export interface PolicyFileProblem {
  readonly file: string;
  readonly problem: 'missing' | 'modified';
  readonly message: string;
}

/**
 * Each file of the run's final policy that the manifest hashes, against the file on disk: the
 * missing and the modified ones, each with a one-line explanation.
 */
export function policyFileProblems(runDir: string, result: RunResult): PolicyFileProblem[] {
  const policy = runPaths(runDir).policy;
  return Object.entries(recordedPolicyHashes(result)).flatMap(([file, recorded]): PolicyFileProblem[] => {
    const path = join(policy, file);
    if (!existsSync(path)) {
      return [{ file, problem: 'missing', message: `${JSON.stringify(path)} is missing (manifest.json records sha256 ${recorded.slice(0, 16)}..; results/ commits only the small files of a run, not its policy)` }];
    }
    const onDisk = fileSha256(path);
    if (onDisk === recorded) return [];
    return [{ file, problem: 'modified', message: `${JSON.stringify(path)} is not the file the run wrote (sha256 ${onDisk.slice(0, 16)}.., manifest.json records ${recorded.slice(0, 16)}..): the run directory was modified` }];
  });
}

export type { EpisodeRow };
