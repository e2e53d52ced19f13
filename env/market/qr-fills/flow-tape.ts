import { BookEventType } from '../../data/book-events.js';
import { GrowableColumn } from '../../data/growable-column.js';
import { countBelow } from '../../data/sorted-search.js';
import { FlowLog } from '../../lob/flow/flow-log.js';
import type { OrderBook } from '../../lob/order-book.js';

/**
 * What a lane's generated flow did, heard message by message from the simulator (a
 * {@link FlowLog} that keeps no messages): the executions since the last count (signed by the
 * aggressor, as the replay's signed flow; shares and their value) and the book's mid after every
 * change, for the mark-outs. Executions of our own market orders are heard too: the step takes
 * them back out (`dropOurs`), so the counts are the others' trades, as a replay records them.
 */
export class FlowTape extends FlowLog {
  /** Buyer- minus seller-initiated shares executed since the last {@link takeSigned}. */
  signed = 0;
  /** Shares executed, and their value (1e-4 $), since the last {@link takeVolume}. */
  volume = 0;
  notionalE4 = 0;
  /** The last two-sided mid and half-spread (1e-4 $). */
  midE4 = Number.NaN;
  halfE4 = Number.NaN;
  /** The mid after each change of it this episode: times (s) and mids (1e-4 $). */
  private readonly times = new GrowableColumn(Float64Array, 4096);
  private readonly mids = new GrowableColumn(Float64Array, 4096);

  constructor() {
    super(1);
  }

  /** Forgets the episode so far and takes `book` as it stands at `seconds`. */
  restart(book: OrderBook, seconds: number, signed: number): void {
    this.signed = signed;
    this.volume = 0;
    this.notionalE4 = 0;
    this.times.clear();
    this.mids.clear();
    this.midE4 = Number.NaN;
    this.halfE4 = Number.NaN;
    this.noteMid(book, seconds);
  }

  override record(book: OrderBook, time: number, type: number, _orderId: number, size: number, priceE4: number, side: number): void {
    if (type === BookEventType.executeVisible) {
      this.signed -= side * size;
      this.volume += size;
      this.notionalE4 += size * priceE4;
    }
    this.noteMid(book, time);
  }

  /** Takes back our own market order's executions (`ourSide` the aggressor's side). */
  dropOurs(ourSide: number, shares: number, valueE4: number): void {
    this.signed -= ourSide * shares;
    this.volume -= shares;
    this.notionalE4 -= valueE4;
  }

  /** The signed executions since the last call (the next decision's signed_flow), restarting the count. */
  takeSigned(): number {
    const s = this.signed;
    this.signed = 0;
    return s;
  }

  /** The book's mid in force just before `seconds` (the last change strictly before it), NaN before the first. */
  midBefore(seconds: number): number {
    const n = countBelow(this.times.raw, this.times.length, seconds);
    return n > 0 ? this.mids.raw[n - 1] : Number.NaN;
  }

  private noteMid(book: OrderBook, time: number): void {
    if (book.bidDepth === 0 || book.askDepth === 0) return;
    const bid = book.bestPrice(1);
    const ask = book.bestPrice(-1);
    const mid = 0.5 * (bid + ask);
    this.halfE4 = 0.5 * (ask - bid);
    if (mid === this.midE4) return;
    this.midE4 = mid;
    this.times.push(time);
    this.mids.push(mid);
  }
}
