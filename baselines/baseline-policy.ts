import type { CompiledEnv } from '../env/core/compile-env.js';
import { actionForMultiplier, multiplierForShares, type Policy, type PolicyInput } from '../env/policy/policy.js';

/**
 * A baseline: a {@link Policy} that also says whether its trades depend on the market path. A
 * path-independent baseline follows a static schedule, so on a linear market its expected cost
 * and variance are known exactly and the benchmark can print them next to the simulated ones.
 */
export interface BaselinePolicy extends Policy {
  readonly pathIndependent: boolean;
}

/** True for a policy that declares itself a static schedule (see {@link BaselinePolicy}). */
export function isPathIndependent(policy: Policy): boolean {
  return (policy as Partial<BaselinePolicy>).pathIndependent === true;
}

/**
 * The env action that trades as close as possible to `shares` from holdings x at step k. Baselines
 * decide in shares and act through this, the same action interface agents use, so they pay
 * exactly the same costs (and a Discrete env rounds them to its nearest level).
 */
export function actionForShares(env: CompiledEnv, k: number, x: number, shares: number): number {
  const n = Math.min(x, Math.max(0, shares));
  return actionForMultiplier(env.params, env.spec.action, k, x, multiplierForShares(env.params, k, x, n));
}

/** How many shares lane `i` wants to trade now, from what the policy is allowed to see. */
export type SharesRule = (input: PolicyInput, i: number) => number;

/** A policy from a per-lane rule in shares: the loop and the conversion to actions, once. */
export function sharesPolicy(env: CompiledEnv, name: string, rule: SharesRule, flags: { pathIndependent: boolean; usesHiddenState: boolean }): BaselinePolicy {
  return {
    name,
    ...flags,
    act(input, actions) {
      for (let i = 0; i < input.lanes; i++) {
        actions[i] = actionForShares(env, input.step[i], input.inventory[i], rule(input, i));
      }
    },
  };
}

/**
 * A static schedule: sell down to the planned holdings `holdings[k + 1]` at step k. Following
 * holdings rather than planned trades means a rounded (Discrete) trade is made up later.
 */
export function schedulePolicy(env: CompiledEnv, name: string, holdings: ArrayLike<number>): BaselinePolicy {
  if (holdings.length !== env.params.N + 1) throw new RangeError(`${name}: holdings must have N + 1 = ${env.params.N + 1} entries, got ${holdings.length}`);
  return sharesPolicy(env, name, (input, i) => input.inventory[i] - holdings[input.step[i] + 1], { pathIndependent: true, usesHiddenState: false });
}
