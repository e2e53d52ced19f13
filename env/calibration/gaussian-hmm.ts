import type { Rng } from '../random/rng.js';

/** Observations of one sequence, row-major T x D. */
export type Sequence = Float64Array;

export interface HmmFit {
  readonly K: number;
  readonly D: number;
  /** Per state and feature, row-major K x D. */
  readonly means: Float64Array;
  readonly variances: Float64Array;
  /** Row-major K x K transition matrix per observation interval, and the first state's distribution. */
  readonly transition: Float64Array;
  readonly initial: Float64Array;
  readonly logLikelihood: number;
  /** Free parameters, and the Bayesian information criterion -2 logL + p log(T). */
  readonly parameters: number;
  readonly bic: number;
  /** Smoothed state probabilities per sequence, row-major T x K. */
  readonly posterior: readonly Float64Array[];
  /** Expected time in each state (sum of posteriors) and expected transitions out of it. */
  readonly occupancy: Float64Array;
  readonly iterations: number;
}

export interface HmmOptions {
  /** Features whose state means are held at 0 (returns: the env's prices have no drift). */
  readonly zeroMean?: readonly boolean[];
  readonly restarts?: number;
  readonly maxIterations?: number;
  /** Stop when the log-likelihood improves by less than this. */
  readonly tolerance?: number;
}

/**
 * A K-state hidden Markov model with diagonal Gaussian emissions, fitted by Baum–Welch (EM) with the
 * scaled forward-backward recursions of Rabiner (1989, §V.A), so long sequences do not underflow.
 * Several sequences (days) share the parameters and each starts from `initial`. EM finds a local
 * maximum, so it runs from `restarts` starts (the first from quantiles of the first feature's
 * spread, the others random draws from `rng`) and keeps the best likelihood; variances are floored
 * at 1e-4 of the pooled variance so no state collapses onto one point. States are returned sorted
 * by the variance of feature 0 (calm first).
 */
export function fitGaussianHmm(rng: Rng, sequences: readonly Sequence[], D: number, K: number, options: HmmOptions = {}): HmmFit {
  const restarts = options.restarts ?? 5;
  let best: HmmFit | null = null;
  for (let attempt = 0; attempt < restarts; attempt++) {
    const start = initialParameters(rng, sequences, D, K, attempt === 0, options.zeroMean);
    const fit = baumWelch(sequences, D, K, start, options);
    if (best === null || fit.logLikelihood > best.logLikelihood) best = fit;
  }
  return sortStates(best!);
}

/** The parameters of a K-state, D-feature HMM, laid out as in {@link HmmFit}. */
export interface HmmParameters {
  means: Float64Array;
  variances: Float64Array;
  transition: Float64Array;
  initial: Float64Array;
}

function pooledMoments(sequences: readonly Sequence[], D: number): { mean: Float64Array; variance: Float64Array; T: number } {
  const mean = new Float64Array(D);
  const variance = new Float64Array(D);
  let T = 0;
  for (const seq of sequences) {
    T += seq.length / D;
    for (let i = 0; i < seq.length; i++) mean[i % D] += seq[i];
  }
  for (let d = 0; d < D; d++) mean[d] /= T;
  for (const seq of sequences) for (let i = 0; i < seq.length; i++) variance[i % D] += (seq[i] - mean[i % D]) ** 2;
  for (let d = 0; d < D; d++) variance[d] /= T;
  return { mean, variance, T };
}

function initialParameters(rng: Rng, sequences: readonly Sequence[], D: number, K: number, deterministic: boolean, zeroMean?: readonly boolean[]): HmmParameters {
  const { mean, variance } = pooledMoments(sequences, D);
  const means = new Float64Array(K * D);
  const variances = new Float64Array(K * D);
  for (let k = 0; k < K; k++) {
    for (let d = 0; d < D; d++) {
      // Deterministic start: states spread from calm to wild (variance scale 0.5x to 2x) and low to high mean.
      const spread = K === 1 ? 0 : k / (K - 1) - 0.5;
      const jitter = deterministic ? spread : rng.uniform() - 0.5;
      means[k * D + d] = zeroMean?.[d] ? 0 : mean[d] + jitter * Math.sqrt(variance[d]);
      variances[k * D + d] = variance[d] * Math.exp(2 * 0.7 * (deterministic ? spread : rng.uniform() - 0.5));
    }
  }
  const transition = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) transition[i * K + j] = K === 1 ? 1 : i === j ? 0.9 : 0.1 / (K - 1);
  return { means, variances, transition, initial: new Float64Array(K).fill(1 / K) };
}

/** Emission densities b_t(k) of one sequence, row-major T x K. */
function emissions(seq: Sequence, D: number, K: number, p: HmmParameters): Float64Array {
  const T = seq.length / D;
  const out = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) {
      let logDensity = 0;
      for (let d = 0; d < D; d++) {
        const v = p.variances[k * D + d];
        logDensity += -0.5 * (Math.log(2 * Math.PI * v) + (seq[t * D + d] - p.means[k * D + d]) ** 2 / v);
      }
      out[t * K + k] = Math.exp(logDensity);
    }
  }
  return out;
}

/**
 * The scaled forward pass: alpha normalised per time, the scales' logs summing to the
 * log-likelihood. Densities are rescaled per time by their maximum first (exp of log densities
 * can underflow for outliers), which only shifts the log-likelihood by a known constant.
 */
function forward(b: Float64Array, T: number, K: number, p: HmmParameters): { alpha: Float64Array; scale: Float64Array; logLikelihood: number } {
  let logLikelihood = 0;
  for (let t = 0; t < T; t++) {
    let max = 0;
    for (let k = 0; k < K; k++) max = Math.max(max, b[t * K + k]);
    if (max === 0) max = Number.MIN_VALUE;
    for (let k = 0; k < K; k++) b[t * K + k] = Math.max(b[t * K + k] / max, 1e-300);
    logLikelihood += Math.log(max);
  }
  const alpha = new Float64Array(T * K);
  const scale = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let c = 0;
    for (let j = 0; j < K; j++) {
      let prior = 0;
      if (t === 0) prior = p.initial[j];
      else for (let i = 0; i < K; i++) prior += alpha[(t - 1) * K + i] * p.transition[i * K + j];
      alpha[t * K + j] = prior * b[t * K + j];
      c += alpha[t * K + j];
    }
    scale[t] = c;
    for (let j = 0; j < K; j++) alpha[t * K + j] /= c;
    logLikelihood += Math.log(c);
  }
  return { alpha, scale, logLikelihood };
}

/** The log-likelihood of the sequences under parameters `p` (the forward pass alone). */
export function hmmLogLikelihood(sequences: readonly Sequence[], D: number, K: number, p: HmmParameters): number {
  return sequences.reduce((a, seq) => a + forward(emissions(seq, D, K, p), seq.length / D, K, p).logLikelihood, 0);
}

/** Scaled forward-backward (Rabiner 1989, §V.A): smoothed state probabilities and expected transition counts. */
function forwardBackward(b: Float64Array, T: number, K: number, p: HmmParameters): { gamma: Float64Array; xi: Float64Array; logLikelihood: number } {
  const { alpha, scale, logLikelihood } = forward(b, T, K, p);
  const beta = new Float64Array(T * K).fill(1);
  for (let t = T - 2; t >= 0; t--) {
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += p.transition[i * K + j] * b[(t + 1) * K + j] * beta[(t + 1) * K + j];
      beta[t * K + i] = s / scale[t + 1];
    }
  }
  const gamma = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += (gamma[t * K + k] = alpha[t * K + k] * beta[t * K + k]);
    for (let k = 0; k < K; k++) gamma[t * K + k] /= s;
  }
  const xi = new Float64Array(K * K);
  for (let t = 0; t + 1 < T; t++) {
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        xi[i * K + j] += (alpha[t * K + i] * p.transition[i * K + j] * b[(t + 1) * K + j] * beta[(t + 1) * K + j]) / scale[t + 1];
      }
    }
  }
  return { gamma, xi, logLikelihood };
}

function baumWelch(sequences: readonly Sequence[], D: number, K: number, start: HmmParameters, options: HmmOptions): HmmFit {
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-8;
  const { variance: pooled, T: totalT } = pooledMoments(sequences, D);
  const p = start;
  let previous = -Infinity;
  let iterations = 0;
  let posterior: Float64Array[] = [];
  let logLikelihood = -Infinity;
  let occupancy = new Float64Array(K);
  for (; iterations < maxIterations; iterations++) {
    // E step: posteriors of every sequence under the current parameters.
    const passes = sequences.map((seq) => forwardBackward(emissions(seq, D, K, p), seq.length / D, K, p));
    logLikelihood = passes.reduce((a, r) => a + r.logLikelihood, 0);
    posterior = passes.map((r) => r.gamma);
    if (logLikelihood - previous < tolerance * Math.max(1, Math.abs(logLikelihood))) break;
    previous = logLikelihood;
    // M step: weighted moments, expected transition counts, first-state frequencies.
    occupancy = new Float64Array(K);
    const sums = new Float64Array(K * D);
    const transitions = new Float64Array(K * K);
    const initial = new Float64Array(K);
    passes.forEach((r, s) => {
      const seq = sequences[s];
      const T = seq.length / D;
      for (let t = 0; t < T; t++) {
        for (let k = 0; k < K; k++) {
          const g = r.gamma[t * K + k];
          occupancy[k] += g;
          for (let d = 0; d < D; d++) sums[k * D + d] += g * seq[t * D + d];
        }
      }
      for (let k = 0; k < K; k++) initial[k] += r.gamma[k] / sequences.length;
      for (let i = 0; i < K * K; i++) transitions[i] += r.xi[i];
    });
    for (let k = 0; k < K; k++) for (let d = 0; d < D; d++) p.means[k * D + d] = options.zeroMean?.[d] ? 0 : sums[k * D + d] / occupancy[k];
    const squares = new Float64Array(K * D);
    passes.forEach((r, s) => {
      const seq = sequences[s];
      for (let t = 0; t < seq.length / D; t++) {
        for (let k = 0; k < K; k++) for (let d = 0; d < D; d++) squares[k * D + d] += r.gamma[t * K + k] * (seq[t * D + d] - p.means[k * D + d]) ** 2;
      }
    });
    for (let i = 0; i < K * D; i++) p.variances[i] = Math.max(squares[i] / occupancy[Math.floor(i / D)], 1e-4 * pooled[i % D]);
    for (let i = 0; i < K; i++) {
      let row = 0;
      for (let j = 0; j < K; j++) row += transitions[i * K + j];
      for (let j = 0; j < K; j++) p.transition[i * K + j] = row > 0 ? transitions[i * K + j] / row : 1 / K;
    }
    p.initial = initial;
  }
  const free = K * D - (options.zeroMean?.filter(Boolean).length ?? 0) * K + K * D + K * (K - 1) + (K - 1);
  return { K, D, ...p, logLikelihood, parameters: free, bic: -2 * logLikelihood + free * Math.log(totalT), posterior, occupancy, iterations };
}

/** The same fit with states ordered by the variance of feature 0, so labels are reproducible. */
function sortStates(fit: HmmFit): HmmFit {
  const { K, D } = fit;
  const order = Array.from({ length: K }, (_, k) => k).sort((a, b) => fit.variances[a * D] - fit.variances[b * D]);
  const pick = (values: Float64Array, width: number) => {
    const out = new Float64Array(K * width);
    order.forEach((from, to) => out.set(values.subarray(from * width, (from + 1) * width), to * width));
    return out;
  };
  const transition = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) transition[i * K + j] = fit.transition[order[i] * K + order[j]];
  return {
    ...fit,
    means: pick(fit.means, D),
    variances: pick(fit.variances, D),
    transition,
    initial: Float64Array.from(order, (k) => fit.initial[k]),
    occupancy: Float64Array.from(order, (k) => fit.occupancy[k]),
    posterior: fit.posterior.map((g) => {
      const out = new Float64Array(g.length);
      for (let t = 0; t < g.length / K; t++) order.forEach((from, to) => (out[t * K + to] = g[t * K + from]));
      return out;
    }),
  };
}

/**
 * The number of states by BIC (Schwarz 1978): fits K = 1..maxK and keeps the lowest BIC, which
 * penalises each added state's parameters by log(T) so one day of data does not buy spurious
 * regimes.
 */
export function selectHmmByBic(rng: Rng, sequences: readonly Sequence[], D: number, maxK: number, options: HmmOptions = {}): { best: HmmFit; fits: readonly HmmFit[] } {
  const fits: HmmFit[] = [];
  for (let K = 1; K <= maxK; K++) fits.push(fitGaussianHmm(rng, sequences, D, K, options));
  const best = fits.reduce((a, b) => (b.bic < a.bic ? b : a));
  return { best, fits };
}
