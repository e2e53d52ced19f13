import { describe, expect, it } from 'vitest';
import { makeRng } from '../env/rng.js';
import { Box } from '../env/spaces/box.js';
import { Discrete } from '../env/spaces/discrete.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';

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
  it('draws standard normals: mean 0, variance 1, kurtosis 3 within sampling error', () => {
    const rng = makeRng(123, 'normal');
    const xs = Float64Array.from({ length: 200000 }, () => rng.normal());
    const stats = sampleStats(xs);
    // SE of the mean 1/sqrt(n) = 0.0022; of the variance sqrt(2/n) = 0.0032; of E[x^4] sqrt(96/n) = 0.022.
    expect(Math.abs(stats.mean)).toBeLessThan(0.0067);
    expect(Math.abs(stats.sd ** 2 - 1)).toBeLessThan(0.0095);
    const kurtosis = xs.reduce((acc, x) => acc + x ** 4, 0) / xs.length;
    expect(Math.abs(kurtosis - 3)).toBeLessThan(0.066);
  });
});
