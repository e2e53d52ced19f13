import type { OurOrder } from '../../lob/lobster-replay.js';
import type { OrderVenue } from '../../lob/order-venue.js';
import { midE4 } from '../queue-replay/book-level.js';
import type { BookReplay } from '../queue-replay/book-replay.js';
import { markOutFill } from '../queue-replay/queue-fills.js';
import { advanceBook, dropDone, snapshotBook, type BookLanes } from './book-lanes.js';
import type { LobParams } from './lob-params.js';

/**
 * What one lane's step in its book did, in the replay's $ (the market step turns it into the
 * ledger and the limit record). Ledger, against the mid M of the lane's own book at the decision
 * (recorded orders and ours, after what our earlier market orders took) and the recorded mid F:
 * timing = side * executed * (S0 - F); permanent = side * executed * (F - M), our footprint still in
 * the book; fixed = market shares * the book's half-spread; temporary = the rest of the market
 * orders' cost against M (levels beyond the touch, the book moving before they arrive);
 * spreadEarned = side * (limit fills' value - their shares * M). They sum to
 * side * (executed * S0 - value received).
 */
export interface BookStep {
  executed: number;
  /** Limit shares newly sent to the book this step (a re-size in place or a kept order sends none). */
  posted: number;
  /** Shares our resting limit orders filled (passive). */
  filled: number;
  /** The step's limit price ($), or M + side * half-spread when it posts nothing. */
  limitPrice: number;
  halfSpread: number;
  /** The decision's mid minus side * half-spread: the price reported when nothing executes. */
  idlePrice: number;
  fixed: number;
  temporary: number;
  permanent: number;
  timing: number;
  spreadEarned: number;
  /** side * (filled * S0 - their value): the limit fills' part of the shortfall. */
  passiveShortfall: number;
}

export function createBookStep(): BookStep {
  return { executed: 0, posted: 0, filled: 0, limitPrice: 0, halfSpread: 0, idlePrice: 0, fixed: 0, temporary: 0, permanent: 0, timing: 0, spreadEarned: 0, passiveShortfall: 0 };
}

/** The program: side (+1 sells), S0, the recorded mid F_k, holdings x, the step's trade n and its posted fraction and offset (ticks). */
export interface BookDecision {
  side: number;
  S0: number;
  F: number;
  x: number;
  n: number;
  fraction: number;
  offset: number;
}

/**
 * Lane i plays step k of window w in its own book. The decision (fraction * n resting `offset`
 * ticks behind the touch it saw, the rest a market order; the last step sends everything left as
 * a market order and cancels what rests) reaches the book one entry latency after the decision:
 *
 * 1. the recorded messages up to the arrival play (our resting orders fill as executions reach them);
 * 2. the market order walks the book and takes the liquidity (the recorded orders it consumed are
 *    reconciled by LobsterReplay's rule when a later message names them); shares the book cannot
 *    take execute at the last price reached worsened by `depthPenaltyTicks`;
 * 3. the limit order: a resting order at the new price keeps its place and is cut to the new size
 *    (NASDAQ keeps priority on a size reduction); shares beyond what rests there join the back of
 *    the queue; an order at another price is cancelled (a re-price loses the place);
 * 4. the rest of the step's messages play; one feed latency before the next decision the features
 *    are taken.
 * Orders and sizes are clamped so the step never executes more than the holdings.
 */
export function playBookStep(lp: LobParams, book: BookReplay, lanes: BookLanes, i: number, w: number, k: number, d: BookDecision, markoutSum: Float64Array, markoutShares: Float64Array, markoutAt: number, out: BookStep): void {
  const { day } = book;
  const { N } = lp;
  const { side } = d;
  const replay = lanes.replays[i];
  const rowNow = book.row[w * (N + 1) + k];
  const lastRow = book.row[w * (N + 1) + k + 1];
  const decision = lp.startSeconds[w] + k * lp.stepSeconds;

  // The book at the decision: the ledger's mid and half-spread (the recorded ones if a side is empty).
  const bid = replay.book.bestPrice(1);
  const ask = replay.book.bestPrice(-1);
  const L = day.levels;
  const mE4 = bid < ask ? 0.5 * (bid + ask) : midE4(day, rowNow);
  const hE4 = bid < ask ? 0.5 * (ask - bid) : 0.5 * (day.askPriceE4[rowNow * L] - day.bidPriceE4[rowNow * L]);
  const touchSeen = lanes.touchE4[i];
  const touchE4 = Number.isNaN(touchSeen) ? (side === 1 ? day.askPriceE4 : day.bidPriceE4)[rowNow * L] : touchSeen;
  const priceE4 = touchE4 + side * Math.round(d.offset) * book.tickE4;

  // 1. to the arrival
  advanceBook(lanes, i, lastRow, decision + lp.entrySeconds, true);
  // 2. the market order, 3. the limit order
  const sent = sendOrders(replay, lanes.resting[i], lanes.fillsCounted[i], d, k === N - 1, priceE4, out);

  // 4. the rest of the step, with the next decision's features one feed latency before it
  if (k + 1 < N) {
    advanceBook(lanes, i, lastRow, decision + lp.stepSeconds - lp.feedSeconds, false);
    snapshotBook(lp, lanes, i, side);
  }
  advanceBook(lanes, i, lastRow, Infinity, false);

  // The step's fills, passive and aggressive, each passive one marked out against the recorded mids.
  for (let f = lanes.fillsCounted[i]; f < replay.fills.length; f++) {
    const fill = replay.fills[f];
    if (fill.passive) markOutFill(book, w, side, fill.priceE4, fill.size, fill.time, markoutSum, markoutShares, markoutAt);
  }
  const takenE4 = Number.isNaN(sent.lastPriceE4) ? (side === 1 ? day.bidPriceE4 : day.askPriceE4)[rowNow * L] : sent.lastPriceE4;
  const fills = sumStepFills(replay, lanes.fillsCounted[i], sent.market - sent.took, takenE4 - side * book.depthPenaltyTicks * book.tickE4);
  lanes.fillsCounted[i] = replay.fills.length;
  writeLedger(book.scale[w], mE4, hE4, priceE4, sent.target, fills.passive, fills.passiveE4, fills.aggressive, fills.aggressiveE4, d, out);
}

/** What {@link sendOrders} did (one object reused by every call: the step allocates nothing). */
export interface SentOrders {
  /** Shares sent as a market order, and the limit shares wanted resting after it. */
  market: number;
  target: number;
  /** What the market order took from the book: shares, their value (1e-4 $) and the last price reached (NaN if none). */
  took: number;
  tookE4: number;
  lastPriceE4: number;
}
const sentScratch: SentOrders = { market: 0, target: 0, took: 0, tookE4: 0, lastPriceE4: Number.NaN };

/**
 * Steps 2 and 3 of a book step at our orders' arrival, whoever moves the rest of the book: the
 * decision split into a market order and the limit shares to keep resting (the last step sends
 * everything left at market), both clamped to the holdings left after the fills since the
 * decision; the market order walks the venue's book, then the limit order takes or keeps its
 * place (`placeLimit`, whose posted shares go to `out.posted`).
 * @param fillsCounted the venue's fills already counted before this step
 */
export function sendOrders(venue: OrderVenue, resting: OurOrder[], fillsCounted: number, d: BookDecision, last: boolean, priceE4: number, out: BookStep): SentOrders {
  const ourSide = d.side === 1 ? -1 : 1;
  let filledBefore = 0;
  for (let f = fillsCounted; f < venue.fills.length; f++) filledBefore += venue.fills[f].size;
  const xNow = d.x - filledBefore;
  const market = Math.min(last ? d.n : d.n - d.fraction * d.n, xNow);
  const target = last ? 0 : Math.max(0, Math.min(d.fraction * d.n, xNow - market));
  const marketFrom = venue.fills.length;
  if (market > 0) venue.submit(ourSide, Number.NaN, market);
  let took = 0;
  let tookE4 = 0;
  let lastPriceE4 = Number.NaN;
  for (let f = marketFrom; f < venue.fills.length; f++) {
    took += venue.fills[f].size;
    tookE4 += venue.fills[f].size * venue.fills[f].priceE4;
    lastPriceE4 = venue.fills[f].priceE4;
  }
  out.posted = placeLimit(venue, resting, ourSide, priceE4, target);
  const sent = sentScratch;
  sent.market = market;
  sent.target = target;
  sent.took = took;
  sent.tookE4 = tookE4;
  sent.lastPriceE4 = lastPriceE4;
  return sent;
}

/** A step's fills summed by kind (one object reused by every call). */
export interface StepFills {
  passive: number;
  passiveE4: number;
  aggressive: number;
  aggressiveE4: number;
}
const fillsScratch: StepFills = { passive: 0, passiveE4: 0, aggressive: 0, aggressiveE4: 0 };

/**
 * The venue's fills from `from` on, passive and aggressive (shares and value in 1e-4 $), plus the
 * market shares the book could not take (`beyond`), executed at `worstE4`.
 */
export function sumStepFills(venue: OrderVenue, from: number, beyond: number, worstE4: number): StepFills {
  let passive = 0;
  let passiveE4 = 0;
  let aggressive = 0;
  let aggressiveE4 = 0;
  for (let f = from; f < venue.fills.length; f++) {
    const fill = venue.fills[f];
    if (fill.passive) {
      passive += fill.size;
      passiveE4 += fill.size * fill.priceE4;
    } else {
      aggressive += fill.size;
      aggressiveE4 += fill.size * fill.priceE4;
    }
  }
  if (beyond > 0) {
    aggressive += beyond;
    aggressiveE4 += beyond * worstE4;
  }
  const sums = fillsScratch;
  sums.passive = passive;
  sums.passiveE4 = passiveE4;
  sums.aggressive = aggressive;
  sums.aggressiveE4 = aggressiveE4;
  return sums;
}

/** The step's ledger terms of {@link BookStep} from its fills (1e-4 $ of the book, `scale` $ per unit). */
export function writeLedger(scale: number, mE4: number, hE4: number, priceE4: number, target: number, passive: number, passiveE4: number, aggressive: number, aggressiveE4: number, d: BookDecision, out: BookStep): void {
  const { side, S0, F } = d;
  const M = scale * mE4;
  const H = scale * hE4;
  const executed = passive + aggressive;
  const passiveValue = scale * passiveE4;
  out.executed = executed;
  out.filled = passive;
  out.halfSpread = H;
  out.idlePrice = M - side * H;
  out.limitPrice = target > 0 ? scale * priceE4 : M + side * H;
  out.timing = side * executed * (S0 - F);
  out.permanent = side * executed * (F - M);
  out.fixed = aggressive * H;
  out.temporary = side * (aggressive * M - scale * aggressiveE4) - out.fixed;
  out.spreadEarned = side * (passiveValue - passive * M);
  out.passiveShortfall = side * (passive * S0 - passiveValue);
}

/**
 * Brings our resting limit orders to `target` shares at `priceE4` (see {@link playBookStep}, 3):
 * @returns the shares newly sent to the book
 */
export function placeLimit(replay: OrderVenue, resting: OurOrder[], ourSide: number, priceE4: number, target: number): number {
  dropDone(resting);
  let kept = 0;
  for (const o of resting) {
    const keep = o.priceE4 === priceE4 ? Math.min(o.remaining, target - kept) : 0;
    if (keep <= 0) replay.cancelOurs(o);
    else if (keep < o.remaining) replay.reduceOurs(o, o.remaining - keep);
    kept += Math.max(0, keep);
  }
  dropDone(resting);
  const add = target - kept;
  if (!(add > 1e-9)) return 0;
  const order = replay.submit(ourSide, priceE4, add);
  if (order.slot >= 0) resting.push(order);
  return add;
}
