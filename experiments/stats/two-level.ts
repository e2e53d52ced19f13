import { clusteredMeanInterval } from './cluster-robust.js';
import { meanInterval } from './paired.js';
import { sampleStats } from './sample-stats.js';
import { t975 } from './t-interval.js';

/** A standard error and the degrees of freedom of its t quantile (Infinity: the normal quantile). */
export interface SeTerm {
  readonly se: number;
  readonly df: number;
}

/** A mean over training seeds and test episodes (or windows), with a 95% interval counting both. */
export interface TwoLevelInterval {
  readonly seeds: number;
  readonly mean: number;
  /** sqrt(seedSe² + sampleSe²). */
  readonly se: number;
  readonly low: number;
  readonly high: number;
  /** The training-seed part of the se: sd of the per-seed means / sqrt(S) (0 with one seed). */
  readonly seedSe: number;
  /** The test-sample part: the se over episodes or windows of the seed-averaged values. */
  readonly sampleSe: number;
}

/**
 * The se of the mean of `values` over the test sample: cluster-robust (CR1, t with G - 1 df, see
 * {@link clusteredMeanInterval}) when cluster labels are given, as on a replay whose windows share
 * a symbol-day; else the plain se of independent episodes with the normal quantile, as the
 * benchmark's paired intervals on synthetic markets.
 */
export function sampleTerm(values: ArrayLike<number>, clusters?: ArrayLike<number>): SeTerm {
  if (!clusters) return { se: meanInterval(values).se, df: Infinity };
  const c = clusteredMeanInterval(values, clusters);
  return { se: c.se, df: c.clusters - 1 };
}

/**
 * Banerjee's half-width for a sum of independent errors with estimated variances:
 * sqrt(sum (t_{df_i} se_i)²), each term scaled by its own 97.5% t quantile. For independent normal
 * means with independent variance estimates its coverage is at least 95% whatever the ratio of
 * the true variances (Banerjee 1960, "Approximate confidence interval for linear functions of
 * means of k populations when the population variances are not equal", Sankhya 22: 357-358); the
 * two-level design is checked by simulation in test/two-level.test.ts. Satterthwaite's (1946) df
 * is not conservative with so few seeds: simulating 3 seeds on 32 windows in 9 clusters with
 * seed, cluster and interaction variances of like size, it covered 93.8-94.7% (2 seeds: 89-92%),
 * Banerjee's 96.8-97.6%. With one term it is that term's own t interval.
 */
export function banerjeeHalfWidth(terms: readonly SeTerm[]): number {
  return Math.sqrt(terms.reduce((a, t) => a + (t975(t.df) * t.se) ** 2, 0));
}

/**
 * The mean of per-seed values `seedMeans`, with an error that adds the spread between training
 * seeds (se of the per-seed values, S - 1 df) to the sampling error of the test sample, the se
 * of each independent `samples` term (the windows of a replay; also the episodes of a twin for a
 * gap between the two), in a Banerjee interval ({@link banerjeeHalfWidth}). With one seed there
 * is no seed term and it is the sample's own interval. {@link twoLevelInterval} says what this
 * covers and why it is conservative.
 * @throws RangeError without seeds
 */
export function seedAndSampleInterval(seedMeans: readonly number[], samples: readonly SeTerm[]): TwoLevelInterval {
  const S = seedMeans.length;
  if (S < 1) throw new RangeError('a two-level interval needs at least 1 seed, got 0');
  const mean = seedMeans.reduce((a, v) => a + v, 0) / S;
  const seedSe = S >= 2 ? sampleStats(seedMeans).se : 0;
  const terms = S >= 2 ? [{ se: seedSe, df: S - 1 }, ...samples] : samples;
  const half = banerjeeHalfWidth(terms);
  const sampleSe = Math.sqrt(samples.reduce((a, t) => a + t.se * t.se, 0));
  return { seeds: S, mean, se: Math.hypot(seedSe, sampleSe), low: mean - half, high: mean + half, seedSe, sampleSe };
}

/**
 * The mean of d[s][w], S training seeds by n test episodes or windows (the same w for every seed:
 * common random numbers), with a 95% interval for what a new training seed scores on new test
 * paths of the same market: both the training seeds and the test sample are samples.
 *
 * Variance: var_s(dbar_s) / S + se_w(dbar_w)², the across-seed variance of the per-seed means over
 * S plus the squared se over the test sample (cluster-robust with `clusters`, see
 * {@link sampleTerm}) of the seed-averaged values dbar_w. These are the two one-way parts (each
 * CR1 for a mean) of the two-way cluster-robust variance of Cameron, Gelbach & Miller (2011,
 * "Robust inference with multiway clustering"), clustered by training seed and by window cluster,
 * without their subtraction of the intersection term. In the crossed model
 * d = mu + a_s + b_w + e_sw (b correlated within a cluster, e the seed × window interaction,
 * independent across seeds, V_e the variance of one seed's mean of e over the windows) the first
 * part estimates var(a)/S + V_e/S and the second var(mean b) + V_e/S, while the variance of the
 * mean is var(a)/S + var(mean b) + V_e/S: the interaction is counted twice, so the variance is
 * conservative by V_e/S (in expectation at most a factor 2, the interval at most sqrt 2 too wide).
 * The unbiased correction, minus (mean_s se_w(d_s)² - se_w(dbar)²) / (S - 1), can make the
 * variance negative and is itself noisy with 3 seeds, so it is not used.
 *
 * Quantiles: Banerjee's, t with S - 1 df on the seed term and with the sample's (G - 1 clusters,
 * or the normal) on the other. The smaller of the two df for both would also be safe, but with 3
 * seeds it gives t = 4.30 even where the windows carry nearly all the variance and have 8 df.
 * With S = 1 it is that seed's own interval (cluster-robust where clusters are given).
 * @param d one row per seed, each of the same length n >= 2
 * @param clusters the cluster label of each column (e.g. the symbol-day of a replay window)
 * @throws RangeError without seeds, for rows of different lengths or fewer than 2 columns
 * @example twoLevelInterval([[1, 2, 3], [2, 3, 4]]).mean // 2.5; seedSe 0.5, sampleSe sqrt(1/3)
 */
export function twoLevelInterval(d: readonly ArrayLike<number>[], clusters?: ArrayLike<number>): TwoLevelInterval {
  if (d.length === 0) throw new RangeError('a two-level interval needs at least 1 seed, got 0');
  const averaged = seedAverage(d);
  return seedAndSampleInterval(d.map((row) => sampleStats(row).mean), [sampleTerm(averaged, clusters)]);
}

/** dbar_w = mean_s d[s][w], column by column. @throws RangeError for rows of different lengths */
export function seedAverage(d: readonly ArrayLike<number>[]): Float64Array {
  const n = d[0]?.length ?? 0;
  if (d.some((row) => row.length !== n)) throw new RangeError(`every seed must have the same test episodes, got ${d.map((row) => row.length).join(', ')} values`);
  return Float64Array.from({ length: n }, (_, w) => d.reduce((a, row) => a + row[w], 0) / d.length);
}

/**
 * mean(a) - mean(b) for two trained configs, each S_a (S_b) independent training seeds by the same
 * n test episodes or windows (e.g. a control arm against its baseline arm): Banerjee's interval
 * ({@link banerjeeHalfWidth}) over three terms, each config's spread of per-seed means (S - 1 df)
 * and the test sample's error of the seed-averaged difference abar_w - bbar_w (cluster-robust with
 * `clusters`, see {@link sampleTerm}); conservative as {@link twoLevelInterval} is.
 * @throws RangeError without seeds on either side, or for rows of different lengths
 */
export function betweenConfigsInterval(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[], clusters?: ArrayLike<number>): TwoLevelInterval {
  if (a.length === 0 || b.length === 0) throw new RangeError(`a difference between configs needs seeds on both sides, got ${a.length} and ${b.length}`);
  const abar = seedAverage(a);
  const bbar = seedAverage(b);
  if (abar.length !== bbar.length) throw new RangeError(`both configs must play the same test episodes, got ${abar.length} and ${bbar.length}`);
  const seedTerms = [a, b].filter((rows) => rows.length >= 2).map((rows): SeTerm => ({ se: sampleStats(rows.map((row) => sampleStats(row).mean)).se, df: rows.length - 1 }));
  const sample = sampleTerm(Float64Array.from(abar, (v, w) => v - bbar[w]), clusters);
  const mean = sampleStats(abar).mean - sampleStats(bbar).mean;
  const half = banerjeeHalfWidth([...seedTerms, sample]);
  const seedSe = Math.hypot(...seedTerms.map((t) => t.se));
  return { seeds: a.length + b.length, mean, se: Math.hypot(seedSe, sample.se), low: mean - half, high: mean + half, seedSe, sampleSe: sample.se };
}
