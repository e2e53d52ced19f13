import { ac, acBaselineSchedule } from '../../baselines/ac.js';
import { twap, twapHoldings } from '../../baselines/twap.js';
import { evaluatePolicy } from '../../env/policy/evaluate-policy.js';
import type { Policy } from '../../env/policy/policy.js';
import { hasExactStaticCosts } from '../benchmark/exact-values.js';
import { staticScheduleObjective } from '../../env/analytics/regime-dp.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { regretReference } from '../benchmark/continuous-twin.js';
import { optimumLabel } from '../../env/analytics/optimum-label.js';

/** Reference objectives (bps) a learning curve is read against, and where each comes from. */
export interface References {
  /** E[IS + risk penalty] of the static AC schedule: exact on every model market; on a replay market, AC's mean on the validation seeds. */
  readonly acObjectiveBps: number;
  readonly acSource: 'exact' | 'validation-mean';
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
export function references(env: CompiledEnv, validation: { seed: number; episodes: number }): References {
  const p = env.params;
  const bps = p.bpsPerDollar;
  if (!hasExactStaticCosts(p)) {
    const mean = (policy: Policy) => {
      const { episodes } = evaluatePolicy(policy, env, validation);
      return episodes.reduce((sum, e) => sum + e.objectiveBps, 0) / episodes.length;
    };
    return { acObjectiveBps: mean(ac(env)), acSource: 'validation-mean', twapObjectiveBps: mean(twap(env)), optimumObjectiveBps: null, optimum: null };
  }
  const reference = regretReference(env);
  const s = reference?.policy.solution;
  const kind = s ? optimumLabel(reference!.env.params, s, reference!.env !== env).short : null;
  return {
    acObjectiveBps: staticScheduleObjective(p, acBaselineSchedule(env).x) * bps,
    acSource: 'exact',
    twapObjectiveBps: staticScheduleObjective(p, twapHoldings(p.N, p.X)) * bps,
    optimumObjectiveBps: s ? s.objectiveBps : null,
    optimum: kind ? `optimal (${kind})` : null,
  };
}
