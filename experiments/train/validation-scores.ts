import type { CompiledEnv } from '../../env/core/compile-env.js';
import { evaluatePolicy } from '../../env/policy/evaluate-policy.js';
import type { Policy } from '../../env/policy/policy.js';
import { sampleStats } from '../stats/sample-stats.js';

/** A policy's scores on the validation seeds: what a learning-curve row reports and selection compares. */
export interface ValidationScores {
  readonly returnMean: number;
  readonly isMean: number;
  readonly isStd: number;
  /** Mean IS + risk penalty (bps): lower is better; the selection and early-stopping criterion. */
  readonly objectiveMean: number;
  /** Each validation episode's objective (bps), in seed order: for paired comparisons. */
  readonly objectives: Float64Array;
}

/** Mean return, IS and objective of `policy` on the validation episodes (seeds seed .. seed + episodes - 1). */
export function validationScores(policy: Policy, env: CompiledEnv, validation: { seed: number; episodes: number }): ValidationScores {
  const { episodes } = evaluatePolicy(policy, env, validation);
  const is = sampleStats(Float64Array.from(episodes, (e) => e.isBps));
  const objectives = Float64Array.from(episodes, (e) => e.objectiveBps);
  return {
    returnMean: sampleStats(Float64Array.from(episodes, (e) => e.return)).mean,
    isMean: is.mean,
    isStd: is.sd,
    objectiveMean: sampleStats(objectives).mean,
    objectives,
  };
}
