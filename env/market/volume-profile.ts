import type { EnvSpec } from '../spec/schema.js';

/**
 * Cumulative expected volume, in days of volume, from the open of day 0 to time `t` (days).
 * The u-shape is u(s) = (1 + c (2s - 1)^2) / (1 + c / 3) on the fraction s of each day, so it
 * integrates to 1 per day; its antiderivative is exact, so step volumes need no quadrature.
 */
export function cumulativeProfile(t: number, volume: EnvSpec['volume']): number {
  if (volume.profile === 'flat') return t;
  const day = Math.floor(t);
  const s = t - day;
  if (Array.isArray(volume.profile)) return day + sharesCumulative(s, volume.profile);
  const c = volume.uDepth;
  const antiderivative = (u: number) => u + (c * ((2 * u - 1) ** 3 + 1)) / 6;
  return day + antiderivative(s) / (1 + c / 3);
}

/**
 * A profile read from data: the day in B equal parts with the given shares of its volume, volume
 * spread evenly within each part, so the cumulative is piecewise linear and exact at every step.
 */
function sharesCumulative(s: number, shares: readonly number[]): number {
  const B = shares.length;
  const part = Math.min(B - 1, Math.floor(s * B));
  let cumulative = 0;
  for (let i = 0; i < part; i++) cumulative += shares[i];
  return cumulative + (s * B - part) * shares[part];
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
