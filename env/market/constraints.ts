import { z } from 'zod';

/**
 * Desk execution constraints (issue 23 part 2), enforced in the market step on the shares a
 * market order trades (`constrainShares`, called by `sharesFor`), so every policy, baseline or
 * agent, is held to them alike. The last step's forced liquidation overrides them (the order must
 * complete; the ledger shows what that cost).
 */
export const constraintsSchema = z.strictObject({
  participation: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe("participation cap rho_max: a step trades at most rho_max times the step's FORECAST market volume E[V_k] (public before the step: the volume profile the env's volume_ratio feature is measured against), not the realised volume, which is unknown when the order is sent"),
  lot: z.number().positive().optional().describe('round lot (shares): every trade but the final liquidation is a whole number of lots, rounded down'),
  minOrder: z.number().positive().optional().describe('minimum order size (shares): a smaller trade is not sent (0), unless it sells all that is left'),
});

export type ConstraintsSpec = z.output<typeof constraintsSchema>;

/** The constraints as the step reads them: caps per step in shares (Infinity: none). */
export interface ExecutionConstraints {
  /** rho_max E[V_k] per step (shares), or null. */
  readonly participationCap: Float64Array | null;
  readonly lot: number;
  readonly minOrder: number;
}

/** Resolves the spec section against the volume forecast E[V_k]. */
export function resolveConstraints(spec: ConstraintsSpec, expectedVolume: Float64Array): ExecutionConstraints {
  return Object.freeze({
    participationCap: spec.participation === undefined ? null : Float64Array.from(expectedVolume, (v) => spec.participation! * v),
    lot: spec.lot ?? 0,
    minOrder: spec.minOrder ?? 0,
  });
}

/** The shares a wanted trade n (0 <= n <= x) becomes under the constraints at step k (not the last). */
export function constrainShares(c: ExecutionConstraints, k: number, x: number, n: number): number {
  let shares = c.participationCap ? Math.min(n, c.participationCap[k]) : n;
  if (c.lot > 0 && shares < x) shares = Math.floor(shares / c.lot + 1e-9) * c.lot;
  if (shares < c.minOrder && shares < x) shares = 0;
  return shares;
}
