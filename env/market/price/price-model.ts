import type { z } from 'zod';
import type { Rng } from '../../random/rng.js';

/** A price model's own constants, resolved once from its spec section (empty for most models). */
export type PriceConstants = Readonly<Record<string, number>>;

/** The resolved market a simulated price model reads (MarketParams is one). */
export interface PriceParams {
  readonly S0: number;
  readonly tau: number;
  readonly sqrtTau: number;
  /** The model's own constants (see {@link PriceModel.resolve}). */
  readonly priceConstants: PriceConstants;
}

/**
 * A latent state some price models carry from step to step in `MarketState.latent` (one number
 * per lane): the short-term alpha of `ou-alpha`. It is drawn from the lane's own stream at the
 * start of an episode and after each price move, so models without one draw nothing extra and
 * every other env's path is unchanged.
 */
export interface LatentProcess {
  /** What the number is, for the docs: e.g. 'the drift alpha_k ($/share/day)'. */
  readonly meaning: string;
  /** The latent at k = 0. */
  start(p: PriceParams, rng: Rng): number;
  /** The latent at k + 1 from the one at k and the step's standardised price shock z_k (after the price moved with it). */
  next(p: PriceParams, latent: number, z: number, rng: Rng): number;
  /**
   * The latent is a drift of the fundamental, E[F_{k+1} - F_k | latent_k] = latent_k tau, whose
   * conditional mean decays by `persistence(p)` a step: the linear-quadratic (Riccati) optimum
   * applies (env/analytics/alpha-riccati.ts).
   */
  readonly drift: boolean;
  /** phi: E[latent_{k+1} | latent_k] = phi latent_k. */
  persistence(p: PriceParams): number;
  /** E[latent_0]. */
  startMean(p: PriceParams): number;
  /** Var[latent_{k+1} | latent_k] and Var[latent_0]. */
  innovationVariance(p: PriceParams): number;
  startVariance(p: PriceParams): number;
  /**
   * The variance of the next move relative to sigma_r^2 (GARCH's v_k): the risk penalty charges
   * lambda sigma_r^2 factor tau x_{k+1}^2. Absent: 1.
   */
  varianceFactor?(p: PriceParams, latent: number): number;
  /** The observation column(s) it publishes: name, meaning and the value written for a latent. */
  readonly feature: { readonly name: string; readonly meaning: string; observe(p: PriceParams, latent: number): number };
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
  readonly nextFundamental: ((p: PriceParams, F: number, sigmaR: number, z: number, latent: number, rng: Rng) => number) | null;
  /** Its own constants from its spec section and the step length (absent: none). */
  resolve?(spec: z.output<S>, tau: number): PriceConstants;
  /** A latent state it carries between steps (absent: none). */
  readonly latent?: LatentProcess;
  /**
   * The fundamental is a martingale whatever the policy does (abm, gbm): the timing cost has mean
   * zero for every adapted policy, so a static schedule is optimal on a one-regime market. False
   * for a drift the policy observes (ou-alpha), where the optimum adapts.
   */
  readonly martingale: boolean;
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
