import type { Rng } from '../rng.js';

/** The integers `0 .. n-1`. Mirrors `gymnasium.spaces.Discrete`. */
export class Discrete {
  readonly kind = 'discrete' as const;

  /** @throws RangeError unless `n` is a positive integer. */
  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Discrete n must be a positive integer, got ${n}`);
  }

  contains(x: number): boolean {
    return Number.isInteger(x) && x >= 0 && x < this.n;
  }

  /** A uniform draw, restricted to `mask[i] === 1` entries when a mask is given. */
  sample(rng: Rng, mask?: ArrayLike<number>): number {
    if (!mask) return Math.min(this.n - 1, Math.floor(rng.uniform() * this.n));
    let allowed = 0;
    for (let i = 0; i < this.n; i++) allowed += mask[i] ? 1 : 0;
    let pick = Math.min(allowed - 1, Math.floor(rng.uniform() * allowed));
    for (let i = 0; i < this.n; i++) {
      if (mask[i] && pick-- === 0) return i;
    }
    throw new RangeError('Discrete.sample: the mask allows no action');
  }
}
