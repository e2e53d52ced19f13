import { makeRng, type Rng } from '../random/rng.js';
import { STREAMS } from '../random/seeds.js';
import type { HaltsSpec } from '../spec/constraints-schema.js';

/**
 * Trading halts (issue 23 part 2): steps in which nothing trades. A halt is public: it is announced
 * before the step, so the observation's `halted` column is 1 at the decision of a halted step.
 * The policy's trade in a halted step is REFUSED, not deferred: nothing executes, the shares stay
 * in inventory, and the next step's action (a multiplier of the even split of what is left)
 * decides afresh what to do with them. The market still moves (the price draws are taken as in an
 * open step, so every policy sees the same path) and its volume in the halted step is 0.
 * The last step is never halted: the order must complete (the env's contract), as if the
 * reopening auction crossed what is left.
 */

/** The halt process as the step reads it. */
export type HaltProcess =
  | { readonly model: 'scheduled'; readonly halted: Uint8Array }
  | { readonly model: 'markov'; readonly rate: number; readonly persistence: number }
  | { readonly model: 'recorded' };

/** Resolves the spec section for a horizon of N steps. */
export function resolveHalts(spec: HaltsSpec, N: number): HaltProcess {
  if (spec.model === 'markov') return Object.freeze({ model: 'markov', rate: spec.rate, persistence: spec.persistence });
  if (spec.model === 'recorded') return Object.freeze({ model: 'recorded' });
  const halted = new Uint8Array(N);
  for (const k of spec.steps) halted[k] = 1;
  return Object.freeze({ model: 'scheduled', halted });
}


/** One halt stream per lane (a Markov process), none otherwise. */
export function haltStreams(process: HaltProcess | null, seeds: ArrayLike<number>): Rng[] {
  return process?.model === 'markov' ? Array.from(seeds, (seed) => makeRng(seed, STREAMS.halts)) : [];
}

