/**
 * The id → slot index of an {@link OrderBook} (issue 20): open addressing with linear probing on
 * one typed array of (id, slot) pairs, at most half full, doubled when it would be fuller. A `Map`
 * did the same at about a quarter of the replay's time (hashing, and rehashing as deletions pile
 * up). The table grows with the orders resting at once rather than being sized to the book's pool,
 * so it stays small enough for the cache, and a pair is one cache line, not two.
 *
 * Ids are integer-valued doubles (venue references, or ours from 2^52): the hash takes their low
 * 32 bits (`id | 0`), which are distinct for the ids resting at once, times the golden ratio
 * (Fibonacci hashing, so consecutive references spread over the table).
 *
 * A clear is a new epoch, not a pass over the table (a lane's book is cleared at every window
 * start, and the pass was a twentieth of a lob-replay-v0 step): an entry holds
 * `epoch * 2^32 + slot`, and entries of earlier epochs read as empty.
 */
export class IdIndex {
  /** entry h: the id at 2h, `base + slot` at 2h + 1 (anything below `base` is an empty entry) */
  private table: Float64Array;
  private mask: number;
  private shift: number;
  private count = 0;
  /** the current epoch times 2^32 */
  private base = 0;

  constructor(initialEntries = 1024) {
    let bits = 4;
    while (1 << bits < initialEntries) bits++;
    this.table = IdIndex.emptyTable(bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  /** The slot of `id`, or -1. */
  get(id: number): number {
    const { table, mask, base } = this;
    for (let h = this.home(id); ; h = (h + 1) & mask) {
      const entry = table[2 * h + 1];
      if (entry < base) return -1;
      if (table[2 * h] === id) return entry - base;
    }
  }

  /** Records `id` at `slot`; `id` must not be held already. */
  set(id: number, slot: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    this.count++;
    this.put(id, slot);
  }

  /** Forgets `id` (nothing when it is not held). */
  delete(id: number): void {
    const { table, mask, base } = this;
    let hole = this.home(id);
    while (table[2 * hole + 1] >= base && table[2 * hole] !== id) hole = (hole + 1) & mask;
    if (table[2 * hole + 1] < base) return;
    this.count--;
    // Backward-shift deletion (Knuth 6.4, algorithm R): entries after the hole whose home does not
    // lie cyclically in (hole, j] move into it, so every probe sequence stays unbroken.
    for (let j = (hole + 1) & mask; table[2 * j + 1] >= base; j = (j + 1) & mask) {
      if (((j - this.home(table[2 * j])) & mask) >= ((j - hole) & mask)) {
        table[2 * hole] = table[2 * j];
        table[2 * hole + 1] = table[2 * j + 1];
        hole = j;
      }
    }
    table[2 * hole + 1] = -1;
  }

  /** Forgets every id (keeps the table's size). */
  clear(): void {
    if (this.count === 0) return;
    this.count = 0;
    this.base += 2 ** 32;
    if (this.base < 2 ** 52) return;
    // After 2^20 epochs the entries would no longer be exact: empty the table for real.
    this.base = 0;
    for (let h = 1; h < this.table.length; h += 2) this.table[h] = -1;
  }

  private put(id: number, slot: number): void {
    const { table, mask, base } = this;
    let h = this.home(id);
    while (table[2 * h + 1] >= base) h = (h + 1) & mask;
    table[2 * h] = id;
    table[2 * h + 1] = base + slot;
  }

  private grow(): void {
    const old = this.table;
    const oldBase = this.base;
    const bits = 33 - this.shift;
    this.table = IdIndex.emptyTable(bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.base = 0;
    for (let h = 0; h < old.length; h += 2) if (old[h + 1] >= oldBase) this.put(old[h], old[h + 1] - oldBase);
  }

  private home(id: number): number {
    return Math.imul(id | 0, 0x9e3779b1) >>> this.shift;
  }

  private static emptyTable(bits: number): Float64Array {
    const table = new Float64Array(2 << bits);
    for (let h = 1; h < table.length; h += 2) table[h] = -1;
    return table;
  }
}
