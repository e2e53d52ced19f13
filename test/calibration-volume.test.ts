import { describe, expect, it } from 'vitest';
import { covers } from '../env/calibration/estimate.js';
import { fitVolumeProfile } from '../env/calibration/volume-profile-fit.js';
import { simulateDays } from './helpers/simulate-market.js';

// 20 seeded replications, CI must cover the truth in >= 16 (see calibration-sigma.test.ts for why).
const REPS = 20;
const MIN_COVERED = 16;

describe('volume profile and noise', () => {
  it('recovers the u-shape depth, the daily volume and the lognormal noise of the env within their CIs', () => {
    // sqrt-volume-v0: one day in 26 steps, uDepth 3, noise 0.25, daily 5e6; 3 days per replication.
    const truth = { uDepth: 3, noise: 0.25, daily: 5e6 };
    const counts = { uDepth: 0, noise: 0, daily: 0 };
    for (let rep = 0; rep < REPS; rep++) {
      const days = simulateDays('sqrt-volume-v0', {}, 3, 500 + 10 * rep).map((d) => d.volumes);
      const fit = fitVolumeProfile(days);
      if (covers(fit.uDepth, truth.uDepth)) counts.uDepth++;
      if (covers(fit.volumeNoise, truth.noise)) counts.noise++;
      if (covers(fit.dailyVolume, truth.daily)) counts.daily++;
    }
    expect(counts.uDepth).toBeGreaterThanOrEqual(MIN_COVERED);
    expect(counts.noise).toBeGreaterThanOrEqual(MIN_COVERED);
    expect(counts.daily).toBeGreaterThanOrEqual(MIN_COVERED);
  });

  it('fits a flat day as depth near 0 and its shares sum to 1', () => {
    const days = simulateDays('sqrt-volume-v0', { volume: { profile: 'flat', noise: 0.05 } }, 4, 3).map((d) => d.volumes);
    const fit = fitVolumeProfile(days);
    expect(fit.uDepth.value).toBeLessThan(0.2);
    expect(fit.fittedShares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(fit.dataShares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
