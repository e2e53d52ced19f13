/**
 * Realised variance of one day's grid prices at every m-th point, averaged over the m offsets of
 * the grid (the "subsampled" RV of Zhang, Mykland & Aït-Sahalia 2005): the same bias as one sparse
 * grid, a lower variance, no data thrown away. Each offset's sum is rescaled to the whole session
 * (its grid misses up to m - 1 base intervals at the ends).
 * @param prices grid prices, `prices.length - 1` base intervals spanning the session
 * @param m sampling interval in base intervals (>= 1)
 */
export function subsampledRv(prices: ArrayLike<number>, m: number): number {
  const nBase = prices.length - 1;
  let total = 0;
  let offsets = 0;
  for (let o = 0; o < m; o++) {
    let sum = 0;
    let count = 0;
    for (let j = o; j + m <= nBase; j += m) {
      const r = prices[j + m] - prices[j];
      sum += r * r;
      count++;
    }
    if (count === 0) continue;
    total += sum * (nBase / (count * m));
    offsets++;
  }
  return offsets === 0 ? NaN : total / offsets;
}

/** The m-interval returns of one day's grid prices, starting at offset 0. */
export function gridReturns(prices: ArrayLike<number>, m: number): Float64Array {
  const count = Math.floor((prices.length - 1) / m);
  const out = new Float64Array(count);
  for (let j = 0; j < count; j++) out[j] = prices[(j + 1) * m] - prices[j * m];
  return out;
}

/** Sum of fourth powers: (2/3) of it estimates Var(RV) under time-varying volatility (Barndorff-Nielsen & Shephard 2002). */
export function sumFourth(returns: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < returns.length; i++) s += returns[i] ** 4;
  return s;
}
