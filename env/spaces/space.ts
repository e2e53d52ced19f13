import { makeRng, type Rng } from '../random/rng.js';

/** The element type of a space's values, as in NumPy (Gymnasium's `Space.dtype`). */
export type DType = 'float32' | 'float64' | 'int32';

/**
 * A set of values an env accepts or emits, in the spirit of `gymnasium.spaces.Space`: membership,
 * the element type, and seeded sampling. `sample()` draws from the space's own stream (seeded by
 * {@link Space.seed}, seed 0 until then, so unseeded use is reproducible too); pass an `Rng` to
 * draw from a stream of your own instead.
 */
export interface Space<T> {
  readonly dtype: DType;
  readonly shape: readonly number[];
  contains(x: T): boolean;
  sample(rng?: Rng): T;
  /** Restarts the space's own stream from `seed` (a named child stream `space` of it). */
  seed(seed: number): void;
}

/** The stream a space samples from when none is passed: a holder shared by the space classes. */
export class SpaceStream {
  private rng: Rng | null = null;

  seed(seed: number): void {
    this.rng = makeRng(seed, 'space');
  }

  /** `given` when there is one, else the space's own stream (seed 0 until seeded). */
  pick(given: Rng | undefined): Rng {
    if (given) return given;
    this.rng ??= makeRng(0, 'space');
    return this.rng;
  }
}
