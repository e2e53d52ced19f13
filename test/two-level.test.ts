import { describe, expect, it } from 'vitest';
import { makeRng } from '../env/random/rng.js';
import { clusteredMeanInterval } from '../experiments/stats/cluster-robust.js';
import { meanInterval, Z95 } from '../experiments/stats/paired.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';
import { acrossSeeds, t975 } from '../experiments/stats/t-interval.js';
import { banerjeeHalfWidth, seedAndSampleInterval, twoLevelInterval } from '../experiments/stats/two-level.js';

// 32 windows in 9 symbol-day clusters of 3-4 windows, as the Xetra test windows.
const CLUSTER_SIZES = [4, 4, 3, 4, 3, 4, 3, 4, 3];
const LABELS = Int32Array.from(CLUSTER_SIZES.flatMap((m, g) => Array<number>(m).fill(g)));

describe('two-level interval over training seeds and test windows', () => {
  it('with one seed is that seed\'s own interval: cluster-robust with t on G - 1 df, or the plain normal one', () => {
    const rng = makeRng(3, 'one-seed');
    const d = Float64Array.from(LABELS, (g) => g / 3 + rng.normal());
    const clustered = clusteredMeanInterval(d, LABELS);
    const one = twoLevelInterval([d], LABELS);
    expect(one.mean).toBeCloseTo(clustered.mean, 12);
    expect(one.low).toBeCloseTo(clustered.low, 12);
    expect(one.high).toBeCloseTo(clustered.high, 12);
    expect(one.seedSe).toBe(0);
    const plain = meanInterval(d);
    const unclustered = twoLevelInterval([d]);
    expect(unclustered.low).toBeCloseTo(plain.low, 12);
    expect(unclustered.high).toBeCloseTo(plain.high, 12);
  });

  it('adds the across-seed variance of the seed means to the se of the seed-averaged values, each with its own t quantile', () => {
    // Seed means 2 and 3: seed se = sd / sqrt 2 = 0.5 on 1 df. Seed-averaged values 1.5, 2.5, 3.5:
    // se 1 / sqrt 3 with the normal quantile (independent episodes).
    const t = twoLevelInterval([
      [1, 2, 3],
      [2, 3, 4],
    ]);
    expect(t.mean).toBeCloseTo(2.5, 14);
    expect(t.seedSe).toBeCloseTo(0.5, 14);
    expect(t.sampleSe).toBeCloseTo(Math.sqrt(1 / 3), 14);
    expect(t.se).toBeCloseTo(Math.sqrt(0.25 + 1 / 3), 14);
    expect(t.high - t.mean).toBeCloseTo(Math.sqrt((t975(1) * 0.5) ** 2 + (Z95 * Math.sqrt(1 / 3)) ** 2), 12);
  });

  it('the seed term is the across-seed se and the sample term the cluster-robust se of the seed average', () => {
    const rng = makeRng(4, 'parts');
    const d = [0, 1, 2].map((s) => Float64Array.from(LABELS, (g) => s + g / 4 + rng.normal()));
    const t = twoLevelInterval(d, LABELS);
    const seedMeans = d.map((row) => sampleStats(row).mean);
    const averaged = Float64Array.from(LABELS, (_, w) => (d[0][w] + d[1][w] + d[2][w]) / 3);
    const clustered = clusteredMeanInterval(averaged, LABELS);
    expect(t.seedSe).toBeCloseTo(sampleStats(seedMeans).se, 12);
    expect(t.sampleSe).toBeCloseTo(clustered.se, 12);
    expect(t.mean).toBeCloseTo(clustered.mean, 12);
    expect(t.high - t.mean).toBeCloseTo(banerjeeHalfWidth([{ se: t.seedSe, df: 2 }, { se: clustered.se, df: 8 }]), 12);
    // Wider than either source alone.
    expect(t.high - t.mean).toBeGreaterThan(acrossSeeds(seedMeans).high - t.mean);
    expect(t.high - t.mean).toBeGreaterThan(clustered.high - t.mean);
  });

  it('sums several independent sample terms (a gap between two samples) with the seed term', () => {
    const t = seedAndSampleInterval([1, 2, 3], [
      { se: 0.3, df: 8 },
      { se: 0.4, df: Infinity },
    ]);
    expect(t.mean).toBe(2);
    expect(t.sampleSe).toBeCloseTo(0.5, 14);
    expect(t.high - t.mean).toBeCloseTo(Math.sqrt((t975(2) * sampleStats([1, 2, 3]).se) ** 2 + (t975(8) * 0.3) ** 2 + (Z95 * 0.4) ** 2), 12);
  });

  it('refuses no seeds and seeds of different test samples', () => {
    expect(() => twoLevelInterval([])).toThrow(/at least 1 seed, got 0/);
    expect(() => twoLevelInterval([[1, 2, 3], [1, 2]])).toThrow(/same test episodes, got 3, 2/);
    expect(() => twoLevelInterval([[1]])).toThrow(/at least 2 values/);
  });

  /**
   * d[s][w] = mu + a_s + b_cluster(w) + e_sw with a, b, e normal, 3 seeds on 32 windows in 9 clusters,
   * 2000 replications per case: a 95% interval covers mu in 0.95 +- 3 SE = [0.935, 0.965]. The
   * interval must cover at least 0.935 whichever source dominates; where the interaction e is
   * negligible it is not much wider than needed (at most 0.965: the smaller df of both terms, t_2
   * on all, covers 99.6% with the clusters dominant), and each single-source interval fails
   * where the other source dominates.
   */
  it('covers the mean at least 95% (within 3 binomial SE) whether seeds, clusters or both dominate', () => {
    const REPS = 2000;
    const floor = 0.95 - 3 * Math.sqrt((0.95 * 0.05) / REPS);
    const ceiling = 0.95 + 3 * Math.sqrt((0.95 * 0.05) / REPS);
    const coverage = (sdSeed: number, sdCluster: number, sdNoise: number) => {
      const rng = makeRng(11, `two-level-${sdSeed}-${sdCluster}-${sdNoise}`);
      let twoLevel = 0;
      let seedsOnly = 0;
      let windowsOnly = 0;
      for (let rep = 0; rep < REPS; rep++) {
        const a = [0, 1, 2].map(() => sdSeed * rng.normal());
        const b = CLUSTER_SIZES.map(() => sdCluster * rng.normal());
        const d = a.map((as) => Float64Array.from(LABELS, (g) => 5 + as + b[g] + sdNoise * rng.normal()));
        const t = twoLevelInterval(d, LABELS);
        if (t.low <= 5 && 5 <= t.high) twoLevel++;
        const seeds = acrossSeeds(d.map((row) => sampleStats(row).mean));
        if (seeds.low <= 5 && 5 <= seeds.high) seedsOnly++;
        const windows = clusteredMeanInterval(Float64Array.from(LABELS, (_, w) => (d[0][w] + d[1][w] + d[2][w]) / 3), LABELS);
        if (windows.low <= 5 && 5 <= windows.high) windowsOnly++;
      }
      return { twoLevel: twoLevel / REPS, seedsOnly: seedsOnly / REPS, windowsOnly: windowsOnly / REPS };
    };
    const seedsDominate = coverage(1, 0.05, 0.05);
    const clustersDominate = coverage(0.05, 1, 0.05);
    const alike = coverage(0.3, 0.3, 0.05);
    const interaction = coverage(0.17, 0.1, 0.3);
    for (const c of [seedsDominate, clustersDominate, alike, interaction]) expect(c.twoLevel).toBeGreaterThanOrEqual(floor);
    expect(seedsDominate.twoLevel).toBeLessThanOrEqual(ceiling);
    expect(clustersDominate.twoLevel).toBeLessThanOrEqual(ceiling);
    // The interval over training seeds alone (the suite's before) ignores the windows' clusters.
    expect(clustersDominate.seedsOnly).toBeLessThan(0.5);
    expect(seedsDominate.windowsOnly).toBeLessThan(0.5);
  });
});
