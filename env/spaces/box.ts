import type { Rng } from '../rng.js';

/**
 * A box in R^n: each coordinate between `low[i]` and `high[i]` (either may be infinite).
 * Mirrors `gymnasium.spaces.Box`.
 */
export class Box {
  readonly kind = 'box' as const;
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly shape: readonly [number];

  /** @throws RangeError if the bounds differ in length, are NaN, or low > high. */
  constructor(low: ArrayLike<number>, high: ArrayLike<number>) {
    if (low.length !== high.length) {
      throw new RangeError(`Box bounds must have the same length, got ${low.length} and ${high.length}`);
    }
    for (let i = 0; i < low.length; i++) {
      if (Number.isNaN(low[i]) || Number.isNaN(high[i]) || low[i] > high[i]) {
        throw new RangeError(`Box bound ${i} must satisfy low <= high, got [${low[i]}, ${high[i]}]`);
      }
    }
    this.low = Float64Array.from(low);
    this.high = Float64Array.from(high);
    this.shape = [low.length];
  }

  /** True when `x` has the box's length and every coordinate is a number inside its bounds. */
  contains(x: ArrayLike<number>): boolean {
    if (x.length !== this.low.length) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (Number.isNaN(v) || v < this.low[i] || v > this.high[i]) return false;
    }
    return true;
  }

  /**
   * A random element: uniform on bounded coordinates, exponential on half-bounded ones and
   * standard normal on unbounded ones (Gymnasium's rule).
   */
  sample(rng: Rng): Float64Array {
    const out = new Float64Array(this.low.length);
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i];
      const hi = this.high[i];
      const loFinite = Number.isFinite(lo);
      const hiFinite = Number.isFinite(hi);
      if (loFinite && hiFinite) out[i] = lo + (hi - lo) * rng.uniform();
      else if (loFinite) out[i] = lo - Math.log(1 - rng.uniform());
      else if (hiFinite) out[i] = hi + Math.log(1 - rng.uniform());
      else out[i] = rng.normal();
    }
    return out;
  }
}
