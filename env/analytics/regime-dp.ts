import { propagate } from '../market/markov.js';
import { impactModels } from '../market/impact/impact-models.js';
import { priceModels } from '../market/price/price-models.js';
import type { MarketParams } from '../market/params.js';
import { scheduleExpectation } from './schedule-objective.js';

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
 * With the action space's cap aMax (n_k <= aMax x_k / (N - k)) the feasible keep fractions are
 * [max(0, 1 - aMax / (N - k)), 1]; the minimum of the convex quadratic over y = c x in that
 * interval is still the clipped c, so the constrained DP is exact too. A scheduled trading halt
 * fixes c = 1 at its step (J stays quadratic, so the DP stays exact); a participation cap in shares
 * is not a fraction of x, so the cost-to-go is no longer quadratic: `solveOptimal` takes the
 * inventory-grid DP there.
 */
export interface RegimeDpSolution {
  /** c[k * K + r]: fraction of holdings kept after step k in regime r (0 at the last step). */
  readonly keep: Float64Array;
  /** A[k * K + r]: quadratic coefficient of the cost-to-go ($ per share^2); row N is 0. */
  readonly A: Float64Array;
  /** Expected objective E[IS + risk penalty] from the start ($), averaged over the initial regime. */
  readonly expectedObjective: number;
  /** The (step, regime) cells whose unconstrained keep fraction left the feasible interval, e.g. `k=3 r=1: aMax`. */
  readonly clipped: string[];
}

/** @throws RangeError when impact is not linear, the price is not arithmetic, or epsilon differs across regimes. */
export function solveRegimeDp(p: MarketParams, aMax = Infinity): RegimeDpSolution {
  if (!impactModels[p.impactModel].almgrenChriss || !priceModels[p.priceModel].arithmetic) {
    throw new RangeError(`dp-optimal needs linear impact and an arithmetic price (the cost-to-go is quadratic only there), got impact ${p.impactModel}, price ${p.priceModel}`);
  }
  if (p.epsilon.some((e) => e !== p.epsilon[0])) {
    throw new RangeError(`dp-optimal needs the same epsilon in every regime, got ${Array.from(p.epsilon).join(', ')}`);
  }
  const { N, K, tau } = p;
  const keep = new Float64Array(N * K);
  const A = new Float64Array((N + 1) * K);
  const clipped: string[] = [];
  for (let r = 0; r < K; r++) A[(N - 1) * K + r] = p.eta[r] / tau;
  const halts = p.constraints?.halts;
  const halted = halts?.model === 'scheduled' ? halts.halted : null;
  for (let k = N - 2; k >= 0; k--) {
    for (let r = 0; r < K; r++) {
      let nextA = 0;
      for (let j = 0; j < K; j++) nextA += p.transition[r * K + j] * A[(k + 1) * K + j];
      const etaRate = p.eta[r] / tau;
      const g = p.gamma[r];
      const risk = p.lambda * p.sigma[r] * p.sigma[r] * tau;
      const free = (etaRate - g / 2) / (etaRate - g + risk + nextA);
      const lowest = Math.max(0, 1 - aMax / (N - k));
      const c = halted?.[k] ? 1 : Math.min(1, Math.max(lowest, free));
      if (c !== free && !halted?.[k]) clipped.push(`k=${k} r=${r}: ${free > 1 ? 'no buying back' : lowest > 0 && free < lowest ? 'aMax' : 'no overselling'}`);
      keep[k * K + r] = c;
      A[k * K + r] = etaRate * (1 - c) ** 2 + g * (1 - c) * c + (risk + nextA) * c * c;
    }
  }
  let start = 0;
  for (let r = 0; r < K; r++) start += p.initial[r] * A[r];
  return { keep, A, expectedObjective: start * p.X * p.X + p.epsilon[0] * p.X, clipped };
}

/**
 * The exact expected objective E[IS + risk penalty] ($) of a static trajectory x_0..x_N: each
 * step's expected cost under the marginal law of its regime (see {@link scheduleExpectation}, exact
 * for every impact model).
 */
export function staticScheduleObjective(p: MarketParams, x: ArrayLike<number>): number {
  return scheduleExpectation(p, x).objective;
}

/**
 * Under the policy y = keep[k, r_k] x_k (exact, since the fraction kept depends only on the regime
 * path): the expected holdings E[x_k] and the expected risk penalty lambda sum_k E[sigma_{r_k}^2
 * tau x_{k+1}^2], by a forward pass over m_k(r) = E[x_k 1{r_k = r}] and q_k(r) = E[x_k^2 1{r_k = r}].
 */
export function regimeDpMoments(p: MarketParams, keep: Float64Array): { expectedHoldings: Float64Array; riskPenalty: number } {
  const { N, K } = p;
  let m: Float64Array = Float64Array.from(p.initial, (pi) => pi * p.X);
  let q: Float64Array = Float64Array.from(p.initial, (pi) => pi * p.X * p.X);
  const expectedHoldings = new Float64Array(N + 1);
  let riskPenalty = 0;
  for (let k = 0; k < N; k++) {
    expectedHoldings[k] = m.reduce((a, v) => a + v, 0);
    const keptM = new Float64Array(K);
    const keptQ = new Float64Array(K);
    for (let r = 0; r < K; r++) {
      const c = k === N - 1 ? 0 : keep[k * K + r];
      keptM[r] = c * m[r];
      keptQ[r] = c * c * q[r];
      riskPenalty += p.lambda * p.sigma[r] * p.sigma[r] * p.tau * keptQ[r];
    }
    m = propagate(keptM, p.transition, K);
    q = propagate(keptQ, p.transition, K);
  }
  return { expectedHoldings, riskPenalty };
}
