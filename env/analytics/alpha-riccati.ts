import { impactModels } from '../market/impact/impact-models.js';
import type { MarketParams } from '../market/params.js';
import { priceModels } from '../market/price/price-models.js';

/**
 * The exact optimum of E[IS + risk penalty] over adapted policies on a one-regime linear-impact
 * market whose price drifts with an observed Ornstein–Uhlenbeck alpha (`ou-alpha`), in the env's
 * discrete conventions; derivation in docs/alpha.md. With a = side * alpha (positive: the price
 * moves in the trader's favour, up for a sell) and y = x_{k+1} the holdings after step k, the
 * env's cost is, up to the constants epsilon X + gamma X^2 / 2 (fixed cost, and the permanent
 * impact sum_k n_k P_k = gamma (X^2 - sum n_k^2) / 2),
 *   sum_k [ c (x_k - y_k)^2 + q y_k^2 - tau a_k y_k ] + martingale terms,
 * c = eta / tau - gamma / 2 (Almgren–Chriss's eta~ / tau), q = lambda sigma^2 tau, and
 * a_{k+1} = phi a_k + innovation. The value is V_k(x, a) = A_k x^2 + B_k x a + C_k a^2 + D_k, with
 * V_{N-1}(x, a) = c x^2 (the last step liquidates) and, for k < N - 1, h_k = c + q + A_{k+1},
 *   y* = (2 c x + (tau - phi B_{k+1}) a) / (2 h_k),
 *   A_k = c - c^2 / h_k,  B_k = -c (tau - phi B_{k+1}) / h_k,
 *   C_k = phi^2 C_{k+1} - (tau - phi B_{k+1})^2 / (4 h_k),  D_k = D_{k+1} + C_{k+1} Var(innovation).
 * A scheduled trading halt at step k fixes y_k = x_k (the recursion stays quadratic, see below).
 * The optimum is over signed trades: the env's action space (0 <= n_k <= aMax x_k / (N - k)) is a
 * subset, so the value is a lower bound on what the env's policies can reach, and equal to it
 * when the feedback stays inside the limits on every path (`clipProbability` says how often it
 * does not; test/analytics-alpha-riccati.test.ts measures the gap).
 */
export interface AlphaRiccati {
  /** y_k* = holdingsGain[k] x_k + alphaGain[k] a_k for k = 0..N-1 (both 0 at k = N - 1). */
  readonly holdingsGain: Float64Array;
  readonly alphaGain: Float64Array;
  /** Value coefficients A_k, B_k, C_k, D_k (k = 0..N-1), without the constants. */
  readonly A: Float64Array;
  readonly B: Float64Array;
  readonly C: Float64Array;
  readonly D: Float64Array;
  /** E[IS + risk penalty] ($) at the start, over the law of alpha_0, and its two parts. */
  readonly objective: number;
  readonly expectedCost: number;
  readonly riskPenalty: number;
  /** E[x_k] under the optimum, k = 0..N. */
  readonly expectedHoldings: Float64Array;
}

/** Why the Riccati optimum does not apply to this market, or undefined when it does. */
export function alphaRiccatiUnsupported(p: MarketParams): string | undefined {
  const latent = priceModels[p.priceModel].latent;
  if (!latent?.drift) return `the Riccati optimum needs a price model with an observed drift (ou-alpha), got ${p.priceModel}`;
  if (p.execution) return 'the Riccati optimum knows market orders only: a passive env\'s limit orders earn what it does not count';
  if (p.K !== 1) return `the Riccati optimum needs one regime, got ${p.K}`;
  const impact = impactModels[p.impactModel];
  if (!impact.almgrenChriss) return `the Riccati optimum needs linear impact (a quadratic cost), got ${p.impactModel}`;
  return undefined;
}

/** A quadratic form f(x, a) = xx x^2 + xa x a + aa a^2 + d. */
interface Quadratic {
  xx: number;
  xa: number;
  aa: number;
  d: number;
}

/**
 * E[f(gx x + ga a, phi a + e)] over the innovation e (mean 0, variance v), as a quadratic form
 * in (x, a): how a quadratic of the next state pulls back through the linear feedback.
 */
function pullBack(f: Quadratic, gx: number, ga: number, phi: number, v: number): Quadratic {
  return {
    xx: f.xx * gx * gx,
    xa: 2 * f.xx * gx * ga + f.xa * gx * phi,
    aa: f.xx * ga * ga + f.xa * ga * phi + f.aa * phi * phi,
    d: f.d + f.aa * v,
  };
}

/**
 * The backward Riccati recursion above, then the start's expectation over alpha_0.
 * @throws RangeError when the market is not one it applies to (see {@link alphaRiccatiUnsupported})
 */
export function solveAlphaRiccati(p: MarketParams): AlphaRiccati {
  const why = alphaRiccatiUnsupported(p);
  if (why) throw new RangeError(why);
  const latent = priceModels[p.priceModel].latent!;
  const { N, tau, X } = p;
  const c = p.eta[0] / tau - p.gamma[0] / 2;
  const q = p.lambda * p.sigma[0] * p.sigma[0] * tau;
  const phi = latent.persistence(p);
  const v = latent.innovationVariance(p);
  const [A, B, C, D, holdingsGain, alphaGain] = Array.from({ length: 6 }, () => new Float64Array(N));
  // The risk penalty's own value R_k(x, a) under the optimal feedback, by the same pull-back.
  let risk: Quadratic = { xx: 0, xa: 0, aa: 0, d: 0 };
  A[N - 1] = c;
  const halts = p.constraints?.halts;
  for (let k = N - 2; k >= 0; k--) {
    if (halts?.model === 'scheduled' && halts.halted[k]) {
      // A scheduled halt: y = x, so V_k(x, a) = q x^2 - tau a x + E V_{k+1}(x, phi a + e), still quadratic.
      holdingsGain[k] = 1;
      alphaGain[k] = 0;
      A[k] = q + A[k + 1];
      B[k] = -tau + phi * B[k + 1];
      C[k] = phi * phi * C[k + 1];
    } else {
      const h = c + q + A[k + 1];
      const linear = tau - phi * B[k + 1];
      holdingsGain[k] = c / h;
      alphaGain[k] = linear / (2 * h);
      A[k] = c - (c * c) / h;
      B[k] = (-c * linear) / h;
      C[k] = phi * phi * C[k + 1] - (linear * linear) / (4 * h);
    }
    D[k] = D[k + 1] + C[k + 1] * v;
    const next = pullBack(risk, holdingsGain[k], alphaGain[k], phi, v);
    risk = { xx: next.xx + q * holdingsGain[k] ** 2, xa: next.xa + 2 * q * holdingsGain[k] * alphaGain[k], aa: next.aa + q * alphaGain[k] ** 2, d: next.d };
  }
  // a_0 = side * alpha_0: mean side * start, variance startVariance.
  const mean = p.side * latent.startMean(p);
  const second = mean * mean + latent.startVariance(p);
  const constants = p.epsilon[0] * X + 0.5 * p.gamma[0] * X * X;
  const objective = constants + A[0] * X * X + B[0] * X * mean + C[0] * second + D[0];
  const riskPenalty = risk.xx * X * X + risk.xa * X * mean + risk.aa * second + risk.d;
  const expectedHoldings = new Float64Array(N + 1);
  expectedHoldings[0] = X;
  let meanAlpha = mean;
  for (let k = 0; k < N; k++) {
    expectedHoldings[k + 1] = holdingsGain[k] * expectedHoldings[k] + alphaGain[k] * meanAlpha;
    meanAlpha *= phi;
  }
  return { holdingsGain, alphaGain, A, B, C, D, objective, expectedCost: objective - riskPenalty, riskPenalty, expectedHoldings };
}

/** The optimal holdings after step k from holdings x and the alpha (in $/share/day, as the price drifts). */
export function alphaRiccatiTarget(p: MarketParams, r: AlphaRiccati, k: number, x: number, alpha: number): number {
  return r.holdingsGain[k] * x + r.alphaGain[k] * p.side * alpha;
}
