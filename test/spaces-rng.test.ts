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
