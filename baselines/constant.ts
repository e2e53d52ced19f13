import { actionMultiplierCap } from '../env/analytics/schedule-constraints.js';
import type { CompiledEnv } from '../env/core/compile-env.js';
import { actionForMultiplier } from '../env/policy/policy.js';
import type { BaselinePolicy } from './baseline-policy.js';

/**
 * `const:<a>`: the same action multiplier a at every step, n_k = min(x_k, a x_k / (N - k)) (the
 * env's action semantics; a = 1 is TWAP), as market orders. It is what a network with a constant
 * output plays: an untrained PPO policy's mean action on a squashed Box of aMax 4 is
 * 4 sigmoid(0) = 2, so `const:2` is the floor a learned row must clear (issue 19, finding 1). On a
 * Discrete env it trades the level nearest to a's trade. Static: its holdings are fixed in advance.
 * @throws RangeError unless 0 <= a <= the action space's largest multiplier
 */
export function constant(env: CompiledEnv, a: number): BaselinePolicy {
  const cap = actionMultiplierCap(env.spec.action);
  if (!(a >= 0 && a <= cap)) throw new RangeError(`const: a must be a multiplier in [0, ${cap}] (the action space's largest), got ${a}`);
  const p = env.params;
  const action = env.spec.action;
  return {
    name: `const:${a}`,
    pathIndependent: true,
    usesHiddenState: false,
    act(input, actions) {
      for (let i = 0; i < input.lanes; i++) actions[i] = actionForMultiplier(p, action, input.step[i], input.inventory[i], a);
    },
  };
}
