import { selectBackend, type BackendName } from '../../agents/common/backend.js';
import { fileHandler, saveAgentModel } from '../../agents/common/checkpoint.js';
import { portfolioAgentPolicy } from '../../agents/common/portfolio-agent-policy.js';
import type { AgentHandle, TrainContext, TrainProgress } from '../../agents/common/train-context.js';
import { loadAgentModel } from '../../agents/load-agent-model.js';
import { agentEntry, agentPortfolioProblem, trainAgentOnPortfolio } from '../../agents/registry.js';
import { UserError } from '../../env/errors.js';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import type { ResolvedPortfolio } from '../../env/portfolio/registry.js';
import { trainingSeed } from '../../env/seeds.js';
import { configHash } from '../config/load-config.js';
import type { RunConfig } from '../config/run-config.js';
import { commitCheckpoint, hashFiles, runPaths, trainerStatePath, writeManifest, type RunManifest } from '../io/run-dir.js';
import { CurveLogs } from '../train/curve-logs.js';
import { boundaryActions, evaluationDue, recordEvaluation, type EvaluationRules } from '../train/evaluation-rules.js';
import { installSelectedPolicy } from '../train/final-benchmark.js';
import { curveColumns, curveRow, DiagnosticsMeter, LearningCurve } from '../train/learning-curve.js';
import { runResult, startManifestOf, type AgentTestRow } from '../train/manifest.js';
import { openRun } from '../train/open-run.js';
import { trainReturnMean, withTrainReturns, type TrainerState } from '../train/trainer-state.js';
import type { TrainRunOptions } from '../train/train-run.js';
import { portfolioFeatureNames } from '../../env/portfolio/observation.js';
import { benchmarkPortfolioRun, portfolioReferences, portfolioValidationReferences, portfolioValidationScores, type PortfolioRunBenchmark } from './portfolio-run-evaluation.js';

/** What a portfolio training run returns: the single-asset run's fields, with the portfolio benchmark in place of the single-asset summary. */
export interface PortfolioTrainRunResult {
  readonly runDir: string;
  readonly backend: BackendName;
  readonly completed: boolean;
  readonly manifest: RunManifest;
  readonly benchmark: PortfolioRunBenchmark | null;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Trains the agent of `config` on a portfolio env (issue 24) in `runDir`, with the single-asset
 * run's files and rules (experiments/train): config.json, manifest.json, a learning-curve row per
 * evaluation on the validation seeds with vs_ac (per-asset AC) and regret (the exact joint
 * optimum) paired on the same paths, checkpoints, best/ and last/, then the selected policy
 * against the joint optimum, per-asset AC, TWAP and VWAP on the test seeds (benchmark/portfolio-summary.*).
 * @throws UserError for an agent that cannot train on a portfolio, an occupied run directory, or a bad resume
 */
export async function trainPortfolioRun(options: TrainRunOptions, env: ResolvedPortfolio): Promise<PortfolioTrainRunResult> {
  const { config, runDir } = options;
  const log = options.log ?? (() => {});
  const paths = runPaths(runDir);
  const problem = agentPortfolioProblem(config.agent, env);
  if (problem !== null) throw new UserError(problem);
  if (config.evaluation.transfer) throw new UserError(`config.evaluation.transfer: a portfolio run (${env.id}) has no transfer benchmark; remove it`);
  const p = env.params;
  const hash = configHash(config);
  const opened = openRun(runDir, options.resume ?? false, hash, options.backend ?? 'auto');
  const backend = await selectBackend(opened.backend);
  const validationRefs = portfolioValidationReferences(p, config.evaluation.validation);
  const refs = portfolioReferences(p);
  let manifest: RunManifest;
  if (opened.resume) {
    manifest = opened.manifest;
    log(`resuming ${runDir} at ${opened.trainer.progress.envSteps} env steps (${opened.trainer.rows} learning-curve rows) on ${backend}`);
  } else {
    manifest = startManifestOf(config, hash, backend, { id: env.id, features: portfolioFeatureNames(p), hiddenStateFeatures: [] }, refs);
    writeJsonAtomic(paths.config, config);
    writeManifest(runDir, manifest);
    log(`training ${config.agent.type} on portfolio ${env.id} (${p.m} names: ${p.symbols.join(', ')}) for ${config.train.steps} env steps, backend ${backend}, run directory ${runDir}`);
  }
  const curve = new LearningCurve(paths.curve, curveColumns(config.agent.type));
  curve.open(opened.resume ? opened.trainer.rows : null);
  const logs = new CurveLogs(runDir, curve.columns, Date.parse(manifest.createdAt) / 1000);
  logs.rewrite(curve.rows());

  // ---- The harness side of the training loop, as experiments/train/train-run.ts ----
  const rules: EvaluationRules = { every: config.evaluation.every, patience: config.evaluation.patience, totalSteps: config.train.steps };
  let trainer: TrainerState = opened.trainer;
  const meter = Object.assign(new DiagnosticsMeter(), trainer.meter);
  const started = performance.now();
  const stepsAtStart = trainer.progress.envSteps;
  let lastEvalReturn: number | null = null;
  let interrupted = false;

  const checkpoint = (progress: TrainProgress, agent: AgentHandle, wallSeconds: number) => {
    trainer = { ...trainer, progress, wallSeconds, meter: { sums: meter.sums, counts: meter.counts } };
    const snapshot = trainer;
    return commitCheckpoint(runDir, progress.envSteps, async (dir) => {
      await agent.saveCheckpoint(dir);
      writeJsonAtomic(trainerStatePath(dir), snapshot);
    });
  };

  const ctx: TrainContext<ResolvedPortfolio> = {
    env,
    seed: config.seed,
    totalSteps: config.train.steps,
    trainSeed: (round) => trainingSeed(config.seed, round, config.agent.numEnvs),
    resumeDir: opened.resume ? opened.checkpointDir : undefined,
    recordUpdate: (d) => meter.add(d),
    recordEpisodes: (returns, count) => {
      trainer = withTrainReturns(trainer, returns, count);
    },
    async atBoundary(progress, agent) {
      await yieldToEventLoop();
      const wallSeconds = opened.trainer.wallSeconds + (performance.now() - started) / 1000;
      const evaluated = evaluationDue(trainer, progress.envSteps, rules);
      let stopEarly = false;
      if (evaluated) {
        const scores = portfolioValidationScores(p, portfolioAgentPolicy(agent.model, config.name, p), config.evaluation.validation);
        const row = curveRow(progress, wallSeconds, trainReturnMean(trainer), scores, validationRefs, meter.take());
        curve.append(row);
        logs.append(row);
        const outcome = recordEvaluation(trainer, progress.envSteps, scores.objectiveMean, rules);
        trainer = outcome.state;
        stopEarly = outcome.stopEarly;
        lastEvalReturn = scores.returnMean;
        if (outcome.improved) await saveAgentModel(agent.model, fileHandler(paths.best));
        if (stopEarly) log(`early stop at ${progress.envSteps} env steps: no better validation objective in ${rules.patience} evaluations`);
      }
      const stopRequested = (options.shouldStop?.() ?? false) || (options.stopAfterSteps !== undefined && progress.envSteps >= options.stopAfterSteps);
      const actions = boundaryActions(trainer, progress.envSteps, rules, evaluated, stopEarly, stopRequested);
      if (actions.saveLast) await saveAgentModel(agent.model, fileHandler(paths.last));
      if (actions.interrupted) interrupted = true;
      if (actions.checkpoint) await checkpoint(progress, agent, wallSeconds);
      const elapsed = (performance.now() - started) / 1000;
      options.onProgress?.({ envSteps: progress.envSteps, totalSteps: config.train.steps, stepsPerSecond: elapsed > 0 ? (progress.envSteps - stepsAtStart) / elapsed : 0, evalReturn: lastEvalReturn });
      return !actions.stop;
    },
  };

  await trainAgentOnPortfolio(config.agent, ctx);

  if (interrupted) {
    log(`stopped at a checkpoint; continue with: execgym train <config> --out ${runDir} --resume`);
    return { runDir, backend, completed: false, manifest, benchmark: null };
  }

  // ---- The final policy: selected on the validation seeds only, then benchmarked on the test seeds ----
  installSelectedPolicy(config, paths);
  let benchmark: PortfolioRunBenchmark | null = null;
  if (!options.skipBenchmark) {
    const policy = portfolioAgentPolicy(await loadAgentModel(fileHandler(paths.policy)), config.name, p);
    log(`benchmarking ${config.name} against the joint optimum, per-asset AC, TWAP and VWAP on ${env.id}: ${config.evaluation.test.episodes} test episodes (seeds ${config.evaluation.test.seed}..)`);
    benchmark = benchmarkPortfolioRun(p, env.id, policy, config.evaluation.test, paths.benchmark);
  }
  manifest = { ...manifest, result: runResult(config, trainer, hashFiles(paths.policy, agentEntry(config.agent.type).policyFiles), agentTestRow(config, benchmark), refs.acObjectiveBps) };
  writeManifest(runDir, manifest);
  return { runDir, backend, completed: true, manifest, benchmark };
}

/** The agent's test row for the manifest's result: vs per-asset AC and the regret to the joint optimum, paired on the test paths. */
function agentTestRow(config: RunConfig, benchmark: PortfolioRunBenchmark | null): AgentTestRow | null {
  const row = benchmark?.rows.find((r) => r.policy === config.name);
  if (!benchmark || !row) return null;
  const { n, mean, sd, se } = row.objectiveBps;
  return { objectiveBps: { n, mean, sd, se }, vsAc: { objectiveBps: benchmark.agent.vsAcObjectiveBps }, regretBps: benchmark.agent.regretBps };
}
