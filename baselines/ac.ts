import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { acSchedule, type AcSchedule } from '../env/analytics/almgren-chriss.js';
import type { CompiledEnv } from '../env/core/compile-env.js';
import { schedulePolicy, type BaselinePolicy } from './baseline-policy.js';

/**
 * The static AC schedule a desk would calibrate for this env (`acInputsFor`: the market's own
 * parameters on a one-regime linear market, stationary averages on a regime market, eta
 * linearised at the TWAP rate for non-linear impact), with risk aversion `lambda`.
 */
export function acBaselineSchedule(env: CompiledEnv, lambda = env.params.lambda): AcSchedule {
  return acSchedule({ ...acInputsFor(env.params), lambda });
}

/**
 * `ac` (or `ac:<lambda>`): the exact discrete Almgren–Chriss (2000) schedule, lambda defaulting to
 * the env's risk aversion. A static schedule: it never looks at the market.
 */
export function ac(env: CompiledEnv, lambda?: number): BaselinePolicy {
  const name = lambda === undefined ? 'ac' : `ac:${lambda}`;
  return schedulePolicy(env, name, acBaselineSchedule(env, lambda).x);
}
