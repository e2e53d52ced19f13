import { describe, expect, it } from 'vitest';
import { fitBookWalk } from '../env/calibration/book-walk.js';
import { corwinSchultzHalfSpread } from '../env/calibration/corwin-schultz.js';
import { covers } from '../env/calibration/estimate.js';
import { timeWeightedHalfSpread } from '../env/calibration/half-spread.js';
import { kyleLambda } from '../env/calibration/kyle-lambda.js';
import { makeRng } from '../env/random/rng.js';
import { simulateDays } from './helpers/simulate-market.js';

// 20 seeded replications, CI must cover the truth in >= 16 (see calibration-sigma.test.ts for why).
const REPS = 20;
const MIN_COVERED = 16;

describe("permanent impact by Kyle's lambda", () => {
  it('recovers the env gamma from its own random sell flow within the CI in at least 16 of 20 replications', () => {
    const gamma = 2.5e-6;
    let covered = 0;
    for (let rep = 0; rep < REPS; rep++) {
      const rng = makeRng(rep, 'flow');
      const actions = Array.from({ length: 78 }, () => 2 * rng.uniform());
      const overrides = { horizon: { T: 1, N: 78 }, impact: { model: 'linear', epsilon: 0.0625, eta: 2.5e-6, gamma } };
      const days = simulateDays('ac-linear-v0', overrides, 2, 300 + 10 * rep, (k) => actions[k]);
      const dMid: number[] = [];
      const signed: number[] = [];
      for (const d of days) {
        for (let k = 0; k < d.shares.length; k++) {
          dMid.push(d.prices[k + 1] - d.prices[k]);
          signed.push(-d.shares[k]); // a sell is seller-initiated flow
        }
      }
      if (covers(kyleLambda(dMid, signed, 'step'), gamma)) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(MIN_COVERED);
  });
});

describe('half-spread', () => {
  it('weights each quote by how long it stood and skips crossed quotes', () => {
    // 0-10 s at spread 0.02, 10-40 s at 0.06, a crossed quote at 40-50 s: (10*0.01 + 30*0.03) / 40.
    const { estimate, crossed } = timeWeightedHalfSpread([0, 10, 40], [10, 10, 10.05], [10.02, 10.06, 10.0], 50, 2);
    expect(crossed).toBe(1);
    expect(estimate.value).toBeCloseTo((10 * 0.01 + 30 * 0.03) / 40, 12);
  });

  it('Corwin–Schultz recovers a known half-spread from the ranges of bars built around a random walk', () => {
    // Each bar's high is the efficient price's maximum plus the half-spread s and its low the
    // minimum minus s, the estimator's own assumption; 60 ticks per bar, 2,000 bars.
    const rng = makeRng(1, 'cs');
    const s = 0.02;
    let p = 100;
    const high: number[] = [];
    const low: number[] = [];
    const close: number[] = [];
    for (let b = 0; b < 2000; b++) {
      let hi = p;
      let lo = p;
      for (let t = 0; t < 60; t++) {
        p += 0.005 * rng.normal();
        hi = Math.max(hi, p);
        lo = Math.min(lo, p);
      }
      high.push(hi + s);
      low.push(lo - s);
      close.push(p);
    }
    const estimate = corwinSchultzHalfSpread(high, low, close, 20);
    // The estimator's known small-sample bias (the discrete range understates the continuous one)
    // is a few % here; 15% is the tolerance, and the CI must exclude 0.
    expect(Math.abs(estimate.value - s) / s).toBeLessThan(0.15);
    expect(estimate.ci95![0]).toBeGreaterThan(0);
    expect(estimate.note).toMatch(/not from quotes/);
  });
});

describe('temporary impact by walking the book', () => {
  it('recovers the power law of a book whose depth grows as a power of the distance from the best price', () => {
    // Level l (0..4) sits l ticks from the best price with size q_l chosen so that the cumulative
    // depth to l ticks is A l^2 (+ a small best level): then h(q) grows like q^(1/2) up to
    // discreteness. A mild random variation of the tick per snapshot gives the blocks a spread.
    const rng = makeRng(2, 'book');
    const levels = 5;
    const n = 2600;
    const book = { levels, askPrice: new Float64Array(n * levels), askSize: new Float64Array(n * levels), bidPrice: new Float64Array(n * levels), bidSize: new Float64Array(n * levels) };
    for (let i = 0; i < n; i++) {
      const tick = 0.01 * (1 + 0.1 * rng.uniform());
      for (let l = 0; l < levels; l++) {
        const size = l === 0 ? 100 : 1000 * (l * l - (l - 1) * (l - 1));
        book.askPrice[i * levels + l] = 100.01 + l * tick;
        book.bidPrice[i * levels + l] = 99.99 - l * tick;
        book.askSize[i * levels + l] = size;
        book.bidSize[i * levels + l] = size;
      }
    }
    const fit = fitBookWalk(book, [500, 1000, 2000, 4000, 8000, 16000, 100000], 1 / 78);
    expect(fit.curve[fit.curve.length - 1].censored).toBe(1);
    expect(fit.beta.value).toBeGreaterThan(0.4);
    expect(fit.beta.value).toBeLessThan(0.75);
    // eta = c tau^beta: the step's trade as one market order.
    expect(fit.eta.value).toBeCloseTo(fit.c * (1 / 78) ** fit.beta.value, 12);
  });
});
