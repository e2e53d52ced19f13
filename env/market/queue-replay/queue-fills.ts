import { lastEventBefore, midE4 } from './book-level.js';
import type { BookReplay } from './book-replay.js';
import { postOrder, replayEvent, type RestingOrder } from './resting-order.js';
import { walkBook, type BookWalk } from './walk-book.js';

/** Mark-out horizons of a queue replay's fills, in seconds of the recording (issue 13: +1, +10, +60 s). */
export const MARKOUT_SECONDS = [1, 10, 60] as const;

/**
 * The queue replay as the fill model of the market step, for a program of `side` (+1 sells, -1
 * buys) in window `w`: posts `shares` `offsetTicks` recorded ticks behind the touch of the book at
 * decision `k` (a sell rests on the ask), replays the step's recorded events against it, and
 * returns the shares filled, all at `order.priceE4`. Each fill is marked out at the recorded mid
 * `MARKOUT_SECONDS[h]` after it: `markoutSum[at + h]` gains q * side * (limit - mid) in the
 * replay's $, `markoutShares[at + h]` gains q (a mid past the end of the recording is its last).
 */
export function restLimitOrder(
  book: BookReplay,
  w: number,
  k: number,
  N: number,
  side: number,
  offsetTicks: number,
  shares: number,
  order: RestingOrder,
  markoutSum: Float64Array,
  markoutShares: Float64Array,
  at: number,
): number {
  const { day } = book;
  const from = book.row[w * (N + 1) + k];
  const to = book.row[w * (N + 1) + k + 1];
  const touchE4 = (side === 1 ? day.askPriceE4 : day.bidPriceE4)[from * day.levels];
  postOrder(day, from, side === 1 ? -1 : 1, touchE4 + side * offsetTicks * book.tickE4, shares, order);
  let filled = 0;
  for (let j = from + 1; j <= to && order.remaining > 0; j++) {
    const q = replayEvent(day, order, j);
    if (q === 0) continue;
    filled += q;
    markOutFill(book, w, side, order.priceE4, q, day.time[j], markoutSum, markoutShares, at);
  }
  return filled;
}

/**
 * Marks a fill of q shares at `priceE4` at `seconds` out against the recorded mid
 * `MARKOUT_SECONDS[h]` after it: `markoutSum[at + h]` gains q * side * (price - mid) in the
 * replay's $ of window w, `markoutShares[at + h]` gains q (a mid past the end of the recording is
 * its last; a one-sided book has none and is skipped).
 */
export function markOutFill(book: BookReplay, w: number, side: number, priceE4: number, q: number, seconds: number, markoutSum: Float64Array, markoutShares: Float64Array, at: number): void {
  const { day } = book;
  for (let h = 0; h < MARKOUT_SECONDS.length; h++) {
    const mid = midE4(day, Math.max(0, lastEventBefore(day, seconds + MARKOUT_SECONDS[h])));
    if (Number.isNaN(mid)) continue;
    markoutSum[at + h] += q * side * book.scale[w] * (priceE4 - mid);
    markoutShares[at + h] += q;
  }
}

/**
 * What a market order of `shares` receives (a sell) or pays (a buy), in the replay's $, against the
 * recorded book after event `row`: the levels it walks at their prices, and the shares beyond the
 * recorded levels at the deepest price worsened by `depthPenaltyTicks` (a level-5 file shows no
 * more; the penalty is the documented stand-in). The book does not react: the next step's book is
 * the recorded one, refilled as if our order had never taken anything.
 */
export function marketOrderValue(book: BookReplay, w: number, row: number, side: number, shares: number, walk: BookWalk): number {
  walkBook(book.day, row, side === 1 ? 1 : -1, shares, walk);
  const beyondE4 = walk.unfilled > 0 ? walk.unfilled * (walk.lastPriceE4 - side * book.depthPenaltyTicks * book.tickE4) : 0;
  return book.scale[w] * (walk.notionalE4 + beyondE4);
}

/** The recorded half-spread after event `row`, in the replay's $. */
export function recordedHalfSpread(book: BookReplay, w: number, row: number): number {
  const i = row * book.day.levels;
  return 0.5 * book.scale[w] * (book.day.askPriceE4[i] - book.day.bidPriceE4[i]);
}
