import type { BookEvents } from '../../data/book-events.js';
import { LobsterReplay, type OurOrder } from '../../lob/lobster-replay.js';
import { OrderBook } from '../../lob/order-book.js';
import { lastEventBefore } from '../queue-replay/book-level.js';
import type { BookReplay } from '../queue-replay/book-replay.js';
import { writeBookFeatures, bookFeatureCount } from './book-features.js';
import { signedExecution, type LobParams } from './lob-params.js';

/**
 * Each lane's own book (issue 20): a {@link LobsterReplay} of the recorded messages with our
 * orders in it, our resting limit orders (oldest first), and the book features of its next
 * decision. Lanes share nothing but the recorded events (read-only), so a lane's book evolves the
 * same whichever lane runs it, and a vector env of M lanes is M single envs.
 */
export interface BookLanes {
  readonly replays: LobsterReplay[];
  /** Our limit orders still resting, per lane, in the order they were sent. */
  readonly resting: OurOrder[][];
  /** Per lane: how many of the replay's fills (`replay.fills`) the steps have already counted. */
  readonly fillsCounted: Int32Array;
  /** Signed recorded executions (shares, buyer-initiated positive) since the last feature snapshot. */
  readonly flow: Float64Array;
  /** Our side's best price (1e-4 $) in the last snapshot: the touch the next limit order is priced from. */
  readonly touchE4: Float64Array;
  /** lanes x bookFeatureCount: the next decision's book features (see book-features.ts). */
  readonly features: Float64Array;
  readonly dim: number;
}

export function createBookLanes(lp: LobParams, day: BookEvents, lanes: number): BookLanes {
  const dim = bookFeatureCount(lp);
  return {
    replays: Array.from({ length: lanes }, () => new LobsterReplay(day, new OrderBook(lp.orderCapacity, 4096))),
    resting: Array.from({ length: lanes }, () => []),
    fillsCounted: new Int32Array(lanes),
    flow: new Float64Array(lanes),
    touchE4: new Float64Array(lanes),
    features: new Float64Array(lanes * dim),
    dim,
  };
}

/**
 * Starts lane i's book for window w: the recorded book as it stood one feed latency before the
 * first decision (orders of unknown id at each recorded level), the features seen then (the
 * signed flow of the step before it: `LobParams.startFlow`), then the messages up to the first
 * decision.
 * @param side +1 a sell program (our orders rest on the ask), -1 a buy
 */
export function resetBookLane(lp: LobParams, book: BookReplay, lanes: BookLanes, i: number, w: number, side: number): void {
  const { day } = book;
  const replay = lanes.replays[i];
  const seen = lp.startSeconds[w] - lp.feedSeconds;
  const start = lastEventBefore(day, seen);
  replay.startAfter(start);
  lanes.resting[i].length = 0;
  lanes.fillsCounted[i] = 0;
  lanes.flow[i] = lp.startFlow[w];
  snapshotBook(lp, lanes, i, side);
  advanceBook(lanes, i, book.row[w * (lp.N + 1)], Infinity, false);
}

/**
 * Applies lane i's recorded messages up to row `lastRow` whose time is before `seconds` (at or
 * before it with `inclusive`: messages stamped at the instant an order of ours arrives come
 * first), adding each execution to the signed flow. An inclusive advance (to an arrival of ours
 * within the step) also sets the replay's clock to `seconds`, so our orders are stamped with it.
 */
export function advanceBook(lanes: BookLanes, i: number, lastRow: number, seconds: number, inclusive: boolean): void {
  const replay = lanes.replays[i];
  const day = replay.events;
  let flow = lanes.flow[i];
  for (let j = replay.cursor; j <= lastRow && (inclusive ? day.time[j] <= seconds : day.time[j] < seconds); j = replay.cursor) {
    flow += signedExecution(day, j);
    replay.step();
  }
  lanes.flow[i] = flow;
  // Inclusive advances stop at an arrival within the step, before the next step's first message
  // (which lies at or after the step's end): advanceTo only moves the clock then.
  if (inclusive) replay.advanceTo(seconds);
}

/** Takes lane i's book features now (what the agent will see at its next decision) and restarts the flow count. */
export function snapshotBook(lp: LobParams, lanes: BookLanes, i: number, side: number): void {
  const resting = lanes.resting[i];
  dropDone(resting);
  const { book } = lanes.replays[i];
  lanes.touchE4[i] = book.bestPrice(side === 1 ? -1 : 1);
  writeBookFeatures(lp, lanes.replays[i], resting, lanes.flow[i], lanes.features, i * lanes.dim);
  lanes.flow[i] = 0;
}

/** Removes the orders that no longer rest (filled or cancelled), keeping the others' order. */
export function dropDone(resting: OurOrder[]): void {
  let kept = 0;
  for (const o of resting) if (o.slot >= 0) resting[kept++] = o;
  resting.length = kept;
}
