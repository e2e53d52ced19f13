import { describe, expect, it } from 'vitest';
import { covers } from '../env/calibration/estimate.js';
import { estimateSigma } from '../env/calibration/sigma.js';
import { signaturePlot } from '../env/calibration/signature-plot.js';
import { makeRng } from '../env/random/rng.js';
import { simulateDays } from './helpers/simulate-market.js';

// Coverage rule used by every recovery test: 20 seeded replications, the 95% CI must cover the
// truth in at least 16. With a correct 95% CI the count is Binomial(20, 0.95) and P(count <= 15)
// = 0.3%, so a correct estimator passes; a CI whose real coverage is 70% passes only 24% of the
// time and one at 50% almost never (0.6%), so a badly under-stated SE is caught.
const REPS = 20;
const MIN_COVERED = 16;

// One trading day of 390 one-minute steps with no own trading to speak of (1 share, no impact).
const quiet = (sigma: number) => ({
  horizon: { T: 1, N: 390 },
  order: { side: 'sell', shares: 1 },
  price: { model: 'abm', S0: 50, sigma },
  impact: { model: 'linear', epsilon: 0, eta: 1e-9, gamma: 0 },
});

describe('sigma from realised variance', () => {
  it('recovers the env sigma within its 95% CI in at least 16 of 20 seeded days', () => {
    let covered = 0;
    for (let rep = 0; rep < REPS; rep++) {
      const [day] = simulateDays('ac-linear-v0', quiet(0.95), 1, 1000 + rep);
      const estimate = estimateSigma([day.prices], 1, 60);
      if (covers(estimate, 0.95)) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(MIN_COVERED);
  });

  it('sees bid-ask bounce in the signature plot and samples more sparsely, keeping coverage', () => {
    // The observed price is the efficient price plus +-0.03 (half a 6-cent spread) of bounce, on a
    // grid of 1-minute steps over 5 days: RV at 1 minute is inflated by 2 n omega^2 = 0.70 $^2/day.
    let covered = 0;
    for (let rep = 0; rep < REPS; rep++) {
      const rng = makeRng(rep, 'bounce');
      const days = simulateDays('ac-linear-v0', quiet(0.95), 5, 2000 + 10 * rep).map((d) => Float64Array.from(d.prices, (p) => p + (rng.uniform() < 0.5 ? -0.03 : 0.03)));
      const plot = signaturePlot(days, 60, [1, 2, 3, 5, 10, 15, 30]);
      expect(plot.points[0].rv).toBeGreaterThan(plot.points[plot.points.length - 1].rv);
      expect(plot.chosen.m).toBeGreaterThan(1);
      expect(plot.noiseVariance).toBeGreaterThan(0.0009 * 0.5);
      if (covers(estimateSigma(days, plot.chosen.m, plot.chosen.seconds, plot.noiseVariance), 0.95)) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(MIN_COVERED);
  });

  it('chooses the finest interval when prices carry no noise', () => {
    const days = simulateDays('ac-linear-v0', quiet(1), 3, 7).map((d) => d.prices);
    expect(signaturePlot(days, 60, [1, 2, 5, 10, 30]).chosen.m).toBeLessThanOrEqual(2);
  });
});
