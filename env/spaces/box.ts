import type { Rng } from '../random/rng.js';
import { SpaceStream, type Space } from './space.js';

/** The floating-point element types a {@link Box} can hold. */
export type BoxDType = 'float32' | 'float64';
/** The typed array of a {@link BoxDType}. */
export type BoxArray<D extends BoxDType> = D extends 'float32' ? Float32Array : Float64Array;

/**
 * A box in R^n: each coordinate between `low[i]` and `high[i]` (either may be infinite), holding
 * values of type `dtype` (observations are float32, actions float64). Mirrors `gymnasium.spaces.Box`.
 */
export class Box<D extends BoxDType = 'float64'> implements Space<BoxArray<D>> {
  readonly kind = 'box' as const;
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly shape: readonly [number];
  readonly dtype: D;
  private readonly stream = new SpaceStream();

  /** @throws RangeError if the bounds differ in length, are NaN, low > high, or a finite bound overflows float32. */
  constructor(low: ArrayLike<number>, high: ArrayLike<number>, dtype: D = 'float64' as D) {
    if (low.length !== high.length) {
      throw new RangeError(`Box bounds must have the same length, got ${low.length} and ${high.length}`);
    }
    for (let i = 0; i < low.length; i++) {
      if (Number.isNaN(low[i]) || Number.isNaN(high[i]) || low[i] > high[i]) {
        throw new RangeError(`Box bound ${i} must satisfy low <= high, got [${low[i]}, ${high[i]}]`);
      }
      const overflows = (b: number) => Number.isFinite(b) && Math.abs(b) > FLOAT32_MAX;
      if (dtype === 'float32' && (overflows(low[i]) || overflows(high[i]))) {
        throw new RangeError(`Box bound ${i} of a float32 box must be infinite or within ±${FLOAT32_MAX}, got [${low[i]}, ${high[i]}]`);
      }
    }
    this.low = Float64Array.from(low);
    this.high = Float64Array.from(high);
    this.shape = [low.length];
    this.dtype = dtype;
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
   * A random element of the box's dtype: uniform on bounded coordinates, exponential on
   * half-bounded ones and standard normal on unbounded ones (Gymnasium's rule). A float32 draw
   * that rounds outside the bounds is moved to the nearest float32 inside them.
   * @param rng the stream to draw from; by default the space's own (see {@link Box.seed})
   */
  sample(rng?: Rng): BoxArray<D> {
    const from = this.stream.pick(rng);
    const out = (this.dtype === 'float32' ? new Float32Array(this.low.length) : new Float64Array(this.low.length)) as BoxArray<D>;
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i];
      const hi = this.high[i];
      const loFinite = Number.isFinite(lo);
      const hiFinite = Number.isFinite(hi);
      let v: number;
      if (loFinite && hiFinite) v = lo + (hi - lo) * from.uniform();
      else if (loFinite) v = lo - Math.log(1 - from.uniform());
      else if (hiFinite) v = hi + Math.log(1 - from.uniform());
      else v = from.normal();
      out[i] = this.dtype === 'float32' ? float32Within(v, lo, hi) : v;
    }
    return out;
  }

  seed(seed: number): void {
    this.stream.seed(seed);
  }
}

const FLOAT32_MAX = 3.4028234663852886e38;
const bits = new Float32Array(1);
const word = new Int32Array(bits.buffer);

/** The float32 nearest `v` that lies in [lo, hi] (rounding can step just past a bound like 0.1). */
function float32Within(v: number, lo: number, hi: number): number {
  let f = Math.fround(v);
  while (f > hi) f = nextFloat32(f, -1);
  while (f < lo) f = nextFloat32(f, 1);
  return f;
}

/** The adjacent float32 of a finite non-zero-crossing `f` in direction `dir` (by its bit pattern). */
function nextFloat32(f: number, dir: 1 | -1): number {
  if (f === 0) return dir * 1.401298464324817e-45;
  bits[0] = f;
  word[0] += (f > 0 ? 1 : -1) * dir;
  return bits[0];
}
