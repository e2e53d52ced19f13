import { IdIndex } from './id-index.js';

/** Levels from the touch that {@link OrderBook}'s level search scans before bisecting. */
const NEAR_LEVELS = 8;

/**
 * A price-time-priority limit order book on typed arrays (issue 20): orders live in a fixed pool
 * (struct of arrays), each price level is a doubly linked FIFO queue of pool slots, each side keeps
 * its levels sorted best first, and an id → slot index finds a named order. One instance is one
 * lane's book; a vector env holds one per lane, and nothing in here is shared between instances,
 * so a book evolves identically whichever lane runs it. The operations allocate nothing once the
 * pools are sized (the id index, {@link IdIndex}, doubles its table as it fills: amortised).
 *
 * Prices are integers in 1e-4 currency units (LOBSTER's), so levels compare exactly. Orders of
 * unknown id (those in the recorded book when a replay starts) carry a negative id, are not in the
 * index and stand at the front of their level.
 */
export class OrderBook {
  // --- orders: a pool of slots; freed slots form a singly linked list through `next`, taken
  // before the never-used ones from `unusedOrder` up (so a clear need not touch the pool)
  readonly id: Float64Array;
  readonly size: Float64Array;
  readonly prev: Int32Array;
  readonly next: Int32Array;
  readonly levelOf: Int32Array;
  /** 1 for our orders, 0 for recorded (or other agents') orders. */
  readonly ours: Uint8Array;
  private freeOrder = -1;
  private unusedOrder = 0;
  // --- levels: a pool of slots, each a FIFO queue of orders at one price on one side; freed
  // slots are linked through `levelHead`, as orders through `next`
  readonly levelPrice: Float64Array;
  readonly levelSize: Float64Array;
  readonly levelCount: Int32Array;
  readonly levelHead: Int32Array;
  readonly levelTail: Int32Array;
  readonly levelSide: Int8Array;
  private freeLevel = -1;
  private unusedLevel = 0;
  /** Level slots of each side, best first (bids descending, asks ascending). */
  readonly bidLevels: Int32Array;
  readonly askLevels: Int32Array;
  bidDepth = 0;
  askDepth = 0;
  private readonly index: IdIndex;
  private nextUnknownId = -1;

  /**
   * @param orderCapacity most orders resting at once
   * @param levelCapacity most price levels (both sides) at once
   */
  constructor(readonly orderCapacity = 1 << 16, readonly levelCapacity = 4096) {
    this.id = new Float64Array(orderCapacity);
    this.size = new Float64Array(orderCapacity);
    this.prev = new Int32Array(orderCapacity);
    this.next = new Int32Array(orderCapacity);
    this.levelOf = new Int32Array(orderCapacity);
    this.ours = new Uint8Array(orderCapacity);
    this.levelPrice = new Float64Array(levelCapacity);
    this.levelSize = new Float64Array(levelCapacity);
    this.levelCount = new Int32Array(levelCapacity);
    this.levelHead = new Int32Array(levelCapacity);
    this.levelTail = new Int32Array(levelCapacity);
    this.levelSide = new Int8Array(levelCapacity);
    this.bidLevels = new Int32Array(levelCapacity);
    this.askLevels = new Int32Array(levelCapacity);
    this.index = new IdIndex();
  }

  /** Empties the book (keeps the pools). */
  clear(): void {
    this.freeOrder = -1;
    this.unusedOrder = 0;
    this.freeLevel = -1;
    this.unusedLevel = 0;
    this.bidDepth = 0;
    this.askDepth = 0;
    this.index.clear();
    this.nextUnknownId = -1;
  }

  /** The slot of the resting order `id`, or -1. */
  slotOf(id: number): number {
    return this.index.get(id);
  }

  /** The level slot at `price` on `side` (1 bid, -1 ask), or -1. */
  findLevel(side: number, price: number): number {
    const levels = side === 1 ? this.bidLevels : this.askLevels;
    const pos = this.levelPosition(side, price);
    const depth = side === 1 ? this.bidDepth : this.askDepth;
    return pos < depth && this.levelPrice[levels[pos]] === price ? levels[pos] : -1;
  }

  /** Best price on `side`, or NaN when the side is empty. */
  bestPrice(side: number): number {
    if (side === 1) return this.bidDepth > 0 ? this.levelPrice[this.bidLevels[0]] : NaN;
    return this.askDepth > 0 ? this.levelPrice[this.askLevels[0]] : NaN;
  }

  /**
   * Appends a resting order at the back of its level's queue (no matching: see {@link submitLimit}).
   * @returns its slot, or -1 when `id` already rests (refused)
   */
  add(id: number, side: number, price: number, size: number, ours = 0): number {
    if (this.index.get(id) >= 0) return -1;
    const level = this.levelAt(side, price);
    const o = this.allocOrder(id, size, level, ours);
    const tail = this.levelTail[level];
    this.prev[o] = tail;
    this.next[o] = -1;
    if (tail < 0) this.levelHead[level] = o;
    else this.next[tail] = o;
    this.levelTail[level] = o;
    this.index.set(id, o);
    return o;
  }

  /**
   * Puts an order of unknown id at the front of its level, behind the unknown-id orders already
   * there (orders that were in the book before the data starts).
   * @returns its slot
   */
  addUnknown(side: number, price: number, size: number): number {
    const level = this.levelAt(side, price);
    const o = this.allocOrder(this.nextUnknownId--, size, level, 0);
    let after = -1;
    for (let s = this.levelHead[level]; s >= 0 && this.id[s] < 0; s = this.next[s]) after = s;
    const before = after < 0 ? this.levelHead[level] : this.next[after];
    this.prev[o] = after;
    this.next[o] = before;
    if (after < 0) this.levelHead[level] = o;
    else this.next[after] = o;
    if (before < 0) this.levelTail[level] = o;
    else this.prev[before] = o;
    return o;
  }

  /**
   * Cancels `size` shares of order `id` (all of it when `size` ≥ its remaining size).
   * @returns the shares cancelled, or -1 when no order `id` rests (unknown or already filled)
   */
  cancel(id: number, size = Infinity): number {
    const o = this.index.get(id);
    if (o < 0) return -1;
    return this.reduce(o, size);
  }

  /**
   * Takes `size` shares off the order in slot `o` (an execution or a cancel), removing it when
   * nothing remains. @returns the shares taken
   */
  reduce(o: number, size: number): number {
    const taken = Math.min(size, this.size[o]);
    const level = this.levelOf[o];
    this.size[o] -= taken;
    this.levelSize[level] -= taken;
    if (this.size[o] <= 0) this.removeOrder(o);
    return taken;
  }

  /** Shares resting ahead of the order in slot `o` in its queue. */
  sharesAhead(o: number): number {
    let ahead = 0;
    for (let s = this.prev[o]; s >= 0; s = this.prev[s]) ahead += this.size[s];
    return ahead;
  }

  /**
   * A marketable order of `size` shares on `side` (1 buy, -1 sell) walking the opposite side best
   * first, FIFO within a level, down to `limitPrice` (±Infinity for a market order). Each fill is
   * reported to `onFill(slot, price, shares)` before the resting order is reduced.
   * @returns the shares left unfilled
   */
  sweep(side: number, size: number, limitPrice: number, onFill: (slot: number, price: number, shares: number) => void): number {
    let left = size;
    while (left > 0) {
      const levels = side === 1 ? this.askLevels : this.bidLevels;
      if ((side === 1 ? this.askDepth : this.bidDepth) === 0) break;
      const level = levels[0];
      const price = this.levelPrice[level];
      if (side === 1 ? price > limitPrice : price < limitPrice) break;
      const o = this.levelHead[level];
      const shares = Math.min(left, this.size[o]);
      onFill(o, price, shares);
      this.reduce(o, shares);
      left -= shares;
    }
    return left;
  }

  /**
   * A limit order: matches what it crosses, then rests the remainder at the back of its level.
   * @returns the remainder's slot, -1 when it filled in full, or -2 when `id` already rests
   */
  submitLimit(id: number, side: number, price: number, size: number, ours: number, onFill: (slot: number, price: number, shares: number) => void): number {
    if (this.index.get(id) >= 0) return -2;
    const left = this.sweep(side, size, price, onFill);
    return left > 0 ? this.add(id, side, price, left, ours) : -1;
  }

  // --- internals

  /**
   * Position of `price` in its side's sorted level array: the first level not better. Most messages
   * land within a few levels of the touch while a side holds a hundred or more (stale orders far
   * from it), so the best {@link NEAR_LEVELS} are scanned in order before the rest is bisected: the
   * scan's branches are predictable where a bisection's are not.
   */
  private levelPosition(side: number, price: number): number {
    const { levelPrice } = this;
    const levels = side === 1 ? this.bidLevels : this.askLevels;
    const depth = side === 1 ? this.bidDepth : this.askDepth;
    const near = depth < NEAR_LEVELS ? depth : NEAR_LEVELS;
    let lo = 0;
    if (side === 1) while (lo < near && levelPrice[levels[lo]] > price) lo++;
    else while (lo < near && levelPrice[levels[lo]] < price) lo++;
    if (lo < near) return lo;
    let hi = depth;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = levelPrice[levels[mid]];
      if (side === 1 ? p > price : p < price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The level at `price`, created empty if absent. */
  private levelAt(side: number, price: number): number {
    const levels = side === 1 ? this.bidLevels : this.askLevels;
    const depth = side === 1 ? this.bidDepth : this.askDepth;
    const pos = this.levelPosition(side, price);
    if (pos < depth && this.levelPrice[levels[pos]] === price) return levels[pos];
    let level = this.freeLevel;
    if (level >= 0) this.freeLevel = this.levelHead[level];
    else if (this.unusedLevel < this.levelCapacity) level = this.unusedLevel++;
    else throw new RangeError(`order book: more than ${this.levelCapacity} price levels`);
    this.levelPrice[level] = price;
    this.levelSize[level] = 0;
    this.levelCount[level] = 0;
    this.levelHead[level] = -1;
    this.levelTail[level] = -1;
    this.levelSide[level] = side;
    levels.copyWithin(pos + 1, pos, depth);
    levels[pos] = level;
    if (side === 1) this.bidDepth++;
    else this.askDepth++;
    return level;
  }

  private allocOrder(id: number, size: number, level: number, ours: number): number {
    let o = this.freeOrder;
    if (o >= 0) this.freeOrder = this.next[o];
    else if (this.unusedOrder < this.orderCapacity) o = this.unusedOrder++;
    else throw new RangeError(`order book: more than ${this.orderCapacity} resting orders`);
    this.id[o] = id;
    this.size[o] = size;
    this.levelOf[o] = level;
    this.ours[o] = ours;
    this.levelSize[level] += size;
    this.levelCount[level]++;
    return o;
  }

  private removeOrder(o: number): void {
    const level = this.levelOf[o];
    const p = this.prev[o];
    const n = this.next[o];
    if (p < 0) this.levelHead[level] = n;
    else this.next[p] = n;
    if (n < 0) this.levelTail[level] = p;
    else this.prev[n] = p;
    if (this.id[o] >= 0) this.index.delete(this.id[o]);
    this.next[o] = this.freeOrder;
    this.freeOrder = o;
    if (--this.levelCount[level] === 0) this.removeLevel(level);
  }

  private removeLevel(level: number): void {
    const side = this.levelSide[level];
    const levels = side === 1 ? this.bidLevels : this.askLevels;
    const depth = side === 1 ? this.bidDepth : this.askDepth;
    const pos = this.levelPosition(side, this.levelPrice[level]);
    levels.copyWithin(pos, pos + 1, depth);
    if (side === 1) this.bidDepth--;
    else this.askDepth--;
    this.levelHead[level] = this.freeLevel;
    this.freeLevel = level;
  }
}
