import type { BookEvents } from '../../data/book-events.js';
import type { BookSide } from './book-level.js';

/** What a market order took from the recorded book. */
export interface BookWalk {
  /** Shares filled within the recorded levels. */
  filled: number;
  /** $ x 1e4 paid or received for them (sum of price x shares). */
  notionalE4: number;
  /** Shares the recorded levels could not take (the caller prices them: error or penalty). */
  unfilled: number;
  /** Price of the last level touched (1e-4 $), NaN when nothing filled. */
  lastPriceE4: number;
}

/**
 * A market order of `shares` against the recorded book after event `row`: it takes the levels of
 * `side` (the resting orders it hits: 1 bids for a sell, -1 asks for a buy) from the touch
 * outwards, so its price is the VWAP of the levels consumed. The recorded book does not react to
 * our orders: the next event replays as recorded, as if our order had never taken those shares.
 * Writes into `out` (allocation-free in the market step) and returns it.
 */
export function walkBook(day: BookEvents, row: number, side: BookSide, shares: number, out: BookWalk): BookWalk {
  const levels = day.levels;
  const prices = side === 1 ? day.bidPriceE4 : day.askPriceE4;
  const sizes = side === 1 ? day.bidSize : day.askSize;
  let left = shares;
  let notionalE4 = 0;
  let lastPriceE4 = Number.NaN;
  for (let k = 0; k < levels && left > 0; k++) {
    const price = prices[row * levels + k];
    if (Number.isNaN(price)) break;
    const take = Math.min(left, sizes[row * levels + k]);
    notionalE4 += take * price;
    left -= take;
    lastPriceE4 = price;
  }
  out.filled = shares - left;
  out.notionalE4 = notionalE4;
  out.unfilled = left;
  out.lastPriceE4 = lastPriceE4;
  return out;
}

export function createBookWalk(): BookWalk {
  return { filled: 0, notionalE4: 0, unfilled: 0, lastPriceE4: Number.NaN };
}
