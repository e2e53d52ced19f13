import type { MarketParams } from './params.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * One Hamilton-filter step from public information only: after step k the agent has seen the price
 * change dS = S_{k+1} - S_k, its own trade n and the market volume V_k. Under regime r,
 * dS ~ N(-side * gamma_r * n, sigma_r^2 * tau) (for gbm, sigma_r scaled by F_k / S0: an
 * approximation) and log V_k ~ N(log(profile_k * m_r) - s^2 / 2, s^2). `belief[offset..offset+K)`
 * holds P(r_k | info) on entry and P(r_{k+1} | info) on exit.
 */
export function hamiltonUpdate(
  p: MarketParams,
  belief: Float64Array,
  offset: number,
  k: number,
  priceChange: number,
  shares: number,
  volume: number,
  priceScale: number,
  scratch: Float64Array,
): void {
  const K = p.K;
  const s = p.volumeNoise;
  const logVolume = Math.log(volume);
  let maxLog = -Infinity;
  for (let r = 0; r < K; r++) {
    const sd = p.sigma[r] * p.sqrtTau * priceScale;
    const z = (priceChange + p.side * p.gamma[r] * shares) / sd;
    let logLik = -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
    // A step with no volume (a replay minute nothing traded in) is impossible under the lognormal
    // model, so it says nothing about the regime: only the price enters then.
    if (s > 0 && volume > 0) {
      const zv = (logVolume - Math.log(p.volumeProfile[k] * p.volumeMultiplier[r]) + 0.5 * s * s) / s;
      logLik += -0.5 * zv * zv;
    }
    const post = belief[offset + r] > 0 ? Math.log(belief[offset + r]) + logLik : -Infinity;
    scratch[r] = post;
    if (post > maxLog) maxLog = post;
  }
  let total = 0;
  for (let r = 0; r < K; r++) {
    scratch[r] = Math.exp(scratch[r] - maxLog);
    total += scratch[r];
  }
  for (let j = 0; j < K; j++) belief[offset + j] = 0;
  for (let r = 0; r < K; r++) {
    const w = scratch[r] / total;
    for (let j = 0; j < K; j++) belief[offset + j] += w * p.transition[r * K + j];
  }
}
