import type { OurOrder } from '../../lob/lobster-replay.js';
import type { OrderVenue } from '../../lob/order-venue.js';
import { RECORDED_TICK_E4 } from '../queue-replay/book-replay.js';
import type { LobParams } from './lob-params.js';

/** One observation column (the shape of `ObservationFeature`, which the observation table holds). */
interface BookFeature {
  readonly name: string;
  readonly meaning: string;
  readonly low: number;
  readonly high: number;
  readonly hiddenState: false;
}

/**
 * The book columns of a book replay's observation (issue 20), all read from the lane's own book
 * (the recorded orders and ours, after our market orders took what they took) as it stood one feed
 * latency before the decision: public information then. Sizes are in units of the order size X.
 */
export function bookFeatures(lp: LobParams): BookFeature[] {
  const column = (name: string, meaning: string, low: number, high: number): BookFeature => ({ name, meaning, low, high, hiddenState: false });
  return [
    column('spread_ticks', 'best ask - best bid of the book, in ticks ($0.01); 0 when a side is empty', 0, Infinity),
    ...Array.from({ length: lp.imbalanceLevels }, (_, l) => column(`imbalance_${l + 1}`, `(bid shares - ask shares) / their sum over the best ${l + 1} level(s) of each side: +1 all bids, -1 all asks`, -1, 1)),
    column('bid_touch_size', 'shares at the best bid (ours included) / X', 0, Infinity),
    column('ask_touch_size', 'shares at the best ask (ours included) / X', 0, Infinity),
    column('own_ahead', 'shares ahead of our oldest resting limit order in its queue / X; 0 when none rests', 0, Infinity),
    column('own_resting', 'shares of our resting limit orders / X', 0, Infinity),
    column('signed_flow', 'the others\' executions over the last step (recorded, or the generated flow\'s), buyer-initiated minus seller-initiated shares / X', -Infinity, Infinity),
  ];
}

export function bookFeatureCount(lp: LobParams): number {
  return lp.imbalanceLevels + 6;
}

/** Writes the columns of {@link bookFeatures} for `replay`'s book now (recorded or generated flow) at `out[at ..]`. */
export function writeBookFeatures(lp: LobParams, replay: OrderVenue, resting: readonly OurOrder[], flow: number, out: Float64Array, at: number): void {
  const { book } = replay;
  const bid = book.bestPrice(1);
  const ask = book.bestPrice(-1);
  const X = lp.X;
  out[at] = bid < ask ? (ask - bid) / RECORDED_TICK_E4 : 0;
  let bids = 0;
  let asks = 0;
  for (let l = 0; l < lp.imbalanceLevels; l++) {
    if (l < book.bidDepth) bids += book.levelSize[book.bidLevels[l]];
    if (l < book.askDepth) asks += book.levelSize[book.askLevels[l]];
    out[at + 1 + l] = bids + asks > 0 ? (bids - asks) / (bids + asks) : 0;
  }
  let j = at + 1 + lp.imbalanceLevels;
  out[j++] = book.bidDepth > 0 ? book.levelSize[book.bidLevels[0]] / X : 0;
  out[j++] = book.askDepth > 0 ? book.levelSize[book.askLevels[0]] / X : 0;
  let ours = 0;
  for (const o of resting) ours += o.remaining;
  out[j++] = resting.length > 0 ? replay.ahead(resting[0]) / X : 0;
  out[j++] = ours / X;
  out[j] = flow / X;
}
