import { acInputsFor, acIsExact } from '../../env/analytics/ac-inputs.js';
import { scheduleCost } from '../../env/analytics/almgren-chriss.js';
import type { BeliefDpSolution } from '../../env/analytics/belief-dp.js';
import type { OptimalSolution } from '../../env/analytics/optimal.js';
import { solveRegimeDp } from '../../env/analytics/regime-dp.js';
import { actionMultiplierCap } from '../../env/analytics/schedule-constraints.js';
import { droppedConstraints } from '../../env/analytics/solver-constraints.js';
import { scheduleExpectation } from '../../env/analytics/schedule-objective.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import type { MarketParams } from '../../env/market/params.js';

/** Exact expectations of a policy's costs in bps, where the analytics give them. */
export interface ExactValues {
  readonly expectedIsBps: number | null;
  /** sqrt(Var[IS]): the AC closed form, on one-regime linear markets only. */
  readonly sdIsBps: number | null;
  readonly expectedObjectiveBps: number;
  readonly source: string;
}

/**
 * True on every synthetic market: a static schedule's expected IS and objective are exact
 * (per-step costs under the regime marginals, E[V^-beta] in closed form, the timing cost of mean 0;
 * see `scheduleExpectation`). Not on a replay market, whose timing cost is the recorded price move.
 */
export function hasExactStaticCosts(p: MarketParams): boolean {
  return p.replay === null;
}

/** Exact costs of a static schedule `holdings` (x_0..x_N) on this env's market (null on a replay market). */
export function staticScheduleExact(env: CompiledEnv, holdings: ArrayLike<number>): ExactValues | null {
  const p = env.params;
  if (!hasExactStaticCosts(p)) return null;
  const bps = p.bpsPerDollar;
  const e = scheduleExpectation(p, holdings);
  if (!acIsExact(p)) return { expectedIsBps: e.expectedCost * bps, sdIsBps: null, expectedObjectiveBps: e.objective * bps, source: "the env's exact expected costs of the executed schedule" };
  const { variance } = scheduleCost(acInputsFor(p), holdings);
  return { expectedIsBps: e.expectedCost * bps, sdIsBps: Math.sqrt(variance) * bps, expectedObjectiveBps: e.objective * bps, source: 'Almgren–Chriss closed form of the executed schedule' };
}

/**
 * The regime DP's own value function: the exact expected objective of `dp-optimal`, or null when
 * the env cannot execute the DP's trades exactly (a Discrete action space, or constraints the DP
 * does not respect, which the step then enforces on its trades).
 */
export function dpExact(env: CompiledEnv): ExactValues | null {
  const p = env.params;
  if (env.spec.action.type !== 'box' || droppedConstraints(p, 'regime-dp').length > 0) return null;
  const dp = solveRegimeDp(p, actionMultiplierCap(env.spec.action));
  return { expectedIsBps: null, sdIsBps: null, expectedObjectiveBps: dp.expectedObjective * p.bpsPerDollar, source: 'regime DP value function' };
}

/**
 * The value of the adaptive `optimal` policy as executed in this env: its DP's value (exact for
 * the regime DP, the exact value of the grid policy for the inventory-grid DP), or null on a
 * Discrete env, where the policy trades the nearest level and its value is not known in closed form,
 * and for the short-term alpha's Riccati feedback, which the env's action limits clip.
 */
export function adaptiveOptimalExact(env: CompiledEnv, s: OptimalSolution): ExactValues | null {
  if (env.spec.action.type !== 'box') return null;
  // The Riccati value is over uncapped trades; the executed policy clips, so its value is not known exactly.
  if (s.method === 'lq-riccati') return null;
  return { expectedIsBps: s.expectedCostBps, sdIsBps: null, expectedObjectiveBps: s.objectiveBps, source: s.method === 'regime-dp' ? 'regime DP value function' : 'inventory-grid DP value of its grid policy' };
}

/**
 * The belief DP's value: what `belief-optimal` should cost in expectation (numerical: a lower bound
 * on the best policy of the public observation up to its grid error), or null on a Discrete env,
 * where the policy trades the nearest level.
 */
export function beliefOptimalExact(env: CompiledEnv, s: BeliefDpSolution): ExactValues | null {
  if (env.spec.action.type !== 'box') return null;
  return {
    expectedIsBps: null,
    sdIsBps: null,
    expectedObjectiveBps: s.objectiveBps,
    source: `belief DP value (numerical: simplex grid m = ${s.grid.m}, trapezoid step ${s.quadratureStep}; a lower bound on the best non-oracle policy up to its quadrature error)`,
  };
}
