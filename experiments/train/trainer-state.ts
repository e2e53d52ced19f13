import type { TrainProgress } from '../../agents/common/train-context.js';

/**
 * What the harness keeps across a checkpoint (trainer.json), besides the agent's own state: where
 * the run is, what the learning curve holds, the evaluation schedule, the best policy so far and
 * the running sums of the next row. Plain JSON, replaced (never mutated) by the functions of
 * experiments/train, so each step of the harness is a function from one state to the next.
 */
export interface TrainerState {
  readonly progress: TrainProgress;
  /** Rows in learning_curve.csv, the env steps of the last one, and when the next is due. */
  readonly rows: number;
  readonly lastRowAt: number;
  readonly nextEvalAt: number;
  /** The best validation objective so far and when it was reached (the `best/` policy). */
  readonly best: { readonly objectiveBps: number; readonly envSteps: number } | null;
  readonly evalsSinceBest: number;
  readonly stoppedEarly: boolean;
  readonly wallSeconds: number;
  /** The diagnostics meter's sums since the last row. */
  readonly meter: { readonly sums: Record<string, number>; readonly counts: Record<string, number> };
  /** Returns of the training episodes since the last row (bps). */
  readonly trainReturns: { readonly sum: number; readonly count: number };
  /**
   * The initial policy's objective on each validation episode (the step-0 evaluation), for the
   * learning check (learning-check.ts). Absent in runs started before it was recorded.
   */
  readonly initialObjectives?: readonly number[];
}

/** The state of a run that has not started: nothing logged, the first evaluation due at step 0. */
export function freshTrainerState(): TrainerState {
  return {
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
  };
}

/** Adds the returns of training episodes that just finished (for the next row's train_return_mean). */
export function withTrainReturns(state: TrainerState, returns: ArrayLike<number>, count: number): TrainerState {
  let sum = state.trainReturns.sum;
  for (let i = 0; i < count; i++) sum += returns[i];
  return { ...state, trainReturns: { sum, count: state.trainReturns.count + count } };
}

/** Mean return of the training episodes since the last row, or undefined when none finished. */
export function trainReturnMean(state: TrainerState): number | undefined {
  return state.trainReturns.count > 0 ? state.trainReturns.sum / state.trainReturns.count : undefined;
}
