import type { Rng } from '../../random/rng.js';

/**
 * Indices 0..n-1 resampled by the moving-block bootstrap (Künsch 1989): n / block blocks of
 * `block` consecutive steps, each starting at a uniform position, so the serial dependence within
 * a block (volatility clustering, the intraday pattern) is kept.
 */
export function blockBootstrapRows(rng: Rng, n: number, block: number): Int32Array {
  const out = new Int32Array(n);
  let at = 0;
  while (at < n) {
    const start = Math.floor(rng.uniform() * (n - block + 1));
    for (let k = 0; k < block && at < n; k++) out[at++] = start + k;
  }
  return out;
}

/** The 2.5% and 97.5% percentiles of a sample (linear interpolation). */
export function percentileInterval(values: readonly number[]): [number, number] {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const x = p * (s.length - 1);
    const lo = Math.floor(x);
    return s[lo] + (x - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
  };
  return [q(0.025), q(0.975)];
}
