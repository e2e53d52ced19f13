import { UserError } from '../../errors/errors.js';
import { BookEventType, type BookEvents } from '../../data/book-events.js';
import { lastEventBefore } from '../queue-replay/book-level.js';
import type { ReplayTable } from '../../data/replay-table.js';
import type { BookReplay } from '../queue-replay/book-replay.js';

/**
 * A book replay's constants (execution.fills.model 'book'), resolved once from the spec and the
 * recorded day: plain frozen data shared by every lane, like the rest of `MarketParams`. The
 * decision rows, the windows' price scales and the tick are the queue replay's {@link BookReplay}
 * (`MarketParams.book`), built from the same windows.
 */
export interface LobParams {
  /** Order size X (shares): the unit of the size features. */
  readonly X: number;
  readonly N: number;
  /** Seconds of the recording per step, and each window's first decision time. */
  readonly stepSeconds: number;
  readonly startSeconds: Float64Array;
  /** Constant latencies (s): orders reach the book entrySeconds after the decision; the features show the book feedSeconds before it. */
  readonly entrySeconds: number;
  readonly feedSeconds: number;
  /** The observation's imbalance over the best 1..imbalanceLevels levels. */
  readonly imbalanceLevels: number;
  /** Order-pool size of each lane's book: room for every order a window can hold at once. */
  readonly orderCapacity: number;
  /** Per window: the signed recorded executions of the step before its first look at the book (its first signed_flow). */
  readonly startFlow: Float64Array;
}

/** The book fill model's section of a validated spec. */
export interface BookFillsSpec {
  readonly latency: { readonly entrySeconds: number; readonly feedSeconds: number };
  readonly imbalanceLevels: number;
}

/**
 * @throws UserError when a latency is not shorter than a step (an order would arrive after the
 * step it was decided in) or the imbalance asks for more levels than the data records
 */
export function resolveLob(fills: BookFillsSpec, book: BookReplay, table: ReplayTable, X: number, N: number): LobParams {
  const { entrySeconds, feedSeconds } = fills.latency;
  const step = table.stepSeconds;
  for (const [name, value] of [['entrySeconds', entrySeconds], ['feedSeconds', feedSeconds]] as const) {
    if (!(value < step)) throw new UserError(`spec.execution.fills.latency.${name}: must be shorter than a step (${step} s), got ${value}`);
  }
  if (fills.imbalanceLevels > book.day.levels) throw new UserError(`spec.execution.fills.imbalanceLevels: the data records ${book.day.levels} levels, got ${fills.imbalanceLevels}`);
  return Object.freeze({
    X,
    N,
    stepSeconds: step,
    startSeconds: Float64Array.from(table.windows, (w) => w.startSeconds),
    entrySeconds,
    feedSeconds,
    imbalanceLevels: fills.imbalanceLevels,
    orderCapacity: orderCapacity(book, table, N, feedSeconds),
    startFlow: Float64Array.from(table.windows, (w) => signedFlow(book.day, w.startSeconds - feedSeconds - step, w.startSeconds - feedSeconds)),
  });
}

/**
 * Orders a lane's book can hold at once, at most: the recorded levels it starts from, every order
 * added during the longest window (from the feed-latency look before its start to its end), and
 * room for ours and for the unknown-id orders that levels entering the recorded depth bring,
 * rounded up to a power of two. Sized to the data rather than a fixed 65,536 so that the books of
 * a vector env's lanes stay small (a reset no longer touches the pool: see OrderBook.clear).
 */
function orderCapacity(book: BookReplay, table: ReplayTable, N: number, feedSeconds: number): number {
  const { day } = book;
  let most = 0;
  for (let w = 0; w < table.windows.length; w++) {
    const from = Math.max(0, book.row[w * (N + 1)] - 1);
    const start = table.windows[w].startSeconds - feedSeconds;
    let first = from;
    while (first > 0 && day.time[first] >= start) first--;
    let adds = 0;
    for (let j = first; j <= book.row[w * (N + 1) + N]; j++) if (day.type[j] === BookEventType.add) adds++;
    most = Math.max(most, adds);
  }
  const needed = 2 * (most + 2 * day.levels + 4 * N) + 1024;
  return 2 ** Math.ceil(Math.log2(needed));
}

/** Buyer- minus seller-initiated recorded executions (shares) of the messages in [from, to) seconds. */
export function signedFlow(day: BookEvents, from: number, to: number): number {
  let flow = 0;
  for (let j = lastEventBefore(day, from) + 1; j <= lastEventBefore(day, to); j++) flow += signedExecution(day, j);
  return flow;
}

/** The shares a recorded message executed, signed by the aggressor: + a buy (an ask executed), - a sell, 0 for any other message. */
export function signedExecution(day: BookEvents, j: number): number {
  return day.type[j] === BookEventType.executeVisible || day.type[j] === BookEventType.executeHidden ? -day.side[j] * day.size[j] : 0;
}
