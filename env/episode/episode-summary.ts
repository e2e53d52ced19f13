import { episodeLedger, type CostLedger, type PassiveCostLedger } from './cost-ledger.js';
import type { MarketParams } from '../market/params.js';
import type { MarketState } from '../market/state.js';

/** Totals of a finished episode (or of the part played so far). */
export interface EpisodeSummary {
  /** Implementation shortfall: side * (X * S0 - sum of n_k * execution price), in $ and bps of X * S0. */
  readonly shortfall: number;
  readonly shortfallBps: number;
  /** Sum of lambda * sigma_r^2 * tau * x_{k+1}^2, in bps: return = -(shortfallBps + riskPenaltyBps). */
  readonly riskPenaltyBps: number;
  /** shortfallBps + riskPenaltyBps: the cost policies are ranked on (episodes.csv's objective_bps). */
  readonly objectiveBps: number;
  readonly return: number;
  /** Shares executed (X at the horizon, where the last step sells what remains). */
  readonly sharesExecuted: number;
  /** Average execution price and the market's volume-weighted price over the horizon. */
  readonly averagePrice: number;
  readonly marketVwap: number;
  /** Cost against market VWAP in bps (positive: worse than VWAP). */
  readonly vwapSlippageBps: number;
  /** The episode's cost ledger in $: each entry the sum of the steps' `info.ledger` entries. */
  readonly ledger: CostLedger | PassiveCostLedger;
}

/** Lane i's episode totals so far (the final step's `info.episode`); its ledger from {@link episodeLedger}. */
export function episodeSummary(p: MarketParams, s: MarketState, i: number): EpisodeSummary {
  const shortfall = s.shortfall[i];
  const executed = p.X - s.x[i];
  const averagePrice = executed > 0 ? p.S0 - (p.side * shortfall) / executed : p.S0;
  const marketVwap = s.vwapVolume[i] > 0 ? s.vwapNotional[i] / s.vwapVolume[i] : p.S0;
  const shortfallBps = shortfall * p.bpsPerDollar;
  const riskPenaltyBps = s.riskPenalty[i] * p.bpsPerDollar;
  return {
    shortfall,
    shortfallBps,
    riskPenaltyBps,
    objectiveBps: shortfallBps + riskPenaltyBps,
    return: s.episodeReturn[i],
    sharesExecuted: executed,
    averagePrice,
    marketVwap,
    vwapSlippageBps: (1e4 * p.side * (marketVwap - averagePrice)) / marketVwap,
    ledger: episodeLedger(p, s, i),
  };
}
