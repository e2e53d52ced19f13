import type { OurOrder } from './lobster-replay.js';
import type { OrderBook } from './order-book.js';

/**
 * What an env does with our orders in a book, whoever moves the rest of it: the recorded messages
 * (`LobsterReplay`, issue 20) or a generated flow (`QrSimulator`, issue 21). Both implement it, so
 * the book env's order handling and features (env/market/lob-fills/) serve either.
 */
export interface OrderVenue {
  readonly book: OrderBook;
  /** Our fills so far, in order (passive: our resting order was hit). */
  readonly fills: readonly { readonly time: number; readonly priceE4: number; readonly size: number; readonly passive: boolean }[];
  /** A limit order (`priceE4` finite) or a market order (NaN) of ours entering the book now. */
  submit(side: number, priceE4: number, size: number): OurOrder;
  /** Cancels what remains of our order. @returns the shares cancelled, -1 when it no longer rests */
  cancelOurs(order: OurOrder): number;
  /** Cancels `shares` of our resting order keeping its place. @returns the shares cancelled, -1 when it no longer rests */
  reduceOurs(order: OurOrder, shares: number): number;
  /** Shares ahead of our resting order in its queue (0 when it no longer rests). */
  ahead(order: OurOrder): number;
}
