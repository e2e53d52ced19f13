/**
 * What happens to a limit order book, as a format-neutral event kind (the values are LOBSTER's
 * message codes, so the LOBSTER reader's arrays are already in this form; another format's reader
 * maps its own codes to these).
 */
export const BookEventType = {
  /** a new limit order is added to the book */
  add: 1,
  /** part of a resting order is cancelled */
  cancel: 2,
  /** a resting order is deleted (cancelled in full) */
  delete: 3,
  /** a visible resting order is executed (in part or in full) */
  executeVisible: 4,
  /** a hidden resting order is executed */
  executeHidden: 5,
  /** a cross trade, e.g. an auction print: no resting order changes */
  cross: 6,
  /** a trading halt indicator (price -1 halt, 0 quoting, 1 resume) */
  halt: 7,
} as const;
export type BookEventTypeCode = (typeof BookEventType)[keyof typeof BookEventType];

/** Side of a resting order: 1 a bid (buy), -1 an ask (sell). */
export type BookSide = 1 | -1;

/**
 * One symbol's recorded book over a span of a day, in any data format: every event (columnar,
 * typed arrays, row i the i-th event) and the top `levels` of the book after each event. This is
 * the type between the data readers and everything that replays a book (the queue replay of
 * env/market/queue-replay/, a message-replay limit order book): a new book format is one reader
 * that yields it (see env/data/formats.ts). Prices are integers in 1e-4 of the currency unit, so
 * price levels compare exactly. By contract nothing writes into the arrays (they are shared by
 * every env of the process).
 */
export interface BookEvents {
  readonly symbol: string;
  /** YYYY-MM-DD */
  readonly date: string;
  /** The clock of `time`: an IANA zone. */
  readonly timeZone: string;
  /** The file (or other source) the events came from, for messages. */
  readonly source: string;
  /** The recorded span, seconds after midnight in `timeZone`. */
  readonly startSeconds: number;
  readonly endSeconds: number;
  /** Number of events. */
  readonly count: number;
  /** Event time, seconds after midnight in `timeZone`; non-decreasing. */
  readonly time: Float64Array;
  /** {@link BookEventType} code. */
  readonly type: Uint8Array;
  /** The venue's order reference (0 where the venue gives none, e.g. some hidden executions); exact below 2^53. */
  readonly orderId: Float64Array;
  /** Shares added, cancelled or executed. */
  readonly size: Float64Array;
  /** Price in 1e-4 currency units (halts: the halt code). */
  readonly priceE4: Float64Array;
  /** Side of the resting order the event concerns ({@link BookSide}); an execution with -1 is a buy trade. */
  readonly side: Int8Array;
  /** Book levels recorded after each event (1 = the touch only). */
  readonly levels: number;
  /**
   * Book after each event, row-major: entry `i * levels + k` is level k (0 = best) after event i;
   * an empty level has price NaN and size 0.
   */
  readonly askPriceE4: Float64Array;
  readonly askSize: Float64Array;
  readonly bidPriceE4: Float64Array;
  readonly bidSize: Float64Array;
}

/** True when event `type` executes shares against the visible or hidden book (not a cross). */
export function isBookExecution(type: number): boolean {
  return type === BookEventType.executeVisible || type === BookEventType.executeHidden;
}

/** The recorded book after event `row`: (price 1e-4 $, shares) per non-empty level, best first. */
export function recordedBookAt(events: BookEvents, row: number): { bids: [number, number][]; asks: [number, number][] } {
  const L = events.levels;
  const bids: [number, number][] = [];
  const asks: [number, number][] = [];
  for (let k = 0; k < L; k++) {
    if (events.bidSize[row * L + k] > 0) bids.push([events.bidPriceE4[row * L + k], events.bidSize[row * L + k]]);
    if (events.askSize[row * L + k] > 0) asks.push([events.askPriceE4[row * L + k], events.askSize[row * L + k]]);
  }
  return { bids, asks };
}
