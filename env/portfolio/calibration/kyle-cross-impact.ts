import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** The symmetric square root of a symmetric PSD matrix (negative rounding eigenvalues floored at 0). */
function sqrtm(a: Matrix): Matrix {
  const e = new EigenvalueDecomposition(a, { assumeSymmetric: true });
  const U = e.eigenvectorMatrix;
  return U.mmul(Matrix.diag(e.realEigenvalues.map((v) => Math.sqrt(Math.max(0, v))))).mmul(U.transpose());
}

/**
 * Realised covariance of the steps `rows` (default all) of price changes dP (m x n, row-major):
 * sum_t r_t r_t' scaled to the n steps of the session, i.e. the intraday covariance per day
 * ($^2/share^2 per day; the overnight move is not in it).
 */
export function realizedCovariance(dP: Float64Array, m: number, n: number, rows?: ArrayLike<number>): Float64Array {
  const sample = rows ?? Array.from({ length: n }, (_, t) => t);
  const out = new Float64Array(m * m);
  for (let s = 0; s < sample.length; s++) {
    const t = sample[s];
    for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) out[i * m + j] += dP[i * n + t] * dP[j * n + t];
  }
  const scale = n / sample.length;
  for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) out[j * m + i] = out[i * m + j] *= scale;
  return out;
}

/** Correlations of a covariance matrix. */
export function correlations(sigma: Float64Array, m: number): Float64Array {
  return Float64Array.from(sigma, (v, at) => v / Math.sqrt(sigma[Math.floor(at / m) * (m + 1)] * sigma[(at % m) * (m + 1)]));
}

/**
 * The cross-impact of the multivariate Kyle model in the form Benzaquen, Mastromatteo, Eisler &
 * Bouchaud (2017, "Dissecting cross-impact on stock markets", J. Stat. Mech.) fit: the symmetric
 * positive definite Lambda with Lambda Omega Lambda = Sigma, that is
 *   Lambda = Omega^{-1/2} (Omega^{1/2} Sigma Omega^{1/2})^{1/2} Omega^{-1/2},
 * for a diagonal order-flow covariance Omega = diag(omega^2). Returned normalised,
 * C_ij = Lambda_ij / sqrt(Lambda_ii Lambda_jj): scaling omega by a common factor (the unknown
 * share of volume that is net signed flow) scales Lambda but leaves C unchanged, which is why C is
 * what bars without trade signs can speak to.
 * @param omega each name's order-flow scale (shares per step), e.g. the RMS step volume
 */
export function kyleCrossImpactShape(sigma: Float64Array, omega: ArrayLike<number>, m: number): Float64Array {
  const S = new Matrix(Array.from({ length: m }, (_, i) => Array.from(sigma.slice(i * m, (i + 1) * m))));
  const D = Matrix.diag(Array.from(omega));
  const Dinv = Matrix.diag(Array.from(omega, (w) => 1 / w));
  const lambda = Dinv.mmul(sqrtm(D.mmul(S).mmul(D))).mmul(Dinv);
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] = lambda.get(i, j) / Math.sqrt(lambda.get(i, i) * lambda.get(j, j));
  return out;
}

/** RMS of each name's step volumes (m x n row-major). */
export function rmsVolume(volume: Float64Array, m: number, n: number, rows?: ArrayLike<number>): Float64Array {
  const sample = rows ?? Array.from({ length: n }, (_, t) => t);
  return Float64Array.from({ length: m }, (_, i) => {
    let s = 0;
    for (let k = 0; k < sample.length; k++) s += volume[i * n + sample[k]] ** 2;
    return Math.sqrt(s / sample.length);
  });
}
