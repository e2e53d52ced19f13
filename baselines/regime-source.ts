import type { CompiledEnv } from '../env/core/compile-env.js';
import { RegimeInfoMode } from '../env/market/params.js';
import type { PolicyInput } from '../env/policy/policy.js';

/** The regime a policy acts on for lane i, or -1 when it has no information yet (use averages). */
export type RegimeReader = (input: PolicyInput, i: number) => number;

export interface RegimeSource {
  readonly read: RegimeReader;
  /** True when `read` looks at the true hidden regime (the policy is then an oracle). */
  readonly usesHiddenState: boolean;
  readonly how: string;
}

/** Index of the largest of `values[from .. from + K)`, relative to `from`. */
function argmax(values: Float32Array, from: number, K: number): number {
  let best = 0;
  for (let r = 1; r < K; r++) if (values[from + r] > values[from + best]) best = r;
  return best;
}

/**
 * Where a regime-aware baseline gets its regime. One regime: always 0. An observed regime (`oracle`
 * observation): the observation's one-hot, which the env publishes to every policy. Otherwise the
 * true hidden regime when `oracle` (the policy is then an oracle), else what is public: the argmax
 * of the Hamilton-filter `belief` columns, or an estimate from realised volatility and volume
 * (see {@link estimateRegime}) when the env publishes nothing (`hidden`, `shuffled`).
 */
export function regimeSource(env: CompiledEnv, oracle: boolean): RegimeSource {
  const p = env.params;
  if (p.K === 1) return { read: () => 0, usesHiddenState: false, how: 'one regime' };
  const first = env.features.length - p.K;
  const fromColumns: RegimeReader = (input, i) => argmax(input.observations, i * input.obsDim + first, p.K);
  if (p.regimeInfo === RegimeInfoMode.Oracle) return { read: fromColumns, usesHiddenState: false, how: 'observed regime' };
  if (oracle) return { read: (input, i) => input.regime[i], usesHiddenState: true, how: 'true hidden regime (oracle)' };
  if (p.regimeInfo === RegimeInfoMode.Belief) return { read: fromColumns, usesHiddenState: false, how: 'argmax of the belief columns' };
  return { read: estimateRegime(env), usesHiddenState: false, how: 'estimate from realised volatility and volume' };
}

/**
 * A simple public regime estimate: the regime whose volatility and volume multiplier are nearest,
 * in log space and in units of each feature's noise, to the realised-volatility and volume-ratio
 * features. Nothing has been seen at k = 0, so it returns -1 there.
 */
export function estimateRegime(env: CompiledEnv): RegimeReader {
  const p = env.params;
  const volColumn = env.features.findIndex((f) => f.name === 'realised_vol');
  const volumeColumn = env.features.findIndex((f) => f.name === 'volume_ratio');
  const logSigma = Array.from(p.sigma, (s) => Math.log(s / p.sigmaRef));
  // sd of log sqrt(EWMA of squared Gaussian returns): the EWMA has (2 - alpha) / alpha effective samples.
  const volSd = 0.5 * Math.sqrt((2 * p.volAlpha) / (2 - p.volAlpha));
  const volumeSd = p.volumeNoise > 0 ? p.volumeNoise : 1e-3;
  return (input, i) => {
    const k = input.step[i];
    if (k === 0) return -1;
    const row = i * input.obsDim;
    const logVol = Math.log(input.observations[row + volColumn]);
    // volume_ratio is V_{k-1} / E[V_{k-1}]; under regime r its log has mean log(m_r * profile / E[V]) - s^2 / 2.
    const logRatio = Math.log(input.observations[row + volumeColumn]);
    const baseline = Math.log(p.volumeProfile[k - 1] / p.expectedVolume[k - 1]) - 0.5 * p.volumeNoise * p.volumeNoise;
    let best = 0;
    let bestScore = Infinity;
    for (let r = 0; r < p.K; r++) {
      const zVol = (logVol - logSigma[r]) / volSd;
      const zVolume = (logRatio - baseline - Math.log(p.volumeMultiplier[r])) / volumeSd;
      const score = zVol * zVol + zVolume * zVolume;
      if (score < bestScore) {
        bestScore = score;
        best = r;
      }
    }
    return best;
  };
}
