import { Matrix } from 'ml-matrix';
import type { PortfolioParams } from '../params.js';

/**
 * The expected objective E[IS] + risk penalty of a static schedule as a quadratic in the
 * fractions left w_{j,k} = x_{j,k} / X_j of the interior steps k = 1..N-1 (variable
 * j * (N - 1) + k - 1), in bps: f(w) = 1/2 w' Q w - c' w + const, up to the fixed cost
 * epsilon'|n|, which is the constant epsilon'|X| on every schedule that never reverses a name.
 *
 * In holdings x the gradient of sum_k [n_k' H n_k / tau + n_k' Gamma (X - x_k)] + lambda tau sum x_k' Sigma x_k
 * at step j is (H + H')(2 x_j - x_{j-1} - x_{j+1}) / tau + Gamma n_{j-1} - Gamma' n_j + 2 lambda tau Sigma x_j,
 * so the Hessian is block tridiagonal: 2 (H + H') / tau - Gamma - Gamma' + 2 lambda tau Sigma on the
 * diagonal, -(H + H') / tau + Gamma' above it and -(H + H') / tau + Gamma below. Only Gamma's
 * antisymmetric part makes this differ from Almgren & Chriss's appendix A form.
 */
export interface PortfolioQuadratic {
  readonly Q: Matrix;
  readonly c: Float64Array;
}

export function portfolioQuadratic(p: PortfolioParams): PortfolioQuadratic {
  const { m, N, tau, X, H, Gamma, Sigma, lambda, bpsPerDollar } = p;
  const n = m * (N - 1);
  const Q = Matrix.zeros(n, n);
  const c = new Float64Array(n);
  const hs2 = (j: number, l: number) => H[j * m + l] + H[l * m + j];
  const diag = (j: number, l: number) => (2 * hs2(j, l)) / tau - Gamma[j * m + l] - Gamma[l * m + j] + 2 * lambda * tau * Sigma[j * m + l];
  const upper = (j: number, l: number) => -hs2(j, l) / tau + Gamma[l * m + j];
  const lower = (j: number, l: number) => -hs2(j, l) / tau + Gamma[j * m + l];
  const v = (j: number, k: number) => j * (N - 1) + k - 1;
  for (let j = 0; j < m; j++) {
    for (let l = 0; l < m; l++) {
      const scale = bpsPerDollar * X[j] * X[l];
      for (let k = 1; k < N; k++) {
        Q.set(v(j, k), v(l, k), scale * diag(j, l));
        if (k + 1 < N) Q.set(v(j, k), v(l, k + 1), scale * upper(j, l));
        if (k > 1) Q.set(v(j, k), v(l, k - 1), scale * lower(j, l));
      }
      // x_0 = X enters the first interior step's gradient: the lower block times X.
      if (N > 1) c[v(j, 1)] -= bpsPerDollar * X[j] * lower(j, l) * X[l];
    }
  }
  // (b X_j) X_l and (b X_l) X_j round differently: symmetrise so Cholesky sees a symmetric matrix.
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < a; b++) {
      const mean = 0.5 * (Q.get(a, b) + Q.get(b, a));
      Q.set(a, b, mean);
      Q.set(b, a, mean);
    }
  }
  return { Q, c };
}
