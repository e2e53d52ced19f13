import type { PortfolioParams } from '../params.js';

/**
 * A static portfolio schedule: holdings of name j at step k at [j * (N + 1) + k], k = 0..N, with
 * x_{j,0} = X_j and x_{j,N} = 0 (signed, as in {@link PortfolioParams}).
 */
export type PortfolioHoldings = Float64Array;

/** The env's exact expected costs of a static schedule, in $ (see {@link portfolioScheduleCost}). */
export interface PortfolioScheduleCost {
  readonly fixed: number;
  readonly temporary: number;
  readonly permanent: number;
  /** E[IS] = fixed + temporary + permanent (the timing cost has mean zero). */
  readonly expectedCost: number;
  /** lambda tau sum_{k=1..N} x_k' Sigma x_k: the risk penalty, deterministic for a static schedule. */
  readonly riskPenalty: number;
  /** Var[IS] = tau sum_k x_k' Sigma x_k, so riskPenalty = lambda Var[IS]. */
  readonly variance: number;
  readonly objective: number;
  /** Each name's E[IS] ($), summing to expectedCost. */
  readonly expectedCostByName: Float64Array;
}

/**
 * E[IS], the risk penalty and their sum for a static schedule, by direct summation over the steps
 * with the env's own timing: sum_k [ epsilon'|n_k| + n_k' H n_k / tau + n_k' Gamma (X - x_k) ] and
 * lambda tau sum_k x_{k+1}' Sigma x_{k+1}. Independent of the optimiser's quadratic form, so
 * each checks the other.
 */
export function portfolioScheduleCost(p: PortfolioParams, x: ArrayLike<number>): PortfolioScheduleCost {
  const { m, N, tau, X, epsilon, H, Gamma, Sigma, lambda } = p;
  const at = (j: number, k: number) => x[j * (N + 1) + k];
  const byName = new Float64Array(m);
  let fixed = 0;
  let temporary = 0;
  let permanent = 0;
  let sumRisk = 0;
  for (let k = 0; k < N; k++) {
    for (let j = 0; j < m; j++) {
      const nj = at(j, k) - at(j, k + 1);
      let hn = 0;
      let gp = 0;
      let sx = 0;
      for (let l = 0; l < m; l++) {
        hn += H[j * m + l] * (at(l, k) - at(l, k + 1));
        gp += Gamma[j * m + l] * (X[l] - at(l, k));
        sx += Sigma[j * m + l] * at(l, k + 1);
      }
      const f = epsilon[j] * Math.abs(nj);
      const t = (nj * hn) / tau;
      const g = nj * gp;
      fixed += f;
      temporary += t;
      permanent += g;
      byName[j] += f + t + g;
      sumRisk += at(j, k + 1) * sx;
    }
  }
  const expectedCost = fixed + temporary + permanent;
  const variance = tau * sumRisk;
  return { fixed, temporary, permanent, expectedCost, riskPenalty: lambda * variance, variance, objective: expectedCost + lambda * variance, expectedCostByName: byName };
}

/** Holdings from per-name fractions left w (m x (N - 1) interior values, row-major), x = X_j w. */
export function holdingsFromFractions(p: PortfolioParams, w: ArrayLike<number>): PortfolioHoldings {
  const { m, N, X } = p;
  const x = new Float64Array(m * (N + 1));
  for (let j = 0; j < m; j++) {
    x[j * (N + 1)] = X[j];
    for (let k = 1; k < N; k++) x[j * (N + 1) + k] = X[j] * w[j * (N - 1) + k - 1];
  }
  return x;
}
