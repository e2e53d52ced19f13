/** Mean, sample standard deviation (n - 1) and standard error of the mean. */
export interface SampleStats {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly se: number;
}

/**
 * {@link SampleStats} of `values`, by Welford's update (stable when the mean is large against the
 * spread, as costs in bps are).
 * @throws RangeError for fewer than 2 values
 * @example sampleStats([1, 2, 3]) // { n: 3, mean: 2, sd: 1, se: 0.577... }
 */
export function sampleStats(values: ArrayLike<number>): SampleStats {
  const n = values.length;
  if (n < 2) throw new RangeError(`sampleStats needs at least 2 values, got ${n}`);
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const delta = values[i] - mean;
    mean += delta / (i + 1);
    m2 += delta * (values[i] - mean);
  }
  const sd = Math.sqrt(m2 / (n - 1));
  return { n, mean, sd, se: sd / Math.sqrt(n) };
}
