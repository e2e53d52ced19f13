import { CholeskyDecomposition, Matrix, inverse } from 'ml-matrix';
import { hmmLogLikelihood, type HmmFit, type HmmParameters, type Sequence } from './gaussian-hmm.js';

/**
 * The HMM's parameters on an unconstrained scale, where the likelihood is close to quadratic:
 * log variance of every state and feature, the free means, and per row i of the transition matrix
 * the logits log(p_ij / p_ii) of the off-diagonal entries (the multinomial logit with the diagonal
 * as reference). The initial distribution is held at its fit: with a few days it is barely
 * identified (often on the boundary), and it does not enter the env's parameters.
 */
export interface WorkingParameters {
  readonly theta: Float64Array;
  /** Index into theta of log var (k, d), mean (k, d) (-1 when held at 0) and logit (i, j) (-1 on the diagonal). */
  readonly logVariance: (k: number, d: number) => number;
  readonly mean: (k: number, d: number) => number;
  readonly logit: (i: number, j: number) => number;
}

/** The observed information's inverse: the asymptotic covariance of the working parameters. */
export interface HmmCovariance {
  readonly working: WorkingParameters;
  readonly covariance: Matrix;
}

function workingParameters(fit: HmmFit, zeroMean: readonly boolean[] = []): WorkingParameters {
  const { K, D } = fit;
  const meanIndex = new Int32Array(K * D).fill(-1);
  const logitIndex = new Int32Array(K * K).fill(-1);
  const values: number[] = [];
  for (let i = 0; i < K * D; i++) values.push(Math.log(fit.variances[i]));
  for (let i = 0; i < K * D; i++) {
    if (zeroMean[i % D]) continue;
    meanIndex[i] = values.length;
    values.push(fit.means[i]);
  }
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) continue;
      logitIndex[i * K + j] = values.length;
      values.push(Math.log(fit.transition[i * K + j] / fit.transition[i * K + i]));
    }
  }
  return {
    theta: Float64Array.from(values),
    logVariance: (k, d) => k * D + d,
    mean: (k, d) => meanIndex[k * D + d],
    logit: (i, j) => logitIndex[i * K + j],
  };
}

function toParameters(fit: HmmFit, w: WorkingParameters, theta: Float64Array): HmmParameters {
  const { K, D } = fit;
  const means = new Float64Array(K * D);
  const variances = new Float64Array(K * D);
  const transition = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    for (let d = 0; d < D; d++) {
      variances[k * D + d] = Math.exp(theta[w.logVariance(k, d)]);
      const m = w.mean(k, d);
      means[k * D + d] = m < 0 ? 0 : theta[m];
    }
    let row = 0;
    for (let j = 0; j < K; j++) row += transition[k * K + j] = j === k ? 1 : Math.exp(theta[w.logit(k, j)]);
    for (let j = 0; j < K; j++) transition[k * K + j] /= row;
  }
  return { means, variances, transition, initial: fit.initial };
}

/**
 * Standard errors that count the uncertainty of the hidden states: the inverse of the observed
 * information, minus the Hessian of the log-likelihood at the fit, in the working parameters
 * (Zucchini, MacDonald & Langrock 2016, §3.6.1). The complete-data information (as if the
 * states were seen) treats a step that is 60/40 between two states as 0.6 and 0.4 of a known
 * step; the observed one also counts that the split itself is uncertain, which is what makes
 * overlapping regimes' parameters hard to pin down. The Hessian is by central differences of the
 * exact (forward-pass) likelihood, with steps of 1e-4 in the working scale (1e-4 sd for a mean):
 * small against the curvature, large against rounding of a log-likelihood of order T.
 * @returns null when the information is not positive definite (a state on the variance floor or
 *   a transition at 0 or 1: the quadratic approximation does not hold there)
 */
export function hmmCovariance(sequences: readonly Sequence[], fit: HmmFit, zeroMean: readonly boolean[] = []): HmmCovariance | null {
  const working = workingParameters(fit, zeroMean);
  const theta = working.theta;
  if (!theta.every(Number.isFinite)) return null;
  const P = theta.length;
  const steps = Float64Array.from(theta, () => 1e-4);
  for (let k = 0; k < fit.K; k++) for (let d = 0; d < fit.D; d++) if (working.mean(k, d) >= 0) steps[working.mean(k, d)] = 1e-4 * Math.sqrt(fit.variances[k * fit.D + d]);
  const at = (shifts: readonly [number, number][]) => {
    const moved = Float64Array.from(theta);
    for (const [i, h] of shifts) moved[i] += h;
    return hmmLogLikelihood(sequences, fit.D, fit.K, toParameters(fit, working, moved));
  };
  const centre = at([]);
  const information = new Matrix(P, P);
  for (let i = 0; i < P; i++) {
    const hi = steps[i];
    information.set(i, i, -(at([[i, hi]]) - 2 * centre + at([[i, -hi]])) / (hi * hi));
    for (let j = 0; j < i; j++) {
      const hj = steps[j];
      const value = -(at([[i, hi], [j, hj]]) - at([[i, hi], [j, -hj]]) - at([[i, -hi], [j, hj]]) + at([[i, -hi], [j, -hj]])) / (4 * hi * hj);
      information.set(i, j, value);
      information.set(j, i, value);
    }
  }
  if (!new CholeskyDecomposition(information).isPositiveDefinite()) return null;
  return { working, covariance: inverse(information) };
}
