/**
 * Mean and standard error of an autocorrelated series by batch means: the series is cut into
 * `batches` contiguous blocks and the SE is that of the block means (Flegal & Jones 2010). Intraday
 * spreads, book shapes and the like are strongly autocorrelated, so the naive SE of the raw
 * observations would be far too small; half-hour blocks are nearly independent.
 * Weights (e.g. quote durations) make each block mean a weighted mean.
 */
export function batchMeans(values: ArrayLike<number>, batches: number, weights?: ArrayLike<number>): { mean: number; se: number; batches: number } {
  const n = values.length;
  const B = Math.max(2, Math.min(batches, n));
  const means: number[] = [];
  let totalW = 0;
  let totalWx = 0;
  for (let b = 0; b < B; b++) {
    let w = 0;
    let wx = 0;
    for (let i = Math.floor((b * n) / B); i < Math.floor(((b + 1) * n) / B); i++) {
      const wi = weights ? weights[i] : 1;
      w += wi;
      wx += wi * values[i];
    }
    if (w > 0) means.push(wx / w);
    totalW += w;
    totalWx += wx;
  }
  const mean = totalWx / totalW;
  const m = means.reduce((a, b) => a + b, 0) / means.length;
  const variance = means.reduce((a, x) => a + (x - m) ** 2, 0) / (means.length - 1);
  return { mean, se: Math.sqrt(variance / means.length), batches: means.length };
}
