import { BookEventType, isBookExecution, type BookEvents } from './book-events.js';
import type { Defect } from './defects.js';

/**
 * LOBSTER event types (message column 2), from LOBSTER's readme and DataStructure page: 1 submit,
 * 2 partial cancel, 3 delete, 4 execute visible, 5 execute hidden, 6 cross trade, 7 halt. They are
 * the format-neutral {@link BookEventType} codes, so a LOBSTER day's arrays need no translation.
 */
export const LobsterEvent = {
  submit: BookEventType.add,
  cancel: BookEventType.cancel,
  delete: BookEventType.delete,
  executeVisible: BookEventType.executeVisible,
  executeHidden: BookEventType.executeHidden,
  cross: BookEventType.cross,
  halt: BookEventType.halt,
} as const;
export type LobsterEventType = (typeof LobsterEvent)[keyof typeof LobsterEvent];

/** LOBSTER's scale: prices are US dollars x 10,000 (5859400 = $585.94). */
export const LOBSTER_PRICE_SCALE = 1e4;

/**
 * One LOBSTER day, complete: every event of the message file and the book after it, as parallel
 * typed arrays (row i of the book is the state after event i). Prices stay LOBSTER's exact
 * integers in 1e-4 $ (`...E4`), so price levels compare exactly (queue positions, issue 13).
 */
export interface LobsterDay {
  readonly symbol: string;
  /** YYYY-MM-DD */
  readonly date: string;
  /** The requested window, ms after midnight (from the file name). */
  readonly startMs: number;
  readonly endMs: number;
  readonly levels: number;
  readonly files: { readonly message: string; readonly orderbook: string };
  /** Number of events (rows of both files). */
  readonly count: number;
  /** Seconds after midnight, America/New_York, ns precision. Non-decreasing. */
  readonly time: Float64Array;
  /** {@link LobsterEvent} code. */
  readonly type: Uint8Array;
  /** NASDAQ order reference (0 for some hidden executions); exact below 2^53. */
  readonly orderId: Float64Array;
  /** Shares. */
  readonly size: Float64Array;
  /** Price in 1e-4 $ (halt messages: -1, 0 or 1, as LOBSTER writes them). */
  readonly priceE4: Float64Array;
  /** Side of the limit order: 1 buy (bid), -1 sell (ask). An execution with -1 is a buy trade. */
  readonly direction: Int8Array;
  /**
   * Book after each event, row-major: entry `i * levels + k` is level k (0 = best) after event i.
   * An empty level (LOBSTER's dummy price +-9999999999) has price NaN and size 0.
   */
  readonly askPriceE4: Float64Array;
  readonly askSize: Float64Array;
  readonly bidPriceE4: Float64Array;
  readonly bidSize: Float64Array;
  /** Crossed and one-sided books, halts and cross trades met while reading. */
  readonly defects: readonly Defect[];
}

/** True when event `type` executes shares against the visible or hidden book (4, 5; not a cross, 6). */
export function isExecution(type: number): boolean {
  return isBookExecution(type);
}

/**
 * A LOBSTER day as the format-neutral {@link BookEvents}: the same typed arrays (no copy; LOBSTER's
 * event codes are the neutral ones and its direction column is the resting order's side), on
 * LOBSTER's clock (America/New_York).
 */
export function lobsterBookEvents(day: LobsterDay): BookEvents {
  return Object.freeze({
    symbol: day.symbol,
    date: day.date,
    timeZone: 'America/New_York',
    source: day.files.message,
    startSeconds: day.startMs / 1000,
    endSeconds: day.endMs / 1000,
    count: day.count,
    time: day.time,
    type: day.type,
    orderId: day.orderId,
    size: day.size,
    priceE4: day.priceE4,
    side: day.direction,
    levels: day.levels,
    askPriceE4: day.askPriceE4,
    askSize: day.askSize,
    bidPriceE4: day.bidPriceE4,
    bidSize: day.bidSize,
  });
}
