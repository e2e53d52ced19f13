import type { OrderBook } from '../order-book.js';
import { behindCell, QrEvent, queueBucket, touchCell, type QrLayout } from './qr-layout.js';

/** What a clock of one side does when it rings (see {@link SideClocks.pick}). */
export const ClockEvent = { limit: QrEvent.limit, cancel: QrEvent.cancel, market: QrEvent.market } as const;

/**
 * The clocks of one side of the book in the queue-reactive model: the same cells as
 * {@link sideCells} (./qr-layout.ts), kept in three blocks so that a message costs only what it
 * changes. Why: a full recomputation of a side's ~20 active cells after every message was the
 * simulator's main cost (35% of its time under `node --cpu-prof`), and most messages change one
 * queue, or only the opposite best.
 * - **inside** the spread: the limit clocks of prices 1..spread−1 ticks from the opposite best,
 *   which depend on the spread only: a prefix sum of the card's inside rates gives their total in
 *   O(1) whenever the spread changes;
 * - the **touch**: one cell (spread, queue bucket);
 * - **behind**: prices 1..maxBehind ticks behind the touch, as deep as the book is known, which
 *   depend on this side's book only, not on the opposite best.
 * A message that resizes an existing level updates its one entry ({@link queueChanged}); one that
 * moves this side's best or changes its number of levels marks the side for a rebuild from the
 * book; a new opposite best re-keys the inside block and the touch ({@link setOpposite}).
 */
export class SideClocks {
  /** the opposite best the cells are measured from (NaN: none, so no clock runs) */
  oppBest = NaN;
  /** this side's levels changed in a way {@link queueChanged} does not follow: rebuild before use */
  dirty = true;
  /** sum of every clock's intensity */
  total = 0;
  /** inside prices with a clock: min(spread − 1, maxInside) */
  inside = 0;
  insideTotal = 0;
  /** the touch exists (the side has a level and the book is not crossed or locked) */
  hasTouch = false;
  touchPrice = NaN;
  touchQueue = 0;
  touchCell = 0;
  touchRate = 0;
  behind = 0;
  behindTotal = 0;
  readonly behindCell: Int32Array;
  readonly behindPrice: Float64Array;
  readonly behindQueue: Float64Array;
  readonly behindRate: Float64Array;
  /** the book's depth and best price on this side when it was last rebuilt */
  private depthSeen = -1;
  private bestSeen = NaN;
  /** insideCum[k]: the limit intensities of the inside cells 1..k summed in order */
  private readonly insideCum: Float64Array;

  constructor(readonly side: number, private readonly layout: QrLayout, private readonly rates: Float64Array) {
    this.behindCell = new Int32Array(layout.maxBehind);
    this.behindPrice = new Float64Array(layout.maxBehind);
    this.behindQueue = new Float64Array(layout.maxBehind);
    this.behindRate = new Float64Array(layout.maxBehind);
    this.insideCum = new Float64Array(layout.maxInside + 1);
    for (let k = 1; k <= layout.maxInside; k++) this.insideCum[k] = this.insideCum[k - 1] + rates[(k - 1) * 3 + QrEvent.limit];
  }

  /** The spread in ticks measured from this side's best (Infinity when the side is empty). */
  private spread(): number {
    return Number.isNaN(this.touchPrice) ? Infinity : Math.round((this.side === 1 ? this.oppBest - this.touchPrice : this.touchPrice - this.oppBest) / this.layout.tickE4);
  }

  /** Rebuilds the side from `book` (its best `layout.levels` levels), the opposite best kept. */
  rebuild(book: OrderBook): void {
    const { layout, side } = this;
    const levels = side === 1 ? book.bidLevels : book.askLevels;
    const depth = side === 1 ? book.bidDepth : book.askDepth;
    this.depthSeen = depth;
    this.dirty = false;
    this.behind = 0;
    this.behindTotal = 0;
    if (depth === 0) {
      this.touchPrice = NaN;
      this.bestSeen = NaN;
      this.touchQueue = 0;
      this.rekey();
      return;
    }
    const best = book.levelPrice[levels[0]];
    this.bestSeen = best;
    this.touchPrice = best;
    this.touchQueue = book.levelSize[levels[0]];
    const n = Math.min(depth, layout.levels);
    const last = book.levelPrice[levels[n - 1]];
    const depthLimited = depth >= layout.levels;
    let level = 1;
    let total = 0;
    for (let j = 1; j <= layout.maxBehind; j++) {
      const p = best - side * j * layout.tickE4;
      if (depthLimited && (side === 1 ? p < last : p > last)) break;
      while (level < n && (side === 1 ? book.levelPrice[levels[level]] > p : book.levelPrice[levels[level]] < p)) level++;
      const q = level < n && book.levelPrice[levels[level]] === p ? book.levelSize[levels[level]] : 0;
      const i = this.behind++;
      this.behindPrice[i] = p;
      this.behindQueue[i] = q;
      this.setBehind(i, q);
      total += this.behindRate[i];
    }
    this.behindTotal = total;
    this.rekey();
  }

  /** Sets the opposite best; the inside block and the touch follow it. */
  setOpposite(oppBest: number): void {
    this.oppBest = oppBest;
    if (!this.dirty) this.rekey();
  }

  /** The inside block, the touch cell and the total from the spread. */
  private rekey(): void {
    const { layout, rates } = this;
    const spread = Number.isNaN(this.oppBest) ? -Infinity : this.spread();
    if (!(spread >= 1)) {
      // no opposite best, or a crossed or locked book: the model has no cells (as sideCells)
      this.inside = 0;
      this.insideTotal = 0;
      this.hasTouch = false;
      this.touchRate = 0;
      this.total = 0;
      return;
    }
    this.inside = Math.min(spread - 1, layout.maxInside);
    this.insideTotal = this.insideCum[this.inside];
    this.hasTouch = !Number.isNaN(this.touchPrice);
    if (this.hasTouch) {
      const c = touchCell(layout, spread, this.touchQueue);
      this.touchCell = c;
      this.touchRate = rates[c * 3] + rates[c * 3 + 1] + rates[c * 3 + 2];
    } else this.touchRate = 0;
    this.total = this.insideTotal + this.touchRate + (this.hasTouch ? this.behindTotal : 0);
  }

  /**
   * A message changed the queue at `price` by `delta` shares (`book` after it). With this side's
   * best unchanged, it resized, created or removed one level behind the touch (or resized the
   * touch): that entry changes, and when the number of levels changed, so does how deep the cells
   * reach (the `levels`-th level's price). A new best marks the side dirty.
   */
  queueChanged(book: OrderBook, price: number, delta: number): void {
    if (this.dirty) return;
    const { side, layout } = this;
    const levels = side === 1 ? book.bidLevels : book.askLevels;
    const depth = side === 1 ? book.bidDepth : book.askDepth;
    if (depth === 0 || book.levelPrice[levels[0]] !== this.bestSeen) {
      this.dirty = true;
      return;
    }
    const j = Math.round((side * (this.touchPrice - price)) / layout.tickE4);
    if (j === 0) {
      this.touchQueue += delta;
      this.rekey();
      return;
    }
    let changed = false;
    if (j <= this.behind) {
      const before = this.behindQueue[j - 1];
      const after = before + delta;
      this.behindQueue[j - 1] = after;
      if (queueBucket(layout.queueEdges, before) !== queueBucket(layout.queueEdges, after)) {
        this.setBehind(j - 1, after);
        changed = true;
      }
    }
    if (depth !== this.depthSeen) {
      this.depthSeen = depth;
      // the cells reach the `levels`-th level: a level created in view pushes it out (the cells
      // shrink), one removed brings the next into view (they grow, over prices with no level but
      // the new last one: it was the next level after the old last)
      const n = Math.min(depth, layout.levels);
      const last = book.levelPrice[levels[n - 1]];
      const reach = depth >= layout.levels ? Math.min(layout.maxBehind, Math.round((side * (this.touchPrice - last)) / layout.tickE4)) : layout.maxBehind;
      for (let i = this.behind; i < reach; i++) {
        const p = this.touchPrice - side * (i + 1) * layout.tickE4;
        this.behindPrice[i] = p;
        this.behindQueue[i] = p === last ? book.levelSize[levels[n - 1]] : 0;
        this.setBehind(i, this.behindQueue[i]);
      }
      if (reach !== this.behind) changed = true;
      this.behind = reach;
    }
    if (!changed) return;
    let total = 0;
    for (let k = 0; k < this.behind; k++) total += this.behindRate[k];
    this.behindTotal = total;
    this.total = this.insideTotal + this.touchRate + (this.hasTouch ? total : 0);
  }

  /** Entry i of the behind block (i + 1 ticks behind the touch) with `queue` shares: its cell and rate. */
  private setBehind(i: number, queue: number): void {
    const c = behindCell(this.layout, i + 1, queue);
    this.behindCell[i] = c;
    this.behindRate[i] = this.rates[c * 3 + QrEvent.limit] + (queue > 0 ? this.rates[c * 3 + QrEvent.cancel] : 0);
  }

  /** Price of the event {@link pick} chose. */
  pickedPrice = NaN;

  /**
   * The clock that rang for `x` uniform in [0, total): the event kind ({@link ClockEvent}), its
   * price in {@link pickedPrice}. Clocks are ordered as {@link sideCells} orders its entries
   * (inside nearest the opposite best first, the touch, behind from the touch back), each cell's
   * limit, cancel, market in turn; rounding that leaves x past the last clock goes to the last.
   */
  pick(x: number): number {
    const { layout, rates, side } = this;
    if (x < this.insideTotal || !this.hasTouch) {
      let k = 1;
      while (k < this.inside && x >= this.insideCum[k]) k++;
      this.pickedPrice = this.oppBest - side * k * layout.tickE4;
      return ClockEvent.limit;
    }
    x -= this.insideTotal;
    if (x < this.touchRate || this.behind === 0) {
      this.pickedPrice = this.touchPrice;
      const c = this.touchCell * 3;
      if (x < rates[c]) return ClockEvent.limit;
      return x < rates[c] + rates[c + 1] ? ClockEvent.cancel : ClockEvent.market;
    }
    x -= this.touchRate;
    let i = 0;
    while (i < this.behind - 1 && x >= this.behindRate[i]) x -= this.behindRate[i++];
    this.pickedPrice = this.behindPrice[i];
    const c = this.behindCell[i] * 3;
    return x < rates[c] || this.behindQueue[i] === 0 ? ClockEvent.limit : ClockEvent.cancel;
  }
}
