import { describe, expect, it } from 'vitest';
import { fitGaussianHmm, selectHmmByBic } from '../env/calibration/gaussian-hmm.js';
import { hmmCovariance } from '../env/calibration/hmm-information.js';
import { regimeEstimates } from '../env/calibration/regime-estimates.js';
import { covers } from '../env/calibration/estimate.js';
import { transitionOverSteps } from '../env/calibration/transition-power.js';
import { makeRng } from '../env/random/rng.js';
import { simulateDays } from './helpers/simulate-market.js';

// 20 seeded replications, CI must cover the truth in >= 16 (see calibration-sigma.test.ts for why).
const REPS = 20;
const MIN_COVERED = 16;

// Two regimes, 1-minute steps over 3 days: calm (sigma 0.6, volume x1) and volatile (sigma 1.8,
// volume x2.5), sticky per-step transitions.
const twoRegimes = {
  horizon: { T: 1, N: 390 },
  order: { side: 'sell', shares: 1 },
  price: { model: 'abm', S0: 50, sigma: 1 },
  impact: { model: 'linear', epsilon: 0, eta: 1e-9, gamma: 0 },
  volume: { daily: 5e6, profile: 'flat', noise: 0.3 },
  regimes: [
    { name: 'calm', sigma: 0.6, volumeMultiplier: 1 },
    { name: 'volatile', sigma: 1.8, volumeMultiplier: 2.5 },
  ],
  transition: [
    [0.98, 0.02],
    [0.04, 0.96],
  ],
  initial: [0.5, 0.5],
};

/** Features per step: return / sqrt(tau) (so the state variance is sigma_r^2) and log volume - log E[V]. */
function features(seed: number, spec: typeof twoRegimes = twoRegimes, dayCount = 3): Float64Array[] {
  const days = simulateDays('regime-v0', spec, dayCount, seed);
  const tau = 1 / 390;
  const base = 5e6 / 390;
  return days.map((d) => {
    const out = new Float64Array(2 * 390);
    for (let k = 0; k < 390; k++) {
      out[2 * k] = (d.prices[k + 1] - d.prices[k]) / Math.sqrt(tau);
      out[2 * k + 1] = Math.log(d.volumes[k] / base);
    }
    return out;
  });
}

describe('Gaussian HMM by Baum–Welch', () => {
  it('recovers regime volatilities, volume multipliers and transition probabilities within their CIs', () => {
    const counts = { sigma0: 0, sigma1: 0, mult1: 0, p01: 0, p10: 0 };
    for (let rep = 0; rep < REPS; rep++) {
      const data = features(700 + 10 * rep);
      const fit = fitGaussianHmm(makeRng(rep, 'hmm'), data, 2, 2, { zeroMean: [true, false] });
      const est = regimeEstimates(fit, 1, hmmCovariance(data, fit, [true, false]));
      if (covers(est.sigma[0], 0.6)) counts.sigma0++;
      if (covers(est.sigma[1], 1.8)) counts.sigma1++;
      if (covers(est.volumeRatio[1], 2.5)) counts.mult1++;
      if (covers(est.transition[0][1], 0.02)) counts.p01++;
      if (covers(est.transition[1][0], 0.04)) counts.p10++;
    }
    for (const count of Object.values(counts)) expect(count).toBeGreaterThanOrEqual(MIN_COVERED);
  });

  it('covers the parameters of overlapping regimes at about 95% with the observed information, and its z-scores have variance 1', () => {
    // Regimes that overlap (sigma 0.7 vs 1.4, volume x1 vs x1.5, leaving after 20 and 10 steps),
    // two days: many intervals are uncertain between the states. Measured once over 200
    // replications (these seeds, 3000 + 10 rep): the observed-information intervals of the six
    // parameters covered 94.7% (transitions 94.8%), mean z² 1.00; the complete-data SEs (states
    // taken as observed) 89.0% (transitions 85.0%), mean z² 1.52.
    // Here 60 replications, 360 intervals: coverage >= 0.91 (3 SE below 0.95 for independent
    // intervals) and mean z² (on the intervals' log / logit scale) within 1 +- 0.25 (3.4 SE of a
    // mean of 360 independent chi²(1); the six z of a replication are correlated, which widens it).
    // On these 60 the complete-data SEs give mean z² 1.37: this test fails for them.
    const overlapping = {
      ...twoRegimes,
      regimes: [
        { name: 'calm', sigma: 0.7, volumeMultiplier: 1 },
        { name: 'volatile', sigma: 1.4, volumeMultiplier: 1.5 },
      ],
      transition: [
        [0.95, 0.05],
        [0.1, 0.9],
      ],
    };
    const truth = [0.7, 1.4, 1, 1.5, 0.05, 0.1];
    const logit = (p: number) => Math.log(p / (1 - p));
    const REPLICATIONS = 60;
    let covered = 0;
    let z2 = 0;
    for (let rep = 0; rep < REPLICATIONS; rep++) {
      const data = features(3000 + 10 * rep, overlapping, 2);
      const fit = fitGaussianHmm(makeRng(rep, 'hmm'), data, 2, 2, { zeroMean: [true, false], restarts: 1 });
      const est = regimeEstimates(fit, 1, hmmCovariance(data, fit, [true, false]));
      const intervals = [est.sigma[0], est.sigma[1], est.volumeRatio[0], est.volumeRatio[1], est.transition[0][1], est.transition[1][0]];
      intervals.forEach((e, i) => {
        covered += covers(e, truth[i]) ? 1 : 0;
        const z = i < 4 ? Math.log(e.value / truth[i]) / (e.se! / e.value) : (logit(e.value) - logit(truth[i])) / (e.se! / (e.value * (1 - e.value)));
        z2 += z * z;
      });
    }
    expect(covered / (6 * REPLICATIONS)).toBeGreaterThanOrEqual(0.91);
    expect(Math.abs(z2 / (6 * REPLICATIONS) - 1)).toBeLessThanOrEqual(0.25);
  });

  it('chooses two states by BIC for two well-separated regimes and one for a one-regime market', () => {
    const two = selectHmmByBic(makeRng(0, 'hmm'), features(900), 2, 3, { zeroMean: [true, false] });
    expect(two.best.K).toBe(2);
    const one = simulateDays('regime-v0', { ...twoRegimes, regimes: [{ name: 'only', sigma: 1, volumeMultiplier: 1 }], transition: [[1]], initial: [1] }, 3, 5).map((d) => {
      const out = new Float64Array(2 * 390);
      for (let k = 0; k < 390; k++) {
        out[2 * k] = (d.prices[k + 1] - d.prices[k]) * Math.sqrt(390);
        out[2 * k + 1] = Math.log(d.volumes[k] / (5e6 / 390));
      }
      return out;
    });
    expect(selectHmmByBic(makeRng(0, 'hmm'), one, 2, 3, { zeroMean: [true, false] }).best.K).toBe(1);
  });

  it('returns a log-likelihood that never decreases over EM iterations (checked across iteration caps)', () => {
    const data = features(950);
    let previous = -Infinity;
    for (const cap of [1, 2, 5, 20, 100]) {
      const fit = fitGaussianHmm(makeRng(0, 'hmm'), data, 2, 2, { zeroMean: [true, false], restarts: 1, maxIterations: cap });
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(previous - 1e-9);
      previous = fit.logLikelihood;
    }
  });
});

describe('transition matrix at the env step', () => {
  const P = Float64Array.of(0.9, 0.1, 0.2, 0.8);
  it('takes an integer ratio as the exact matrix power', () => {
    const P3 = transitionOverSteps(P, 2, 3).matrix;
    // P^3 by hand: P^2 = [[0.83, 0.17], [0.34, 0.66]]; P^3 = P^2 P.
    expect(P3[0][0]).toBeCloseTo(0.83 * 0.9 + 0.17 * 0.2, 12);
    expect(P3[1][1]).toBeCloseTo(0.34 * 0.1 + 0.66 * 0.8, 12);
  });

  it('takes a non-integer ratio as a fractional power whose square is the ratio doubled', () => {
    const half = transitionOverSteps(P, 2, 0.5);
    const flat = Float64Array.from(half.matrix.flat());
    const back = transitionOverSteps(flat, 2, 2).matrix;
    expect(back[0][1]).toBeCloseTo(0.1, 10);
    expect(back[1][0]).toBeCloseTo(0.2, 10);
    expect(half.method).toMatch(/fractional power/);
  });

  it('rounds the ratio, and says so, when the matrix has a negative eigenvalue', () => {
    const flip = Float64Array.of(0.1, 0.9, 0.9, 0.1); // eigenvalues 1 and -0.8
    const out = transitionOverSteps(flip, 2, 2.4);
    expect(out.method).toMatch(/rounded/);
    expect(out.matrix[0][0]).toBeCloseTo(0.1 * 0.1 + 0.9 * 0.9, 12);
  });
});
