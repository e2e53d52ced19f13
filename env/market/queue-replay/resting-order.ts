import { BookEventType, type BookEvents } from '../../data/book-events.js';
import { displayedDepth, type BookSide } from './book-level.js';

/**
 * Our limit order resting in a recorded book (any format, see {@link BookEvents}). The recorded book does not react to it:
 * nobody cancels, re-prices or trades differently because it is there, and the shares it takes are
 * still taken from the recorded orders afterwards. What it can tell is when the recorded flow would
 * have reached it, given where it stands in the queue.
 */
export interface RestingOrder {
  /** Side of the book it rests on: -1 an ask (we sell), 1 a bid (we buy). */
  side: BookSide;
  priceE4: number;
  /** Shares not yet filled. */
  remaining: number;
  /**
   * Recorded shares ahead of it at its price; NaN while the price lies beyond the recorded levels
   * (then neither the depth nor the events there are known, and it cannot fill).
   */
  ahead: number;
}

export function createRestingOrder(): RestingOrder {
  return { side: -1, priceE4: 0, remaining: 0, ahead: Number.NaN };
}

/**
 * Posts `shares` at `priceE4` on `side` after event `row`: the order joins the back of the queue,
 * so every share displayed there is ahead of it.
 * @throws RangeError for a price that would cross the recorded book (a marketable order is a market order)
 */
export function postOrder(day: BookEvents, row: number, side: BookSide, priceE4: number, shares: number, order: RestingOrder): RestingOrder {
  const opposite = side === 1 ? day.askPriceE4 : day.bidPriceE4;
  const touch = opposite[row * day.levels];
  if (side * (priceE4 - touch) >= 0) {
    throw new RangeError(`a limit order at ${priceE4} on the ${side === 1 ? 'bid' : 'ask'} side would cross the recorded touch ${touch} after event ${row}`);
  }
  order.side = side;
  order.priceE4 = priceE4;
  order.remaining = shares;
  order.ahead = displayedDepth(day, row, side, priceE4);
  return order;
}

/**
 * Replays events `from + 1 .. to` (inclusive) against `order` and returns the shares it filled,
 * all at its own price. The queue model, per event:
 *
 * - an execution (type 4, or 5: hidden orders yield to displayed ones at a price) at its price, or
 *   beyond it on its side (a trade-through: the aggressor paid a worse price than ours), takes the
 *   shares ahead first, then ours (partial fills);
 * - an opposite order submitted at or through its price (type 1) would have traded with the queue
 *   it crossed: the same rule;
 * - a cancellation at its price (types 2, 3) advances it by the cancelled shares times the share
 *   of the level ahead of it: hftbacktest's ProbQueueModel with the identity function, after
 *   Rigtorp's estimator (nkaz001/hftbacktest, `IdentityProbQueueModel`);
 * - after every event the shares ahead are at most the level's displayed depth (orders ahead of us
 *   can only leave), which also places an order whose price comes into the recorded levels at the
 *   back of the level it finds there.
 *
 * Submissions on its own side join behind it; cross trades (6) and halts (7) change nothing.
 */
export function replayOrder(day: BookEvents, order: RestingOrder, from: number, to: number): number {
  let filled = 0;
  for (let j = from + 1; j <= to && order.remaining > 0; j++) filled += replayEvent(day, order, j);
  return filled;
}

/** Event `j` against `order` by the rules of {@link replayOrder}: the shares it filled. */
export function replayEvent(day: BookEvents, order: RestingOrder, j: number): number {
  const { side, priceE4 } = order;
  const type = day.type[j];
  const price = day.priceE4[j];
  const direction = day.side[j];
  let filled = 0;
  if (type === BookEventType.executeVisible || type === BookEventType.executeHidden) {
    // side * (price - ours) < 0: an ask executed above our ask, or a bid below our bid.
    if (direction === side && side * (price - priceE4) <= 0) filled = virtualTrade(order, day.size[j]);
  } else if (type === BookEventType.add) {
    if (direction === -side && side * (price - priceE4) <= 0) filled = virtualTrade(order, day.size[j]);
  } else if ((type === BookEventType.cancel || type === BookEventType.delete) && direction === side && price === priceE4) {
    cancelAhead(order, day.size[j], displayedDepth(day, j - 1, side, priceE4));
  }
  const depth = displayedDepth(day, j, side, priceE4);
  if (!Number.isNaN(depth)) order.ahead = Number.isNaN(order.ahead) ? depth : Math.min(order.ahead, depth);
  return filled;
}

/** An aggressor of `size` shares reaches the order's price: the queue ahead first, then the order. */
function virtualTrade(order: RestingOrder, size: number): number {
  if (Number.isNaN(order.ahead)) return 0;
  const eaten = Math.min(order.ahead, size);
  order.ahead -= eaten;
  const fill = Math.min(order.remaining, size - eaten);
  order.remaining -= fill;
  return fill;
}

/** `size` shares cancelled from a level of `depthBefore` displayed shares: the part ahead of us leaves in proportion. */
function cancelAhead(order: RestingOrder, size: number, depthBefore: number): void {
  if (Number.isNaN(order.ahead) || !(depthBefore > 0)) return;
  order.ahead = Math.max(0, order.ahead - (size * order.ahead) / depthBefore);
}
