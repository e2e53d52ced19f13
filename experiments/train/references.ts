import { ac, acBaselineSchedule } from '../../baselines/ac.js';
import { twap, twapHoldings } from '../../baselines/twap.js';
import { staticScheduleObjective } from '../../env/analytics/regime-dp.js';
import type { CompiledEnv } from '../../env/compile-env.js';
import { evaluatePolicy } from '../../env/evaluate-policy.js';
import { dpExact, exactOptimum, hasExactStaticCosts } from '../benchmark/exact-values.js';

/** Reference objectives (bps) a learning curve is read against, and where each comes from. */
export interface References {
  /** E[IS + risk penalty] of the static AC schedule: exact on linear markets, else AC's mean on the validation seeds. */
  readonly acObjectiveBps: number;
  readonly acSource: 'exact' | 'validation-mean';
  readonly twapObjectiveBps: number | null;
  /** The exact optimum's value where one is known (AC itself, or the regime DP: an oracle when the regime is hidden). */
  readonly optimumObjectiveBps: number | null;
  readonly optimum: string | null;
}

/**
 * The AC objective that `gap_to_ac_pct` is measured against. On ac-linear-v0 AC is the exact
 * optimum of the expected return (315.75 bps), so the gap is the agent's distance to optimal.
 */
export function references(env: CompiledEnv, validation: { seed: number; episodes: number }): References {
  const p = env.params;
  const bps = p.bpsPerDollar;
  if (hasExactStaticCosts(p)) {
    const acObjective = staticScheduleObjective(p, acBaselineSchedule(env).x) * bps;
    const optimum = exactOptimum(p);
    const optimumValue = optimum === 'ac' ? acObjective : optimum === 'dp-optimal' ? (dpExact(env)?.expectedObjectiveBps ?? null) : null;
    return { acObjectiveBps: acObjective, acSource: 'exact', twapObjectiveBps: staticScheduleObjective(p, twapHoldings(p.N, p.X)) * bps, optimumObjectiveBps: optimumValue, optimum };
  }
  const mean = (policy: ReturnType<typeof ac>) => {
    const { episodes } = evaluatePolicy(policy, env, validation);
    return episodes.reduce((sum, e) => sum + e.objectiveBps, 0) / episodes.length;
  };
  return { acObjectiveBps: mean(ac(env)), acSource: 'validation-mean', twapObjectiveBps: mean(twap(env)), optimumObjectiveBps: null, optimum: null };
}
