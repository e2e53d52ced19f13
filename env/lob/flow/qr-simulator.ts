import { BookEventType } from '../../data/book-events.js';
import type { Rng } from '../../random/rng.js';
import type { OurFill, OurOrder } from '../lobster-replay.js';
import { OrderBook } from '../order-book.js';
import type { FlowLog } from './flow-log.js';
import { nextExcitedArrival } from './market-hawkes.js';
import { ClockEvent, SideClocks } from './qr-clocks.js';
import { QrEvent } from './qr-layout.js';
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
 * With a Hawkes kernel in the params (./market-hawkes.ts), market orders also come from two
 * self-excited clocks, one per side, whose first arrivals are drawn exactly by inversion and compete
 * with the state clocks; every market order (the flow's or ours) excites them.
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
  private readonly bids: SideClocks;
  private readonly asks: SideClocks;
  private lastBid = NaN;
  private lastAsk = NaN;
  /** excited intensities of market orders against each side at `excitedAt`, and their next arrivals (Infinity: none) */
  private hBid = 0;
  private hAsk = 0;
  private excitedAt = 0;
  private excitedBid = Infinity;
  private excitedAsk = Infinity;
  private nextId = 1;
  private ourCount = 0;
  /** our orders sent but not yet in the book, by arrival time (ties in sending order) */
  private readonly pending: { arrival: number; side: number; priceE4: number; size: number; done?: (o: OurOrder) => void }[] = [];

  constructor(readonly params: QrParams, private readonly rng: Rng, readonly log?: FlowLog, book = new OrderBook()) {
    this.book = book;
    // with a Hawkes kernel the state-driven market clocks run at c times the card's (./market-hawkes.ts)
    const rates = params.hawkes ? params.rates.map((r, i) => (i % 3 === QrEvent.market ? r * params.hawkes!.baseScale : r)) : params.rates;
    this.bids = new SideClocks(1, params.layout, rates);
    this.asks = new SideClocks(-1, params.layout, rates);
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
    this.hBid = 0;
    this.hAsk = 0;
    this.excitedAt = startSeconds;
    this.excitedBid = Infinity;
    this.excitedAsk = Infinity;
    this.bids.dirty = true;
    this.asks.dirty = true;
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
      const next = total > 0 ? this.time - Math.log(1 - this.rng.uniform()) / total : Infinity;
      const excited = this.excitedBid < this.excitedAsk ? this.excitedBid : this.excitedAsk;
      if (excited <= next) {
        // a self-excited market order comes first (never, without a Hawkes kernel: Infinity)
        if (!(excited <= seconds)) break;
        this.time = excited;
        this.excitedOrder(excited === this.excitedBid ? 1 : -1);
        continue;
      }
      if (next > seconds) break;
      this.time = next;
      this.fire(total);
    }
    if (seconds > this.time) this.time = seconds;
  }

  /** Fires the next event, whenever it comes. @returns false when no clock runs (an empty model) */
  step(): boolean {
    const total = this.refresh();
    const next = total > 0 ? this.time - Math.log(1 - this.rng.uniform()) / total : Infinity;
    const excited = this.excitedBid < this.excitedAsk ? this.excitedBid : this.excitedAsk;
    if (excited <= next) {
      if (excited === Infinity) return false;
      this.time = excited;
      this.excitedOrder(excited === this.excitedBid ? 1 : -1);
      return true;
    }
    this.time = next;
    this.fire(total);
    return true;
  }

  // --- self-excitation of market orders (./market-hawkes.ts)

  /** A self-excited market order against `restingSide` at its arrival (dropped when that side is empty: no touch, no clock). */
  private excitedOrder(restingSide: number): void {
    if ((restingSide === 1 ? this.book.bidDepth : this.book.askDepth) > 0) this.marketOrder(restingSide);
    else this.excite(0);
  }

  /**
   * The excitation after a market order against `restingSide` now (0: none, only redraw): both
   * sides' excited intensities decay to now, jump by α_same and α_cross, and their next arrivals
   * are drawn again.
   */
  private excite(restingSide: number): void {
    const h = this.params.hawkes;
    if (!h) return;
    const decay = Math.exp(-h.beta * (this.time - this.excitedAt));
    this.excitedAt = this.time;
    this.hBid = this.hBid * decay + (restingSide === 1 ? h.alphaSame : restingSide === -1 ? h.alphaCross : 0);
    this.hAsk = this.hAsk * decay + (restingSide === -1 ? h.alphaSame : restingSide === 1 ? h.alphaCross : 0);
    this.excitedBid = this.time + nextExcitedArrival(this.hBid, h.beta, this.rng.uniform());
    this.excitedAsk = this.time + nextExcitedArrival(this.hAsk, h.beta, this.rng.uniform());
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
    if (left < size) this.excite(-side);
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

  /** The total intensity of the flow's clocks in the book as it stands (events per second). */
  intensity(): number {
    return this.refresh();
  }

  /** The clocks of side `side` (1 bid, -1 ask) brought up to date with the book: to read, not to change. */
  clocks(side: number): SideClocks {
    this.refresh();
    return side === 1 ? this.bids : this.asks;
  }

  // --- the clocks

  /** Brings both sides' clocks up to date with the book. @returns the total intensity */
  private refresh(): number {
    const { book, bids, asks } = this;
    if (book.bidDepth > 0) this.lastBid = book.levelPrice[book.bidLevels[0]];
    if (book.askDepth > 0) this.lastAsk = book.levelPrice[book.askLevels[0]];
    // an empty side is measured from the price it last had (the calibration does the same)
    if (bids.dirty) {
      bids.oppBest = this.lastAsk;
      bids.rebuild(book);
    } else if (bids.oppBest !== this.lastAsk) bids.setOpposite(this.lastAsk);
    if (asks.dirty) {
      asks.oppBest = this.lastBid;
      asks.rebuild(book);
    } else if (asks.oppBest !== this.lastBid) asks.setOpposite(this.lastBid);
    return bids.total + asks.total;
  }

  /** Picks the clock that rang (one uniform) and applies its event. */
  private fire(total: number): void {
    let x = this.rng.uniform() * total;
    let clocks = this.bids;
    if (x >= clocks.total) {
      x -= clocks.total;
      clocks = this.asks;
    }
    const kind = clocks.pick(x);
    if (kind === ClockEvent.limit) this.addOrder(clocks.side, clocks.pickedPrice, sampleSize(this.rng, this.params.limitSizes));
    else if (kind === ClockEvent.cancel) this.cancelOne(clocks.side, clocks.pickedPrice);
    else this.marketOrder(clocks.side);
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
    this.excite(restingSide);
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
    (side === 1 ? this.bids : this.asks).queueChanged(this.book, price, type === BookEventType.add ? size : -size);
    this.log?.record(this.book, this.time, type, id, size, price, side);
  }
}
