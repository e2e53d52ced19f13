import { describe, expect, it } from 'vitest';
import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { acSchedule, scheduleCost } from '../env/analytics/almgren-chriss.js';
import { solveRegimeDp, staticScheduleObjective } from '../env/analytics/regime-dp.js';
import { resolveMarket } from '../env/market/params.js';
import { resolveSpec } from '../env/registry.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';
import { followTrajectory, rolloutMultipliers } from './helpers/schedule-rollout.js';

// Tolerances are 3 standard errors of the estimator, with fixed seeds (so the tests are
// deterministic). For a static schedule on an arithmetic-Brownian, linear-impact market the
// shortfall is exactly Gaussian (a constant plus a linear combination of the price shocks), so
// the sample variance has standard error Var * sqrt(2 / (n - 1)).
const EPISODES = 40_000;

describe('the env agrees with the Almgren–Chriss closed forms (Monte Carlo)', () => {
  const spec = resolveSpec('ac-linear-v0');
  const params = resolveMarket(spec);
  const inputs = acInputsFor(params);
  const ac = acSchedule(inputs);
  const twapTrajectory = Array.from({ length: params.N + 1 }, (_, j) => (params.X * (params.N - j)) / params.N);
  const twap = scheduleCost(inputs, twapTrajectory);

  for (const [name, trajectory, expected] of [
    ['AC', ac.x, ac],
    ['TWAP', twapTrajectory, twap],
  ] as const) {
    it(`${name}: mean IS, IS variance and mean return match E, Var and -(E + lambda Var) within 3 SE`, () => {
      const run = rolloutMultipliers(spec, EPISODES, 1000, followTrajectory(trajectory));
      const is = sampleStats(run.shortfall);
      expect(Math.abs(is.mean - expected.expectedCost)).toBeLessThan(3 * is.se);
      const varianceSe = expected.variance * Math.sqrt(2 / (EPISODES - 1));
      expect(Math.abs(is.sd ** 2 - expected.variance)).toBeLessThan(3 * varianceSe);
      // A static schedule's risk penalty is deterministic: lambda * sigma^2 * tau * sum x_k^2 = lambda Var.
      for (const penalty of run.riskPenalty.subarray(0, 100)) expect(penalty / (inputs.lambda * expected.variance)).toBeCloseTo(1, 9);
      const ret = sampleStats(run.ret);
      const objectiveBps = (expected.expectedCost + inputs.lambda * expected.variance) * params.bpsPerDollar;
      expect(Math.abs(ret.mean + objectiveBps)).toBeLessThan(3 * ret.se);
    });
  }

  it('the AC objective is the reference 315.75 bps and TWAP 414.90 bps', () => {
    expect(ac.objective * params.bpsPerDollar).toBeCloseTo(315.75, 2);
    expect((twap.expectedCost + inputs.lambda * twap.variance) * params.bpsPerDollar).toBeCloseTo(414.9, 2);
  });
});

describe('the regime env agrees with its exact expected objectives (Monte Carlo)', () => {
  const spec = resolveSpec('regime-v0');
  const params = resolveMarket(spec);
  const dp = solveRegimeDp(params);
  const ac = acSchedule(acInputsFor(params));

  it('static AC: mean objective matches the exact per-step expectation over regime marginals within 3 SE', () => {
    const run = rolloutMultipliers(spec, EPISODES, 2000, followTrajectory(ac.x));
    const objective = sampleStats(run.ret.map((r) => -r));
    expect(Math.abs(objective.mean - staticScheduleObjective(params, ac.x) * params.bpsPerDollar)).toBeLessThan(3 * objective.se);
  });

  it('the regime DP (oracle): mean objective matches its value function within 3 SE, and beats static AC', () => {
    const run = rolloutMultipliers(spec, EPISODES, 3000, (k, _lane, x, r, p) => (k === p.N - 1 ? 1 : (1 - dp.keep[k * p.K + r]) * (p.N - k)));
    const objective = sampleStats(run.ret.map((r) => -r));
    const exact = dp.expectedObjective * params.bpsPerDollar;
    expect(Math.abs(objective.mean - exact)).toBeLessThan(3 * objective.se);
    expect(exact).toBeLessThan(0.9 * staticScheduleObjective(params, ac.x) * params.bpsPerDollar);
  });

  it('on one regime the DP is the AC schedule exactly', () => {
    const single = resolveMarket(resolveSpec('ac-linear-v0'));
    const solution = solveRegimeDp(single);
    const schedule = acSchedule(acInputsFor(single));
    for (let k = 0; k < single.N - 1; k++) expect(solution.keep[k]).toBeCloseTo(schedule.x[k + 1] / schedule.x[k], 12);
    expect(solution.expectedObjective / schedule.objective).toBeCloseTo(1, 12);
  });
});
