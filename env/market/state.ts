import type { Rng } from '../rng.js';
import type { MarketParams } from './params.js';

/**
 * The state of M independent episodes, structure of arrays (lane i is episode i). The single env
 * is the case M = 1. Everything the step and the observation need lives here, nothing in `this`.
 */
export interface MarketState {
  readonly lanes: number;
  /** Each lane's random stream; episodes in a batch never share one. */
  readonly rngs: Rng[];
  /** Step index k (0..N), holdings x_k. */
  readonly k: Int32Array;
  readonly x: Float64Array;
  /** Exogenous (fundamental) price F_k: S_k = F_k - side * P_k. */
  readonly fundamental: Float64Array;
  /** Cumulative permanent impact P_k = sum_{j<k} gamma_{r_j} n_j ($/share). */
  readonly permanent: Float64Array;
  /** Transient displacement D_k ($/share), zero unless the impact model is transient. */
  readonly displacement: Float64Array;
  /** True regime r_k and the independent shadow chain used by regimeInfo 'shuffled'. */
  readonly regime: Int32Array;
  readonly shadow: Int32Array;
  /** Public features: EWMA of squared returns in units of sigmaRef^2 * tau, last volume / forecast. */
  readonly volEwma: Float64Array;
  readonly volumeRatio: Float64Array;
  /** Hamilton filter: predicted probabilities of the current regime, lanes x K. */
  readonly belief: Float64Array;
  /** Episode totals: shortfall ($), risk penalty ($), return (bps), market VWAP numerator and volume. */
  readonly shortfall: Float64Array;
  readonly riskPenalty: Float64Array;
  readonly episodeReturn: Float64Array;
  readonly vwapNotional: Float64Array;
  readonly vwapVolume: Float64Array;
}

export function createMarketState(params: MarketParams, rngs: Rng[]): MarketState {
  const lanes = rngs.length;
  const f64 = () => new Float64Array(lanes);
  return {
    lanes,
    rngs,
    k: new Int32Array(lanes),
    x: f64(),
    fundamental: f64(),
    permanent: f64(),
    displacement: f64(),
    regime: new Int32Array(lanes),
    shadow: new Int32Array(lanes),
    volEwma: f64(),
    volumeRatio: f64(),
    belief: new Float64Array(lanes * params.K),
    shortfall: f64(),
    riskPenalty: f64(),
    episodeReturn: f64(),
    vwapNotional: f64(),
    vwapVolume: f64(),
  };
}
