import type { CurveFile, RunResult } from '../io/run-dir.js';
import { curveObjectives } from '../io/run-dir.js';

/** Whether a run's selected policy improved on its own untrained initial policy (validation seeds). */
export interface LearnedVerdict {
  /** True when the selected policy's validation objective is below the step-0 row's. */
  readonly learned: boolean;
  /** Mean objective (bps) of the untrained policy: the learning curve's step-0 row. */
  readonly initialBps: number;
  /** Mean objective (bps) of the selected policy on the same validation seeds. */
  readonly selectedBps: number;
  /** The env steps at which the selected policy was reached. */
  readonly selectedSteps: number;
  /** One sentence for a reader. */
  readonly sentence: string;
}

/**
 * Did the run learn? The learning curve's step-0 row scores the untrained initial policy on the
 * validation seeds, the same seeds that scored the selected policy, so the two objectives are
 * comparable; a selected policy that is the step-0 one, or no better than it, did not learn
 * (selection on the validation seeds makes that comparison lenient, never harsh). Null when the
 * curve has no step-0 row or the run recorded no selected objective.
 */
export function learnedVerdict(curve: CurveFile, result: RunResult): LearnedVerdict | null {
  const initial = curveObjectives(curve).find((row) => row.envSteps === 0);
  const selectedBps = result.selected.validationObjectiveBps;
  const selectedSteps = result.selected.envSteps;
  if (initial === undefined || selectedBps === undefined || selectedSteps === undefined) return null;
  const learned = selectedSteps > 0 && selectedBps < initial.objectiveBps;
  const numbers = `validation objective ${selectedBps.toFixed(2)} bps at step ${selectedSteps} vs ${initial.objectiveBps.toFixed(2)} bps untrained`;
  const sentence = learned
    ? `learned: ${numbers} (${(initial.objectiveBps - selectedBps).toFixed(2)} bps better)`
    : `did not learn: the selected policy is no better than its untrained initial policy on the validation seeds (${numbers})`;
  return { learned, initialBps: initial.objectiveBps, selectedBps, selectedSteps, sentence };
}
