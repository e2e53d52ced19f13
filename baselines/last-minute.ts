import type { CompiledEnv } from '../env/core/compile-env.js';
import { sharesPolicy, type BaselinePolicy } from './baseline-policy.js';

/**
 * `last-minute`: trade nothing until the horizon, where the market's forced liquidation sells the
 * whole order in the last step. A sanity anchor: all the risk and one step's worth of impact.
 */
export function lastMinute(env: CompiledEnv): BaselinePolicy {
  return sharesPolicy(env, 'last-minute', () => 0, { pathIndependent: true, usesHiddenState: false });
}
