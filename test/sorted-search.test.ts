import { describe, expect, it } from 'vitest';
import { countBelow } from '../env/data/sorted-search.js';

describe('countBelow', () => {
  it('counts the entries strictly below x among the first count of a non-decreasing array, ties not counted', () => {
    const t = Float64Array.from([1, 2, 2, 2, 5, 9]);
    expect([0, 1, 2, 3, 5, 9, 10].map((x) => countBelow(t, t.length, x))).toEqual([0, 0, 1, 4, 4, 5, 6]);
    // only the first `count` entries are read (a growable column's backing array)
    expect(countBelow(t, 3, 100)).toBe(3);
    expect(countBelow(t, 0, 100)).toBe(0);
  });
});
