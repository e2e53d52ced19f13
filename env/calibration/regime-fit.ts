import { UserError } from '../errors/errors.js';
import type { Rng } from '../random/rng.js';
import { diurnalVarianceFactors } from './diurnal-volatility.js';
import { fitGaussianHmm, selectHmmByBic, type HmmFit } from './gaussian-hmm.js';
import { hmmCovariance } from './hmm-information.js';
import { gridReturns } from './realized-variance.js';
import { regimeEstimates, type RegimeEstimates } from './regime-estimates.js';
import { transitionOverSteps, type SteppedTransition } from './transition-power.js';
import { logShares } from './volume-profile-fit.js';

export interface RegimeFit {
  /** Observation interval of the HMM (seconds) and the env step over it. */
  readonly intervalSeconds: number;
  readonly ratio: number;
  readonly hmm: HmmFit;
  /** BIC of every K tried (one entry when K was given). */
  readonly bic: readonly { readonly K: number; readonly bic: number; readonly logLikelihood: number }[];
  readonly estimates: RegimeEstimates;
  /** Per-step transition matrix for the spec. */
  readonly perStep: SteppedTransition;
  /** Stationary-normalised regime sigma and volume multiplier for the spec. */
  readonly specRegimes: readonly { readonly name: string; readonly sigma: number; readonly volumeMultiplier: number }[];
}

export interface RegimeData {
  /** Grid prices per day (base interval `barSeconds`) and bar volumes per day. */
  readonly prices: readonly Float64Array[];
  readonly volumes: readonly Float64Array[];
  readonly barSeconds: number;
  readonly sessionSeconds: number;
  readonly stepSeconds: number;
  /** Sigma ($/day^0.5), u-shape depth and daily volume already calibrated. */
  readonly sigma: number;
  readonly uDepth: number;
  readonly dailyVolume: number;
}

/**
 * Regimes (issue 8): a Gaussian HMM over per-interval (return, log volume), both with the intraday
 * pattern removed (returns over the diurnal volatility factor and sigma, log volume minus the
 * calibrated u-shape), so states are changes of level, not the time of day. The interval is the
 * first multiple of the bar, at least `minSeconds` (the signature plot's choice, so bounce does not
 * pose as volatility) and a minute, with no zero-volume interval (log 0 would be a state of its
 * own); K is given or chosen by BIC among 1..3 (fewer when there are under 10 K² intervals). The transition matrix is taken to the env's step
 * by {@link transitionOverSteps}.
 */
export function fitRegimes(rng: Rng, data: RegimeData, regimes: 'auto' | number, minSeconds: number): RegimeFit {
  const m = hmmInterval(data, minSeconds);
  const intervalSeconds = m * data.barSeconds;
  const sequences = features(data, m);
  const options = { zeroMean: [true, false] };
  let hmm: HmmFit;
  let fits: readonly HmmFit[];
  const T = sequences.reduce((a, s) => a + s.length / 2, 0);
  // At least 10 K^2 intervals per K states (a K x K transition matrix and 3 K emission parameters).
  if (regimes === 'auto') ({ best: hmm, fits } = selectHmmByBic(rng, sequences, 2, Math.max(1, Math.min(3, Math.floor(Math.sqrt(T / 10)))), options));
  else {
    if (T < 10 * regimes * regimes) throw new UserError(`--regimes: ${regimes} states need at least ${10 * regimes * regimes} intervals of ${intervalSeconds} s, the data has ${T}`);
    hmm = fitGaussianHmm(rng, sequences, 2, regimes, options);
    fits = [hmm];
  }
  const K = hmm.K;
  const stationary = hmm.occupancy.map((o) => o / hmm.occupancy.reduce((a, b) => a + b, 0));
  let meanVar = 0;
  let meanRatio = 0;
  for (let k = 0; k < K; k++) {
    meanVar += stationary[k] * hmm.variances[k * 2];
    meanRatio += stationary[k] * Math.exp(hmm.means[k * 2 + 1] + hmm.variances[k * 2 + 1] / 2);
  }
  // Scale so the stationary mean variance is sigma^2: the regimes redistribute the calibrated sigma.
  const estimates = regimeEstimates(hmm, data.sigma / Math.sqrt(meanVar), hmmCovariance(sequences, hmm, options.zeroMean));
  const ratio = data.stepSeconds / intervalSeconds;
  return {
    intervalSeconds,
    ratio,
    hmm,
    bic: fits.map((f) => ({ K: f.K, bic: f.bic, logLikelihood: f.logLikelihood })),
    estimates,
    perStep: transitionOverSteps(hmm.transition, K, ratio),
    specRegimes: estimates.names.map((name, k) => ({ name, sigma: estimates.sigma[k].value, volumeMultiplier: estimates.volumeRatio[k].value / meanRatio })),
  };
}

function hmmInterval(data: RegimeData, minSeconds: number): number {
  const perStep = data.stepSeconds / data.barSeconds;
  const start = Math.max(1, Math.ceil(Math.max(minSeconds, 60) / data.barSeconds));
  for (let m = start; m < perStep; m++) {
    if (perStep % m !== 0 && m !== start) continue;
    if (data.volumes.every((v) => intervalSums(v, m).every((x) => x > 0))) return m;
  }
  return perStep;
}

function intervalSums(v: Float64Array, m: number): Float64Array {
  const J = Math.floor(v.length / m);
  const out = new Float64Array(J);
  for (let j = 0; j < J; j++) for (let i = 0; i < m; i++) out[j] += v[j * m + i];
  return out;
}

function features(data: RegimeData, m: number): Float64Array[] {
  const returns = data.prices.map((p) => gridReturns(p, m));
  const J = returns[0].length;
  const factors = diurnalVarianceFactors(returns, Math.round(data.sessionSeconds / 1800));
  const sdScale = data.sigma * Math.sqrt((m * data.barSeconds) / data.sessionSeconds);
  const expectedLog = logShares(data.uDepth, Math.round(data.sessionSeconds / (m * data.barSeconds)), 0, J).map((l) => l + Math.log(data.dailyVolume));
  return returns.map((r, d) => {
    const v = intervalSums(data.volumes[d], m);
    const out = new Float64Array(2 * J);
    for (let j = 0; j < J; j++) {
      out[2 * j] = r[j] / (sdScale * Math.sqrt(factors[j]));
      out[2 * j + 1] = Math.log(v[j]) - expectedLog[j];
    }
    return out;
  });
}
