import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../env/lob/order-book.js';

/** A random operation on a small price grid so that orders meet. */
const operation = fc.oneof(
  fc.record({ kind: fc.constant('limit' as const), side: fc.constantFrom(1, -1), tick: fc.integer({ min: 0, max: 8 }), size: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('market' as const), side: fc.constantFrom(1, -1), size: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('cancel' as const), which: fc.nat(), size: fc.integer({ min: 1, max: 60 }) }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

interface Run {
  book: OrderBook;
  /** shares submitted, filled (per side of the trade), cancelled */
  submitted: number;
  traded: number;
  cancelled: number;
  /** the order of fills: [id, price] */
  fillOrder: [number, number][];
  refusals: number;
}

function run(ops: Operation[], book = new OrderBook(1024, 64)): Run {
  const r: Run = { book, submitted: 0, traded: 0, cancelled: 0, fillOrder: [], refusals: 0 };
  const onFill = (slot: number, price: number, shares: number) => {
    r.traded += shares;
    r.fillOrder.push([book.id[slot], price]);
  };
  let nextId = 1;
  for (const op of ops) {
    if (op.kind === 'limit') {
      r.submitted += op.size;
      book.submitLimit(nextId++, op.side, 10_000 + op.tick * 100, op.size, 0, onFill);
    } else if (op.kind === 'market') {
      const before = r.traded;
      book.sweep(op.side, op.size, op.side * Infinity, onFill);
      r.submitted += r.traded - before; // only the filled part of a market order enters the book
    } else {
      const id = 1 + (op.which % nextId);
      const got = book.cancel(id, op.size);
      if (got < 0) r.refusals++;
      else r.cancelled += got;
    }
  }
  return r;
}

function resting(book: OrderBook): number {
  let total = 0;
  for (let k = 0; k < book.bidDepth; k++) total += book.levelSize[book.bidLevels[k]];
  for (let k = 0; k < book.askDepth; k++) total += book.levelSize[book.askLevels[k]];
  return total;
}

describe('the order book', () => {
  it("conserves shares: every share submitted rests, was cancelled or traded (a trade takes one share from each side)", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (ops) => {
        const r = run(ops);
        expect(resting(r.book) + 2 * r.traded + r.cancelled).toBe(r.submitted);
      }),
    );
  });

  it('is never crossed after matching, and each level holds the sum of its orders', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (ops) => {
        const { book } = run(ops);
        if (book.bidDepth > 0 && book.askDepth > 0) expect(book.bestPrice(1)).toBeLessThan(book.bestPrice(-1));
        for (const [levels, depth] of [[book.bidLevels, book.bidDepth], [book.askLevels, book.askDepth]] as const) {
          for (let k = 0; k < depth; k++) {
            let sum = 0;
            for (let s = book.levelHead[levels[k]]; s >= 0; s = book.next[s]) sum += book.size[s];
            expect(book.levelSize[levels[k]]).toBe(sum);
            if (k > 0) expect(Math.sign(book.levelPrice[levels[k - 1]] - book.levelPrice[levels[k]])).toBe(levels === book.bidLevels ? 1 : -1);
          }
        }
      }),
    );
  });

  it('fills in strict price-time priority: better prices first, then earlier orders (smaller ids) first', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ tick: fc.integer({ min: 0, max: 4 }), size: fc.integer({ min: 1, max: 20 }) }), { maxLength: 60 }), fc.integer({ min: 1, max: 2000 }), (asks, buy) => {
        const book = new OrderBook(256, 16);
        asks.forEach((a, i) => book.add(i + 1, -1, 10_000 + a.tick * 100, a.size));
        const order: [number, number][] = [];
        book.sweep(1, buy, Infinity, (slot, price) => void order.push([price, book.id[slot]]));
        for (let j = 1; j < order.length; j++) {
          const [p0, id0] = order[j - 1];
          const [p1, id1] = order[j];
          expect(p1 > p0 || (p1 === p0 && id1 >= id0)).toBe(true);
        }
      }),
    );
  });

  it('refuses a cancel of an unknown or already filled id, and a second order with a resting id', () => {
    const book = new OrderBook(16, 8);
    expect(book.cancel(7)).toBe(-1);
    book.add(7, -1, 10_100, 10);
    expect(book.add(7, 1, 9_900, 5)).toBe(-1);
    book.sweep(1, 10, Infinity, () => {});
    expect(book.cancel(7)).toBe(-1);
    book.add(8, -1, 10_100, 10);
    expect(book.cancel(8, 4)).toBe(4);
    expect(book.cancel(8)).toBe(6);
    expect(book.cancel(8)).toBe(-1);
  });

  it('evolves identically whichever lane runs it: books interleaved step by step equal books run alone', () => {
    fc.assert(
      fc.property(fc.array(fc.array(operation, { minLength: 1, maxLength: 60 }), { minLength: 2, maxLength: 4 }), (lanes) => {
        const alone = lanes.map((ops) => run(ops));
        // the same operations, but the lanes' books stepped round-robin in one loop
        const books = lanes.map(() => new OrderBook(1024, 64));
        const longest = Math.max(...lanes.map((l) => l.length));
        const partial = lanes.map(() => [] as Operation[]);
        for (let t = 0; t < longest; t++) lanes.forEach((ops, lane) => t < ops.length && partial[lane].push(ops[t]));
        const interleaved = lanes.map((_, lane) => run(partial[lane], books[lane]));
        interleaved.forEach((r, lane) => {
          expect(r.fillOrder).toEqual(alone[lane].fillOrder);
          expect(resting(r.book)).toBe(resting(alone[lane].book));
        });
      }),
    );
  });
});
