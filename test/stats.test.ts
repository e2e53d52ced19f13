import { describe, expect, it } from 'vitest';
import { makeRng } from '../env/random/rng.js';
import { controlVariateMean } from '../experiments/stats/control-variate.js';
import { cvarSorted } from '../experiments/stats/cvar.js';
import { pairedDifference, Z95 } from '../experiments/stats/paired.js';
import { quantileSorted, sortedCopy } from '../experiments/stats/quantiles.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';

describe('benchmark statistics', () => {
  it('sampleStats gives the n - 1 standard deviation and se = sd / sqrt(n), stable far from zero', () => {
    const s = sampleStats([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(s.se).toBeCloseTo(Math.sqrt(5 / 3) / 2, 14);
    // Welford keeps the spread of values 1e9 + {1, 2, 3, 4} exactly; a naive sum of squares would not.
    expect(sampleStats([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4]).sd).toBeCloseTo(Math.sqrt(5 / 3), 9);
    expect(() => sampleStats([1])).toThrow(/at least 2/);
  });

  it('quantiles interpolate between order statistics as R type 7 does', () => {
    const sorted = sortedCopy([4, 1, 3, 2, 5]);
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 1)).toBe(5);
    expect(quantileSorted(sorted, 0.5)).toBe(3);
    // R: quantile(1:5, c(0.05, 0.95), type = 7) = 1.2, 4.8
    expect(quantileSorted(sorted, 0.05)).toBeCloseTo(1.2, 12);
    expect(quantileSorted(sorted, 0.95)).toBeCloseTo(4.8, 12);
    expect(() => quantileSorted(sorted, 1.5)).toThrow(/q must be in \[0, 1\], got 1.5/);
  });

  it('CVaR95 is the mean of the worst 5%, with a fractional boundary outcome', () => {
    const costs = sortedCopy(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(cvarSorted(costs, 0.95)).toBeCloseTo((96 + 97 + 98 + 99 + 100) / 5, 12);
    // 30 outcomes: the tail holds 1.5 of them, 30 in full and 29 with weight 0.5.
    const thirty = sortedCopy(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(cvarSorted(thirty, 0.95)).toBeCloseTo((30 + 0.5 * 29) / 1.5, 12);
    expect(cvarSorted(costs, 0)).toBeCloseTo(50.5, 12);
  });

  it('the paired interval is the mean of the differences +- 1.96 sd / sqrt(n)', () => {
    const a = [10, 12, 11, 15];
    const b = [9, 10, 11, 12];
    const d = pairedDifference(a, b);
    const sd = Math.sqrt(((1 - 1.5) ** 2 + (2 - 1.5) ** 2 + (0 - 1.5) ** 2 + (3 - 1.5) ** 2) / 3);
    expect(d.mean).toBeCloseTo(1.5, 14);
    expect(d.se).toBeCloseTo(sd / 2, 14);
    expect(d.high - d.low).toBeCloseTo(2 * Z95 * (sd / 2), 12);
    expect(() => pairedDifference([1, 2], [1])).toThrow(/same length/);
  });

  it('the control-variate mean is unbiased and narrows the interval by sqrt(1 - corr^2)', () => {
    // y = 3 + c + e, c ~ N(0, 4) with known mean 0, e ~ N(0, 1): corr^2 = 4 / 5, so the se shrinks by
    // sqrt(1/5) = 0.447. With n = 20000 the ratio of sample sds is within ~1% of that (its relative
    // se is about 1 / sqrt(2n)); the mean is checked within 4 of its own se.
    const rng = makeRng(7, 'test');
    const n = 20_000;
    const c = Float64Array.from({ length: n }, () => 2 * rng.normal());
    const y = c.map((ci) => 3 + ci + rng.normal());
    const cv = controlVariateMean(y, c, 0);
    expect(Math.abs(cv.mean - 3)).toBeLessThan(4 * cv.se);
    expect(cv.beta).toBeCloseTo(1, 1);
    expect(cv.ratio).toBeCloseTo(Math.sqrt(1 / 5), 1);
    expect(cv.se).toBeLessThan(cv.plainSe);
  });

  it('a control equal to the estimand returns its known mean with zero standard error', () => {
    const rng = makeRng(8, 'test');
    const c = Float64Array.from({ length: 100 }, () => 5 + rng.normal());
    const cv = controlVariateMean(c, c, 5);
    expect(cv.mean).toBeCloseTo(5, 12);
    expect(cv.se).toBeLessThan(1e-12);
  });
});
