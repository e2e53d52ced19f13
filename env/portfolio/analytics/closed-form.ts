import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { isPositiveDefinite, symmetricPart, toMatrix, type PortfolioParams } from '../params.js';
import type { PortfolioHoldings } from './schedule-cost.js';

/** sinh(a) / sinh(b) for 0 <= a <= b, without overflow (as in env/analytics/almgren-chriss.ts). */
function sinhRatio(a: number, b: number): number {
  if (b < 20) return Math.sinh(a) / Math.sinh(b);
  return (Math.exp(a - b) * -Math.expm1(-2 * a)) / -Math.expm1(-2 * b);
}

/** The closed form's modes: urgencies kappa_j (1/day), one per eigenvector. */
export interface PortfolioClosedForm {
  readonly holdings: PortfolioHoldings;
  readonly kappa: Float64Array;
}

/**
 * The unconstrained optimum in closed form when Gamma is symmetric (Almgren & Chriss 2000,
 * appendix A): with H~ = (H + H')/2 - tau Gamma / 2 positive definite, the first-order conditions
 * H~ (x_{k-1} - 2 x_k + x_{k+1}) = lambda tau^2 Sigma x_k decouple in y = U' H~^{1/2} x, U the
 * eigenvectors of H~^{-1/2} Sigma H~^{-1/2} with eigenvalues mu_j, into m single-asset problems:
 * (2 / tau^2)(cosh(kappa_j tau) - 1) = lambda mu_j and y_{j,k} = sinh(kappa_j (T - t_k)) / sinh(kappa_j T) y_{j,0}.
 * With one asset this is Almgren–Chriss's own formula.
 * @throws RangeError for a non-symmetric Gamma or an H~ that is not positive definite
 */
export function portfolioClosedForm(p: PortfolioParams): PortfolioClosedForm {
  const { m, N, T, tau, Gamma, lambda } = p;
  const gs = symmetricPart(Gamma, m);
  if (gs.some((v, i) => Math.abs(v - Gamma[i]) > 1e-15 * Math.max(1e-300, ...Array.from(Gamma, Math.abs)))) throw new RangeError('the closed form needs a symmetric Gamma; use the KKT solve');
  const hs = symmetricPart(p.H, m);
  const hTilde = Float64Array.from(hs, (v, i) => v - (tau * gs[i]) / 2);
  if (!isPositiveDefinite(hTilde, m)) throw new RangeError('H~ = (H + H\')/2 - tau Gamma / 2 must be positive definite for the closed form');
  const eh = new EigenvalueDecomposition(toMatrix(hTilde, m), { assumeSymmetric: true });
  const V = eh.eigenvectorMatrix;
  const d = eh.realEigenvalues;
  const power = (e: number) => V.mmul(Matrix.diag(d.map((v) => Math.pow(v, e)))).mmul(V.transpose());
  const hHalf = power(0.5);
  const hInvHalf = power(-0.5);
  const A = hInvHalf.mmul(toMatrix(p.Sigma, m)).mmul(hInvHalf);
  const ea = new EigenvalueDecomposition(A.add(A.transpose()).div(2), { assumeSymmetric: true });
  const U = ea.eigenvectorMatrix;
  const kappa = Float64Array.from(ea.realEigenvalues, (mu) => Math.acosh(1 + (lambda * Math.max(0, mu) * tau * tau) / 2) / tau);
  const z0 = U.transpose().mmul(hHalf).mmul(Matrix.columnVector(Array.from(p.X))).getColumn(0);
  const back = hInvHalf.mmul(U);
  const holdings = new Float64Array(m * (N + 1));
  const zk = new Float64Array(m);
  for (let k = 0; k <= N; k++) {
    for (let j = 0; j < m; j++) zk[j] = k === N ? 0 : kappa[j] * T < 1e-8 ? (z0[j] * (N - k)) / N : z0[j] * sinhRatio(kappa[j] * (T - k * tau), kappa[j] * T);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += back.get(i, j) * zk[j];
      holdings[i * (N + 1) + k] = k === 0 ? p.X[i] : s;
    }
  }
  return { holdings, kappa };
}
