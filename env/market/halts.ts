import { z } from 'zod';
import { makeRng, type Rng } from '../rng.js';
import { STREAMS } from '../seeds.js';
import type { MarketParams } from './params.js';
import type { MarketState } from './state.js';

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
export const haltsSchema = z.discriminatedUnion('model', [
  z.strictObject({
    model: z.literal('scheduled').describe('halts on known steps (e.g. a scheduled auction or news embargo): deterministic, so the static programme and the DPs respect them'),
    steps: z.array(z.number().int().min(0)).min(1).describe('the halted steps k (0-based, each below N - 1: the last step is never halted)'),
  }),
  z.strictObject({
    model: z.literal('markov').describe('a seeded on/off Markov chain per episode, drawn from its own stream (the market path is the same with and without halts): trading at step 0, then after each step P(trading -> halted) = rate and P(halted -> halted) = persistence'),
    rate: z.number().min(0).max(1).describe('probability that a trading step is followed by a halted one'),
    persistence: z.number().min(0).lt(1).describe('probability that a halted step is followed by another halted one: a halt lasts 1 / (1 - persistence) steps on average'),
  }),
  z.strictObject({
    model: z.literal('recorded').describe("a replay's recorded halts (LOBSTER message type 7: halted from a -1 until the next 1): a step that touches one is halted; the last step never is. Needs price.model replay"),
  }),
]);

export type HaltsSpec = z.output<typeof haltsSchema>;

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

/** The spec's issues: a scheduled halt at or after the last step, recorded halts without a replay. */
export function haltsIssues(spec: HaltsSpec, N: number, priceModel: string, issue: (path: (string | number)[], message: string) => void): void {
  if (spec.model === 'recorded' && priceModel !== 'replay') issue(['constraints', 'halts', 'model'], `recorded halts come from replayed data: they need price.model replay, got ${priceModel}`);
  if (spec.model !== 'scheduled') return;
  spec.steps.forEach((k, i) => {
    if (k >= N - 1) issue(['constraints', 'halts', 'steps', i], `halted steps must be below N - 1 = ${N - 1} (the last step liquidates), got ${k}`);
  });
}

/** One halt stream per lane (a Markov process), none otherwise. */
export function haltStreams(process: HaltProcess | null, seeds: ArrayLike<number>): Rng[] {
  return process?.model === 'markov' ? Array.from(seeds, (seed) => makeRng(seed, STREAMS.halts)) : [];
}

/** Is lane i's step 0 halted: a scheduled or recorded halt there, else no (a Markov chain starts trading). */
export function firstHalt(process: HaltProcess, p: MarketParams, s: MarketState, i: number): 0 | 1 {
  if (process.model === 'scheduled') return process.halted[0] as 0 | 1;
  if (process.model === 'recorded') return p.N > 1 ? (p.replay!.halted[s.window[i] * p.N] as 0 | 1) : 0;
  return 0;
}

/**
 * Whether lane i's step k + 1 is halted, given whether step k was (a Markov process draws once a
 * step from the lane's halt stream, whatever the policy does). Step N - 1 is never halted.
 */
export function nextHalt(process: HaltProcess, p: MarketParams, s: MarketState, i: number, k: number): 0 | 1 {
  const N = p.N;
  if (k + 1 >= N) return 0;
  if (process.model === 'scheduled') return process.halted[k + 1] as 0 | 1;
  if (process.model === 'recorded') return k + 1 === N - 1 ? 0 : (p.replay!.halted[s.window[i] * N + k + 1] as 0 | 1);
  const u = s.haltRngs[i].uniform();
  if (k + 1 === N - 1) return 0;
  return u < (s.halted[i] ? process.persistence : process.rate) ? 1 : 0;
}

/** After a step (every lane's clock already moved to k + 1): each lane's halt flag for its next step. */
export function moveHalts(process: HaltProcess, p: MarketParams, s: MarketState): void {
  for (let i = 0; i < s.lanes; i++) s.halted[i] = nextHalt(process, p, s, i, s.k[i] - 1);
}
