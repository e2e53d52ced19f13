import type { Rng } from '../random/rng.js';
import type { PortfolioParams } from './params.js';

/**
 * The portfolio market of `lanes` episodes as structure-of-arrays: per-lane scalars have one entry
 * per lane, per-name arrays lanes x m row-major (lane i, name j at i * m + j). Each lane draws
 * from its own stream, so lanes never share randomness.
 */
export interface PortfolioState {
  readonly lanes: number;
  readonly rngs: Rng[];
  /** Step index k of each lane. */
  readonly k: Int32Array;
  /** Signed holdings x_k left to liquidate (+ long to sell, - short to cover), lanes x m. */
  readonly x: Float64Array;
  /** The exogenous price F_k (S0 plus the accumulated shocks), lanes x m; the unaffected price is F_k - Gamma (X - x_k). */
  readonly F: Float64Array;
  /** Episode totals in $: shortfall per name (lanes x m), and per lane the risk penalty and the return (bps). */
  readonly shortfall: Float64Array;
  readonly riskPenalty: Float64Array;
  readonly episodeReturn: Float64Array;
}

/** A state for one lane per stream in `rngs`; every lane must be reset before its first step. */
export function createPortfolioState(p: PortfolioParams, rngs: Rng[]): PortfolioState {
  const lanes = rngs.length;
  return {
    lanes,
    rngs,
    k: new Int32Array(lanes),
    x: new Float64Array(lanes * p.m),
    F: new Float64Array(lanes * p.m),
    shortfall: new Float64Array(lanes * p.m),
    riskPenalty: new Float64Array(lanes),
    episodeReturn: new Float64Array(lanes),
  };
}

/** Starts a new episode in lane i: x_0 = X, F_0 = S0, totals zero. Draws nothing. */
export function resetPortfolioLane(p: PortfolioParams, s: PortfolioState, i: number): void {
  const at = i * p.m;
  s.k[i] = 0;
  s.x.set(p.X, at);
  s.F.set(p.S0, at);
  s.shortfall.fill(0, at, at + p.m);
  s.riskPenalty[i] = 0;
  s.episodeReturn[i] = 0;
}
