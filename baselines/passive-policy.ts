import type { CompiledEnv } from '../env/core/compile-env.js';
import { UserError } from '../env/errors/errors.js';
import type { ExecutionParams } from '../env/market/params.js';
import { actionSize, writePassiveAction } from '../env/action/passive-action.js';
import type { PolicyInput } from '../env/policy/policy.js';
import type { BaselinePolicy } from './baseline-policy.js';

/** What a passive baseline wants from lane i now: shares to trade, how many of them to post, and how far behind the touch (ticks). */
export interface PassiveOrder {
  shares: number;
  passive: number;
  /** Ticks behind the touch of the limit order; a rule that leaves it alone posts at the touch (0). */
  offset: number;
}

/** Fills `order` for lane i from what the policy is allowed to see. */
export type PassiveRule = (input: PolicyInput, i: number, order: PassiveOrder) => void;

/** The passive env's limit-order side, or a UserError for a taker env. */
export function executionOf(env: CompiledEnv, name: string): ExecutionParams {
  if (!env.params.execution) throw new UserError(`${name} needs a passive env (a spec with an execution block), got ${env.spec.id}`);
  return env.params.execution;
}

/**
 * A passive baseline from a per-lane rule: it posts `passive` of its `shares` `offset` ticks
 * behind the touch (0 unless the rule sets it) and sends the rest as a market order, through the env's action (exact on a Box env,
 * the nearest grid entry on a Discrete one). Fills depend on the path, so never path-independent.
 */
export function passivePolicy(env: CompiledEnv, name: string, rule: PassiveRule): BaselinePolicy {
  const e = executionOf(env, name);
  const size = actionSize(env.spec.action, e);
  const order: PassiveOrder = { shares: 0, passive: 0, offset: 0 };
  return {
    name,
    pathIndependent: false,
    usesHiddenState: false,
    actionSize: size,
    act(input, actions) {
      for (let i = 0; i < input.lanes; i++) {
        rule(input, i, order);
        writePassiveAction(env.params, env.spec.action, e, input.step[i], input.inventory[i], order.shares, order.passive, order.offset, actions, i * size);
      }
    },
  };
}

/**
 * A schedule with a passive overlay: at step k it posts the schedule's slice H_k - H_{k+1} at the
 * touch and crosses whatever it is behind the schedule (x_k - H_k, the earlier slices' unfilled
 * shares), so it trades x_k - H_{k+1} in all and ends each step on or behind the schedule. The
 * last step crosses what is left (the env posts nothing then).
 */
export function passiveSchedulePolicy(env: CompiledEnv, name: string, holdings: ArrayLike<number>): BaselinePolicy {
  if (holdings.length !== env.params.N + 1) throw new RangeError(`${name}: holdings must have N + 1 = ${env.params.N + 1} entries, got ${holdings.length}`);
  return passivePolicy(env, name, (input, i, order) => {
    const k = input.step[i];
    const x = input.inventory[i];
    order.shares = Math.max(0, x - holdings[k + 1]);
    order.passive = Math.min(order.shares, Math.max(0, holdings[k] - holdings[k + 1]));
  });
}
