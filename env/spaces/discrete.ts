import type { Rng } from '../random/rng.js';
import { SpaceStream, type Space } from './space.js';

/** The integers `0 .. n-1`. Mirrors `gymnasium.spaces.Discrete`. */
export class Discrete implements Space<number> {
  readonly kind = 'discrete' as const;
  readonly dtype = 'int32' as const;
  readonly shape: readonly [] = [];
  private readonly stream = new SpaceStream();

  /** @throws RangeError unless `n` is a positive integer. */
  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Discrete n must be a positive integer, got ${n}`);
  }

  contains(x: number): boolean {
    return Number.isInteger(x) && x >= 0 && x < this.n;
  }

  /**
   * A uniform draw, restricted to `mask[i] === 1` entries when a mask is given.
   * @param rng the stream to draw from; by default the space's own (see {@link Discrete.seed})
   * @throws RangeError when the mask allows no action
   */
  sample(rng?: Rng, mask?: ArrayLike<number>): number {
    const from = this.stream.pick(rng);
    if (!mask) return Math.min(this.n - 1, Math.floor(from.uniform() * this.n));
    let allowed = 0;
    for (let i = 0; i < this.n; i++) allowed += mask[i] ? 1 : 0;
    let pick = Math.min(allowed - 1, Math.floor(from.uniform() * allowed));
    for (let i = 0; i < this.n; i++) {
      if (mask[i] && pick-- === 0) return i;
    }
    throw new RangeError('Discrete.sample: the mask allows no action');
  }

  seed(seed: number): void {
    this.stream.seed(seed);
  }
}
