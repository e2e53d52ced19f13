import type { BookEvents } from '../../data/book-events.js';
import { GrowableColumn } from '../../data/growable-column.js';
import type { OrderBook } from '../order-book.js';

/**
 * The messages a simulated book emits and its best `levels` levels after each, in the columns of
 * {@link BookEvents}: what a LOBSTER message file and orderbook file hold, so the simulated flow is
 * written by the LOBSTER writer (env/data/lobster-writer.ts) and read back by every LOBSTER tool.
 */
export class FlowLog {
  private readonly time = new GrowableColumn(Float64Array);
  private readonly type = new GrowableColumn(Uint8Array);
  private readonly orderId = new GrowableColumn(Float64Array);
  private readonly size = new GrowableColumn(Float64Array);
  private readonly priceE4 = new GrowableColumn(Float64Array);
  private readonly side = new GrowableColumn(Int8Array);
  private readonly askPriceE4: GrowableColumn<Float64Array>;
  private readonly askSize: GrowableColumn<Float64Array>;
  private readonly bidPriceE4: GrowableColumn<Float64Array>;
  private readonly bidSize: GrowableColumn<Float64Array>;

  constructor(readonly levels: number) {
    this.askPriceE4 = new GrowableColumn(Float64Array, 1024 * levels);
    this.askSize = new GrowableColumn(Float64Array, 1024 * levels);
    this.bidPriceE4 = new GrowableColumn(Float64Array, 1024 * levels);
    this.bidSize = new GrowableColumn(Float64Array, 1024 * levels);
  }

  /** Messages recorded so far. */
  get count(): number {
    return this.time.length;
  }

  /** Records one message (BookEventType code; `side` the resting order's) and `book` after it. */
  record(book: OrderBook, time: number, type: number, orderId: number, size: number, priceE4: number, side: number): void {
    this.time.push(time);
    this.type.push(type);
    this.orderId.push(orderId);
    this.size.push(size);
    this.priceE4.push(priceE4);
    this.side.push(side);
    for (let k = 0; k < this.levels; k++) {
      const ask = k < book.askDepth ? book.askLevels[k] : -1;
      const bid = k < book.bidDepth ? book.bidLevels[k] : -1;
      this.askPriceE4.push(ask < 0 ? NaN : book.levelPrice[ask]);
      this.askSize.push(ask < 0 ? 0 : book.levelSize[ask]);
      this.bidPriceE4.push(bid < 0 ? NaN : book.levelPrice[bid]);
      this.bidSize.push(bid < 0 ? 0 : book.levelSize[bid]);
    }
  }

  /** The recorded flow as {@link BookEvents} (copies of the columns). */
  toBookEvents(meta: { symbol: string; date: string; source: string; startSeconds: number; endSeconds: number }): BookEvents {
    return Object.freeze({
      ...meta,
      timeZone: 'America/New_York',
      count: this.count,
      time: this.time.toArray(),
      type: this.type.toArray(),
      orderId: this.orderId.toArray(),
      size: this.size.toArray(),
      priceE4: this.priceE4.toArray(),
      side: this.side.toArray(),
      levels: this.levels,
      askPriceE4: this.askPriceE4.toArray(),
      askSize: this.askSize.toArray(),
      bidPriceE4: this.bidPriceE4.toArray(),
      bidSize: this.bidSize.toArray(),
    });
  }
}
