import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { UserError } from '../errors/errors.js';
import type { PortfolioSpec } from './spec-schema.js';

/**
 * A portfolio market as frozen numbers, compiled once from a {@link PortfolioSpec}. Matrices are
 * m x m row-major Float64Arrays in the order of the spec's assets. Symbols of Almgren & Chriss
 * (2000), appendix A: Sigma (covariance per day), Gamma (permanent), H (temporary), epsilon.
 *
 * Sign convention (mixed programmes): x holds what is left to liquidate, signed. A sale of X
 * shares starts at x_0 = +X, a purchase at x_0 = -X; both end at x_N = 0. A step trades
 * n_k = x_k - x_{k+1} (positive sells, negative buys), the execution price is
 * S_k - epsilon∘sgn(n_k) - H n_k / tau, and the shortfall n_k'(S0 - execution price) is a cost for
 * either side: a buy (n < 0) pays above S0. The risk x' Sigma x is that of the signed position, so
 * a sale of one name and a purchase of a correlated one hedge each other.
 */
export interface PortfolioParams {
  readonly m: number;
  readonly N: number;
  readonly T: number;
  readonly tau: number;
  readonly sqrtTau: number;
  readonly symbols: readonly string[];
  /** Signed starting holdings x_0 (+ sell, - buy), shares. */
  readonly X: Float64Array;
  readonly S0: Float64Array;
  readonly epsilon: Float64Array;
  readonly Sigma: Float64Array;
  /** A square root of Sigma (Sigma = L L'): Cholesky where Sigma is positive definite. */
  readonly sigmaRoot: Float64Array;
  readonly Gamma: Float64Array;
  readonly H: Float64Array;
  readonly lambda: number;
  /** 1e4 / (sum_i |X_i| S0_i): dollars to bps of the total arrival notional. */
  readonly bpsPerDollar: number;
  /** Expected market volume of name i in step k at [i * N + k] (shares). */
  readonly expectedVolume: Float64Array;
  /** sqrt(Sigma_ii * T): the observation's unit of price move per name ($/share). */
  readonly moveScale: Float64Array;
  readonly action: { readonly type: 'box'; readonly aMax: number; readonly mode: 'strict' | 'clip' | 'squash' };
}

/** An m x m field of the spec as a row-major array. @throws UserError naming the field for a wrong shape */
function squareField(rows: readonly (readonly number[])[], m: number, field: string): Float64Array {
  if (rows.length !== m || rows.some((row) => row.length !== m)) {
    throw new UserError(`spec.${field}: must be ${m} x ${m} (one row and column per asset), got ${rows.length} rows of lengths ${rows.map((r) => r.length).join(', ')}`);
  }
  return Float64Array.from(rows.flat());
}

/** True when the symmetric m x m matrix `a` has a Cholesky factor (positive definite). */
export function isPositiveDefinite(a: Float64Array, m: number): boolean {
  return new CholeskyDecomposition(toMatrix(a, m)).isPositiveDefinite();
}

export function toMatrix(a: ArrayLike<number>, m: number): Matrix {
  return new Matrix(Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => a[i * m + j])));
}

/** (a + a') / 2. */
export function symmetricPart(a: ArrayLike<number>, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] = 0.5 * (a[i * m + j] + a[j * m + i]);
  return out;
}

/** A square root L with L L' = Sigma: Cholesky, or for a singular PSD Sigma U diag(sqrt(mu)). */
function covarianceRoot(sigma: Float64Array, m: number): Float64Array {
  const chol = new CholeskyDecomposition(toMatrix(sigma, m));
  if (chol.isPositiveDefinite()) return Float64Array.from(chol.lowerTriangularMatrix.to1DArray());
  const eig = new EigenvalueDecomposition(toMatrix(sigma, m), { assumeSymmetric: true });
  const scale = Math.max(...eig.realEigenvalues.map(Math.abs), 0);
  const mu = eig.realEigenvalues;
  if (mu.some((v) => v < -1e-12 * scale)) throw new UserError(`spec.covariance: must be positive semi-definite, got eigenvalues ${mu.map((v) => v.toPrecision(4)).join(', ')}`);
  const U = eig.eigenvectorMatrix;
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] = U.get(i, j) * Math.sqrt(Math.max(0, mu[j]));
  return out;
}

function checkSymmetric(a: Float64Array, m: number, field: string): void {
  const scale = Math.max(...Array.from(a, Math.abs), 0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(a[i * m + j] - a[j * m + i]) > 1e-12 * scale) throw new UserError(`spec.${field}: must be symmetric, got [${i}][${j}] = ${a[i * m + j]} and [${j}][${i}] = ${a[j * m + i]}`);
    }
  }
}

/** Expected volume of each step under the u-shape u(s) = (1 + c (2s - 1)^2) / (1 + c / 3) of each day. */
function stepVolumes(spec: PortfolioSpec): Float64Array {
  const { T, N } = spec.horizon;
  const c = spec.volumeProfile.uDepth;
  const cumulative = (t: number) => {
    const day = Math.floor(t);
    const s = t - day;
    return day + (s + (c * ((2 * s - 1) ** 3 + 1)) / 6) / (1 + c / 3);
  };
  const out = new Float64Array(spec.assets.length * N);
  spec.assets.forEach((asset, i) => {
    for (let k = 0; k < N; k++) out[i * N + k] = asset.dailyVolume * (cumulative(((k + 1) * T) / N) - cumulative((k * T) / N));
  });
  return out;
}

/**
 * Compiles a validated spec: the shapes, Sigma symmetric PSD, the symmetric part of H positive
 * definite (temporary impact must cost for every direction of trading).
 * @throws UserError naming the field and what is wrong
 */
export function compilePortfolio(spec: PortfolioSpec): PortfolioParams {
  const m = spec.assets.length;
  const { T, N } = spec.horizon;
  const Sigma = squareField(spec.covariance, m, 'covariance');
  checkSymmetric(Sigma, m, 'covariance');
  const Gamma = squareField(spec.permanentImpact, m, 'permanentImpact');
  const H = squareField(spec.temporaryImpact, m, 'temporaryImpact');
  if (!isPositiveDefinite(symmetricPart(H, m), m)) throw new UserError(`spec.temporaryImpact: its symmetric part (H + H')/2 must be positive definite, got ${JSON.stringify(spec.temporaryImpact)}`);
  const X = Float64Array.from(spec.assets, (a) => (a.side === 'sell' ? a.shares : -a.shares));
  const S0 = Float64Array.from(spec.assets, (a) => a.S0);
  const notional = spec.assets.reduce((sum, a) => sum + a.shares * a.S0, 0);
  return {
    m,
    N,
    T,
    tau: T / N,
    sqrtTau: Math.sqrt(T / N),
    symbols: spec.assets.map((a) => a.symbol),
    X,
    S0,
    epsilon: Float64Array.from(spec.assets, (a) => a.epsilon),
    Sigma,
    sigmaRoot: covarianceRoot(Sigma, m),
    Gamma,
    H,
    lambda: spec.riskAversion,
    bpsPerDollar: 1e4 / notional,
    expectedVolume: stepVolumes(spec),
    moveScale: Float64Array.from({ length: m }, (_, i) => Math.sqrt(Sigma[i * m + i] * T) || 1),
    action: { type: 'box', aMax: spec.action.aMax, mode: spec.action.mode },
  };
}
