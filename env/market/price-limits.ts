import type { PriceLimitsSpec } from '../spec/constraints-schema.js';

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

/** The band as the step reads it. */
export interface PriceBand {
  /** band / 1e4. */
  readonly width: number;
  readonly reference: 'arrival' | 'last';
}

export function resolvePriceLimits(spec: PriceLimitsSpec): PriceBand {
  return Object.freeze({ width: spec.band / 1e4, reference: spec.reference });
}

