import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../env/lob/id-index.js';

/** Ids as a venue and we hand them out: venue references, clustered or spread, and ours from 2^52. */
const id = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 64 }).map((n) => 2 ** 52 + n));
const operation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id, slot: fc.nat(1 << 20) }),
  fc.record({ kind: fc.constant('delete' as const), id }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

describe('the order book id index', () => {
  it('answers every lookup as a Map does, through sets, deletes (backward shifts), growth and clears', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 400 }), fc.array(id, { maxLength: 50 }), (ops, probes) => {
        const index = new IdIndex(16);
        const map = new Map<number, number>();
        for (const op of ops) {
          if (op.kind === 'set') {
            if (map.has(op.id)) continue; // the book never sets an id that rests
            index.set(op.id, op.slot);
            map.set(op.id, op.slot);
          } else if (op.kind === 'delete') {
            index.delete(op.id);
            map.delete(op.id);
          } else {
            index.clear();
            map.clear();
          }
          for (const k of map.keys()) expect(index.get(k)).toBe(map.get(k));
        }
        for (const k of probes) expect(index.get(k)).toBe(map.get(k) ?? -1);
      }),
      { numRuns: 200 },
    );
  });

  it('forgets every id at a clear, through the 2^20 clears after which its epochs wrap round', () => {
    const index = new IdIndex(16);
    let wrong = 0;
    for (let n = 0; n < 2 ** 20 + 3; n++) {
      index.set(n, n);
      index.set(n + 2 ** 31, 7);
      if (index.get(n - 1) !== -1 || index.get(n) !== n || index.get(n + 2 ** 31) !== 7) wrong++;
      index.clear();
      if (index.get(n) !== -1 || index.get(n + 2 ** 31) !== -1) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('holds thousands of consecutive references, deleted oldest first, as a replay does', () => {
    const index = new IdIndex();
    for (let n = 0; n < 20_000; n++) {
      index.set(1_000_000 + n, n);
      if (n >= 3000) index.delete(1_000_000 + n - 3000);
    }
    expect(index.get(1_000_000 + 16_999)).toBe(-1);
    expect(index.get(1_000_000 + 17_000)).toBe(17_000);
    expect(index.get(1_000_000 + 19_999)).toBe(19_999);
  });
});
