import { selectBackend, type BackendName } from '../../agents/common/backend.js';
import { fileHandler } from '../../agents/common/checkpoint.js';
import { portfolioAgentPolicy } from '../../agents/common/portfolio-agent-policy.js';
import { loadAgentModel } from '../../agents/load-agent-model.js';
import { agentEntry, agentPortfolioProblem, trainAgentOnPortfolio } from '../../agents/registry.js';
import { UserError } from '../../env/errors/errors.js';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import type { ResolvedPortfolio } from '../../env/portfolio/registry.js';
import { configHash } from '../run-config/load-config.js';
import type { RunConfig } from '../run-config/run-config.js';
import { hashFiles, runPaths, writeManifest, type RunManifest } from '../io/run-dir.js';
import { installSelectedPolicy } from '../train/final-benchmark.js';
import { runResult, startManifestOf, type AgentTestRow } from '../train/manifest.js';
import { trainingLoop } from '../train/training-loop.js';
import { checkInstalledPolicy } from '../train/check-installed-policy.js';
import { learningCheckText } from '../train/learning-check.js';
import type { AgentModel } from '../../agents/common/agent-model.js';
import { openRun } from '../train/open-run.js';
import type { TrainRunOptions } from '../train/train-options.js';
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

/**
 * Trains the agent of `config` on a portfolio env (issue 24) in `runDir`, with the single-asset
 * run's files and rules (experiments/train): config.json, manifest.json, a learning-curve row per
 * evaluation on the validation seeds with vs_ac (per-asset AC) and regret (the exact joint
 * optimum) paired on the same paths, checkpoints, best/ and last/, the learning check of the
 * selected policy against its initial one (manifest result.learning), then the selected policy
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
  const evaluate = (model: AgentModel) => portfolioValidationScores(p, portfolioAgentPolicy(model, config.name, p), config.evaluation.validation);
  const loop = trainingLoop({ env, options, opened, manifest, validationRefs, log, evaluate });
  await trainAgentOnPortfolio(config.agent, loop.ctx);

  if (loop.interrupted()) {
    log(`stopped at a checkpoint; continue with: execgym train <config> --out ${runDir} --resume`);
    return { runDir, backend, completed: false, manifest, benchmark: null };
  }

  // ---- The final policy: selected on the validation seeds only, then benchmarked on the test seeds ----
  installSelectedPolicy(config, paths);
  // The same learning check as a single-asset run's (issue 19): the selected policy against its own initial one on the validation seeds.
  const learning = await checkInstalledPolicy(config, paths, loop.trainer(), evaluate);
  if (learning) log(learningCheckText(learning));
  let benchmark: PortfolioRunBenchmark | null = null;
  if (!options.skipBenchmark) {
    const policy = portfolioAgentPolicy(await loadAgentModel(fileHandler(paths.policy)), config.name, p);
    log(`benchmarking ${config.name} against the joint optimum, per-asset AC, TWAP and VWAP on ${env.id}: ${config.evaluation.test.episodes} test episodes (seeds ${config.evaluation.test.seed}..)`);
    benchmark = benchmarkPortfolioRun(p, env.id, policy, config.evaluation.test, paths.benchmark);
  }
  manifest = { ...manifest, result: runResult(config, loop.trainer(), hashFiles(paths.policy, agentEntry(config.agent.type).policyFiles), agentTestRow(config, benchmark), refs.acObjectiveBps, learning) };
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
