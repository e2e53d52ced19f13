import { sampleStats } from './sample-stats.js';

/** 1.96: the two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054;

/** A mean with its standard error and a normal 95% confidence interval. */
/** A paired difference closer to 0 than this (bps) is floating-point rounding (one schedule computed two ways), not a signal. */
export const ROUNDING_BPS = 1e-6;

export interface Interval {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly se: number;
  readonly low: number;
  readonly high: number;
}

/** The normal 95% interval mean +- 1.96 se of a sample. */
export function meanInterval(values: ArrayLike<number>): Interval {
  const s = sampleStats(values);
  return { ...s, low: s.mean - Z95 * s.se, high: s.mean + Z95 * s.se };
}

/**
 * The paired difference a - b, episode by episode: under common random numbers both were run on
 * the same market path, so the path's own luck cancels and the interval is that of the mean of
 * the differences, mean(d) +- 1.96 sd(d) / sqrt(n) (normal approximation, fine for n in the
 * hundreds and up).
 * @throws RangeError when the samples differ in length or have fewer than 2 pairs
 */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>): Interval {
  return meanInterval(differences(a, b));
}

/** a[i] - b[i] of two paired samples. @throws RangeError when they differ in length */
export function differences(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  if (a.length !== b.length) throw new RangeError(`paired samples must have the same length, got ${a.length} and ${b.length}`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = a[i] - b[i];
  return d;
}
