import { acBaselineSchedule } from '../../baselines/ac.js';
import { twapHoldings } from '../../baselines/twap.js';
import { staticScheduleObjective } from '../../env/analytics/regime-dp.js';
import type { CompiledEnv } from '../../env/compile-env.js';
import { regretReference } from '../benchmark/continuous-twin.js';

/** Reference objectives (bps) a learning curve is read against, and where each comes from. */
export interface References {
  /** E[IS + risk penalty] of the static AC schedule: exact on every market (the env's expected costs of a static schedule). */
  readonly acObjectiveBps: number;
  readonly acSource: 'exact';
  readonly twapObjectiveBps: number | null;
  /** The value of `optimal` where a solver covers the market (see `optimum` for what kind of optimum it is). */
  readonly optimumObjectiveBps: number | null;
  /** `optimal (exact optimum)`, `optimal (oracle bound)`, `optimal (continuous optimum)` or `optimal (numerical optimum)`. */
  readonly optimum: string | null;
}

/**
 * The exact expected objectives of static `ac` and TWAP and the value of `optimal` (on a Discrete
 * env, the continuous optimum), labelled with what the optimum is: a chart then never calls an
 * oracle bound or a relaxation "exact".
 */
export function references(env: CompiledEnv, _validation?: { seed: number; episodes: number }): References {
  const p = env.params;
  const bps = p.bpsPerDollar;
  const reference = regretReference(env);
  const s = reference?.policy.solution;
  const kind = !s ? null : s.oracle ? 'oracle bound' : reference!.env !== env ? 'continuous optimum' : s.exact ? 'exact optimum' : 'numerical optimum';
  return {
    acObjectiveBps: staticScheduleObjective(p, acBaselineSchedule(env).x) * bps,
    acSource: 'exact',
    twapObjectiveBps: staticScheduleObjective(p, twapHoldings(p.N, p.X)) * bps,
    optimumObjectiveBps: s ? s.objectiveBps : null,
    optimum: kind ? `optimal (${kind})` : null,
  };
}
