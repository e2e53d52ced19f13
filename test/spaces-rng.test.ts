import { describe, expect, it } from 'vitest';
import { makeRng } from '../env/random/rng.js';
import { Box } from '../env/spaces/box.js';
import { Discrete } from '../env/spaces/discrete.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';
import { normalCdf } from './helpers/normal-cdf.js';

describe('spaces', () => {
  it('Box contains exactly the points inside its bounds, and its samples are inside', () => {
    const box = new Box([0, -Infinity, 0], [4, Infinity, Infinity]);
    expect(box.contains([0, -1e300, 0])).toBe(true);
    expect(box.contains([4.0000001, 0, 0])).toBe(false);
    expect(box.contains([1, Number.NaN, 0])).toBe(false);
    expect(box.contains([1, 0])).toBe(false);
    const rng = makeRng(0);
    for (let i = 0; i < 1000; i++) expect(box.contains(box.sample(rng))).toBe(true);
  });

  it('a float32 Box samples Float32Arrays inside bounds that float32 cannot represent exactly', () => {
    const box = new Box([-0.1, 0], [0.1, 1e-7], 'float32');
    expect(box.dtype).toBe('float32');
    box.seed(3);
    for (let i = 0; i < 2000; i++) {
      const x = box.sample();
      expect(x).toBeInstanceOf(Float32Array);
      expect(box.contains(x)).toBe(true);
    }
    expect(new Box([0], [1]).sample()).toBeInstanceOf(Float64Array);
    expect(() => new Box([0], [1e39], 'float32')).toThrow(/float32 box must be infinite or within/);
  });

  it('seed() makes the samples of a space reproducible, and different seeds give different samples', () => {
    const draw = (space: Discrete, seed: number) => {
      space.seed(seed);
      return Array.from({ length: 20 }, () => space.sample());
    };
    const box = new Box([0, 0], [1, 1]);
    box.seed(5);
    const a = [box.sample(), box.sample()];
    box.seed(5);
    expect([box.sample(), box.sample()]).toEqual(a);
    box.seed(6);
    expect(box.sample()).not.toEqual(a[0]);
    const discrete = new Discrete(1000);
    expect(draw(discrete, 1)).toEqual(draw(discrete, 1));
    expect(draw(discrete, 1)).not.toEqual(draw(discrete, 2));
    expect(discrete.dtype).toBe('int32');
  });

  it('Box rejects inverted or NaN bounds with a message naming them', () => {
    expect(() => new Box([1], [0])).toThrow(/Box bound 0 must satisfy low <= high, got \[1, 0\]/);
    expect(() => new Box([0, 0], [1])).toThrow(/same length/);
  });

  it('Discrete samples only allowed actions under a mask, each about equally often', () => {
    const space = new Discrete(4);
    const rng = makeRng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[space.sample(rng, [1, 0, 1, 1])]++;
    expect(counts[1]).toBe(0);
    // Binomial(3000, 1/3): sd ~ 26.
    for (const j of [0, 2, 3]) expect(Math.abs(counts[j] - 1000)).toBeLessThan(120);
    expect(() => new Discrete(0)).toThrow(/positive integer, got 0/);
  });
});

describe('the seeded generator', () => {
  const N = 200_000;
  const draws = (seed: number) => {
    const rng = makeRng(seed, 'normal');
    return Float64Array.from({ length: N }, () => rng.normal());
  };

  it('draws standard normals: mean 0, variance 1, skewness 0, kurtosis 3 within 3 SE', () => {
    const xs = draws(123);
    const stats = sampleStats(xs);
    const moment = (p: number) => xs.reduce((acc, x) => acc + x ** p, 0) / N;
    // Under N(0, 1): SE of the mean 1/sqrt(n) = 0.0022; of the variance sqrt(2/n) = 0.0032;
    // of E[x^3] sqrt(15/n) = 0.0087; of E[x^4] sqrt(96/n) = 0.022. Bounds are 3 SE.
    expect(Math.abs(stats.mean)).toBeLessThan(3 * Math.sqrt(1 / N));
    expect(Math.abs(stats.sd ** 2 - 1)).toBeLessThan(3 * Math.sqrt(2 / N));
    expect(Math.abs(moment(3))).toBeLessThan(3 * Math.sqrt(15 / N));
    expect(Math.abs(moment(4) - 3)).toBeLessThan(3 * Math.sqrt(96 / N));
  });

  it('passes a Kolmogorov–Smirnov test against the normal CDF at the 0.1% level (fixed seed)', () => {
    const sorted = draws(7).sort();
    let d = 0;
    sorted.forEach((x, i) => {
      const F = normalCdf(x);
      d = Math.max(d, F - i / N, (i + 1) / N - F);
    });
    // The 0.1% critical value of sqrt(n) * D is 1.949 (Kolmogorov's limit law).
    expect(Math.sqrt(N) * d).toBeLessThan(1.949);
  });

  it('passes a chi-square test on 40 equiprobable bins, and puts the right mass in each tail beyond R', () => {
    const xs = draws(8);
    const bins = 40;
    const counts = new Float64Array(bins);
    for (const x of xs) counts[Math.min(bins - 1, Math.floor(normalCdf(x) * bins))]++;
    const expected = N / bins;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    // 39 degrees of freedom: the 0.1% critical value is 72.05.
    expect(chi2).toBeLessThan(72.05);
    // The ziggurat's tail beyond R = 3.4426 is a separate algorithm: its mass 2 * (1 - Phi(R)) =
    // 5.76e-4 per draw, over 1e6 draws a Poisson count of mean 576 (SE 24); bound 4 SE.
    const rng = makeRng(9, 'normal');
    let beyond = 0;
    let positive = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const x = rng.normal();
      if (Math.abs(x) > 3.442619855899) {
        beyond++;
        if (x > 0) positive++;
      }
    }
    const mean = 2 * (1 - normalCdf(3.442619855899)) * 1_000_000;
    expect(Math.abs(beyond - mean)).toBeLessThan(4 * Math.sqrt(mean));
    // Each sign half the time: Binomial(beyond, 1/2), 4 SE.
    expect(Math.abs(positive - beyond / 2)).toBeLessThan(4 * Math.sqrt(beyond / 4));
  });
});
