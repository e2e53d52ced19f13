import seedrandom from 'seedrandom';
import { TWO_POW_32, ZIGGURAT_RATIO, ZIGGURAT_X, zigguratPosition, zigguratSlow } from './ziggurat.js';

/**
 * Alea's registers, as seedrandom saves them. Declared here rather than taken from
 * @types/seedrandom, so that execgym's published types need no third-party type package.
 */
export interface AleaState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/** Serialisable generator state, for checkpoints: Alea's registers (normals keep no state of their own). */
export interface RngState {
  readonly alea: AleaState;
}

/**
 * A seeded random source. Every function that draws takes one of these as an argument;
 * library code never touches `Math.random`.
 */
export interface Rng {
  /** Uniform on [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Standard normal: a 128-layer ziggurat over one uniform per draw, 98.8% of the time (env/random/ziggurat.ts). */
  normal(): number;
  /** A snapshot from which {@link restoreRng} continues the same stream. */
  state(): RngState;
}

class AleaRng implements Rng {
  private readonly next: seedrandom.StatefulPRNG<seedrandom.State.Alea>;

  constructor(seed: string, state?: RngState) {
    this.next = seedrandom.alea(seed, { state: state ? { ...state.alea } : true });
  }

  uniform(): number {
    return this.next();
  }

  normal(): number {
    // The ziggurat's rectangle test inline (the common case); env/random/ziggurat.ts holds the rest.
    // A signed 32-bit integer first: bit operations on doubles past 2^31 take V8's slow path.
    const bits = (this.next() * TWO_POW_32) | 0;
    const i = bits & 127;
    const u = zigguratPosition(bits);
    if (Math.abs(u) < ZIGGURAT_RATIO[i]) return u * ZIGGURAT_X[i];
    return zigguratSlow(this.next, u, i);
  }

  state(): RngState {
    return { alea: this.next.state() };
  }
}

/**
 * A generator for `seed`, optionally a named child stream of it: `makeRng(7, 'regime')` and
 * `makeRng(7, 'exploration')` are independent, so adding a consumer never shifts the others.
 * @example const rng = makeRng(42, 'env'); rng.normal();
 */
export function makeRng(seed: number | string, stream?: string): Rng {
  return new AleaRng(stream === undefined ? `execgym:${seed}` : `execgym:${seed}:${stream}`);
}

/** Continues a stream from a {@link RngState} snapshot. */
export function restoreRng(state: RngState): Rng {
  return new AleaRng('', state);
}

/** Index drawn from a discrete distribution `probs` (which sums to 1) with one uniform. */
export function sampleIndex(rng: Rng, probs: ArrayLike<number>, offset = 0, length = probs.length): number {
  const u = rng.uniform();
  let acc = 0;
  for (let i = 0; i < length - 1; i++) {
    acc += probs[offset + i];
    if (u < acc) return i;
  }
  return length - 1;
}
