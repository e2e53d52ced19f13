import { constrainShares, type ExecutionConstraints } from './constraints.js';
import type { HaltProcess } from './halts.js';
import { impactModels } from './impact/impact-models.js';
import type { MarketParams } from './params.js';
import type { PriceBand } from './price-limits.js';
import type { MarketState } from './state.js';

/*
 * The execution constraints as the market step applies them to a lane (issue 23 part 2): the halt
 * flags the clock moves, and the trade the market lets through (halts, the price band). What each
 * constraint is, and its spec, are in constraints.ts, halts.ts and price-limits.ts, which the
 * market's params resolve; these functions read params and state, so they live apart from them.
 */

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

/** Bisection steps of the clip for a non-linear impact curve: the size is then exact to X 2^-60. */
const BISECTION_STEPS = 60;

/**
 * The largest n' <= n whose execution price at step k stays inside the band: `price` is S_k,
 * `displacement` D_k, `volume` the step's market volume (square-root law), r the regime. Every
 * impact model's temporary cost per share increases with n, so the admissible sizes are [0, n*].
 */
export function sharesWithinBand(p: MarketParams, band: PriceBand, r: number, n: number, price: number, displacement: number, volume: number): number {
  if (n <= 0) return n;
  const reference = band.reference === 'arrival' ? p.S0 : price;
  // How far below the price at the decision (for a sell; above, for a buy) a fill may print.
  const room = p.side * (price - reference) + reference * band.width - p.epsilon[r] - displacement;
  if (room < 0) return 0;
  const temporary = (m: number) => impactModels[p.impactModel].temporaryPerShare(p, r, m, volume);
  if (temporary(n) <= room) return n;
  let lo = 0;
  let hi = n;
  for (let j = 0; j < BISECTION_STEPS; j++) {
    const mid = 0.5 * (lo + hi);
    if (temporary(mid) <= room) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Lane i's trade n at step k (already within the cap, lots and minimum) under the constraints that
 * read its market: none in a halted step; clipped into the price band (then rounded to the lot and
 * checked against the minimum again). The last step liquidates whatever they say.
 */
export function marketConstrainedShares(p: MarketParams, c: ExecutionConstraints, s: MarketState, i: number, k: number, x: number, n: number, volume: number): number {
  if (k === p.N - 1) return n;
  if (s.halted[i] === 1) return 0;
  if (!c.band || n === 0) return n;
  const clipped = sharesWithinBand(p, c.band, s.regime[i], n, s.fundamental[i] - p.side * s.permanent[i], s.displacement[i], volume);
  return clipped === n ? n : constrainShares(c, k, x, clipped);
}
