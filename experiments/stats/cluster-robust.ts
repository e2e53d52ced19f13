import type { Interval } from './paired.js';
import { sampleStats } from './sample-stats.js';
import { t975 } from './t-interval.js';

/** An {@link Interval} whose se counts clusters, not observations, as the independent units. */
export interface ClusteredInterval extends Interval {
  readonly clusters: number;
}

/**
 * The mean of `values` with a cluster-robust standard error: observations of one cluster may be
 * correlated in any way, clusters are independent. The variance is the sandwich of Liang & Zeger
 * (1986) for a mean, (1/n²) sum_g (sum_{i in g} (y_i - ybar))², times G / (G - 1) (the "CR1"
 * small-sample factor), and the interval uses Student's t with G - 1 degrees of freedom, since
 * with few clusters the normal quantile under-covers (Cameron & Miller 2015, §VI). With few
 * clusters the sandwich is itself noisy and biased down, and on the shipped replay data (3 and 9
 * symbol-days) it came out below the plain se for some policies, which would make the clustered
 * interval the narrower one; so the se is the larger of the two (Angrist & Pischke 2009, §8.2.3:
 * never report a robust se below the conventional one). When every cluster holds one observation
 * the two are equal; when each cluster repeats one value m times the se is that of the G cluster
 * values, sqrt((n - 1) / (G - 1)) times the plain one. `sd` stays the plain sample sd (a
 * description of the spread, not of the uncertainty).
 * @param clusters the cluster label of each value (any integers)
 * @throws RangeError for fewer than 2 values or labels of another length
 */
export function clusteredMeanInterval(values: ArrayLike<number>, clusters: ArrayLike<number>): ClusteredInterval {
  if (values.length !== clusters.length) throw new RangeError(`values and cluster labels must have the same length, got ${values.length} and ${clusters.length}`);
  const s = sampleStats(values);
  const sums = new Map<number, number>();
  for (let i = 0; i < values.length; i++) sums.set(clusters[i], (sums.get(clusters[i]) ?? 0) + (values[i] - s.mean));
  const G = sums.size;
  let sumSquares = 0;
  for (const e of sums.values()) sumSquares += e * e;
  // One cluster carries no information about the spread between clusters: no interval.
  const se = G < 2 ? NaN : Math.max(s.se, Math.sqrt((G / (G - 1)) * sumSquares) / s.n);
  const half = G < 2 ? NaN : t975(G - 1) * se;
  return { n: s.n, mean: s.mean, sd: s.sd, se, low: s.mean - half, high: s.mean + half, clusters: G };
}
