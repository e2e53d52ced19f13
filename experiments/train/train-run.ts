import { selectBackend, type BackendName } from '../../agents/common/backend.js';
import { agentPolicy } from '../../agents/common/agent-policy.js';
import { agentEntry, agentRunnableProblem, trainAgent } from '../../agents/registry.js';
import { describeMarketUrgency } from '../../env/analytics/ac-inputs.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import { configHash } from '../run-config/load-config.js';
import { isPortfolioRun, resolveRunEnv, resolveRunMarket } from '../run-config/resolve-env.js';
import type { PortfolioRunBenchmark } from '../portfolio/portfolio-run-evaluation.js';
import type { ResolvedPortfolio } from '../../env/portfolio/registry.js';
import { checkReplaySeedSets } from '../../env/data/replay-sets.js';
import { repeatedWindowsWarning } from '../benchmark/replay-sample.js';
import type { RunConfig } from '../run-config/run-config.js';
import { benchmarkFinalPolicy, benchmarkTransfer, installSelectedPolicy } from './final-benchmark.js';
import { transferEnv } from '../run-config/transfer-env.js';
import { runResult, startManifest } from './manifest.js';
import { trainingLoop } from './training-loop.js';
import { openRun } from './open-run.js';
import { references, type References } from './references.js';
import { hashFiles, runPaths, writeManifest, type RunManifest } from '../io/run-dir.js';
import { validationScores } from './validation-scores.js';
import { learningCheckText, validationClusters } from './learning-check.js';
import { checkInstalledPolicy } from './check-installed-policy.js';
import type { AgentModel } from '../../agents/common/agent-model.js';
import { validationReferences } from './validation-references.js';
import type { TrainRunOptions } from './train-options.js';

export type { TrainProgressEvent, TrainRunOptions } from './train-options.js';

export interface TrainRunResult {
  readonly runDir: string;
  /** False when the run was stopped before its budget (resume it with --resume). */
  readonly completed: boolean;
  readonly backend: BackendName;
  readonly manifest: RunManifest;
  readonly summary: BenchmarkSummary | null;
  /** The benchmark on config.evaluation.transfer's env (transfer/), when the config has one. */
  readonly transfer: BenchmarkSummary | null;
  /** A portfolio run's final benchmark (benchmark/portfolio-summary.*), in place of `summary`. */
  readonly portfolio?: PortfolioRunBenchmark | null;
}

/** The env of `config`, checked against its agent. @throws UserError when the agent cannot act in it */
function runEnv(config: RunConfig): CompiledEnv {
  const env = resolveRunEnv(config.env);
  const problem = agentRunnableProblem(config.agent, env);
  if (problem !== null) throw new UserError(problem);
  if (env.params.replay) checkReplaySeedSets(config.evaluation);
  return env;
}

/** The env of config.evaluation.transfer, checked against the training env before any training. */
function runTransferEnv(config: RunConfig, env: CompiledEnv): CompiledEnv | null {
  const transfer = config.evaluation.transfer;
  return transfer ? transferEnv(env, transfer.env, 'config.evaluation.transfer.env') : null;
}

/** Writes config.json and the starting manifest of a new run; returns the manifest. */
function startRun(config: RunConfig, hash: string, backend: BackendName, env: CompiledEnv, refs: References, runDir: string): RunManifest {
  const paths = runPaths(runDir);
  const manifest = startManifest(config, hash, backend, env, {
    acObjectiveBps: refs.acObjectiveBps,
    twapObjectiveBps: refs.twapObjectiveBps,
    optimumObjectiveBps: refs.optimumObjectiveBps,
    acSource: refs.acSource,
    optimum: refs.optimum,
  });
  writeJsonAtomic(paths.config, config);
  writeManifest(runDir, manifest);
  return manifest;
}

/**
 * Trains the agent of `config` in `runDir`: writes config.json and manifest.json, appends a
 * learning-curve row at every evaluation on the validation seeds, checkpoints (there, at a stop
 * request and at the end), keeps the best policy, and finally benchmarks the selected policy
 * against the baselines on the test seeds (benchmark/episodes.csv, summary.json, summary.md).
 * The decisions (when to evaluate, which policy is best, when to stop) are the pure functions of
 * evaluation-rules.ts; this function carries them out on files.
 * @throws UserError for a config that cannot run, an occupied run directory, or a bad resume
 */
export async function trainRun(options: TrainRunOptions): Promise<TrainRunResult> {
  const { config, runDir } = options;
  if (isPortfolioRun(config.env)) return trainPortfolio(options, resolveRunMarket(config.env) as ResolvedPortfolio);
  const log = options.log ?? (() => {});
  const paths = runPaths(runDir);
  const env = runEnv(config);
  const transfer = runTransferEnv(config, env);
  const hash = configHash(config);
  const opened = openRun(runDir, options.resume ?? false, hash, options.backend ?? 'auto');
  const backend = await selectBackend(opened.backend);
  const refs = references(env, config.evaluation.validation);
  // Once per run: ac and optimal on the validation seeds, for the paired columns of every row.
  const validationRefs = validationReferences(env, config.evaluation.validation);
  let manifest: RunManifest;
  if (opened.resume) {
    manifest = opened.manifest;
    log(`resuming ${runDir} at ${opened.trainer.progress.envSteps} env steps (${opened.trainer.rows} learning-curve rows) on ${backend}`);
  } else {
    manifest = startRun(config, hash, backend, env, refs, runDir);
    log(`training ${config.agent.type} on ${env.spec.id} for ${config.train.steps} env steps, backend ${backend}, run directory ${runDir}`);
    log(describeMarketUrgency(env.params));
  }
  // The test episodes' warning comes from the final benchmark; the validation episodes' is here.
  const repeats = repeatedWindowsWarning(env, config.evaluation.validation.seed, config.evaluation.validation.episodes);
  if (repeats) log(`${repeats} (validation)`);
  const evaluate = (model: AgentModel) => validationScores(agentPolicy(model, config.name, env), env, config.evaluation.validation);
  const loop = trainingLoop({ env, options, opened, manifest, validationRefs, log, evaluate });
  await trainAgent(config.agent, loop.ctx);

  if (loop.interrupted()) {
    log(`stopped at a checkpoint; continue with: execgym train <config> --out ${runDir} --resume`);
    return { runDir, completed: false, backend, manifest, summary: null, transfer: null };
  }

  // ---- The final policy: selected on the validation seeds only, then benchmarked on the test seeds ----
  installSelectedPolicy(config, paths);
  const learning = await checkInstalledPolicy(config, paths, loop.trainer(), evaluate, validationClusters(env, config.evaluation.validation));
  if (learning) log(learningCheckText(learning));
  const summary = options.skipBenchmark ? null : await benchmarkFinalPolicy(config, env, paths, { log, onProgress: options.onBenchmarkProgress });
  const transferSummary = transfer && !options.skipBenchmark ? await benchmarkTransfer(config, transfer, paths, { log, onProgress: options.onBenchmarkProgress }) : null;
  const agentRow = summary?.policies.find((p) => p.policy === config.name) ?? null;
  manifest = { ...manifest, result: runResult(config, loop.trainer(), hashFiles(paths.policy, agentEntry(config.agent.type).policyFiles), agentRow, refs.acObjectiveBps, learning) };
  writeManifest(runDir, manifest);
  return { runDir, completed: true, backend, manifest, summary, transfer: transferSummary };
}

/** A portfolio env's run (issue 24): the same files and rules, evaluated through the portfolio benchmark. */
async function trainPortfolio(options: TrainRunOptions, env: ResolvedPortfolio): Promise<TrainRunResult> {
  const { trainPortfolioRun } = await import('../portfolio/portfolio-train-run.js');
  const run = await trainPortfolioRun(options, env);
  return { runDir: run.runDir, completed: run.completed, backend: run.backend, manifest: run.manifest, summary: null, transfer: null, portfolio: run.benchmark };
}
