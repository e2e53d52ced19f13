/**
 * Conditional value at risk of a cost: the mean of the worst (largest) fraction 1 - alpha of the
 * outcomes, the empirical version of Rockafellar & Uryasev (2000)'s
 * CVaR_alpha = min_v v + E[(C - v)+] / (1 - alpha). The tail holds m = (1 - alpha) n outcomes;
 * when m is not whole, the boundary outcome counts with weight m - floor(m), so the estimate is
 * continuous in alpha.
 * @param sorted ascending costs
 * @throws RangeError for an empty array or alpha outside [0, 1)
 * @example cvarSorted(Float64Array.of(1, 2, 3, 4), 0.5) // 3.5, the mean of the worst half
 */
export function cvarSorted(sorted: ArrayLike<number>, alpha: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('cvarSorted needs at least 1 value, got 0');
  if (!(alpha >= 0 && alpha < 1)) throw new RangeError(`alpha must be in [0, 1), got ${alpha}`);
  const m = (1 - alpha) * n;
  const whole = Math.floor(m + 1e-9);
  let sum = 0;
  for (let i = n - 1; i >= n - whole; i--) sum += sorted[i];
  const fraction = m - whole;
  if (fraction > 1e-9) sum += fraction * sorted[n - 1 - whole];
  return sum / m;
}
