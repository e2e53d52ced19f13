import type { CompiledEnv } from '../env/core/compile-env.js';
import { acBaselineSchedule } from './ac.js';
import type { BaselinePolicy } from './baseline-policy.js';
import { passiveSchedulePolicy } from './passive-policy.js';

/**
 * `ac-passive` (or `ac-passive:<lambda>`): the `ac` schedule with a passive overlay: each AC slice
 * is posted at the touch and the shortfall against the AC holdings is crossed.
 */
export function acPassive(env: CompiledEnv, lambda?: number): BaselinePolicy {
  const name = lambda === undefined ? 'ac-passive' : `ac-passive:${lambda}`;
  return passiveSchedulePolicy(env, name, acBaselineSchedule(env, lambda).x);
}
