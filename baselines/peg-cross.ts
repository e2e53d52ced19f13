import type { CompiledEnv } from '../env/core/compile-env.js';
import { sharesFor } from '../env/market/step.js';
import { acBaselineSchedule } from './ac.js';
import type { BaselinePolicy } from './baseline-policy.js';
import { executionOf, passivePolicy } from './passive-policy.js';

/** The parameters of `peg-cross`: post k times the target's slice `offset` ticks behind the touch, cross beyond `behind` shares behind. */
export interface PegCrossParams {
  /** Posted size as a multiple of the target schedule's slice H_j - H_{j+1} (>= 0). */
  readonly k: number;
  /** Ticks behind the touch of the limit order, in [0, the env's largest offset]. */
  readonly offset: number;
  /** Shares the policy may lag the target schedule before it crosses the excess (>= 0). */
  readonly behind: number;
}

/** The name `peg-cross:<k>:<offset>:<behind>` that {@link pegCross} gets and the registry parses back. */
export function pegCrossName(q: PegCrossParams): string {
  return `peg-cross:${q.k}:${q.offset}:${q.behind}`;
}

/**
 * `peg-cross:<k>:<offset>:<behind>`: follow the `ac` schedule H (the env's risk aversion) with limit
 * orders, a band rule. At step j with holdings x, x - H_{j+1} is what it must still sell to be on
 * the schedule after the step: it crosses with a market order what exceeds the band,
 * max(0, x - H_{j+1} - behind), and posts k (H_j - H_{j+1}) (k times the schedule's slice) more
 * `offset` ticks behind the touch, all within the action's cap aMax x / (N - j), the market order
 * first. So after a step it lags the schedule by at most `behind` shares, and posts ahead of it
 * when k > 1. A large k posts the cap. The last step sells what is left (the env's forced
 * liquidation). Issue 19 (finding 3): "follow the AC targets, post the maximum size at the touch,
 * cross only when more than 63k shares behind" (`peg-cross:100:0:63000`) beat every learned
 * passive agent.
 * @throws RangeError for k < 0, an offset outside [0, maxOffset] or behind < 0
 */
export function pegCross(env: CompiledEnv, q: PegCrossParams): BaselinePolicy {
  const e = executionOf(env, 'peg-cross');
  if (!(q.k >= 0 && Number.isFinite(q.k))) throw new RangeError(`peg-cross: k (the posted multiple of the target slice) must be a finite number >= 0, got ${q.k}`);
  if (!(q.offset >= 0 && q.offset <= e.maxOffset)) throw new RangeError(`peg-cross: offset must be in [0, ${e.maxOffset}] ticks (the env's largest offset), got ${q.offset}`);
  if (!(q.behind >= 0 && Number.isFinite(q.behind))) throw new RangeError(`peg-cross: behind (shares lagging the target before crossing) must be a finite number >= 0, got ${q.behind}`);
  const p = env.params;
  const H = acBaselineSchedule(env).x;
  const aMax = env.spec.action.type === 'discrete' ? Math.max(...env.spec.action.levels) : env.spec.action.aMax;
  return passivePolicy(env, pegCrossName(q), (input, i, order) => {
    const j = input.step[i];
    const x = input.inventory[i];
    const cap = sharesFor(p, j, x, aMax);
    const market = Math.min(cap, Math.max(0, x - H[j + 1] - q.behind));
    const passive = Math.min(cap - market, q.k * Math.max(0, H[j] - H[j + 1]));
    order.shares = market + passive;
    order.passive = passive;
    order.offset = q.offset;
  });
}
