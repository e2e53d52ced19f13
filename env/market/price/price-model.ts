import type { z } from 'zod';

/** The resolved market a simulated price model reads (MarketParams is one). */
export interface PriceParams {
  readonly S0: number;
  readonly tau: number;
  readonly sqrtTau: number;
}

/** The numbers of a spec its worst price move is bounded with (see env/spec/bounds.ts). */
export interface MoveInputs {
  readonly S0: number;
  /** The largest sigma of any regime ($/share/day^0.5). */
  readonly sigma: number;
  readonly T: number;
  /** Standard deviations of the worst Gaussian draw allowed for. */
  readonly zMax: number;
}

/**
 * Everything about one exogenous price model, in one module (STYLE 13): its spec schema variant,
 * how the fundamental moves in the market step, what the analytics may assume of it, and its worst
 * case for the spec's bounds. Register a new model with one line in `price-models.ts`.
 */
export interface PriceModel<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  /** The spec section's variant of the `price` discriminated union. */
  readonly schema: S;
  /**
   * F_{k+1} from F_k and the step's standard normal draw z (a shock of sd sigma_r sqrt(tau) in $ at
   * S0), or null for a model whose path is recorded, not drawn (the replay table moves it).
   */
  readonly nextFundamental: ((p: PriceParams, F: number, sigmaR: number, z: number) => number) | null;
  /**
   * The $ volatility at F relative to sigma_r: 1 for an arithmetic price, F / S0 for a geometric one
   * (the Hamilton filter's likelihood of a price change uses it).
   */
  volatilityScale(p: PriceParams, F: number): number;
  /**
   * The price moves in $ increments of sd sigma_r sqrt(tau), not scaled by the price level (abm, and
   * a replay at its reference sigma): the regime DPs' quadratic cost-to-go holds, and on a drawn
   * path the AC closed forms' variance too.
   */
  readonly arithmetic: boolean;
  /** The largest price move over the horizon ($/share) a spec must keep finite. */
  worstMove(m: MoveInputs): number;
}
