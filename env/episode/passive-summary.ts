import type { MarketParams } from '../market/params.js';
import { MARKOUT_SECONDS } from '../market/queue-replay/queue-fills.js';
import type { MarketState } from '../market/state.js';

/** Mark-out horizons in steps: a fill at step k is marked to the mid of step k + h (when k + h <= N). */
export const MARKOUT_STEPS = [1, 10, 60] as const;

/**
 * A passive env's execution quality over an episode (or the part played so far).
 *
 * - fillRate: limit shares filled / limit shares posted (NaN when nothing was posted).
 * - passiveShare: limit fills / every executed share.
 * - spreadCapture: the half-spread earned, net, per half-spread of the executed shares:
 *   (sum over limit fills of n (epsilon_r + offset * tick) - sum over market orders of n epsilon_r)
 *   / sum over all executed shares of n epsilon_r. All at the touch: +1; all market orders: -1;
 *   half and half at the touch: 0; posting behind the touch can exceed 1. Temporary impact is not
 *   spread and is left out.
 * - markout{h}Bps: per filled limit share, side * (limit price - mid h steps later), the mid moved
 *   only by the exogenous price (the agent's own later impact left out, so it measures adverse
 *   selection and not the agent's own pressure): edge - side * (F_{k+h} - F_k), in bps of S0,
 *   share-weighted over the fills with k + h <= N (NaN when there are none). Positive: the fill
 *   still looks good h steps later; with alpha = 0 it averages the edge epsilon_r + offset * tick,
 *   adverse selection pulls it down.
 *   A queue replay (LOBSTER book) marks each fill to the recorded mid 1, 10 and 60 seconds after
 *   the fill itself (`MARKOUT_SECONDS`), not steps, and its edge is against the recorded mid.
 * - passiveShortfallBps + aggressiveShortfallBps = the episode's shortfall in bps.
 */
export interface PassiveSummary {
  readonly posted: number;
  readonly filled: number;
  readonly fillRate: number;
  readonly passiveShare: number;
  readonly spreadCapture: number;
  readonly spreadEarnedBps: number;
  readonly passiveShortfallBps: number;
  readonly aggressiveShortfallBps: number;
  readonly markout1Bps: number;
  readonly markout10Bps: number;
  readonly markout60Bps: number;
}

/** The passive numbers of lane i's episode (a passive env's state only). */
export function passiveSummary(p: MarketParams, s: MarketState, i: number): PassiveSummary {
  const t = s.passive;
  const executed = p.X - s.x[i];
  const [markout1Bps, markout10Bps, markout60Bps] = p.book ? MARKOUT_SECONDS.map((_, h) => markoutSecondsBps(p, s, i, h)) : MARKOUT_STEPS.map((h) => markoutBps(p, s, i, h));
  return {
    posted: t.posted[i],
    filled: t.filled[i],
    fillRate: t.posted[i] > 0 ? t.filled[i] / t.posted[i] : NaN,
    passiveShare: executed > 0 ? t.filled[i] / executed : 0,
    spreadCapture: t.halfSpreadAll[i] > 0 ? (t.spreadEarned[i] - t.halfSpreadPaid[i]) / t.halfSpreadAll[i] : NaN,
    spreadEarnedBps: t.spreadEarned[i] * p.bpsPerDollar,
    passiveShortfallBps: t.shortfall[i] * p.bpsPerDollar,
    aggressiveShortfallBps: (s.shortfall[i] - t.shortfall[i]) * p.bpsPerDollar,
    markout1Bps,
    markout10Bps,
    markout60Bps,
  };
}

function markoutBps(p: MarketParams, s: MarketState, i: number, h: number): number {
  const t = s.passive;
  const path = i * (p.N + 1);
  let shares = 0;
  let total = 0;
  for (let k = 0; k + h <= Math.min(s.k[i], p.N); k++) {
    const n = t.fillPath[i * p.N + k];
    if (n === 0) continue;
    shares += n;
    total += n * (t.edgePath[i * p.N + k] - p.side * (t.fundamentalPath[path + k + h] - t.fundamentalPath[path + k]));
  }
  return shares > 0 ? (1e4 * total) / (shares * p.S0) : NaN;
}

/** A queue replay's mark-out at horizon index h (`MARKOUT_SECONDS[h]` seconds), from the step's per-fill sums. */
function markoutSecondsBps(p: MarketParams, s: MarketState, i: number, h: number): number {
  const at = i * MARKOUT_SECONDS.length + h;
  const shares = s.passive.markoutShares[at];
  return shares > 0 ? (1e4 * s.passive.markoutSum[at]) / (shares * p.S0) : NaN;
}
