import type { CompiledEnv } from '../env/core/compile-env.js';
import type { BaselinePolicy } from './baseline-policy.js';
import { passiveSchedulePolicy } from './passive-policy.js';
import { twapHoldings } from './twap.js';

/** `passive-twap`: posts each TWAP slice X / N at the touch and crosses what is behind schedule. */
export function passiveTwap(env: CompiledEnv): BaselinePolicy {
  return passiveSchedulePolicy(env, 'passive-twap', twapHoldings(env.params.N, env.params.X));
}
