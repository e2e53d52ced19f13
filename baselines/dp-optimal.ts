import { solveRegimeDp } from '../env/analytics/regime-dp.js';
import { actionMultiplierCap } from '../env/analytics/schedule-constraints.js';
import type { CompiledEnv } from '../env/core/compile-env.js';
import { sharesPolicy, type BaselinePolicy } from './baseline-policy.js';
import { regimeSource } from './regime-source.js';

/**
 * `dp-optimal`: the exact optimum of E[IS + risk penalty] on a linear-impact regime market, by
 * backward induction (`solveRegimeDp`): keep the fraction keep[k, r] of the holdings after step k
 * in regime r. It needs the current regime: read from the observation when the env publishes it
 * (oracle or belief columns), else the true hidden regime, and the policy is then an oracle
 * (`usesHiddenState`), a bound rather than an achievable strategy. On one regime it is `ac`.
 * @throws RangeError for non-linear impact, a geometric price or regime-dependent epsilon
 */
export function dpOptimal(env: CompiledEnv): BaselinePolicy {
  const p = env.params;
  const { keep } = solveRegimeDp(p, actionMultiplierCap(env.spec.action));
  const source = regimeSource(env, true);
  return sharesPolicy(env, 'dp-optimal', (input, i) => input.inventory[i] * (1 - keep[input.step[i] * p.K + source.read(input, i)]), {
    pathIndependent: p.K === 1,
    usesHiddenState: source.usesHiddenState,
  });
}
