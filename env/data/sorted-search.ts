/**
 * How many of the first `count` entries of the non-decreasing `sorted` are strictly below `x`
 * (binary search): the index of the first entry at or after `x`. The one search of the recorded
 * and generated books' time columns ("what stood just before this instant").
 */
export function countBelow(sorted: ArrayLike<number>, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
