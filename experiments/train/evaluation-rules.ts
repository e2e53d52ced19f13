import type { TrainerState } from './trainer-state.js';

/** The rules of the learning curve, checkpoint selection and early stopping (config.evaluation). */
export interface EvaluationRules {
  /** Env steps between evaluations on the validation seeds. */
  readonly every: number;
  /** Evaluations without a better validation objective before the run stops; null: never. */
  readonly patience: number | null;
  /** The training budget (env steps): the run always evaluates when it reaches it. */
  readonly totalSteps: number;
}

/** Whether the boundary at `envSteps` gets a learning-curve row: one is due, or the budget is spent (once per step count). */
export function evaluationDue(state: TrainerState, envSteps: number, rules: EvaluationRules): boolean {
  return envSteps !== state.lastRowAt && (envSteps >= state.nextEvalAt || envSteps >= rules.totalSteps);
}

/** What an evaluation changes: the new state, whether the policy is the best so far (save it) and whether to stop early. */
export interface EvaluationOutcome {
  readonly state: TrainerState;
  readonly improved: boolean;
  readonly stopEarly: boolean;
}

/**
 * Records an evaluation at `envSteps` with mean validation objective `objectiveBps` (lower is
 * better): one more row, the next evaluation scheduled on the `every` grid, the best policy kept
 * (selection on the validation seeds only), and early stopping after `patience` evaluations
 * without improvement, never at the end of the budget (the last policy is saved there anyway).
 */
export function recordEvaluation(state: TrainerState, envSteps: number, objectiveBps: number, rules: EvaluationRules): EvaluationOutcome {
  let nextEvalAt = state.nextEvalAt;
  while (nextEvalAt <= envSteps) nextEvalAt += rules.every;
  const improved = state.best === null || objectiveBps < state.best.objectiveBps;
  const evalsSinceBest = improved ? 0 : state.evalsSinceBest + 1;
  const final = envSteps >= rules.totalSteps;
  const stopEarly = rules.patience !== null && evalsSinceBest >= rules.patience && !final;
  return {
    state: {
      ...state,
      rows: state.rows + 1,
      lastRowAt: envSteps,
      nextEvalAt,
      best: improved ? { objectiveBps, envSteps } : state.best,
      evalsSinceBest,
      stoppedEarly: state.stoppedEarly || stopEarly,
      trainReturns: { sum: 0, count: 0 },
    },
    improved,
    stopEarly,
  };
}

/** What the harness does at a boundary once any evaluation is recorded. */
export interface BoundaryActions {
  /** Save the current policy as `last/` (at the end of the budget or an early stop). */
  readonly saveLast: boolean;
  /** Write a checkpoint (after every evaluation, at every stop and at the end). */
  readonly checkpoint: boolean;
  /** The run was stopped from outside (Ctrl-C, a test's step limit) before its budget: resumable. */
  readonly interrupted: boolean;
  /** Tell the agent to stop. */
  readonly stop: boolean;
}

/**
 * Decides a boundary: `evaluated` whether a row was written there, `stopEarly` whether that
 * evaluation stopped the run, `stopRequested` whether a stop was asked for from outside. A stop
 * request at the end of the budget or at an early stop is not an interruption: the run is complete.
 */
export function boundaryActions(state: TrainerState, envSteps: number, rules: EvaluationRules, evaluated: boolean, stopEarly: boolean, stopRequested: boolean): BoundaryActions {
  const final = envSteps >= rules.totalSteps;
  const interrupted = stopRequested && !final && !stopEarly;
  const stop = stopEarly || interrupted;
  return { saveLast: final || state.stoppedEarly, checkpoint: evaluated || stop || final, interrupted, stop };
}
