import { fileHandler, saveAgentModel } from '../../agents/common/checkpoint.js';
import type { AgentModel } from '../../agents/common/agent-model.js';
import type { AgentHandle, TrainContext, TrainProgress } from '../../agents/common/train-context.js';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import { trainingSeed } from '../../env/random/seeds.js';
import { commitCheckpoint, runPaths, trainerStatePath, type RunManifest } from '../io/run-dir.js';
import { CurveLogs } from './curve-logs.js';
import { boundaryActions, evaluationDue, recordEvaluation, type EvaluationRules } from './evaluation-rules.js';
import { curveColumns, curveRow, DiagnosticsMeter, LearningCurve } from './learning-curve.js';
import type { OpenedRun } from './open-run.js';
import { trainReturnMean, withTrainReturns, type TrainerState } from './trainer-state.js';
import type { TrainRunOptions } from './train-options.js';
import type { ValidationReferences } from './validation-references.js';
import type { ValidationScores } from './validation-scores.js';

/** The harness side of a training run, handed to the agent as its {@link TrainContext}, and what it leaves behind. */
export interface TrainingLoop<E> {
  readonly ctx: TrainContext<E>;
  /** The trainer state as of the last boundary (counters, best policy, wall time). */
  trainer(): TrainerState;
  /** Whether the run stopped at a checkpoint before its budget (a stop request). */
  interrupted(): boolean;
}

/** What the loop needs besides the env: the run as opened, its manifest, and how to score a policy on the validation seeds. */
export interface TrainingLoopInputs<E> {
  readonly env: E;
  readonly options: TrainRunOptions;
  readonly opened: OpenedRun;
  readonly manifest: RunManifest;
  readonly validationRefs: ValidationReferences;
  /** The current policy's scores on the validation seeds (single-asset or portfolio evaluation). */
  evaluate(model: AgentModel): ValidationScores;
  log(line: string): void;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Opens the learning curve (cut back to the checkpoint's rows on resume) and its mirrors, and
 * builds the context whose `atBoundary` evaluates, logs, selects, stops and checkpoints by the
 * pure rules of evaluation-rules.ts: the same loop for every env kind.
 */
export function trainingLoop<E>(inputs: TrainingLoopInputs<E>): TrainingLoop<E> {
  const { env, options, opened, manifest, validationRefs, log } = inputs;
  const { config, runDir } = options;
  const paths = runPaths(runDir);
  const curve = new LearningCurve(paths.curve, curveColumns(config.agent.type));
  curve.open(opened.resume ? opened.trainer.rows : null);
  // TensorBoard and JSON-lines mirrors of the CSV, rebuilt from the rows it kept.
  const logs = new CurveLogs(runDir, curve.columns, Date.parse(manifest.createdAt) / 1000);
  logs.rewrite(curve.rows());

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

  const ctx: TrainContext<E> = {
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
        const scores = inputs.evaluate(agent.model);
        const row = curveRow(progress, wallSeconds, trainReturnMean(trainer), scores, validationRefs, meter.take());
        curve.append(row);
        logs.append(row);
        const outcome = recordEvaluation(trainer, progress.envSteps, scores.objectiveMean, rules);
        // The initial policy's validation episodes, kept for the learning check (issue 19).
        trainer = progress.envSteps === 0 && scores.objectives ? { ...outcome.state, initialObjectives: Array.from(scores.objectives) } : outcome.state;
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
  return { ctx, trainer: () => trainer, interrupted: () => interrupted };
}
