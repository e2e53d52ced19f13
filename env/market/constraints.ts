import { resolveHalts, type HaltProcess } from './halts.js';
import { resolvePriceLimits, type PriceBand } from './price-limits.js';
import type { ConstraintsSpec } from '../spec/constraints-schema.js';

/**
 * Desk execution constraints (issue 23 part 2), enforced in the market step on the shares a
 * market order trades (`constrainShares`, called by `sharesFor`; halts and price limits, which read
 * the lane's market, by `marketConstrainedShares`), so every policy, baseline or agent, is held to
 * them alike. Each constraint's rule is in its own module (halts.ts, price-limits.ts) or below. The last step's forced liquidation overrides them (the order must
 * complete; the ledger shows what that cost).
 */

/** The constraints as the step reads them: caps per step in shares (Infinity: none). */
export interface ExecutionConstraints {
  /** rho_max E[V_k] per step (shares), or null. */
  readonly participationCap: Float64Array | null;
  readonly lot: number;
  readonly minOrder: number;
  readonly halts: HaltProcess | null;
  readonly band: PriceBand | null;
}

/** Resolves the spec section against the volume forecast E[V_k]. */
export function resolveConstraints(spec: ConstraintsSpec, expectedVolume: Float64Array): ExecutionConstraints {
  const N = expectedVolume.length;
  return Object.freeze({
    participationCap: spec.participation === undefined ? null : Float64Array.from(expectedVolume, (v) => spec.participation! * v),
    lot: spec.lot ?? 0,
    minOrder: spec.minOrder ?? 0,
    halts: spec.halts ? resolveHalts(spec.halts, N) : null,
    band: spec.limits ? resolvePriceLimits(spec.limits) : null,
  });
}

/** The shares a wanted trade n (0 <= n <= x) becomes under the constraints at step k (not the last). */
export function constrainShares(c: ExecutionConstraints, k: number, x: number, n: number): number {
  let shares = c.participationCap ? Math.min(n, c.participationCap[k]) : n;
  if (c.lot > 0 && shares < x) shares = Math.floor(shares / c.lot + 1e-9) * c.lot;
  if (shares < c.minOrder && shares < x) shares = 0;
  return shares;
}


/**
 * The constraints section in one line, for the env's card (`execgym envs`, the benchmark summary
 * and report), e.g. `participation cap 5% of the forecast volume; trading halts: steps 3, 4`.
 */
export function describeConstraints(spec: ConstraintsSpec | undefined): string | undefined {
  if (!spec) return undefined;
  const parts: string[] = [];
  if (spec.participation !== undefined) parts.push(`participation cap ${+(spec.participation * 100).toPrecision(6)}% of the forecast step volume E[V_k]`);
  if (spec.lot !== undefined) parts.push(`round lots of ${spec.lot} shares`);
  if (spec.minOrder !== undefined) parts.push(`minimum order ${spec.minOrder} shares`);
  if (spec.halts?.model === 'scheduled') parts.push(`trading halts at steps ${spec.halts.steps.join(', ')} (trade refused, price moves)`);
  if (spec.halts?.model === 'recorded') parts.push('trading halts where the replayed data records them (LOBSTER type 7; trade refused, price moves; observed)');
  if (spec.halts?.model === 'markov') parts.push(`random trading halts (Markov: P(trading -> halted) ${spec.halts.rate} a step, persistence ${spec.halts.persistence}; trade refused, price moves; observed)`);
  if (spec.limits) parts.push(`price limits: no fill beyond ${spec.limits.band} bps of the ${spec.limits.reference === 'arrival' ? 'arrival' : 'last'} price (trades clipped to the band)`);
  return parts.length > 0 ? `${parts.join('; ')}; the last step liquidates whatever they say` : undefined;
}
