import { propagate } from '../market/markov.js';
import { ImpactModel, impactModelNames, type MarketParams } from '../market/params.js';

/**
 * The exact optimum of the expected return on a regime-switching market with linear impact, by
 * backward induction over (step, regime).
 *
 * Rewriting the permanent-impact cost sum_k n_k P_k as sum_j gamma_{r_j} n_j x_{j+1}, the expected
 * cost of leaving y = x - n after step k in regime r is
 *   c = epsilon n + (eta_r / tau) n^2 + gamma_r n y + lambda sigma_r^2 tau y^2
 * (the timing term has mean zero), so with equal epsilon the cost-to-go is
 *   J_k(x, r) = A[k, r] x^2 + epsilon x
 * and the optimal holding is y = c[k, r] x with
 *   c = (eta_r / tau - gamma_r / 2) / (eta_r / tau - gamma_r + lambda sigma_r^2 tau + sum_r' P[r, r'] A[k+1, r']),
 * clipped to [0, 1] (a clipped c keeps J quadratic). On one regime this is the discrete AC schedule.
 */
export interface RegimeDpSolution {
  /** c[k * K + r]: fraction of holdings kept after step k in regime r (0 at the last step). */
  readonly keep: Float64Array;
  /** A[k * K + r]: quadratic coefficient of the cost-to-go ($ per share^2); row N is 0. */
  readonly A: Float64Array;
  /** Expected objective E[IS + risk penalty] from the start ($), averaged over the initial regime. */
  readonly expectedObjective: number;
}

/** @throws RangeError when impact is not linear, the price is not arithmetic, or epsilon differs across regimes. */
export function solveRegimeDp(p: MarketParams): RegimeDpSolution {
  if (p.impactModel !== ImpactModel.Linear || p.gbm) {
    throw new RangeError(`dp-optimal needs linear impact and an arithmetic price (the cost-to-go is quadratic only there), got impact ${impactModelNames[p.impactModel]}, price ${p.gbm ? 'gbm' : 'abm'}`);
  }
  if (p.epsilon.some((e) => e !== p.epsilon[0])) {
    throw new RangeError(`dp-optimal needs the same epsilon in every regime, got ${Array.from(p.epsilon).join(', ')}`);
  }
  const { N, K, tau } = p;
  const keep = new Float64Array(N * K);
  const A = new Float64Array((N + 1) * K);
  for (let r = 0; r < K; r++) A[(N - 1) * K + r] = p.eta[r] / tau;
  for (let k = N - 2; k >= 0; k--) {
    for (let r = 0; r < K; r++) {
      let nextA = 0;
      for (let j = 0; j < K; j++) nextA += p.transition[r * K + j] * A[(k + 1) * K + j];
      const etaRate = p.eta[r] / tau;
      const g = p.gamma[r];
      const risk = p.lambda * p.sigma[r] * p.sigma[r] * tau;
      const c = Math.min(1, Math.max(0, (etaRate - g / 2) / (etaRate - g + risk + nextA)));
      keep[k * K + r] = c;
      A[k * K + r] = etaRate * (1 - c) ** 2 + g * (1 - c) * c + (risk + nextA) * c * c;
    }
  }
  let start = 0;
  for (let r = 0; r < K; r++) start += p.initial[r] * A[r];
  return { keep, A, expectedObjective: start * p.X * p.X + p.epsilon[0] * p.X };
}

/**
 * The exact expected objective E[IS + risk penalty] ($) of a static trajectory x_0..x_N on a
 * linear-impact regime market: each step's expected cost under the marginal law of its regime.
 */
export function staticScheduleObjective(p: MarketParams, x: ArrayLike<number>): number {
  let marginal: Float64Array = p.initial;
  let total = 0;
  for (let k = 0; k < p.N; k++) {
    const n = x[k] - x[k + 1];
    const y = x[k + 1];
    for (let r = 0; r < p.K; r++) {
      const cost = p.epsilon[r] * n + (p.eta[r] / p.tau) * n * n + p.gamma[r] * n * y + p.lambda * p.sigma[r] * p.sigma[r] * p.tau * y * y;
      total += marginal[r] * cost;
    }
    marginal = propagate(marginal, p.transition, p.K);
  }
  return total;
}
