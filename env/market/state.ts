import type { Rng } from '../random/rng.js';
import { MARKOUT_SECONDS } from './queue-replay/queue-fills.js';
import { createBookLanes, type BookLanes } from './lob-fills/book-lanes.js';
import { createQrLanes, type QrLanes } from './qr-fills/qr-lanes.js';
import { replaySetOfSeed } from '../random/seeds.js';
import type { MarketParams } from './params.js';
import { haltStreams } from './halts.js';

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
  /** The price model's latent state (ou-alpha's alpha_k), zero for models without one. */
  readonly latent: Float64Array;
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
  /** Episode totals of the step ledger's parts ($): see {@link LedgerTotals}. */
  readonly ledger: LedgerTotals;
  /**
   * Replay markets: the window each lane plays, its window set (0 training, 1 validation, 2 test,
   * from the lane's seed) and the position of its next episode in that set (seed, then +1 per episode).
   */
  readonly window: Int32Array;
  readonly replaySet: Int8Array;
  readonly replayNext: Float64Array;
  /** Is the lane's current step halted (1: its trade is refused; env/market/halts.ts). 0 without halts. */
  readonly halted: Uint8Array;
  /** A Markov halt process's stream per lane (empty otherwise), apart from the market's path. */
  readonly haltRngs: Rng[];
  /** Passive envs (empty otherwise): each lane's own fill stream, so fills never shift the market's draws. */
  readonly fillRngs: Rng[];
  /** Passive envs: the step's standardised price shock z, drawn before the trade (fills depend on it). */
  readonly shock: Float64Array;
  /** Passive envs: episode totals in shares and $ (see {@link PassiveTotals}). */
  readonly passive: PassiveTotals;
  /** Book replays (execution.fills.model 'book'): each lane's own book with our orders in it; null otherwise. */
  readonly lob: BookLanes | null;
  /** Generated-flow books (execution.fills.model 'qr'): each lane's simulator and book with our orders in it; null otherwise. */
  readonly qr: QrLanes | null;
}

/**
 * Each lane's sums over the episode of its steps' cost ledger parts ($; a passive env's spread
 * earned is in {@link PassiveTotals}): with it they add up to the episode's shortfall.
 */
export interface LedgerTotals {
  readonly fixed: Float64Array;
  readonly temporary: Float64Array;
  readonly permanent: Float64Array;
  readonly timing: Float64Array;
}

/**
 * A passive env's per-lane episode totals (length 0 in a taker env): shares posted and filled,
 * spread earned by the fills and half-spread paid by market orders ($), the half-spread of every
 * executed share (the unit of spread capture), the passive part of the shortfall, and, lanes x
 * steps, the path the mark-outs read: fundamental F_0..F_N, passive fills and their edge
 * (epsilon_r + offset * tick, $/share) at each step.
 */
export interface PassiveTotals {
  readonly posted: Float64Array;
  readonly filled: Float64Array;
  readonly spreadEarned: Float64Array;
  readonly halfSpreadPaid: Float64Array;
  readonly halfSpreadAll: Float64Array;
  readonly shortfall: Float64Array;
  readonly fundamentalPath: Float64Array;
  readonly fillPath: Float64Array;
  readonly edgePath: Float64Array;
  /**
   * Queue replays (length 0 otherwise): lanes x 3, each fill marked out in seconds of the
   * recording (`MARKOUT_SECONDS`): sum of q * side * (limit price - mid) ($) and of q (shares).
   */
  readonly markoutSum: Float64Array;
  readonly markoutShares: Float64Array;
}

/**
 * A fresh state for one lane per stream; `seeds[i]` is lane i's market seed (for replay windows).
 * A passive env also gets one fill stream per lane (`fillRngs`, same length as `rngs`); a Markov
 * halt process one halt stream per lane, the child stream `halts` of the lane's seed. A book
 * replay's lane books are taken over from `previous` (the state a seeded reset replaces) when it has
 * as many lanes: a lane's book is restarted whole by every reset (`resetBookLane`), and allocating
 * its pools afresh on every seeded reset cost more than the episode's steps.
 */
export function createMarketState(params: MarketParams, rngs: Rng[], seeds: ArrayLike<number>, fillRngs: Rng[] = [], previous: MarketState | null = null): MarketState {
  const lanes = rngs.length;
  const f64 = () => new Float64Array(lanes);
  const passiveLanes = params.execution ? lanes : 0;
  const p64 = (perLane = 1) => new Float64Array(passiveLanes * perLane);
  return {
    lanes,
    rngs,
    k: new Int32Array(lanes),
    x: f64(),
    fundamental: f64(),
    permanent: f64(),
    displacement: f64(),
    latent: f64(),
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
    ledger: { fixed: f64(), temporary: f64(), permanent: f64(), timing: f64() },
    window: new Int32Array(lanes),
    replaySet: Int8Array.from({ length: lanes }, (_, i) => replaySetOfSeed(seeds[i])),
    replayNext: Float64Array.from({ length: lanes }, (_, i) => seeds[i]),
    fillRngs,
    halted: new Uint8Array(lanes),
    haltRngs: haltStreams(params.constraints?.halts ?? null, seeds),
    shock: p64(),
    passive: {
      posted: p64(),
      filled: p64(),
      spreadEarned: p64(),
      halfSpreadPaid: p64(),
      halfSpreadAll: p64(),
      shortfall: p64(),
      fundamentalPath: p64(params.N + 1),
      fillPath: p64(params.N),
      edgePath: p64(params.N),
      markoutSum: new Float64Array(params.book ? lanes * MARKOUT_SECONDS.length : 0),
      markoutShares: new Float64Array(params.book ? lanes * MARKOUT_SECONDS.length : 0),
    },
    lob: params.lob && params.book ? (previous?.lob?.replays.length === lanes ? previous.lob : createBookLanes(params.lob, params.book.day, lanes)) : null,
    qr: params.qr ? (previous?.qr?.books.length === lanes ? previous.qr : createQrLanes(params.qr, lanes)) : null,
  };
}
