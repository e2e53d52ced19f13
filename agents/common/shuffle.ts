import type { Rng } from '../../env/random/rng.js';

/**
 * A uniformly random permutation of 0..n-1 (Fisher–Yates) drawn from `rng`, written into `out`:
 * the minibatch order of a PPO epoch, fixed by the run's seed.
 */
export function permutation(rng: Rng, n: number, out: Uint32Array = new Uint32Array(n)): Uint32Array {
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}

/** An integer uniform on [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.uniform() * n);
}
