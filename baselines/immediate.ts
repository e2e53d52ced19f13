import type { CompiledEnv } from '../env/core/compile-env.js';
import { sharesPolicy, type BaselinePolicy } from './baseline-policy.js';

/**
 * `immediate`: sell everything now, as far as the action space allows. The action is a multiplier
 * of the even split, at most aMax (or the largest Discrete level), so with aMax < N the order
 * cannot go in one step: this sells at the largest multiplier every step, which empties the
 * position by step N - aMax. A sanity anchor: all impact, almost no risk.
 */
export function immediate(env: CompiledEnv): BaselinePolicy {
  return sharesPolicy(env, 'immediate', (input, i) => input.inventory[i], { pathIndependent: true, usesHiddenState: false });
}
