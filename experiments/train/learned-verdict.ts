import type { CurveFile, RunResult } from '../io/run-dir.js';
import { curveObjectives } from '../io/run-dir.js';
import { DID_NOT_LEARN, learningCheckText } from './learning-check.js';

/** Whether a run's selected policy improved on its own untrained initial policy (validation seeds). */
export interface LearnedVerdict {
  /** The run's learning check where it recorded one (paired, with a CI), else the curve's means. */
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
 * Did the run learn? One answer wherever it is printed (npm start, the report, the suite): the
 * manifest's learning check (learning-check.ts: selected − initial policy paired episode by
 * episode on the validation seeds, learned only when the whole 95% interval is below zero). Runs
 * written before that check was recorded fall back to the learning curve's means: the step-0 row
 * scores the untrained policy on the same validation seeds as the selected one, and a selected
 * policy that is the step-0 one, or no better than it, did not learn. Null when neither is known.
 */
export function learnedVerdict(curve: CurveFile, result: RunResult): LearnedVerdict | null {
  const initial = curveObjectives(curve).find((row) => row.envSteps === 0);
  const selectedBps = result.selected.validationObjectiveBps;
  const selectedSteps = result.selected.envSteps;
  if (initial === undefined || selectedBps === undefined || selectedSteps === undefined) return null;
  const numbers = `validation objective ${selectedBps.toFixed(2)} bps at step ${selectedSteps} vs ${initial.objectiveBps.toFixed(2)} bps untrained`;
  if (result.learning) {
    return { learned: result.learning.learned, initialBps: initial.objectiveBps, selectedBps, selectedSteps, sentence: `${learningCheckText(result.learning)} (${numbers})` };
  }
  const learned = selectedSteps > 0 && selectedBps < initial.objectiveBps;
  const sentence = learned
    ? `learned: ${numbers} (${(initial.objectiveBps - selectedBps).toFixed(2)} bps better)`
    : `${DID_NOT_LEARN}: the selected policy is no better than its untrained initial policy on the validation seeds (${numbers})`;
  return { learned, initialBps: initial.objectiveBps, selectedBps, selectedSteps, sentence };
}
