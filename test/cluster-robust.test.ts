import { describe, expect, it } from 'vitest';
import { makeRng } from '../env/random/rng.js';
import { clusteredMeanInterval } from '../experiments/stats/cluster-robust.js';
import { meanInterval } from '../experiments/stats/paired.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';
import { t975 } from '../experiments/stats/t-interval.js';

describe('cluster-robust interval of a mean', () => {
  it('equals the plain se when every observation is its own cluster', () => {
    const values = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 + i / 10);
    const labels = Int32Array.from({ length: 50 }, (_, i) => i);
    // G / (G - 1) sum e² / n² = sum e² / (n (n - 1)) = sd² / n exactly.
    expect(clusteredMeanInterval(values, labels).se).toBeCloseTo(meanInterval(values).se, 12);
  });

  it('gives each cluster of m copies of one value the weight of one observation: se of the G cluster values, sqrt((n - 1) / (G - 1)) times the naive se', () => {
    const clusterValues = [3, -1, 4, 1, -5, 9, 2, -6];
    const m = 5;
    const values = Float64Array.from(clusterValues.flatMap((v) => Array<number>(m).fill(v)));
    const labels = Int32Array.from(clusterValues.flatMap((_, g) => Array<number>(m).fill(g)));
    const clustered = clusteredMeanInterval(values, labels);
    const naive = meanInterval(values);
    const G = clusterValues.length;
    const n = G * m;
    expect(clustered.clusters).toBe(G);
    expect(clustered.se).toBeCloseTo(sampleStats(clusterValues).se, 12);
    expect(clustered.se / naive.se).toBeCloseTo(Math.sqrt((n - 1) / (G - 1)), 12);
    expect(clustered.high - clustered.mean).toBeCloseTo(t975(G - 1) * clustered.se, 12);
  });

  it('covers the true mean of correlated clusters at about 95% where the naive interval does not', () => {
    // y = u_g + e_i, u and e N(0, 1), 20 clusters of 5: intra-cluster correlation 0.5, design
    // effect 1 + 4 * 0.5 = 3, so the naive 95% interval has coverage P(|Z| < 1.96 / sqrt 3) = 74%.
    // 400 replications: a correct interval covers in 0.95 +- 3 SE = [0.917, 0.983].
    const rng = makeRng(8, 'cluster-coverage');
    const REPS = 400;
    let clustered = 0;
    let naive = 0;
    const labels = Int32Array.from({ length: 100 }, (_, i) => Math.floor(i / 5));
    for (let rep = 0; rep < REPS; rep++) {
      const effects = Array.from({ length: 20 }, () => rng.normal());
      const values = Float64Array.from(labels, (g) => effects[g] + rng.normal());
      const c = clusteredMeanInterval(values, labels);
      const p = meanInterval(values);
      if (c.low <= 0 && 0 <= c.high) clustered++;
      if (p.low <= 0 && 0 <= p.high) naive++;
    }
    expect(clustered / REPS).toBeGreaterThanOrEqual(0.917);
    expect(clustered / REPS).toBeLessThanOrEqual(0.983);
    expect(naive / REPS).toBeLessThan(0.85);
  });

  it('never goes below the plain se: clusters whose members offset each other (negative correlation) keep the plain se, with t on G - 1 df', () => {
    // Each cluster is (c + 1, c - 1) around a common c: the cluster sums of deviations are 0, so
    // the sandwich is 0, below the plain se of the +-1 spread.
    const values = Float64Array.of(6, 4, 6, 4, 6, 4, 6, 4);
    const labels = Int32Array.of(0, 0, 1, 1, 2, 2, 3, 3);
    const c = clusteredMeanInterval(values, labels);
    expect(c.se).toBe(meanInterval(values).se);
    expect(c.high - c.mean).toBeCloseTo(t975(3) * c.se, 12);
  });

  it('gives no interval for a single cluster', () => {
    const c = clusteredMeanInterval([1, 2, 3], [7, 7, 7]);
    expect(c.clusters).toBe(1);
    expect(Number.isNaN(c.se)).toBe(true);
  });
});
