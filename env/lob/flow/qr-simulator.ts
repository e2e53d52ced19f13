import { BookEventType } from '../../data/book-events.js';
import type { Rng } from '../../random/rng.js';
import type { OurFill, OurOrder } from '../lobster-replay.js';
import { OrderBook } from '../order-book.js';
import type { FlowLog } from './flow-log.js';
import { SideCells, sideCells } from './qr-layout.js';
import { sampleSize, type QrParams } from './queue-reactive.js';

/** Ids of our orders: far above the simulated flow's ids, as in the replay. */
const OUR_ID_BASE = 2 ** 52;

/**
 * The queue-reactive model (./queue-reactive.ts) run as an event simulation on an {@link OrderBook}:
 * in each state the total intensity R of every active cell's clocks gives the time to the next
 * event, Exp(R), and one uniform picks which clock rang. Randomness comes only from the `rng`
 * passed in, so a seed fixes the flow. Our orders rest in the same queues and count in the queue
 * sizes that set the intensities; the simulated flow never cancels them (a cancel drawn on a queue
 * holding only ours is dropped, which by thinning is a zero cancel intensity there).
 *
 * Every change to the book is a LOBSTER message (add 1, delete 3, visible execution 4, with the
 * resting order's side), recorded with the book after it when a {@link FlowLog} is given.
 */
export class QrSimulator {
  readonly book: OrderBook;
  /** seconds after midnight */
  time = 0;
  /** model events that changed the book since reset */
  events = 0;
  readonly ours: OurOrder[] = [];
  readonly fills: OurFill[] = [];
  private readonly ourById = new Map<number, OurOrder>();
  private readonly bids: SideCells;
  private readonly asks: SideCells;
  private readonly bidRate: Float64Array;
  private readonly askRate: Float64Array;
  private readonly topPrice: Float64Array;
  private readonly topSize: Float64Array;
  private lastBid = NaN;
  private lastAsk = NaN;
  private bidTotal = 0;
  private askTotal = 0;
  /** a side's cells are recomputed only when its book or the opposite best changed since */
  private bidDirty = true;
  private askDirty = true;
  private bidOpp = NaN;
  private askOpp = NaN;
  private nextId = 1;
  private ourCount = 0;
  /** our orders sent but not yet in the book, by arrival time (ties in sending order) */
  private readonly pending: { arrival: number; side: number; priceE4: number; size: number; done?: (o: OurOrder) => void }[] = [];

  constructor(readonly params: QrParams, private readonly rng: Rng, readonly log?: FlowLog, book = new OrderBook()) {
    this.book = book;
    this.bids = new SideCells(params.layout);
    this.asks = new SideCells(params.layout);
    this.bidRate = new Float64Array(this.bids.cell.length);
    this.askRate = new Float64Array(this.asks.cell.length);
    this.topPrice = new Float64Array(params.layout.levels);
    this.topSize = new Float64Array(params.layout.levels);
  }

  /** Starts at `startSeconds` from the params' initial book, each level one order (logged as adds). */
  reset(startSeconds: number): void {
    this.book.clear();
    this.time = startSeconds;
    this.ours.length = 0;
    this.fills.length = 0;
    this.ourById.clear();
    this.pending.length = 0;
    this.nextId = 1;
    this.ourCount = 0;
    const { bids, asks } = this.params.initialBook;
    for (let k = 0; k < Math.max(bids.length, asks.length); k++) {
      if (k < bids.length) this.addOrder(1, bids[k][0], bids[k][1]);
      if (k < asks.length) this.addOrder(-1, asks[k][0], asks[k][1]);
    }
    this.lastBid = this.book.bestPrice(1);
    this.lastAsk = this.book.bestPrice(-1);
    this.events = 0;
    this.bidDirty = true;
    this.askDirty = true;
  }

  /**
   * Runs the flow up to `seconds`, our orders sent with {@link send} entering the book at their
   * arrival times. The same surface as the replay's (LobsterReplay: advanceTo, send, submit,
   * cancelOurs, ahead), so an env can step either.
   */
  advanceTo(seconds: number): void {
    while (this.pending.length > 0 && this.pending[0].arrival <= seconds) {
      const p = this.pending.shift()!;
      this.runFlowTo(p.arrival);
      const order = this.submit(p.side, p.priceE4, p.size);
      p.done?.(order);
    }
    this.runFlowTo(seconds);
  }

  /**
   * Sends an order of ours now that reaches the book `entryLatencySeconds` later (then as
   * {@link submit}); `done` receives its record when it arrives.
   */
  send(side: number, priceE4: number, size: number, entryLatencySeconds: number, done?: (o: OurOrder) => void): void {
    const arrival = this.time + entryLatencySeconds;
    let at = this.pending.length;
    while (at > 0 && this.pending[at - 1].arrival > arrival) at--;
    this.pending.splice(at, 0, { arrival, side, priceE4, size, done });
  }

  /**
   * Runs the flow's clocks up to `seconds`. The draw that would pass the horizon is discarded: by
   * memorylessness the flow from the horizon on is the same process, so stepping by any horizons
   * gives the same law (not the same path) as one long run.
   */
  private runFlowTo(seconds: number): void {
    for (;;) {
      const total = this.refresh();
      if (!(total > 0)) break;
      const dt = -Math.log(1 - this.rng.uniform()) / total;
      if (this.time + dt > seconds) break;
      this.time += dt;
      this.fire(total);
    }
    if (seconds > this.time) this.time = seconds;
  }

  /** Fires the next event, whenever it comes. @returns false when no clock runs (an empty model) */
  step(): boolean {
    const total = this.refresh();
    if (!(total > 0)) return false;
    this.time += -Math.log(1 - this.rng.uniform()) / total;
    this.fire(total);
    return true;
  }

  /**
   * Our order, entering the book now: a limit order (`priceE4` finite) takes what it crosses and
   * rests the rest at the back of its queue; a market order (NaN) walks the book, any rest dropped.
   * It never trades with our own resting orders (it stops before them).
   */
  submit(side: number, priceE4: number, size: number): OurOrder {
    const id = OUR_ID_BASE + this.ourCount++;
    const order: OurOrder = { id, time: this.time, side, priceE4, size, remaining: size, slot: -1 };
    this.ours.push(order);
    this.ourById.set(id, order);
    const limit = Number.isNaN(priceE4) ? side * Infinity : priceE4;
    const left = this.take(-side, size, limit, true);
    order.remaining = left;
    if (Number.isNaN(priceE4) || left === 0) order.remaining = 0;
    else {
      order.slot = this.book.add(id, side, priceE4, left, 1);
      this.emit(BookEventType.add, id, left, priceE4, side);
    }
    return order;
  }

  /** Cancels what remains of our order. @returns the shares cancelled, -1 when it no longer rests */
  cancelOurs(order: OurOrder): number {
    if (order.slot < 0) return -1;
    const { book } = this;
    const price = book.levelPrice[book.levelOf[order.slot]];
    const shares = book.cancel(order.id);
    this.emit(BookEventType.delete, order.id, shares, price, order.side);
    order.slot = -1;
    order.remaining = 0;
    return shares;
  }

  /**
   * Cancels `shares` of our resting order (all that remains when `shares` is at least that),
   * keeping its place in the queue as a size reduction does on NASDAQ (logged as a partial cancel).
   * @returns the shares cancelled, -1 when it no longer rests
   */
  reduceOurs(order: OurOrder, shares: number): number {
    if (order.slot < 0) return -1;
    if (shares >= order.remaining) return this.cancelOurs(order);
    const { book } = this;
    const price = book.levelPrice[book.levelOf[order.slot]];
    const cancelled = book.cancel(order.id, shares);
    order.remaining -= cancelled;
    this.emit(BookEventType.cancel, order.id, cancelled, price, order.side);
    return cancelled;
  }

  /** Shares ahead of our resting order in its queue (0 when it no longer rests). */
  ahead(order: OurOrder): number {
    return order.slot >= 0 ? this.book.sharesAhead(order.slot) : 0;
  }

  // --- the clocks

  /** Refreshes both sides' cells and their intensities. @returns the total intensity */
  private refresh(): number {
    const { book } = this;
    if (book.bidDepth > 0) this.lastBid = book.bestPrice(1);
    if (book.askDepth > 0) this.lastAsk = book.bestPrice(-1);
    // an empty side is measured from the price it last had (the calibration does the same)
    if (this.bidDirty || this.bidOpp !== this.lastAsk) {
      this.bidTotal = this.sideRates(1, this.lastAsk, this.bids, this.bidRate);
      this.bidOpp = this.lastAsk;
      this.bidDirty = false;
    }
    if (this.askDirty || this.askOpp !== this.lastBid) {
      this.askTotal = this.sideRates(-1, this.lastBid, this.asks, this.askRate);
      this.askOpp = this.lastBid;
      this.askDirty = false;
    }
    return this.bidTotal + this.askTotal;
  }

  private sideRates(side: number, oppBest: number, cells: SideCells, rate: Float64Array): number {
    const { book, topPrice, topSize } = this;
    const { layout, rates } = this.params;
    const levels = side === 1 ? book.bidLevels : book.askLevels;
    const depth = side === 1 ? book.bidDepth : book.askDepth;
    const n = Math.min(depth, layout.levels);
    for (let k = 0; k < n; k++) {
      topPrice[k] = book.levelPrice[levels[k]];
      topSize[k] = book.levelSize[levels[k]];
    }
    sideCells(layout, side, topPrice, topSize, 0, n, depth >= layout.levels, oppBest, cells);
    let total = 0;
    for (let i = 0; i < cells.count; i++) {
      const c = cells.cell[i] * 3;
      const r = rates[c] + (cells.queue[i] > 0 ? rates[c + 1] : 0) + (i === cells.touch ? rates[c + 2] : 0);
      rate[i] = r;
      total += r;
    }
    return total;
  }

  /** Picks the clock that rang (one uniform) and applies its event. */
  private fire(total: number): void {
    let x = this.rng.uniform() * total;
    let side = 1;
    let cells = this.bids;
    let rate = this.bidRate;
    if (x >= this.bidTotal) {
      x -= this.bidTotal;
      side = -1;
      cells = this.asks;
      rate = this.askRate;
    }
    let i = 0;
    while (i < cells.count - 1 && x >= rate[i]) x -= rate[i++];
    const c = cells.cell[i] * 3;
    const { rates } = this.params;
    const price = cells.price[i];
    // (rounding can leave x just past an entry's last clock: it then goes to a clock that runs there)
    const cancels = cells.queue[i] > 0 ? rates[c + 1] : 0;
    if (x < rates[c] || (cancels === 0 && i !== cells.touch)) this.addOrder(side, price, sampleSize(this.rng, this.params.limitSizes));
    else if (cancels > 0 && (x < rates[c] + cancels || i !== cells.touch)) this.cancelOne(side, price);
    else this.marketOrder(side);
  }

  private addOrder(side: number, price: number, size: number): void {
    const id = this.nextId++;
    this.book.add(id, side, price, size, 0);
    this.events++;
    this.emit(BookEventType.add, id, size, price, side);
  }

  /** Deletes one of the others' orders at `price`, chosen uniformly (none there: dropped). */
  private cancelOne(side: number, price: number): void {
    const { book } = this;
    const level = book.findLevel(side, price);
    let others = 0;
    for (let s = book.levelHead[level]; s >= 0; s = book.next[s]) others += 1 - book.ours[s];
    if (others === 0) return;
    let pick = Math.floor(this.rng.uniform() * others);
    let o = book.levelHead[level];
    for (;;) {
      if (book.ours[o] === 0 && pick-- === 0) break;
      o = book.next[o];
    }
    const id = book.id[o];
    const shares = book.size[o];
    book.reduce(o, Infinity);
    this.events++;
    this.emit(BookEventType.delete, id, shares, price, side);
  }

  /** A market order of the flow against `restingSide`, walking at most the model's `levels` levels. */
  private marketOrder(restingSide: number): void {
    const { book } = this;
    const depth = restingSide === 1 ? book.bidDepth : book.askDepth;
    const levels = restingSide === 1 ? book.bidLevels : book.askLevels;
    const limit = book.levelPrice[levels[Math.min(depth, this.params.layout.levels) - 1]];
    this.take(restingSide, sampleSize(this.rng, this.params.marketSizes), limit, false);
    this.events++;
  }

  /**
   * An aggressor of `size` against `restingSide`, FIFO, down to `limit` (inclusive); one execution
   * message per resting order it meets. Ours as aggressor stops before our own resting orders.
   * @returns the shares left
   */
  private take(restingSide: number, size: number, limit: number, oursAggress: boolean): number {
    const { book } = this;
    let left = size;
    while (left > 0) {
      const depth = restingSide === 1 ? book.bidDepth : book.askDepth;
      if (depth === 0) break;
      const level = restingSide === 1 ? book.bidLevels[0] : book.askLevels[0];
      const price = book.levelPrice[level];
      if (restingSide === 1 ? price < limit : price > limit) break;
      const o = book.levelHead[level];
      if (oursAggress && book.ours[o] === 1) break;
      const id = book.id[o];
      const passiveOurs = book.ours[o] === 1;
      const shares = book.reduce(o, left);
      left -= shares;
      this.emit(BookEventType.executeVisible, id, shares, price, restingSide);
      if (passiveOurs) this.fillOurs(id, price, shares);
      if (oursAggress) this.fills.push({ time: this.time, priceE4: price, size: shares, passive: false });
    }
    return left;
  }

  private fillOurs(id: number, price: number, shares: number): void {
    const order = this.ourById.get(id)!;
    order.remaining -= shares;
    if (order.remaining <= 0) order.slot = -1;
    this.fills.push({ time: this.time, priceE4: price, size: shares, passive: true });
  }

  private emit(type: number, id: number, size: number, price: number, side: number): void {
    if (side === 1) this.bidDirty = true;
    else this.askDirty = true;
    this.log?.record(this.book, this.time, type, id, size, price, side);
  }
}
