import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend, type BackendName, type BackendRequest } from '../../agents/common/backend.js';
import { agentPolicy } from '../../agents/common/agent-policy.js';
import type { AgentModel } from '../../agents/common/agent-model.js';
import { fileHandler, loadAgentModel, saveAgentModel, weightsHash } from '../../agents/common/checkpoint.js';
import type { AgentHandle, TrainContext, TrainProgress } from '../../agents/common/train-context.js';
import { trainDqn } from '../../agents/dqn.js';
import { trainPpo } from '../../agents/ppo.js';
import { describeMarketUrgency } from '../../env/analytics/ac-inputs.js';
import type { CompiledEnv } from '../../env/compile-env.js';
import { UserError } from '../../env/errors.js';
import { evaluatePolicy } from '../../env/evaluate-policy.js';
import { runBenchmark, type BenchmarkSummary } from '../benchmark/run-benchmark.js';
import type { ProgressEvent } from '../benchmark/evaluate-policies.js';
import { configHash } from '../config/load-config.js';
import { resolveRunEnv } from '../config/resolve-env.js';
import type { RunConfig } from '../config/run-config.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { sampleStats } from '../stats/sample-stats.js';
import { CURVE_COLUMNS, DIAGNOSTIC_COLUMNS, DiagnosticsMeter, LearningCurve, type CurveRow } from './learning-curve.js';
import { startManifest, trainingSeed, type RunManifest } from './manifest.js';
import { references, type References } from './references.js';
import { commitCheckpoint, latestCheckpoint, runPaths } from './run-dir.js';

/** What the harness itself keeps across a checkpoint (trainer.json), besides the agent's state. */
interface TrainerState {
  readonly progress: TrainProgress;
  /** Rows in learning_curve.csv, the env steps of the last one, and when the next is due. */
  rows: number;
  lastRowAt: number;
  nextEvalAt: number;
  best: { objectiveBps: number; envSteps: number } | null;
  evalsSinceBest: number;
  stoppedEarly: boolean;
  wallSeconds: number;
  meter: { sums: Record<string, number>; counts: Record<string, number> };
  trainReturns: { sum: number; count: number };
}

/** Progress of a training run, for a progress bar. */
export interface TrainProgressEvent {
  readonly envSteps: number;
  readonly totalSteps: number;
  readonly stepsPerSecond: number;
  /** Mean return on the validation seeds at the last evaluation. */
  readonly evalReturn: number | null;
}

export interface TrainRunOptions {
  readonly config: RunConfig;
  readonly runDir: string;
  readonly backend?: BackendRequest;
  /** Continue the run in `runDir` from its last checkpoint. */
  readonly resume?: boolean;
  readonly log?: (line: string) => void;
  readonly onProgress?: (event: TrainProgressEvent) => void;
  readonly onBenchmarkProgress?: (event: ProgressEvent) => void;
  /** Polled at every episode boundary: true checkpoints and stops (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** Stop (as if interrupted) at the first boundary at or after this many env steps: for tests. */
  readonly stopAfterSteps?: number;
  /** Leave out the final benchmark (tests). */
  readonly skipBenchmark?: boolean;
}

export interface TrainRunResult {
  readonly runDir: string;
  /** False when the run was stopped before its budget (resume it with --resume). */
  readonly completed: boolean;
  readonly backend: BackendName;
  readonly manifest: RunManifest;
  readonly summary: BenchmarkSummary | null;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Mean return, IS and objective of a policy on the validation seeds. */
function evaluateOnValidation(model: AgentModel, name: string, env: CompiledEnv, validation: { seed: number; episodes: number }) {
  const { episodes } = evaluatePolicy(agentPolicy(model, name, env), env, validation);
  const is = sampleStats(Float64Array.from(episodes, (e) => e.isBps));
  return {
    returnMean: sampleStats(Float64Array.from(episodes, (e) => e.return)).mean,
    isMean: is.mean,
    isStd: is.sd,
    objectiveMean: sampleStats(Float64Array.from(episodes, (e) => e.objectiveBps)).mean,
  };
}

/** The run's starting state, or the one saved with its last checkpoint. */
function openRun(options: TrainRunOptions, hash: string, backendRequest: BackendRequest): { trainer: TrainerState; resumeDir?: string; backend: BackendRequest } {
  const paths = runPaths(options.runDir);
  if (!options.resume) {
    if (existsSync(paths.manifest)) throw new UserError(`${options.runDir} already holds a run: pass --resume to continue it, or choose another --out`);
    return {
      backend: backendRequest,
      trainer: {
        progress: { envSteps: 0, episodes: 0, updates: 0, rounds: 0 },
        rows: 0,
        lastRowAt: -1,
        nextEvalAt: 0,
        best: null,
        evalsSinceBest: 0,
        stoppedEarly: false,
        wallSeconds: 0,
        meter: { sums: {}, counts: {} },
        trainReturns: { sum: 0, count: 0 },
      },
    };
  }
  if (!existsSync(paths.manifest)) throw new UserError(`--resume: ${options.runDir} holds no run`);
  const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8')) as RunManifest;
  if (manifest.configHash !== hash) throw new UserError(`--resume: the config differs from the one ${options.runDir} was started with (hash ${manifest.configHash.slice(0, 12)}, now ${hash.slice(0, 12)})`);
  if (backendRequest !== 'auto' && backendRequest !== manifest.backend) {
    throw new UserError(`--resume: the run used backend ${manifest.backend}; resuming on ${backendRequest} would not continue the same learning curve`);
  }
  const resumeDir = latestCheckpoint(options.runDir);
  if (resumeDir === null) throw new UserError(`--resume: ${options.runDir} has no checkpoint yet; start it again without --resume`);
  const trainer = JSON.parse(readFileSync(join(resumeDir, 'trainer.json'), 'utf8')) as TrainerState;
  return { trainer, resumeDir, backend: manifest.backend };
}

/**
 * Trains the agent of `config` in `runDir`: writes config.json and manifest.json, appends a
 * learning-curve row at every evaluation on the validation seeds, checkpoints (there, at a stop
 * request and at the end), keeps the best policy, and finally benchmarks the selected policy
 * against the baselines on the test seeds (benchmark/episodes.csv, summary.json, summary.md).
 * @throws UserError for a config that cannot run, an occupied run directory, or a bad resume
 */
export async function trainRun(options: TrainRunOptions): Promise<TrainRunResult> {
  const { config, runDir } = options;
  const log = options.log ?? (() => {});
  const paths = runPaths(runDir);
  const env = resolveRunEnv(config.env);
  if (config.agent.type === 'dqn' && env.spec.action.type !== 'discrete') {
    throw new UserError(`config.agent: dqn needs a Discrete action space; env ${env.spec.id} has a ${env.spec.action.type} one (set env.overrides.action to {"type": "discrete", "levels": [...]})`);
  }
  const hash = configHash(config);
  const opened = openRun(options, hash, options.backend ?? 'auto');
  const trainer = opened.trainer;
  const backend = await selectBackend(opened.backend);
  const refs: References = references(env, config.evaluation.validation);
  let manifest: RunManifest;
  if (opened.resumeDir) {
    manifest = JSON.parse(readFileSync(paths.manifest, 'utf8')) as RunManifest;
    log(`resuming ${runDir} at ${trainer.progress.envSteps} env steps (${trainer.rows} learning-curve rows) on ${backend}`);
  } else {
    manifest = startManifest(config, hash, backend, env, {
      acObjectiveBps: refs.acObjectiveBps,
      twapObjectiveBps: refs.twapObjectiveBps,
      optimumObjectiveBps: refs.optimumObjectiveBps,
    });
    writeJsonAtomic(paths.config, config);
    writeJsonAtomic(paths.manifest, { ...manifest, references: { ...manifest.references, acSource: refs.acSource, optimum: refs.optimum } });
    log(`training ${config.agent.type} on ${env.spec.id} for ${config.train.steps} env steps, backend ${backend}, run directory ${runDir}`);
    log(describeMarketUrgency(env.params));
  }
  const curve = new LearningCurve(paths.curve, [...CURVE_COLUMNS, ...DIAGNOSTIC_COLUMNS[config.agent.type]]);
  curve.open(opened.resumeDir ? trainer.rows : null);

  // ---- The harness side of the training loop ----
  const meter = Object.assign(new DiagnosticsMeter(), trainer.meter);
  const started = performance.now();
  const wallAtStart = trainer.wallSeconds;
  const stepsAtStart = trainer.progress.envSteps;
  let lastEvalReturn: number | null = null;
  let interrupted = false;
  const checkpoint = (progress: TrainProgress, agent: AgentHandle, wallSeconds: number) =>
    commitCheckpoint(runDir, progress.envSteps, async (dir) => {
      await agent.saveCheckpoint(dir);
      const state: TrainerState = { ...trainer, progress, wallSeconds, meter: { sums: meter.sums, counts: meter.counts } };
      writeJsonAtomic(join(dir, 'trainer.json'), state);
    });

  const ctx: TrainContext = {
    env,
    seed: config.seed,
    totalSteps: config.train.steps,
    trainSeed: (round) => trainingSeed(config, round),
    resumeDir: opened.resumeDir,
    recordUpdate: (d) => meter.add(d),
    recordEpisodes(returns, count) {
      for (let i = 0; i < count; i++) trainer.trainReturns.sum += returns[i];
      trainer.trainReturns.count += count;
    },
    async atBoundary(progress, agent) {
      await yieldToEventLoop();
      const wallSeconds = wallAtStart + (performance.now() - started) / 1000;
      const final = progress.envSteps >= config.train.steps;
      const due = progress.envSteps !== trainer.lastRowAt && (progress.envSteps >= trainer.nextEvalAt || final);
      let stop = false;
      if (due) {
        const e = evaluateOnValidation(agent.model, config.name, env, config.evaluation.validation);
        const row: CurveRow = {
          env_steps: progress.envSteps,
          episodes: progress.episodes,
          updates: progress.updates,
          wall_seconds: Math.round(wallSeconds * 1000) / 1000,
          train_return_mean: trainer.trainReturns.count > 0 ? trainer.trainReturns.sum / trainer.trainReturns.count : undefined,
          eval_return_mean: e.returnMean,
          eval_is_bps_mean: e.isMean,
          eval_is_bps_std: e.isStd,
          eval_objective_bps_mean: e.objectiveMean,
          gap_to_ac_pct: (100 * (e.objectiveMean - refs.acObjectiveBps)) / refs.acObjectiveBps,
          ...meter.take(),
        };
        curve.append(row);
        trainer.trainReturns = { sum: 0, count: 0 };
        trainer.rows += 1;
        trainer.lastRowAt = progress.envSteps;
        while (trainer.nextEvalAt <= progress.envSteps) trainer.nextEvalAt += config.evaluation.every;
        lastEvalReturn = e.returnMean;
        if (trainer.best === null || e.objectiveMean < trainer.best.objectiveBps) {
          trainer.best = { objectiveBps: e.objectiveMean, envSteps: progress.envSteps };
          trainer.evalsSinceBest = 0;
          await saveAgentModel(agent.model, fileHandler(paths.best));
        } else {
          trainer.evalsSinceBest += 1;
        }
        const patience = config.evaluation.patience;
        if (patience !== null && trainer.evalsSinceBest >= patience && !final) {
          log(`early stop at ${progress.envSteps} env steps: no better validation objective in ${patience} evaluations`);
          trainer.stoppedEarly = true;
          stop = true;
        }
      }
      if (final || trainer.stoppedEarly) await saveAgentModel(agent.model, fileHandler(paths.last));
      const stopRequested = (options.shouldStop?.() ?? false) || (options.stopAfterSteps !== undefined && progress.envSteps >= options.stopAfterSteps);
      if (stopRequested && !final && !stop) {
        interrupted = true;
        stop = true;
      }
      if (due || stop || final) await checkpoint(progress, agent, wallSeconds);
      const elapsed = (performance.now() - started) / 1000;
      options.onProgress?.({ envSteps: progress.envSteps, totalSteps: config.train.steps, stepsPerSecond: elapsed > 0 ? (progress.envSteps - stepsAtStart) / elapsed : 0, evalReturn: lastEvalReturn });
      return !stop;
    },
  };

  if (config.agent.type === 'ppo') await trainPpo(config.agent, ctx);
  else await trainDqn(config.agent, ctx);

  if (interrupted) {
    log(`stopped at a checkpoint; continue with: execgym train <config> --out ${runDir} --resume`);
    return { runDir, completed: false, backend, manifest, summary: null };
  }

  // ---- The final policy: selected on the validation seeds only, then benchmarked on the test seeds ----
  const selected = config.evaluation.select === 'best' ? paths.best : paths.last;
  rmSync(paths.policy, { recursive: true, force: true });
  cpSync(selected, paths.policy, { recursive: true });
  const finalState = JSON.parse(readFileSync(join(latestCheckpoint(runDir)!, 'trainer.json'), 'utf8')) as TrainerState;
  let summary: BenchmarkSummary | null = null;
  if (!options.skipBenchmark) {
    const model = await loadAgentModel(fileHandler(paths.policy));
    const policy = agentPolicy(model, config.name, env);
    log(`benchmarking ${config.name} against the baselines on ${config.evaluation.test.episodes} test episodes (seeds ${config.evaluation.test.seed}..)`);
    summary = await runBenchmark({
      env,
      policies: ['all', policy],
      episodes: config.evaluation.test.episodes,
      seed: config.evaluation.test.seed,
      outDir: paths.benchmark,
      onProgress: options.onBenchmarkProgress,
    });
  }
  const agentRow = summary?.policies.find((p) => p.policy === config.name) ?? null;
  manifest = {
    ...(JSON.parse(readFileSync(paths.manifest, 'utf8')) as RunManifest),
    result: {
      completed: true,
      envSteps: finalState.progress.envSteps,
      episodes: finalState.progress.episodes,
      updates: finalState.progress.updates,
      wallSeconds: finalState.wallSeconds,
      stoppedEarly: finalState.stoppedEarly,
      selected: { rule: config.evaluation.select, envSteps: config.evaluation.select === 'best' ? finalState.best?.envSteps : finalState.progress.envSteps, validationObjectiveBps: finalState.best?.objectiveBps },
      weightsHash: weightsHash(paths.policy),
      test: agentRow && {
        episodes: config.evaluation.test.episodes,
        objectiveBps: agentRow.objectiveBps,
        vsAcObjectiveBps: agentRow.vsAc?.objectiveBps ?? null,
        regretBps: agentRow.regretBps,
        gapToAcPct: (100 * (agentRow.objectiveBps.mean - refs.acObjectiveBps)) / refs.acObjectiveBps,
      },
    },
  };
  writeJsonAtomic(paths.manifest, manifest);
  return { runDir, completed: true, backend, manifest, summary };
}
