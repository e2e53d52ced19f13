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
 */
export class IdIndex {
  /** entry h: the id at 2h, the slot of its order at 2h + 1 (-1 where the entry is empty) */
  private table: Float64Array;
  private mask: number;
  private shift: number;
  private count = 0;

  constructor(initialEntries = 1024) {
    let bits = 4;
    while (1 << bits < initialEntries) bits++;
    this.table = IdIndex.emptyTable(bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  /** The slot of `id`, or -1. */
  get(id: number): number {
    const { table, mask } = this;
    for (let h = this.home(id); ; h = (h + 1) & mask) {
      const slot = table[2 * h + 1];
      if (slot < 0 || table[2 * h] === id) return slot;
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
    const { table, mask } = this;
    let hole = this.home(id);
    while (table[2 * hole + 1] >= 0 && table[2 * hole] !== id) hole = (hole + 1) & mask;
    if (table[2 * hole + 1] < 0) return;
    this.count--;
    // Backward-shift deletion (Knuth 6.4, algorithm R): entries after the hole whose home does not
    // lie cyclically in (hole, j] move into it, so every probe sequence stays unbroken.
    for (let j = (hole + 1) & mask; table[2 * j + 1] >= 0; j = (j + 1) & mask) {
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
    for (let h = 1; h < this.table.length; h += 2) this.table[h] = -1;
    this.count = 0;
  }

  private put(id: number, slot: number): void {
    const { table, mask } = this;
    let h = this.home(id);
    while (table[2 * h + 1] >= 0) h = (h + 1) & mask;
    table[2 * h] = id;
    table[2 * h + 1] = slot;
  }

  private grow(): void {
    const old = this.table;
    const bits = 33 - this.shift;
    this.table = IdIndex.emptyTable(bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    for (let h = 0; h < old.length; h += 2) if (old[h + 1] >= 0) this.put(old[h], old[h + 1]);
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
