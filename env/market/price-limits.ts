import { z } from 'zod';
import { impactModels } from './impact/impact-models.js';
import type { MarketParams } from './params.js';

/**
 * Price limits (issue 23 part 2): no execution beyond a band around a reference price. The env
 * executes a step's market order at one price, S_k - side (epsilon_r + temporary(n) + D_k); the
 * band bounds that price on the side the order pushes it: a sell executes at no price below
 * reference (1 - band), a buy at none above reference (1 + band). (The exogenous price is not
 * limited: a band edge on the trader's favourable side would only refuse trades an exchange lets
 * through at the limit price, so it is not modelled.)
 *
 * A trade whose price would fall outside is CLIPPED to the largest size whose price stays inside
 * (what a limit order at the band edge would fill against the env's impact curve), then rounded
 * down to the lot and checked against the minimum order again; when even the smallest trade would
 * print outside (the price has moved past the edge), nothing executes in the step. The last step
 * liquidates whatever the band (the order must complete; the ledger shows what that cost).
 */
export const priceLimitsSchema = z.strictObject({
  band: z.number().gt(0).max(10000).describe('half-width of the band in bps of the reference price: a sell executes at no price below reference * (1 - band / 1e4), a buy at none above reference * (1 + band / 1e4)'),
  reference: z
    .enum(['arrival', 'last'])
    .describe("arrival: the band is fixed around the arrival price S_0 (the price can move out of it, and then the step trades nothing); last: around the price at the decision S_k (F_k - side P_k, the price the observation shows), so only the order's own cost is limited"),
});

export type PriceLimitsSpec = z.output<typeof priceLimitsSchema>;

/** The band as the step reads it. */
export interface PriceBand {
  /** band / 1e4. */
  readonly width: number;
  readonly reference: 'arrival' | 'last';
}

export function resolvePriceLimits(spec: PriceLimitsSpec): PriceBand {
  return Object.freeze({ width: spec.band / 1e4, reference: spec.reference });
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
