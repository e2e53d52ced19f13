import type { EnvSpec } from '../spec/schema.js';

/**
 * Cumulative expected volume, in days of volume, from the open of day 0 to time `t` (days).
 * The u-shape is u(s) = (1 + c (2s - 1)^2) / (1 + c / 3) on the fraction s of each day, so it
 * integrates to 1 per day; its antiderivative is exact, so step volumes need no quadrature.
 */
export function cumulativeProfile(t: number, volume: EnvSpec['volume']): number {
  if (volume.profile === 'flat') return t;
  const c = volume.uDepth;
  const day = Math.floor(t);
  const s = t - day;
  const antiderivative = (u: number) => u + (c * ((2 * u - 1) ** 3 + 1)) / 6;
  return day + antiderivative(s) / (1 + c / 3);
}

/** Expected market volume of each step k = 0..N-1 before regime multipliers (shares). */
export function stepVolumeProfile(spec: EnvSpec): Float64Array {
  const { T, N } = spec.horizon;
  const out = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    out[k] = spec.volume.daily * (cumulativeProfile(((k + 1) * T) / N, spec.volume) - cumulativeProfile((k * T) / N, spec.volume));
  }
  return out;
}
