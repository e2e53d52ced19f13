import { ac } from '../../baselines/ac.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { evaluatePolicy } from '../../env/policy/evaluate-policy.js';
import { regretReference } from '../benchmark/continuous-twin.js';

/**
 * `ac` and `optimal` evaluated once per run on the validation seeds, episode by episode, so every
 * learning-curve row can report the agent's paired difference to them on the same market paths
 * (not the gap between a sample mean and an exact expectation, which on a few hundred episodes
 * often looks "better than the proven optimum"). On a Discrete env `optimal` runs on the Box
 * version of the market (same paths): the continuous optimum.
 */
export interface ValidationReferences {
  readonly ac: Float64Array;
  readonly optimal: Float64Array | null;
}

export function validationReferences(env: CompiledEnv, validation: { seed: number; episodes: number }): ValidationReferences {
  const objectives = (episodes: { objectiveBps: number }[]) => Float64Array.from(episodes, (e) => e.objectiveBps);
  const reference = regretReference(env);
  return {
    ac: objectives(evaluatePolicy(ac(env), env, validation).episodes),
    optimal: reference ? objectives(evaluatePolicy(reference.policy, reference.env, validation).episodes) : null,
  };
}
