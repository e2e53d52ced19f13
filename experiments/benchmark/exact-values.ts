import { acInputsFor, acIsExact } from '../../env/analytics/ac-inputs.js';
import { scheduleCost } from '../../env/analytics/almgren-chriss.js';
import { solveRegimeDp, staticScheduleObjective } from '../../env/analytics/regime-dp.js';
import type { CompiledEnv } from '../../env/compile-env.js';
import { ImpactModel, type MarketParams } from '../../env/market/params.js';

/** Exact expectations of a policy's costs in bps, where the analytics give them. */
export interface ExactValues {
  readonly expectedIsBps: number | null;
  /** sqrt(Var[IS]): the AC closed form, on one-regime linear markets only. */
  readonly sdIsBps: number | null;
  readonly expectedObjectiveBps: number;
  readonly source: string;
}

/**
 * True on linear-impact arithmetic markets: there every static schedule's expected IS and
 * objective are exact (per-step costs under the regime marginals; the timing cost has mean 0).
 * Not on a replay market, whose timing cost is the recorded price move.
 */
export function hasExactStaticCosts(p: MarketParams): boolean {
  return p.impactModel === ImpactModel.Linear && !p.gbm && p.replay === null;
}

/**
 * The name of the policy that is the exact optimum of E[IS + risk penalty] on this env, if any:
 * `ac` on a one-regime linear market (Almgren–Chriss 2000), `dp-optimal` on a linear regime market
 * (backward induction over (step, regime); an oracle when the regime is hidden).
 */
export function exactOptimum(p: MarketParams): 'ac' | 'dp-optimal' | null {
  if (acIsExact(p)) return 'ac';
  if (!hasExactStaticCosts(p)) return null;
  try {
    solveRegimeDp(p);
    return 'dp-optimal';
  } catch {
    return null;
  }
}

/** Exact costs of a static schedule `holdings` (x_0..x_N), or null where they are not known. */
export function staticScheduleExact(env: CompiledEnv, holdings: ArrayLike<number>): ExactValues | null {
  const p = env.params;
  if (!hasExactStaticCosts(p)) return null;
  const bps = p.bpsPerDollar;
  const expectedObjectiveBps = staticScheduleObjective(p, holdings) * bps;
  const expectedIsBps = staticScheduleObjective({ ...p, lambda: 0 }, holdings) * bps;
  if (!acIsExact(p)) return { expectedIsBps, sdIsBps: null, expectedObjectiveBps, source: 'static schedule under the regime marginals' };
  const { variance } = scheduleCost(acInputsFor(p), holdings);
  return { expectedIsBps, sdIsBps: Math.sqrt(variance) * bps, expectedObjectiveBps, source: 'Almgren–Chriss closed form of the executed schedule' };
}

/**
 * The DP's own value function: the exact expected objective of `dp-optimal`, or null when the env
 * cannot execute the DP's trades exactly (a Discrete action space, or a trade beyond aMax).
 */
export function dpExact(env: CompiledEnv): ExactValues | null {
  const p = env.params;
  const action = env.spec.action;
  if (action.type !== 'box') return null;
  const { keep } = solveRegimeDp(p);
  for (let k = 0; k < p.N - 1; k++) {
    for (let r = 0; r < p.K; r++) if ((1 - keep[k * p.K + r]) * (p.N - k) > action.aMax) return null;
  }
  return { expectedIsBps: null, sdIsBps: null, expectedObjectiveBps: solveRegimeDp(p).expectedObjective * p.bpsPerDollar, source: 'regime DP value function' };
}
