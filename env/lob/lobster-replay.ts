import { BookEventType, type BookEvents } from '../data/book-events.js';
import { OrderBook } from './order-book.js';

/** One fill of ours. */
export interface OurFill {
  readonly time: number;
  readonly priceE4: number;
  readonly size: number;
  /** true when our resting order was hit, false when ours took liquidity */
  readonly passive: boolean;
}

/** One order of ours and what became of it. */
export interface OurOrder {
  readonly id: number;
  readonly time: number;
  /** 1 buy, -1 sell */
  readonly side: number;
  /** limit price in 1e-4 units; NaN for a market order */
  readonly priceE4: number;
  readonly size: number;
  remaining: number;
  /** pool slot while it rests, else -1 */
  slot: number;
}

/** Ids of our orders: far above any venue's order reference, so they never collide. */
const OUR_ID_BASE = 2 ** 52;

/**
 * LOBSTER message replay through an {@link OrderBook}, with our orders injected (issue 20).
 *
 * **Start.** A window starts from the recorded book after event `start`: each recorded level
 * becomes one order of unknown id at the front of its level. Messages naming an id the book has
 * never seen act on the unknown-id orders at their price, front first.
 *
 * **Beyond the recorded depth.** A level-L file shows only the best L levels; the messages cover
 * the whole book. A price is *known* once it has been within the recorded depth (every message
 * since then has been applied to it); prices beyond the worst recorded level ever seen are not. When
 * the recorded book reaches a price not yet known (a level moving up into the recorded depth), the
 * shares there that no applied message explains are put in as unknown-id orders at the front of
 * the level: a *reveal*, counted in {@link reveals}. Every other recorded level is compared as an
 * outcome, not an input, so the bit-for-bit test (test/lob-reconstruction.test.ts) says how many
 * comparisons were reveals.
 *
 * **Our orders** (ids ≥ 2^52) rest in the same FIFO queues. A recorded visible execution of order
 * X at our price fills the orders ahead of X in order: ours ahead of X first (the incoming
 * aggressor would have met them first), then X with what is left. The recorded aggressor would
 * also have met ours where ours stood at a better price: a recorded execution (visible, or hidden,
 * which yields to displayed orders at its own price too) at a price worse than one of our resting
 * orders, and a recorded limit order that reaches ours on the other side, fill ours first
 * (price-time order; recorded orders standing ahead of ours take their share virtually, as the
 * record says what became of them), then the recorded order gets what is left. So our resting
 * orders are never traded through, and the book never crosses at our orders. Without orders of
 * ours none of this applies: hidden executions, cross trades and halts change no visible order.
 *
 * **Reconciliation rule** (an order we consumed, in whole or in part, is named later): a cancel
 * or delete applies to what remains of it and nothing else (the owner cannot cancel filled
 * shares); an execution executes what remains of it, and the rest of the recorded trade executes
 * against whatever rests at that price, front first, ours included (the recorded aggressor still
 * arrives and trades at that price; it is not walked deeper). JAX-LOB, which replays execution
 * messages as incoming orders matched by price-time priority, behaves the same way at that price.
 */
export class LobsterReplay {
  readonly book: OrderBook;
  /** next event to apply */
  cursor = 0;
  private prevBidWorst = -Infinity;
  private prevAskWorst = Infinity;
  /** levels that came up into the recorded depth from beyond it */
  entries = 0;
  /** entries whose size no applied message explained, settled from the recorded book */
  corrections = 0;
  /** shares those corrections added or removed */
  hiddenShares = 0;
  /** shares a named message found on another order than the one it names (see takeNamed) */
  misattributed = 0;
  /** messages naming an id never seen whose shares had to come off known orders (see takeUnseen) */
  orphans = 0;
  /** recorded shares a recorded limit order traded with because our fills had displaced them there (see addRecorded) */
  crossedShares = 0;
  readonly ours: OurOrder[] = [];
  readonly fills: OurFill[] = [];
  private readonly consumed = new Set<number>();
  /** our orders sent but not yet in the book, by arrival time (ties in sending order) */
  private readonly pending: { arrival: number; side: number; priceE4: number; size: number; done?: (o: OurOrder) => void }[] = [];
  private now = 0;
  private ourCount = 0;
  /** our orders resting now (the trade-through rules cost nothing without them) */
  private oursResting = 0;
  /** whether an order of ours was sent since the start (before, no recorded order can cross the book) */
  private oursSent = false;
  private readonly onSweepFill = (slot: number, price: number, shares: number): void => {
    if (this.book.ours[slot] === 1) return; // never trades with itself: submit refuses a self-cross below
    this.consumed.add(this.book.id[slot]);
    this.fills.push({ time: this.now, priceE4: price, size: shares, passive: false });
  };

  constructor(readonly events: BookEvents, book = new OrderBook()) {
    this.book = book;
  }

  /** Restarts from the recorded book after event `start`; the next event applied is `start + 1`. */
  startAfter(start: number): void {
    const { book, events } = this;
    const L = events.levels;
    book.clear();
    this.ours.length = 0;
    this.fills.length = 0;
    this.consumed.clear();
    this.pending.length = 0;
    this.entries = 0;
    this.corrections = 0;
    this.hiddenShares = 0;
    this.orphans = 0;
    this.misattributed = 0;
    this.crossedShares = 0;
    this.ourCount = 0;
    this.oursResting = 0;
    this.oursSent = false;
    for (let k = 0; k < L; k++) {
      const b = start * L + k;
      if (events.bidSize[b] > 0) book.addUnknown(1, events.bidPriceE4[b], events.bidSize[b]);
      if (events.askSize[b] > 0) book.addUnknown(-1, events.askPriceE4[b], events.askSize[b]);
    }
    this.prevBidWorst = events.bidSize[start * L + L - 1] > 0 ? events.bidPriceE4[start * L + L - 1] : -Infinity;
    this.prevAskWorst = events.askSize[start * L + L - 1] > 0 ? events.askPriceE4[start * L + L - 1] : Infinity;
    this.cursor = start + 1;
    this.now = events.time[start];
  }

  /**
   * Applies recorded events with time ≤ `seconds` and our orders arriving by then, in time order;
   * an order of ours arriving at the time of recorded events comes after them.
   */
  advanceTo(seconds: number): void {
    const { events, pending } = this;
    for (;;) {
      const nextRecorded = this.cursor < events.count ? events.time[this.cursor] : Infinity;
      const nextOurs = pending.length > 0 ? pending[0].arrival : Infinity;
      if (nextOurs < nextRecorded && nextOurs <= seconds) {
        const p = pending.shift()!;
        this.now = p.arrival;
        const order = this.submit(p.side, p.priceE4, p.size);
        p.done?.(order);
      } else if (nextRecorded <= seconds) this.step();
      else break;
    }
    if (seconds > this.now && Number.isFinite(seconds)) this.now = seconds;
  }

  /**
   * Sends an order of ours now that reaches the book `entryLatencySeconds` later (then as
   * {@link submit}); `done` receives its record when it arrives.
   */
  send(side: number, priceE4: number, size: number, entryLatencySeconds: number, done?: (o: OurOrder) => void): void {
    const arrival = this.now + entryLatencySeconds;
    let at = this.pending.length;
    while (at > 0 && this.pending[at - 1].arrival > arrival) at--;
    this.pending.splice(at, 0, { arrival, side, priceE4, size, done });
  }

  /** The replay's clock: the time of the last event applied or of the last advance. */
  get time(): number {
    return this.now;
  }

  /** Applies the next recorded event, then reveals levels that came up into the recorded depth. */
  step(): void {
    const i = this.cursor++;
    const e = this.events;
    this.now = e.time[i];
    const type = e.type[i];
    if (type === BookEventType.add) this.addRecorded(e.orderId[i], e.side[i], e.priceE4[i], e.size[i]);
    else if (type === BookEventType.cancel || type === BookEventType.delete) this.cancelRecorded(e.orderId[i], e.side[i], e.priceE4[i], e.size[i], type === BookEventType.delete);
    else if (type === BookEventType.executeVisible) {
      const left = e.size[i] - this.tradeThrough(e.side[i], e.priceE4[i], e.size[i], false);
      if (left > 0) this.executeRecorded(e.orderId[i], e.side[i], e.priceE4[i], left);
    } else if (type === BookEventType.executeHidden) this.tradeThrough(e.side[i], e.priceE4[i], e.size[i], true);
    this.reveal(i);
  }

  /**
   * Our order, entering the book now: a limit order (`priceE4` finite) matches what it crosses and
   * rests the remainder in its FIFO place; a market order (`priceE4` NaN) walks the book and any
   * unfilled rest is dropped.
   * @returns the order's record
   */
  submit(side: number, priceE4: number, size: number): OurOrder {
    const id = OUR_ID_BASE + this.ourCount++;
    this.oursSent = true;
    const order: OurOrder = { id, time: this.now, side, priceE4, size, remaining: size, slot: -1 };
    const limit = Number.isNaN(priceE4) ? side * Infinity : priceE4;
    const filledBefore = this.fills.length;
    const left = this.book.sweep(side, size, this.selfCrossLimit(side, limit), this.onSweepFill);
    let took = 0;
    for (let f = filledBefore; f < this.fills.length; f++) took += this.fills[f].size;
    order.remaining = size - took;
    if (!Number.isNaN(priceE4) && left > 0) {
      order.remaining = left;
      order.slot = this.book.add(id, side, priceE4, left, 1);
      this.oursResting++;
    }
    else order.remaining = 0;
    this.ours.push(order);
    return order;
  }

  /** Cancels what remains of our order. @returns the shares cancelled, -1 when it no longer rests */
  cancelOurs(order: OurOrder): number {
    if (order.slot < 0) return -1;
    const shares = this.book.cancel(order.id);
    order.slot = -1;
    this.oursResting--;
    order.remaining = 0;
    return shares;
  }

  /**
   * Cancels `shares` of our resting order (all that remains when `shares` is at least that): a
   * size reduction keeps the order's place in its queue, as NASDAQ treats a partial cancel.
   * @returns the shares cancelled, -1 when it no longer rests
   */
  reduceOurs(order: OurOrder, shares: number): number {
    if (order.slot < 0) return -1;
    const cancelled = this.book.cancel(order.id, shares);
    order.remaining -= cancelled;
    if (this.book.slotOf(order.id) < 0) {
      order.remaining = 0;
      order.slot = -1;
      this.oursResting--;
    }
    return cancelled;
  }

  /** Shares ahead of our resting order in its queue (0 when it no longer rests). */
  ahead(order: OurOrder): number {
    return order.slot >= 0 ? this.book.sharesAhead(order.slot) : 0;
  }

  // --- recorded messages

  /**
   * A recorded limit order that reaches the other side of the book would have traded with what it
   * reaches: with ours (a bid at or above our ask), and with recorded shares our passive fills
   * displaced (see the class doc), which the record no longer has there. It fills them best price
   * first, FIFO within a price (ours filled, recorded shares taken and their orders marked
   * consumed), and rests with what is left (an order emptied so is consumed too; later messages
   * naming either follow the reconciliation rule). The recorded book never crosses, so without
   * orders of ours this is an add, and the book never crosses.
   */
  private addRecorded(id: number, side: number, price: number, size: number): void {
    const { book } = this;
    if (!this.oursSent) {
      book.add(id, side, price, size);
      return;
    }
    const opposite = book.bestPrice(-side);
    let left = size;
    if (side === 1 ? price >= opposite : price <= opposite) {
      const levels = side === 1 ? book.askLevels : book.bidLevels;
      while (left > 0 && (side === 1 ? book.askDepth : book.bidDepth) > 0) {
        const level = levels[0];
        const at = book.levelPrice[level];
        if (side === 1 ? at > price : at < price) break;
        const s = book.levelHead[level];
        if (book.ours[s] === 1) left -= this.fillOurs(s, left);
        else {
          this.consumed.add(book.id[s]);
          const q = book.reduce(s, left);
          this.crossedShares += q;
          left -= q;
        }
      }
      if (left < size) this.consumed.add(id);
    }
    if (left > 0) book.add(id, side, price, left);
  }

  /**
   * A recorded execution at `price` on `side` (the resting order's side) would have met, in
   * price-time order, every order resting at a better price (and, for a hidden execution, at the
   * same price): the recorded orders there stand ahead of ours and take the aggressor's shares
   * first, virtually (the record says what became of them), then ours fill. Visible executions at
   * the execution's own price are {@link executeRecorded}'s. Without orders of ours this changes
   * nothing. @returns the shares our orders took
   */
  private tradeThrough(side: number, price: number, size: number, samePrice: boolean): number {
    const { book } = this;
    if (this.oursResting === 0) return 0;
    const levels = side === 1 ? book.bidLevels : book.askLevels;
    let left = size;
    let took = 0;
    for (let pos = 0; left > 0 && pos < (side === 1 ? book.bidDepth : book.askDepth); ) {
      const level = levels[pos];
      const at = book.levelPrice[level];
      if (samePrice ? side * (at - price) < 0 : side * (at - price) <= 0) break;
      for (let s = book.levelHead[level]; s >= 0 && left > 0; ) {
        const next = book.next[s];
        if (book.ours[s] === 1) {
          const q = this.fillOurs(s, left);
          took += q;
          left -= q;
        } else left -= Math.min(left, book.size[s]);
        s = next;
      }
      if (levels[pos] === level) pos++;
    }
    return took;
  }

  /** A recorded cancel (or delete, which takes what is left of a known order). */
  private cancelRecorded(id: number, side: number, price: number, size: number, all: boolean): void {
    const slot = this.book.slotOf(id);
    if (slot >= 0) this.takeNamed(slot, side, price, size, all);
    else if (!this.consumed.has(id)) this.takeUnseen(side, price, size);
  }

  private executeRecorded(id: number, side: number, price: number, size: number): void {
    const { book } = this;
    const level = book.findLevel(side, price);
    if (level < 0) return;
    let target = book.slotOf(id);
    if (target < 0 && !this.consumed.has(id)) {
      target = this.firstUnknown(level);
      if (target < 0) {
        this.takeUnseen(side, price, size);
        return;
      }
    }
    let left = size;
    for (let s = book.levelHead[level]; s >= 0 && s !== target && left > 0; ) {
      const next = book.next[s];
      if (book.ours[s] === 1) left -= this.fillOurs(s, left);
      s = next;
    }
    if (left <= 0) return;
    if (target >= 0) {
      if (target === this.firstUnknown(level) && book.slotOf(id) < 0) left -= this.takeUnseen(side, price, left);
      else left -= this.takeNamed(target, side, price, left, false);
    }
    if (left > 0 && this.consumed.has(id)) this.executeAtFront(side, price, left);
  }

  /**
   * A message naming a known recorded order takes exactly its size off the level, so level sizes
   * stay exact even where an earlier unseen id's shares were taken off the wrong order (see
   * takeUnseen): a shortfall comes off the other recorded orders there, front first; what a
   * delete leaves of the order is kept as an unknown-id order at the front. @returns shares taken
   */
  private takeNamed(slot: number, side: number, price: number, size: number, all: boolean): number {
    const { book } = this;
    const id = book.id[slot];
    const taken = book.reduce(slot, size);
    if (all && book.slotOf(id) === slot) {
      const rest = book.size[slot];
      book.reduce(slot, Infinity);
      book.addUnknown(side, price, rest);
      this.misattributed += rest;
    }
    if (taken >= size || this.consumed.has(id)) return taken;
    this.misattributed += size - taken;
    return taken + this.takeRecordedFront(side, price, size - taken);
  }

  /** Takes up to `size` shares off the recorded orders at `price`, oldest first (never ours). @returns shares taken */
  private takeRecordedFront(side: number, price: number, size: number): number {
    const { book } = this;
    const level = book.findLevel(side, price);
    let left = size;
    for (let s = level >= 0 ? book.levelHead[level] : -1; s >= 0 && left > 0; ) {
      const next = book.next[s];
      if (book.ours[s] === 0) left -= book.reduce(s, left);
      s = next;
    }
    return size - left;
  }

  /** The reconciliation rule's second half: the rest of a recorded trade hits the level front first. */
  private executeAtFront(side: number, price: number, size: number): void {
    const { book } = this;
    let left = size;
    for (let level = book.findLevel(side, price); level >= 0 && left > 0; level = book.findLevel(side, price)) {
      const s = book.levelHead[level];
      left -= book.ours[s] === 1 ? this.fillOurs(s, left) : book.reduce(s, left);
    }
  }

  private fillOurs(slot: number, size: number): number {
    const { book } = this;
    const order = this.ours.find((o) => o.slot === slot)!;
    const price = book.levelPrice[book.levelOf[slot]];
    const shares = book.reduce(slot, size);
    order.remaining -= shares;
    if (book.slotOf(order.id) < 0) {
      order.remaining = 0;
      order.slot = -1;
      this.oursResting--;
    }
    this.fills.push({ time: this.now, priceE4: price, size: shares, passive: true });
    return shares;
  }

  private firstUnknown(level: number): number {
    const s = this.book.levelHead[level];
    return s >= 0 && this.book.id[s] < 0 && this.book.id[s] > -OUR_ID_BASE ? s : -1;
  }

  /**
   * A message naming an id never seen: an order from before the window or one that entered (or was
   * replaced, NASDAQ's "U") beyond the recorded depth, where the level-L file carries no message.
   * Its shares come off the unknown-id orders at the front first, then off the newest recorded
   * orders at that price (never ours): an order that got there unseen arrived after the others,
   * and a stale id's shares are recorded ones all the same. @returns shares taken
   */
  private takeUnseen(side: number, price: number, size: number): number {
    const unknown = this.takeUnknown(side, price, size);
    if (unknown === size) return size;
    this.orphans++;
    return unknown + this.takeRecordedFront(side, price, size - unknown);
  }

  /** Takes `size` shares off the unknown-id orders at the front of `price`. @returns shares taken */
  private takeUnknown(side: number, price: number, size: number): number {
    const { book } = this;
    let left = size;
    for (let level = book.findLevel(side, price); level >= 0 && left > 0; level = book.findLevel(side, price)) {
      const s = book.levelHead[level];
      if (book.id[s] >= 0) break;
      left -= book.reduce(s, left);
    }
    return size - left;
  }

  /**
   * Settles the levels that came up into the recorded depth with event `i` (prices beyond the
   * previous row's worst recorded level) against the recorded book (see the class doc).
   */
  private reveal(i: number): void {
    const e = this.events;
    const L = e.levels;
    const row = i * L;
    const bidWorst = e.bidSize[row + L - 1] > 0 ? e.bidPriceE4[row + L - 1] : -Infinity;
    const askWorst = e.askSize[row + L - 1] > 0 ? e.askPriceE4[row + L - 1] : Infinity;
    // a level beyond the previous worst is shown only if the worst moved out (levels are sorted)
    if (bidWorst < this.prevBidWorst) {
      for (let k = 0; k < L && e.bidSize[row + k] > 0; k++) if (e.bidPriceE4[row + k] < this.prevBidWorst) this.settleLevel(1, e.bidPriceE4[row + k], e.bidSize[row + k]);
      this.clearSilentLevels(1, this.prevBidWorst, bidWorst, e.bidPriceE4, row);
    }
    if (askWorst > this.prevAskWorst) {
      for (let k = 0; k < L && e.askSize[row + k] > 0; k++) if (e.askPriceE4[row + k] > this.prevAskWorst) this.settleLevel(-1, e.askPriceE4[row + k], e.askSize[row + k]);
      this.clearSilentLevels(-1, this.prevAskWorst, askWorst, e.askPriceE4, row);
    }
    this.prevBidWorst = bidWorst;
    this.prevAskWorst = askWorst;
  }

  /**
   * Levels of ours between the previous and the new worst recorded price that the recorded book
   * does not show left silently beyond the depth: their recorded orders go (ours stay).
   */
  private clearSilentLevels(side: number, prevWorst: number, worst: number, recordedPrice: Float64Array, row: number): void {
    const { book } = this;
    const levels = side === 1 ? book.bidLevels : book.askLevels;
    const L = this.events.levels;
    for (let k = 0; k < (side === 1 ? book.bidDepth : book.askDepth); ) {
      const level = levels[k];
      const p = book.levelPrice[level];
      if (side === 1 ? p >= prevWorst : p <= prevWorst) { k++; continue; }
      if (side === 1 ? p < worst : p > worst) break;
      let shown = false;
      for (let j = 0; j < L; j++) if (recordedPrice[row + j] === p) shown = true;
      const before = side === 1 ? book.bidDepth : book.askDepth;
      if (!shown) {
        this.corrections++;
        for (let s = book.levelHead[level]; s >= 0; ) {
          const next = book.next[s];
          if (book.ours[s] === 0) this.hiddenShares += book.reduce(s, Infinity);
          s = next;
        }
      }
      if ((side === 1 ? book.bidDepth : book.askDepth) === before) k++;
    }
  }

  /**
   * A level entering the recorded depth: shares the recorded book shows and no applied message
   * explains are put in at the front as unknown-id orders (pessimistic for an order of ours there);
   * when it shows fewer (orders left silently beyond the depth), the level's recorded orders are
   * replaced by one unknown-id order of the recorded size, so a later message naming any of them
   * acts on it.
   */
  private settleLevel(side: number, price: number, recordedSize: number): void {
    const { book } = this;
    this.entries++;
    const level = book.findLevel(side, price);
    let known = 0;
    if (level >= 0) for (let s = book.levelHead[level]; s >= 0; s = book.next[s]) if (book.ours[s] === 0) known += book.size[s];
    if (known === recordedSize) return;
    this.corrections++;
    if (known > recordedSize) {
      for (let s = book.levelHead[level]; s >= 0; ) {
        const next = book.next[s];
        if (book.ours[s] === 0) book.reduce(s, Infinity);
        s = next;
      }
      this.hiddenShares += known - recordedSize;
      book.addUnknown(side, price, recordedSize);
    } else {
      this.hiddenShares += recordedSize - known;
      book.addUnknown(side, price, recordedSize - known);
    }
  }

  private selfCrossLimit(side: number, limit: number): number {
    // our order never trades with our own resting orders: it stops one level before the best of ours
    let stop = limit;
    for (const o of this.ours) {
      if (o.slot < 0 || o.side === side) continue;
      if (side === 1 ? o.priceE4 <= stop : o.priceE4 >= stop) stop = o.priceE4 - side; // 1e-4 below/above
    }
    return stop;
  }
}
