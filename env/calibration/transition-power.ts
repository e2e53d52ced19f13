import { EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';

export interface SteppedTransition {
  readonly matrix: number[][];
  /** How the power was taken, for the card. */
  readonly method: string;
}

/**
 * The transition matrix over `ratio` observation intervals, P^ratio: the env's step is `ratio`
 * times the interval the HMM was fitted at. An integer ratio is an exact matrix power. A
 * non-integer ratio needs a fractional power, which exists as a stochastic matrix only when the
 * chain embeds in a continuous-time one (Kingman 1962): we take V diag(lambda^ratio) V^-1 when every
 * eigenvalue is real and positive (then it is the matrix exponential of ratio · log P), clip any
 * small negative entries to 0 and renormalise rows (the nearest stochastic matrix row by row,
 * as Israel, Rosenthal & Wei 2001 do), and say so; otherwise we round the ratio to the nearest
 * integer power and say that.
 */
export function transitionOverSteps(P: Float64Array, K: number, ratio: number): SteppedTransition {
  const M = new Matrix(K, K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) M.set(i, j, P[i * K + j]);
  const rounded = Math.round(ratio);
  if (Math.abs(ratio - rounded) < 1e-9 && rounded >= 1) return { matrix: integerPower(M, rounded).to2DArray(), method: `exact matrix power P^${rounded}` };
  const eig = new EigenvalueDecomposition(M);
  const real = eig.realEigenvalues;
  const positive = eig.imaginaryEigenvalues.every((v) => Math.abs(v) < 1e-12) && real.every((v) => v > 1e-12);
  if (!positive) {
    const n = Math.max(1, rounded);
    return { matrix: integerPower(M, n).to2DArray(), method: `P^${n}: ratio ${ratio.toFixed(4)} rounded, since P has eigenvalues that are not real and positive (no real fractional power)` };
  }
  const V = eig.eigenvectorMatrix;
  const Dr = Matrix.diag(real.map((v) => v ** ratio));
  const raw = V.mmul(Dr).mmul(inverse(V)).to2DArray();
  let clipped = 0;
  const matrix = raw.map((row) => {
    const positiveRow = row.map((v) => (v < 0 ? ((clipped = Math.max(clipped, -v)), 0) : v));
    const sum = positiveRow.reduce((a, b) => a + b, 0);
    return positiveRow.map((v) => v / sum);
  });
  return { matrix, method: `fractional power P^${ratio.toFixed(4)} by eigendecomposition${clipped > 0 ? `; negative entries up to ${clipped.toExponential(2)} clipped and rows renormalised` : ''}` };
}

function integerPower(M: Matrix, n: number): Matrix {
  let out = Matrix.eye(M.rows);
  for (let i = 0; i < n; i++) out = out.mmul(M);
  return out;
}
