import { sampleIndex, type Rng } from '../random/rng.js';
import { impactModels } from './impact/impact-models.js';
import { priceModels } from './price/price-models.js';
import { nextDisplacement } from './impact/transient.js';
import { constrainShares } from './constraints.js';
import { firstHalt, marketConstrainedShares, moveHalts } from './constraints-step.js';
import { filledShares, fillIntensity } from './fills.js';
import { RegimeInfoMode, type ExecutionParams, type MarketParams } from './params.js';
import type { BookReplay } from './queue-replay/book-replay.js';
import { MARKOUT_SECONDS, marketOrderValue, recordedHalfSpread, restLimitOrder } from './queue-replay/queue-fills.js';
import { createRestingOrder } from './queue-replay/resting-order.js';
import { createBookWalk } from './queue-replay/walk-book.js';
import { createBookStep, playBookStep } from './lob-fills/play-book-step.js';
import { resetBookLane } from './lob-fills/book-lanes.js';
import { playQrStep } from './qr-fills/play-qr-step.js';
import { resetQrLane } from './qr-fills/qr-lanes.js';
import { hamiltonUpdate } from './regime-filter.js';
import type { MarketState } from './state.js';
import type { ReplayTable } from '../data/replay-table.js';
import { replayWindowAt } from '../data/replay-sets.js';

/**
 * What one step did, per lane: reward, the fill, the market, and the cost ledger in $ (positive is
 * a cost): fixed + temporary + permanent + timing = shortfall = side * n * (S0 - execution price).
 */
export interface StepOutput {
  readonly reward: Float64Array;
  readonly terminated: Uint8Array;
  readonly shares: Float64Array;
  readonly price: Float64Array;
  readonly volume: Float64Array;
  readonly regime: Int32Array;
  readonly fixed: Float64Array;
  readonly temporary: Float64Array;
  /** Own impact of earlier trades still in the price: permanent P_k plus transient D_k. */
  readonly permanent: Float64Array;
  /** The exogenous price move since arrival: side * n * (S0 - F_k). */
  readonly timing: Float64Array;
  readonly shortfall: Float64Array;
  readonly riskPenalty: Float64Array;
}

export function createStepOutput(lanes: number): StepOutput {
  const f64 = () => new Float64Array(lanes);
  return {
    reward: f64(),
    terminated: new Uint8Array(lanes),
    shares: f64(),
    price: f64(),
    volume: f64(),
    regime: new Int32Array(lanes),
    fixed: f64(),
    temporary: f64(),
    permanent: f64(),
    timing: f64(),
    shortfall: f64(),
    riskPenalty: f64(),
  };
}

/**
 * A passive env's limit orders in one step, per lane: the env writes the inputs (`fraction`,
 * `offset`) from the actions before the step, the step writes the rest. With these the step's
 * ledger reads: fixed + temporary (market orders only) + permanent + timing (every executed share)
 * - spreadEarned (limit fills) = shortfall, and `passiveShortfall` is the fills' part of it.
 * `StepOutput.shares` counts every executed share, market and limit.
 */
export interface LimitStep {
  /** Input: fraction of the step's trade n_k posted as a limit order, in [0, 1]. */
  readonly fraction: Float64Array;
  /** Input: ticks behind the touch (0: at the touch, the best ask of a sell). */
  readonly offset: Float64Array;
  /** Shares posted (0 on the last step, which crosses everything left). */
  readonly posted: Float64Array;
  /** Shares the limit order filled. */
  readonly filled: Float64Array;
  /** Unfilled shares crossed at the step's end (unfilled: 'cross'; else 0). */
  readonly crossed: Float64Array;
  /** The limit price: the mid plus side * (epsilon_r + offset * tick); a queue replay's: the recorded touch plus side * offset ticks. */
  readonly limitPrice: Float64Array;
  /** The half-spread at the decision ($/share): epsilon_r, or a queue replay's recorded one (the unit of spread capture). */
  readonly halfSpread: Float64Array;
  /** filled * (epsilon_r + offset * tick) in $: what the fills earned against the mid (a gain). */
  readonly spreadEarned: Float64Array;
  /** side * filled * (S0 - limitPrice) in $: the passive part of the step's shortfall. */
  readonly passiveShortfall: Float64Array;
}

export function createLimitStep(lanes: number): LimitStep {
  const f64 = () => new Float64Array(lanes);
  return { fraction: f64(), offset: f64(), posted: f64(), filled: f64(), crossed: f64(), limitPrice: f64(), halfSpread: f64(), spreadEarned: f64(), passiveShortfall: f64() };
}

/** Starts a new episode in lane `i`, drawing r_0 (and the shadow chain's start) from its stream. */
export function resetLane(p: MarketParams, s: MarketState, i: number): void {
  const rng = s.rngs[i];
  if (p.replay) s.window[i] = nextReplayWindow(p.replay, s, i);
  s.k[i] = 0;
  s.x[i] = p.X;
  s.fundamental[i] = p.S0;
  s.permanent[i] = 0;
  s.displacement[i] = 0;
  const latent = priceModels[p.priceModel].latent;
  s.latent[i] = latent ? latent.start(p, rng) : 0;
  s.regime[i] = p.K > 1 ? sampleIndex(rng, p.initial) : 0;
  s.shadow[i] = p.K > 1 ? sampleIndex(rng, p.initial) : 0;
  s.volEwma[i] = 1;
  s.volumeRatio[i] = 1;
  s.halted[i] = p.constraints?.halts ? firstHalt(p.constraints.halts, p, s, i) : 0;
  s.belief.set(p.initial, i * p.K);
  s.shortfall[i] = 0;
  s.riskPenalty[i] = 0;
  s.episodeReturn[i] = 0;
  s.vwapNotional[i] = 0;
  s.vwapVolume[i] = 0;
  s.ledger.fixed[i] = 0;
  s.ledger.temporary[i] = 0;
  s.ledger.permanent[i] = 0;
  s.ledger.timing[i] = 0;
  if (p.execution) resetPassiveTotals(p, s, i);
}

function resetPassiveTotals(p: MarketParams, s: MarketState, i: number): void {
  const t = s.passive;
  t.posted[i] = 0;
  t.filled[i] = 0;
  t.spreadEarned[i] = 0;
  t.halfSpreadPaid[i] = 0;
  t.halfSpreadAll[i] = 0;
  t.shortfall[i] = 0;
  t.fundamentalPath[i * (p.N + 1)] = p.S0;
  t.fillPath.fill(0, i * p.N, (i + 1) * p.N);
  if (p.book) {
    t.markoutSum.fill(0, i * MARKOUT_SECONDS.length, (i + 1) * MARKOUT_SECONDS.length);
    t.markoutShares.fill(0, i * MARKOUT_SECONDS.length, (i + 1) * MARKOUT_SECONDS.length);
  }
  if (p.lob) resetBookLane(p.lob, p.book!, s.lob!, i, s.window[i], p.side);
  // The episode's seed: the position nextReplayWindow just used (the lane's market seed + its episodes so far).
  if (p.qr) resetQrLane(p.qr, p.book!.day, s.qr!, i, s.window[i], s.replayNext[i] - 1, p.S0, p.side);
}

/**
 * The window of lane i's next replay episode: position `seed + episodes so far` in the set its
 * seed selects (see `replayWindowAt`), so one seed gives every policy the same window.
 */
function nextReplayWindow(replay: ReplayTable, s: MarketState, i: number): number {
  const window = replayWindowAt(replay, s.replaySet[i] as 0 | 1 | 2, s.replayNext[i]);
  s.replayNext[i] += 1;
  return window;
}

/** Shares traded for multiplier `a` of the even split, under the spec's execution constraints; the last step liquidates what remains. */
export function sharesFor(p: MarketParams, k: number, x: number, a: number): number {
  const remaining = p.N - k;
  if (remaining === 1) return x;
  const n = Math.min(x, (a * x) / remaining);
  return p.constraints ? constrainShares(p.constraints, k, x, n) : n;
}

/**
 * The ledger of lane i's trade, written once for all three trade paths (taker, passive, queue):
 * fixed + temporary + permanent + timing - spreadEarned = shortfall ($, positive a cost), the
 * risk penalty lambda sigma_r^2 tau x_{k+1}^2 on what is left, and the reward
 * -bpsPerDollar * (shortfall + riskPenalty). Returns the shortfall (the fill price of the passive
 * paths is derived from it).
 */
function recordTrade(p: MarketParams, out: StepOutput, i: number, r: number, executed: number, xNext: number, sigmaR: number, volume: number, fixed: number, temporary: number, permanent: number, timing: number, spreadEarned: number): number {
  const shortfall = fixed + temporary + permanent + timing - spreadEarned;
  const riskPenalty = p.lambda * sigmaR * sigmaR * p.tau * xNext * xNext;
  out.reward[i] = -p.bpsPerDollar * (shortfall + riskPenalty);
  out.shares[i] = executed;
  out.volume[i] = volume;
  out.regime[i] = r;
  out.fixed[i] = fixed;
  out.temporary[i] = temporary;
  out.permanent[i] = permanent;
  out.timing[i] = timing;
  out.shortfall[i] = shortfall;
  out.riskPenalty[i] = riskPenalty;
  return shortfall;
}

/**
 * The market step: every lane trades its multiplier `a[i]` of the even split, the market moves one
 * step, and `out` receives what happened. A passive env (p.execution set) also takes `limit`: the
 * part of each trade posted as a limit order, and where (see {@link LimitStep}). The exogenous draws (volume noise, price shock, next
 * regime, shadow regime) are taken in the same order whatever the action, so every policy sees
 * the same market path for the same seed (common random numbers); a one-regime market draws no
 * regimes. Lanes must not be terminated.
 *
 * One pass over the lanes, each lane in three parts: the trade, the episode totals, the move.
 * Lanes share nothing (each has its own stream), so a lane's draws keep their order (volume, shock,
 * regimes) whatever the other lanes do. The loop reads its arrays and parameters into locals and
 * its parts are written out rather than called: V8 inlines at most 920 bytes of bytecode into one
 * optimised function, which the two normal draws, the volume and the impact model already fill,
 * and a part it did not inline would cost a call and a reload of every array after it (issue 9:
 * 0.8x the instructions of the pass per part it replaces). A passive trade is a call per lane
 * ({@link tradePassive}, {@link tradeQueue}); the regime chains move in a loop of their own.
 */
export function marketStep(p: MarketParams, s: MarketState, a: ArrayLike<number>, out: StepOutput, scratch: Float64Array, limit: LimitStep | null = null): void {
  const { side, S0, tau, epsilon, sigma, gamma, K, N, replay, kappa, decay, volAlpha, expectedVolume } = p;
  const e = limit ? p.execution : null;
  const { temporaryPerShare, displaces } = impactModels[p.impactModel];
  const { nextFundamental, volatilityScale, latent: latentProcess } = priceModels[p.priceModel];
  const belief = p.regimeInfo === RegimeInfoMode.Belief;
  const returnScale = 1 / (p.sigmaRef * p.sigmaRef * tau);
  const { rngs, k: step, x: holdings, regime, fundamental, permanent, displacement, window, shock, volEwma, volumeRatio } = s;
  const { shortfall: shortfallTotal, riskPenalty: riskPenaltyTotal, episodeReturn, vwapNotional, vwapVolume, ledger: ledgerTotal } = s;
  const { reward, shares, price, volume: volumes, shortfall: shortfalls, riskPenalty: riskPenalties, terminated } = out;
  for (let i = 0; i < s.lanes; i++) {
    const rng = rngs[i];
    const k = step[i];
    const r = regime[i];
    const x = holdings[i];
    const F = fundamental[i];
    const P = permanent[i];
    const D = displacement[i];

    // The trade, at S_k - side * (fixed + temporary + D) during a step whose market volume is drawn
    // first (the square-root law's cost depends on it): the fill, the cost ledger (fixed + temporary
    // + permanent + timing = shortfall), the risk penalty on what is left and the reward.
    if (e && limit) {
      if (p.lob || p.qr) tradeBook(p, s, i, a[i], limit, out);
      else if (p.book) tradeQueue(p, e, p.book, s, i, a[i], limit, out);
      else tradePassive(p, e, s, i, a[i], limit, out);
      addPassiveTotals(p, s, i, limit, out);
    } else {
      const wanted = sharesFor(p, k, x, a[i]);
      const drawn = replay ? replay.volume[window[i] * N + k] : marketVolume(p, rng, k, r);
      // A halted step's market trades nothing (its volume is drawn all the same: common random numbers).
      const volume = s.halted[i] === 1 ? 0 : drawn;
      const n = p.constraints ? marketConstrainedShares(p, p.constraints, s, i, k, x, wanted, volume) : wanted;
      const fixedPerShare = n > 0 ? epsilon[r] : 0;
      const tempPerShare = n > 0 ? temporaryPerShare(p, r, n, volume) : 0;
      const sigmaRisk = latentProcess?.varianceFactor ? sigma[r] * Math.sqrt(latentProcess.varianceFactor(p, s.latent[i])) : sigma[r];
      recordTrade(p, out, i, r, n, x - n, sigmaRisk, volume, n * fixedPerShare, n * tempPerShare, n * (P + D), side * n * (S0 - F), 0);
      price[i] = F - side * P - side * (fixedPerShare + tempPerShare + D);
    }
    const n = shares[i];
    const volume = volumes[i];

    // The episode totals, and the market's volume at S_k (a replay knows the market's own VWAP
    // within the step).
    shortfallTotal[i] += shortfalls[i];
    riskPenaltyTotal[i] += riskPenalties[i];
    episodeReturn[i] += reward[i];
    ledgerTotal.fixed[i] += out.fixed[i];
    ledgerTotal.temporary[i] += out.temporary[i];
    ledgerTotal.permanent[i] += out.permanent[i];
    ledgerTotal.timing[i] += out.timing[i];
    // (a generated flow's market is priced at the decision's mid, as a simulated market's)
    const marketPrice = replay && !p.qr ? replay.vwap[window[i] * N + k] : F;
    vwapNotional[i] += volume * (marketPrice - side * P);
    vwapVolume[i] += volume;

    // The move under r_k: the exogenous price, then the lane's own permanent and transient impact
    // (limit fills do not deplete the book, so only market orders move the displacement).
    const z = replay ? 0 : e ? shock[i] : rng.normal();
    const Fnext = p.qr ? s.qr!.mid[i] : replay ? replay.price[window[i] * (N + 1) + k + 1] : nextFundamental!(p, F, sigma[r], z, s.latent[i], rng);
    if (latentProcess) s.latent[i] = latentProcess.next(p, s.latent[i], z, rng);
    const Pnext = P + gamma[r] * n;
    fundamental[i] = Fnext;
    permanent[i] = Pnext;
    displacement[i] = displaces ? nextDisplacement(D, e && limit ? n - limit.filled[i] : n, kappa, decay) : 0;
    if (e) s.passive.fundamentalPath[i * (N + 1) + k + 1] = Fnext;

    // The public features see the move: the realised-volatility EWMA (squared price change in units
    // of sigmaRef^2 * tau), the volume ratio and the Hamilton filter, which still reads r_k's
    // transition row; then the holdings and the clock move (and, after every lane, the regimes).
    const priceChange = Fnext - side * Pnext - (F - side * P);
    volEwma[i] += volAlpha * (priceChange * priceChange * returnScale - volEwma[i]);
    volumeRatio[i] = volume / expectedVolume[k];
    if (belief) hamiltonUpdate(p, s.belief, i * K, k, priceChange, n, volume, volatilityScale(p, F), scratch);
    holdings[i] = x - n;
    step[i] = k + 1;
    terminated[i] = k + 1 === N ? 1 : 0;
  }
  if (K > 1) moveRegimes(p, s);
  if (p.constraints?.halts) moveHalts(p.constraints.halts, p, s);
}

/**
 * Each lane's regime chain and its shadow chain (regimeInfo 'shuffled') move one step, after the
 * lane's price draws. A loop of its own: in the lane loop above, the two draws would take the
 * inlining budget the price and volume draws need.
 */
function moveRegimes(p: MarketParams, s: MarketState): void {
  const { K, transition } = p;
  const { rngs, regime, shadow } = s;
  for (let i = 0; i < s.lanes; i++) {
    const rng = rngs[i];
    regime[i] = sampleIndex(rng, transition, regime[i] * K, K);
    shadow[i] = sampleIndex(rng, transition, shadow[i] * K, K);
  }
}

/**
 * A passive env's trade: lane i's step trade n_k (multiplier a) is split into a market order
 * and a limit order of fraction[i] * n_k resting offset[i] ticks behind the touch. The market's
 * draws come first and in the taker env's order (volume, then the price shock z, kept for
 * `moveMarket`), so a passive env's market path is the taker env's for the same seed; the fills
 * draw one uniform per step from the lane's own fill stream.
 *
 * Limit fills pay no half-spread and no temporary impact (they supply liquidity), earn
 * delta = epsilon_r + offset * tick against the mid, and carry permanent impact and the standing
 * transient displacement like any executed share: permanent impact models the information in the
 * net order flow, whoever initiates the trade. The market order (plus the crossed remainder with
 * unfilled 'cross') pays epsilon_r and temporary impact on its own size. With nothing filled every
 * number is the taker env's, bit for bit.
 */
function tradePassive(p: MarketParams, e: ExecutionParams, s: MarketState, i: number, a: number, limit: LimitStep, out: StepOutput): void {
  const { side, S0, tau, epsilon, sigma, N } = p;
  const rng = s.rngs[i];
  const k = s.k[i];
  const r = s.regime[i];
  const x = s.x[i];
  const n = sharesFor(p, k, x, a);
  const volume = marketVolume(p, rng, k, r);
  const z = rng.normal();
  s.shock[i] = z;
  const u = s.fillRngs[i].uniform();
  const posted = k === N - 1 ? 0 : limit.fraction[i] * n;
  const eps = epsilon[r];
  const edge = eps + limit.offset[i] * e.tick;
  const filled = filledShares(posted, e.clip, fillIntensity(e, edge, tau, side, z, volume / (p.dailyVolume * tau)), u);
  // Written so that nothing filled gives exactly the taker's n (n - 0), never (n - posted) + posted.
  const marketShares = e.crossUnfilled ? n - filled : n - posted;
  const executed = Math.min(n, marketShares + filled);
  const F = s.fundamental[i];
  const P = s.permanent[i];
  const D = s.displacement[i];
  const fixedPerShare = marketShares > 0 ? eps : 0;
  const tempPerShare = marketShares > 0 ? impactModels[p.impactModel].temporaryPerShare(p, r, marketShares, volume) : 0;
  const spreadEarned = filled * edge;
  const limitPrice = F - side * (P + D) + side * edge;
  const latent = priceModels[p.priceModel].latent;
  const sigmaRisk = latent?.varianceFactor ? sigma[r] * Math.sqrt(latent.varianceFactor(p, s.latent[i])) : sigma[r];
  const shortfall = recordTrade(p, out, i, r, executed, x - executed, sigmaRisk, volume, marketShares * fixedPerShare, marketShares * tempPerShare, executed * (P + D), side * executed * (S0 - F), spreadEarned);
  out.price[i] = filled > 0 ? S0 - (side * shortfall) / executed : F - side * P - side * (fixedPerShare + tempPerShare + D);
  limit.posted[i] = posted;
  limit.filled[i] = filled;
  limit.crossed[i] = e.crossUnfilled ? posted - filled : 0;
  limit.limitPrice[i] = limitPrice;
  limit.halfSpread[i] = eps;
  limit.spreadEarned[i] = spreadEarned;
  limit.passiveShortfall[i] = side * filled * (S0 - limitPrice);
}

/**
 * A queue replay's trade (execution.fills.model 'queue'): lane i's step trade n_k is split as in
 * {@link tradePassive}, but the market is the recorded book of its window. The market order walks
 * the recorded levels at the decision; the limit order joins the back of the recorded queue
 * `offset` whole ticks behind the touch (a Box offset rounds to the nearest tick: a price level of
 * the recorded book is on its grid) and the step's recorded events fill it
 * (`restLimitOrder`); what is unfilled is cancelled or crossed into the book at the step's end.
 * The book does not react to our orders (no permanent impact: the spec has gamma 0), and nothing
 * is drawn, so every policy replays the same market.
 *
 * Ledger, all against the recorded mid: timing = side * shares * (S0 - mid at the decision, or at
 * the step's end for crossed shares); fixed = the recorded half-spread of the market-order shares;
 * temporary = the rest of the walk (levels beyond the touch, the depth penalty); spreadEarned =
 * side * filled * (limit price - mid at the decision). They sum to side * (executed * S0 - value).
 */
function tradeQueue(p: MarketParams, e: ExecutionParams, book: BookReplay, s: MarketState, i: number, a: number, limit: LimitStep, out: StepOutput): void {
  const { side, S0, sigma, N } = p;
  const t = s.passive;
  const scratch = queueScratch;
  const k = s.k[i];
  const w = s.window[i];
  const x = s.x[i];
  const n = sharesFor(p, k, x, a);
  const F = s.fundamental[i];
  const rowNow = book.row[w * (N + 1) + k];
  const posted = k === N - 1 ? 0 : limit.fraction[i] * n;
  const marketShares = n - posted;
  const halfSpread = recordedHalfSpread(book, w, rowNow);
  const marketValue = marketShares > 0 ? marketOrderValue(book, w, rowNow, side, marketShares, scratch.walk) : 0;
  const filled = posted > 0 ? restLimitOrder(book, w, k, N, side, Math.round(limit.offset[i]), posted, scratch.order, t.markoutSum, t.markoutShares, i * MARKOUT_SECONDS.length) : 0;
  const limitPrice = posted > 0 ? book.scale[w] * scratch.order.priceE4 : F + side * halfSpread;
  const crossed = e.crossUnfilled ? posted - filled : 0;
  const Fend = p.replay!.price[w * (N + 1) + k + 1];
  const crossedValue = crossed > 0 ? marketOrderValue(book, w, book.row[w * (N + 1) + k + 1], side, crossed, scratch.walk) : 0;
  const crossedHalfSpread = crossed > 0 ? recordedHalfSpread(book, w, book.row[w * (N + 1) + k + 1]) : 0;
  const executed = marketShares + filled + crossed;
  const fixed = marketShares * halfSpread + crossed * crossedHalfSpread;
  const temporary = side * (marketShares * F - marketValue) + side * (crossed * Fend - crossedValue) - fixed;
  const timing = side * ((marketShares + filled) * (S0 - F) + crossed * (S0 - Fend));
  const spreadEarned = side * filled * (limitPrice - F);
  const shortfall = recordTrade(p, out, i, 0, executed, x - executed, sigma[0], p.replay!.volume[w * N + k], fixed, temporary, 0, timing, spreadEarned);
  out.price[i] = executed > 0 ? S0 - (side * shortfall) / executed : F - side * halfSpread;
  limit.posted[i] = posted;
  limit.filled[i] = filled;
  limit.crossed[i] = crossed;
  limit.limitPrice[i] = limitPrice;
  limit.halfSpread[i] = halfSpread;
  limit.spreadEarned[i] = spreadEarned;
  limit.passiveShortfall[i] = side * filled * (S0 - limitPrice);
}

/**
 * A book env's trade (execution.fills.model 'book' or 'qr'): lane i's step trade n_k, split as in
 * {@link tradePassive}, plays in the lane's own book (env/market/lob-fills/play-book-step.ts holds
 * the order handling and the ledger's terms): limit orders rest across steps in their FIFO place,
 * market orders take the book's liquidity. A book replay draws nothing; a generated flow
 * (env/market/qr-fills/play-qr-step.ts) draws from its episode's own stream only.
 */
function tradeBook(p: MarketParams, s: MarketState, i: number, a: number, limit: LimitStep, out: StepOutput): void {
  const k = s.k[i];
  const w = s.window[i];
  const x = s.x[i];
  const b = bookStep;
  const d = bookDecision;
  d.side = p.side;
  d.S0 = p.S0;
  d.F = s.fundamental[i];
  d.x = x;
  d.n = sharesFor(p, k, x, a);
  d.fraction = limit.fraction[i];
  d.offset = limit.offset[i];
  const at = i * MARKOUT_SECONDS.length;
  // A generated flow's market volume is its own: the others' executed shares in the lane's step.
  if (p.qr) playQrStep(p.qr, s.qr!, i, w, k, d, p.book!.depthPenaltyTicks, s.passive.markoutSum, s.passive.markoutShares, at, b);
  else playBookStep(p.lob!, p.book!, s.lob!, i, w, k, d, s.passive.markoutSum, s.passive.markoutShares, at, b);
  const volume = p.qr ? s.qr!.volume[i] : p.replay!.volume[w * p.N + k];
  const shortfall = recordTrade(p, out, i, 0, b.executed, x - b.executed, p.sigma[0], volume, b.fixed, b.temporary, b.permanent, b.timing, b.spreadEarned);
  out.price[i] = b.executed > 0 ? p.S0 - (p.side * shortfall) / b.executed : b.idlePrice;
  limit.posted[i] = b.posted;
  limit.filled[i] = b.filled;
  limit.crossed[i] = 0;
  limit.limitPrice[i] = b.limitPrice;
  limit.halfSpread[i] = b.halfSpread;
  limit.spreadEarned[i] = b.spreadEarned;
  limit.passiveShortfall[i] = b.passiveShortfall;
}

/** The book replay's working records (the step is synchronous, so one pair serves every env). */
const bookStep = createBookStep();
const bookDecision = { side: 1, S0: 0, F: 0, x: 0, n: 0, fraction: 0, offset: 0 };

/** The queue replay's working records, reused by every step (the step is synchronous, so one set serves every env). */
const queueScratch = { order: createRestingOrder(), walk: createBookWalk() };

/** Adds lane i's passive step to its passive totals and mark-out path (before the move). */
function addPassiveTotals(p: MarketParams, s: MarketState, i: number, limit: LimitStep, out: StepOutput): void {
  const t = s.passive;
  t.posted[i] += limit.posted[i];
  t.filled[i] += limit.filled[i];
  t.spreadEarned[i] += limit.spreadEarned[i];
  t.halfSpreadPaid[i] += out.fixed[i];
  t.halfSpreadAll[i] += limit.halfSpread[i] * out.shares[i];
  t.shortfall[i] += limit.passiveShortfall[i];
  const at = i * p.N + s.k[i];
  t.fillPath[at] = limit.filled[i];
  t.edgePath[at] = limit.filled[i] > 0 ? limit.spreadEarned[i] / limit.filled[i] : 0;
}

/** Market volume of step k: profile * regime multiplier * mean-one lognormal noise. */
function marketVolume(p: MarketParams, rng: Rng, k: number, r: number): number {
  const noise = p.volumeNoise;
  return p.volumeProfile[k] * p.volumeMultiplier[r] * Math.exp(noise * rng.normal() - 0.5 * noise * noise);
}

/**
 * The price model: F_{k+1} from F_k and the standard normal draw z, a shock of standard deviation
 * sigma_r * sqrt(tau), arithmetic (Almgren–Chriss) or geometric with the same $ volatility at S0.
 */

