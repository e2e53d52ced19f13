import type { MarketParams } from '../market/params.js';
import type { MarketState } from '../market/state.js';

/** The split of one step's shortfall in $ (positive is a cost), or of an episode's (the steps' sums). */
export interface CostLedger {
  readonly fixed: number;
  readonly temporary: number;
  /** Own impact of earlier trades still in the price (permanent, plus transient displacement). */
  readonly permanent: number;
  /** The exogenous price move since arrival. */
  readonly timing: number;
  /** fixed + temporary + permanent + timing = side * n * (S0 - execution price). */
  readonly shortfall: number;
  readonly riskPenalty: number;
}

/**
 * A passive env's ledger: fixed + temporary + permanent + timing - spreadEarned = shortfall, and
 * passiveShortfall is the limit fills' part of the shortfall (the rest is the market orders').
 */
export interface PassiveCostLedger extends CostLedger {
  readonly spreadEarned: number;
  readonly passiveShortfall: number;
}

/**
 * Lane i's episode ledger so far: each entry is the sum, in step order, of the same entry of the
 * steps' ledgers (`info.ledger`), so the parts add up to the shortfall as each step's do (to
 * rounding). A passive env's (`p.execution`) adds the spread earned and the passive shortfall.
 */
export function episodeLedger(p: MarketParams, s: MarketState, i: number): CostLedger | PassiveCostLedger {
  const ledger: CostLedger = {
    fixed: s.ledger.fixed[i],
    temporary: s.ledger.temporary[i],
    permanent: s.ledger.permanent[i],
    timing: s.ledger.timing[i],
    shortfall: s.shortfall[i],
    riskPenalty: s.riskPenalty[i],
  };
  if (!p.execution) return ledger;
  return { ...ledger, spreadEarned: s.passive.spreadEarned[i], passiveShortfall: s.passive.shortfall[i] };
}
