import { z } from 'zod';

const nonNegative = (what: string) => z.number().nonnegative().describe(what);

/** The spec fields every impact model has: the fixed cost and linear permanent impact. */
export const impactCommon = {
  epsilon: nonNegative('fixed cost per share traded ($/share): half the bid-ask spread plus fees'),
  gamma: nonNegative('permanent impact ($/share per share traded): g(n) = gamma * n'),
};

/**
 * The resolved market an impact model reads: per-regime coefficients (typed arrays of length K),
 * the step length, its own constants and the volume law. `MarketParams` is one of these; the
 * models name only what they use, so that they sit below the market params and import nothing
 * from them.
 */
export interface ImpactParams {
  readonly tau: number;
  readonly X: number;
  readonly N: number;
  readonly eta: Float64Array;
  readonly sigma: Float64Array;
  /** Exponent of the cost in the trading rate or participation (1 for linear and transient). */
  readonly beta: number;
  /** Transient impact per share and the per-step decay of its displacement (0 for models without one). */
  readonly kappa: number;
  readonly decay: number;
  readonly volumeProfile: Float64Array;
  readonly volumeMultiplier: Float64Array;
  readonly volumeNoise: number;
  /** Expected market volume per day before the regime multiplier (shares). */
  readonly dailyVolume: number;
}

/** The numbers of a spec the worst case of temporary impact is bounded with (see env/spec/bounds.ts). */
export interface WorstCaseInputs {
  /** The largest eta and sigma of any regime. */
  readonly eta: number;
  readonly sigma: number;
  readonly X: number;
  readonly tau: number;
  /** The thinnest step's market volume times its worst lognormal draw. */
  readonly minStepVolume: number;
  /** Expected market volume per day (shares). */
  readonly dailyVolume: number;
}

/** The constants an impact model resolves from its spec section (beyond the per-regime eta, epsilon, gamma). */
export interface ImpactConstants {
  readonly beta: number;
  readonly kappa: number;
  readonly decay: number;
}

/**
 * Everything about one temporary/transient impact model, in one module (STYLE 13): its spec
 * schema variant, how it resolves, its per-share cost in the market step, its expected cost and
 * Almgren–Chriss linearisation for the analytics, and its worst case for the spec's bounds.
 * Permanent impact is gamma * n for every model (the market step and the solvers own it).
 * Register a new model with one line in `impact-models.ts`.
 */
export interface ImpactModel<S extends ImpactSchema = ImpactSchema, Spec = z.output<S>> {
  readonly name: string;
  /** The spec section's variant of the `impact` discriminated union (a strict object with a `model` literal). */
  readonly schema: S;
  /** Constants the step and the analytics read from MarketParams (beta, kappa, decay). */
  resolve(spec: Spec, tau: number): ImpactConstants;
  /**
   * Temporary impact per share of trading `n > 0` shares in regime `r` during a step of market
   * volume `volume`, beyond the fixed cost epsilon and any standing displacement.
   */
  temporaryPerShare(p: ImpactParams, r: number, n: number, volume: number): number;
  /**
   * The coefficient w of the expected temporary cost w * n^(1 + beta) of `n` shares at step k in
   * regime r (beyond the fixed cost and any standing displacement), conditionally on everything a
   * policy can know before the step.
   */
  expectedCostWeight(p: ImpactParams, k: number, r: number): number;
  /**
   * The linear eta~ an Almgren–Chriss desk would use, matched to the model at the TWAP trade
   * `twapShares` in a step of `twapVolume` shares; `eta` and `sigma` are the stationary means.
   */
  acEta(p: ImpactParams, eta: number, sigma: number, twapShares: number, twapVolume: number): number;
  /** Per-share temporary impact of the whole order in one step: the largest any action allows. */
  worstPerShare(spec: Spec, m: WorstCaseInputs): number;
  /** The spec field a too-large worst case is reported at. */
  readonly worstField: 'eta' | 'kappa';
  /**
   * The cost is Almgren–Chriss's eta_r n^2 / tau with no state: the AC closed forms are exact on a
   * one-regime arithmetic market, and the regime DPs' quadratic cost-to-go holds.
   */
  readonly almgrenChriss: boolean;
  /** The expected cost is quadratic in the trades (beta = 1): the quadratic programme solves it. */
  readonly quadratic: boolean;
  /** The market state carries a decaying displacement D the model adds to every later trade. */
  readonly displaces: boolean;
  /** The cost divides by the step's market volume: a replay step with none is an error. */
  readonly needsVolume: boolean;
  /** Cross-field checks of the spec (path from the spec's root, message), beyond the schema's own. */
  specIssues?(spec: Spec, context: SpecContext, issue: (path: (string | number)[], message: string) => void): void;
}

/** The schema of one impact model's spec section. */
export type ImpactSchema = z.ZodType<{ model: string; epsilon: number; eta: number; gamma: number }>;

/** What an impact model's cross-field checks see of the rest of the spec. */
export interface SpecContext {
  readonly tau: number;
  readonly regimes: readonly { eta?: number; gamma?: number }[] | undefined;
}
