/**
 * Realised variance of one day's grid prices at every m-th point, averaged over the m offsets of
 * the grid (the "subsampled" RV of Zhang, Mykland & Aït-Sahalia 2005): the same bias as one sparse
 * grid, a lower variance, no data thrown away. Each offset's sum is rescaled to the whole session
 * (its grid misses up to m - 1 base intervals at the ends).
 * @param prices grid prices, `prices.length - 1` base intervals spanning the session
 * @param m sampling interval in base intervals (>= 1)
 */
export function subsampledRv(prices: ArrayLike<number>, m: number): number {
  return subsampled(prices, m, (r) => {
    let sum = 0;
    for (let j = 0; j < r.length; j++) sum += r[j] * r[j];
    return sum;
  });
}

/**
 * Bipower variation (Barndorff-Nielsen & Shephard 2004), (pi/2) sum |r_j| |r_{j-1}|, subsampled
 * over offsets like {@link subsampledRv}: it estimates the integrated variance of the diffusion
 * and, unlike RV, not the squared jumps, because a jump enters only multiplied by a neighbouring
 * diffusive return. The n / (n - 1) factor restores the one product a grid of n returns lacks.
 */
export function subsampledBv(prices: ArrayLike<number>, m: number): number {
  return subsampled(prices, m, (r) => {
    let sum = 0;
    for (let j = 1; j < r.length; j++) sum += Math.abs(r[j] * r[j - 1]);
    return r.length < 2 ? NaN : (Math.PI / 2) * sum * (r.length / (r.length - 1));
  });
}

/** One statistic of the returns on each offset's m-grid, rescaled to the session and averaged. */
function subsampled(prices: ArrayLike<number>, m: number, statistic: (returns: Float64Array) => number): number {
  const nBase = prices.length - 1;
  let total = 0;
  let offsets = 0;
  for (let o = 0; o < m; o++) {
    const count = Math.floor((nBase - o) / m);
    if (count === 0) continue;
    const returns = new Float64Array(count);
    for (let j = 0; j < count; j++) returns[j] = prices[o + (j + 1) * m] - prices[o + j * m];
    total += statistic(returns) * (nBase / (count * m));
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

/** E|Z|^(4/3) for standard normal Z: 2^(2/3) Gamma(7/6) / Gamma(1/2). */
const MU_43 = 0.8308609;

/**
 * Var(BV) of one day's returns, robust to jumps: BV's asymptotic variance is (pi²/4 + pi - 3) IQ / n
 * (Barndorff-Nielsen & Shephard 2006), with the integrated quarticity IQ from the tripower
 * quarticity n mu_{4/3}^-3 sum |r_j r_{j-1} r_{j-2}|^(4/3) (n / (n - 2) for the lost terms), which
 * a jump, again, enters only times diffusive neighbours.
 */
export function bipowerVariance(returns: ArrayLike<number>): number {
  const n = returns.length;
  let s = 0;
  for (let j = 2; j < n; j++) s += Math.abs(returns[j] * returns[j - 1] * returns[j - 2]) ** (4 / 3);
  return ((Math.PI ** 2 / 4 + Math.PI - 3) * s * (n / (n - 2))) / MU_43 ** 3;
}
