import { Z95, type Interval } from './paired.js';
import { sampleStats } from './sample-stats.js';

/** A control-variate estimate of a mean, with the plain estimate's standard error to compare. */
export interface ControlVariateEstimate extends Interval {
  /** The fitted coefficient beta = cov(y, c) / var(c). */
  readonly beta: number;
  /** Standard error of the plain sample mean of y, and se / plainSe (how much the CI narrowed). */
  readonly plainSe: number;
  readonly ratio: number;
}

/**
 * The control-variate estimator of E[y]: mean(y) - beta (mean(c) - E[c]), for a control c whose
 * mean E[c] is known exactly and which is observed on the same episodes as y. beta is the
 * least-squares coefficient fitted on the same sample (its bias is O(1 / n)); the standard error
 * is that of the residuals y - beta c, sd(y - beta c) / sqrt(n). The more y and c are correlated,
 * the narrower: Var shrinks by the factor 1 - corr(y, c)^2. Glasserman (2004), section 4.1.
 * @throws RangeError when the samples differ in length or have fewer than 3 pairs
 */
export function controlVariateMean(y: ArrayLike<number>, c: ArrayLike<number>, controlMean: number): ControlVariateEstimate {
  const n = y.length;
  if (c.length !== n) throw new RangeError(`y and the control must have the same length, got ${n} and ${c.length}`);
  if (n < 3) throw new RangeError(`a control-variate estimate needs at least 3 episodes, got ${n}`);
  const ys = sampleStats(y);
  const cs = sampleStats(c);
  let cov = 0;
  for (let i = 0; i < n; i++) cov += (y[i] - ys.mean) * (c[i] - cs.mean);
  cov /= n - 1;
  const varC = cs.sd * cs.sd;
  const beta = varC > 0 ? cov / varC : 0;
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) residual[i] = y[i] - beta * (c[i] - controlMean);
  const r = sampleStats(residual);
  // One degree of freedom goes to beta.
  const se = (r.sd * Math.sqrt((n - 1) / (n - 2))) / Math.sqrt(n);
  return { n, mean: r.mean, sd: r.sd, se, low: r.mean - Z95 * se, high: r.mean + Z95 * se, beta, plainSe: ys.se, ratio: ys.se > 0 ? se / ys.se : 1 };
}
