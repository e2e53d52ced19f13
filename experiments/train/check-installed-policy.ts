import type { AgentModel } from '../../agents/common/agent-model.js';
import { fileHandler } from '../../agents/common/checkpoint.js';
import { loadAgentModel } from '../../agents/load-agent-model.js';
import type { RunConfig } from '../run-config/run-config.js';
import type { runPaths } from '../io/run-dir.js';
import { learningCheck, type LearningCheck } from './learning-check.js';
import type { TrainerState } from './trainer-state.js';
import type { ValidationScores } from './validation-scores.js';

/**
 * The learning check of the installed policy (policy/): its validation episodes, scored by the
 * run's own `evaluate` (the one its learning curve used: single-asset or portfolio), against the
 * initial policy's recorded at the step-0 evaluation, paired (cluster-robust with `clusters`).
 * Null for a run that has no step-0 record (started before it was kept).
 */
export async function checkInstalledPolicy(
  config: RunConfig,
  paths: ReturnType<typeof runPaths>,
  trainer: TrainerState,
  evaluate: (model: AgentModel) => ValidationScores,
  clusters?: Int32Array,
): Promise<LearningCheck | null> {
  if (!trainer.initialObjectives) return null;
  const selected = evaluate(await loadAgentModel(fileHandler(paths.policy)));
  const selectedEnvSteps = config.evaluation.select === 'best' ? (trainer.best?.envSteps ?? 0) : trainer.progress.envSteps;
  return learningCheck(selected.objectives, trainer.initialObjectives, selectedEnvSteps, clusters);
}
