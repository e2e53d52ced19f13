/** A sorted copy of `values`, ascending. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * The q-quantile of ascending `sorted` values by linear interpolation between order statistics
 * (Hyndman & Fan type 7: R's default, d3.quantileSorted, numpy's 'linear').
 * @throws RangeError for an empty array or q outside [0, 1]
 * @example quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantileSorted needs at least 1 value, got 0');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The median of `values` (type 7), or null for none. */
export function median(values: ArrayLike<number>): number | null {
  return values.length === 0 ? null : quantileSorted(sortedCopy(values), 0.5);
}
