import seedrandom from 'seedrandom';

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

/** Serialisable generator state, for checkpoints: Alea's registers plus the cached normal. */
export interface RngState {
  readonly alea: AleaState;
  readonly spare: number | null;
}

/**
 * A seeded random source. Every function that draws takes one of these as an argument;
 * library code never touches `Math.random`.
 */
export interface Rng {
  /** Uniform on [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Standard normal (Marsaglia's polar method; the second variate of each pair is cached). */
  normal(): number;
  /** A snapshot from which {@link restoreRng} continues the same stream. */
  state(): RngState;
}

class AleaRng implements Rng {
  private spare: number | null;
  private readonly next: seedrandom.StatefulPRNG<seedrandom.State.Alea>;

  constructor(seed: string, state?: RngState) {
    this.next = seedrandom.alea(seed, { state: state ? { ...state.alea } : true });
    this.spare = state ? state.spare : null;
  }

  uniform(): number {
    return this.next();
  }

  normal(): number {
    const cached = this.spare;
    if (cached !== null) {
      this.spare = null;
      return cached;
    }
    // The polar method avoids Box–Muller's sin and cos, the slowest part of the market step.
    let u: number;
    let v: number;
    let q: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const scale = Math.sqrt((-2 * Math.log(q)) / q);
    this.spare = v * scale;
    return u * scale;
  }

  state(): RngState {
    return { alea: this.next.state(), spare: this.spare };
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
