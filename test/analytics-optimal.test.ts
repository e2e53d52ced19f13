import { describe, expect, it } from 'vitest';
import { optimal } from '../baselines/optimal.js';
import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { acSchedule } from '../env/analytics/almgren-chriss.js';
import { expectedInverseVolumePower } from '../env/analytics/expected-impact.js';
import { solveGridDp } from '../env/analytics/inventory-grid-dp.js';
import { solveOptimal } from '../env/analytics/optimal.js';
import { solveRegimeDp } from '../env/analytics/regime-dp.js';
import { scheduleExpectation } from '../env/analytics/schedule-objective.js';
import { solveStaticOptimum } from '../env/analytics/static-optimum.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';
import { column } from '../experiments/benchmark/summarize.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';

const envOf = (id: string, overrides: SpecOverrides = {}) => compileEnv(resolveSpec(id, overrides));

/**
 * The env's own cost of a static schedule with the timing term (the only random part when the
 * volume is not noisy) taken out of the ledger: its exact expected objective in $, computed by
 * the market step itself and not by any formula of the analytics.
 */
function envDeterministicObjective(id: string, overrides: SpecOverrides, u: readonly number[]): number {
  const env = new ExecutionEnv(resolveSpec(id, overrides));
  const p = env.params;
  env.reset({ seed: 1 });
  let x = p.X;
  let total = 0;
  for (let k = 0; k < p.N; k++) {
    const n = k === p.N - 1 ? x : u[k] * p.X;
    const { info } = env.step(x > 0 ? Math.min((n * (p.N - k)) / x, 1e6) : 0);
    total += info.ledger.shortfall - info.ledger.timing + info.ledger.riskPenalty;
    x -= n;
  }
  return total;
}

describe('optimal: the exact optimum against independent computations', () => {
  it('with no transient impact (kappa = 0) the quadratic programme is the Almgren–Chriss schedule to machine precision', () => {
    const env = envOf('ac-linear-v0');
    const p = env.params;
    const s = solveStaticOptimum(p, 4);
    const acs = acSchedule(acInputsFor(p));
    // Holdings are ~1e6 shares: 1e-8 shares is about 1e-14 relative, i.e. rounding of the two solves.
    s.holdings.forEach((x, k) => expect(Math.abs(x - acs.x[k])).toBeLessThan(1e-8 * p.X));
    expect(Math.abs(s.expectation.objective - acs.objective) / acs.objective).toBeLessThan(1e-12);
    expect(Math.abs(s.programmeValueBps - acs.objective * p.bpsPerDollar)).toBeLessThan(1e-9);
  });

  it('a propagator that decays within one step is linear impact with eta + kappa tau / 2, and the programme finds that AC schedule', () => {
    const env = envOf('transient-v0', { impact: { rho: 1e4 } });
    const p = env.params;
    expect(p.decay).toBeLessThan(1e-300);
    const s = solveStaticOptimum(p, 6);
    const acs = acSchedule(acInputsFor(p));
    s.holdings.forEach((x, k) => expect(Math.abs(x - acs.x[k])).toBeLessThan(1e-7 * p.X));
  });

  it('on transient-v0 the optimum is 203.97 bps, below the exact cost 206.54 of the linearised AC schedule, whose own prediction is 170.50', () => {
    const p = envOf('transient-v0').params;
    const s = solveOptimal(p, { type: 'box', aMax: 6, mode: 'strict' });
    expect(s.method).toBe('quadratic-programme');
    expect(s.objectiveBps).toBeCloseTo(203.9707, 3);
    const acs = acSchedule(acInputsFor(p));
    expect(scheduleExpectation(p, acs.x).objective * p.bpsPerDollar).toBeCloseTo(206.5353, 3);
    expect(acs.objective * p.bpsPerDollar).toBeCloseTo(170.5026, 3);
  });

  it('the programme value (its quadratic form) equals the step-by-step expected cost of its schedule on every one-regime shipped market', () => {
    for (const id of ['ac-linear-v0', 'transient-v0', 'sqrt-volume-v0']) {
      const env = envOf(id);
      const s = solveStaticOptimum(env.params, 4);
      expect(Math.abs(s.programmeValueBps - s.expectation.objective * env.params.bpsPerDollar)).toBeLessThan(1e-9);
    }
  });

  // Brute force: N = 3, so a schedule is (u0, u1) with u2 = 1 - u0 - u1; the env itself prices
  // each grid point (deterministic once the timing term is removed and the volume noise is 0).
  for (const [id, overrides] of [
    ['transient-v0', { horizon: { T: 1, N: 3 }, impact: { rho: 3 }, action: { aMax: 1000 } }],
    ['sqrt-volume-v0', { horizon: { T: 1, N: 3 }, volume: { noise: 0 }, action: { aMax: 1000 } }],
  ] as const) {
    it(`on a 3-step ${id} a 200 x 200 grid search of the env's own costs finds no schedule cheaper than the solver's, and its best point is the solver's`, () => {
      const p = envOf(id, overrides).params;
      const s = solveStaticOptimum(p, 1000);
      const h = 1 / 200;
      let best = Infinity;
      let arg = [0, 0];
      for (let i = 0; i <= 200; i++) {
        for (let j = 0; i + j <= 200; j++) {
          const v = envDeterministicObjective(id, overrides, [i * h, j * h]);
          if (v < best) {
            best = v;
            arg = [i * h, j * h];
          }
        }
      }
      const solved = s.expectation.objective;
      expect(Math.abs(envDeterministicObjective(id, overrides, [s.trades[0] / p.X, s.trades[1] / p.X]) - solved) / solved).toBeLessThan(1e-12);
      expect(solved).toBeLessThanOrEqual(best * (1 + 1e-12));
      // A grid point within h of the optimum costs at most curvature * h^2 more: well under 0.1%.
      expect((best - solved) / solved).toBeLessThan(1e-3);
      expect(Math.abs(arg[0] - s.trades[0] / p.X)).toBeLessThanOrEqual(h);
      expect(Math.abs(arg[1] - s.trades[1] / p.X)).toBeLessThanOrEqual(h);
    });
  }

  it("E[V^-beta] = (profile m)^-beta exp(beta (beta + 1) s^2 / 2) matches the env's own volumes within 3 standard errors", () => {
    const env = new ExecutionEnv(resolveSpec('sqrt-volume-v0'));
    const p = env.params;
    const k = 5;
    const samples: number[] = [];
    for (let e = 0; e < 4000; e++) {
      env.reset({ seed: e });
      for (let j = 0; j < k; j++) env.step(1);
      samples.push(Math.pow(env.step(1).info.marketVolume, -p.beta));
    }
    const { mean, se } = sampleStats(samples); // se = sd / sqrt(n)
    expect(Math.abs(mean - expectedInverseVolumePower(p, k, 0))).toBeLessThan(3 * se);
  });

  // Monte Carlo in the env: |mean objective - exact value| < 3 se, se = sd / sqrt(episodes).
  for (const id of ['ac-linear-v0', 'transient-v0', 'sqrt-volume-v0', 'regime-v0', 'regime-observed-v0']) {
    it(`on ${id} the optimal policy's simulated mean objective is within 3 standard errors of the optimum's value`, () => {
      const env = envOf(id);
      const policy = optimal(env);
      const run = evaluatePolicy(policy, env, { episodes: 4000, seed: 31_000 });
      const { mean, se } = sampleStats(column(run.episodes, 'objectiveBps'));
      expect(Math.abs(mean - policy.solution.objectiveBps)).toBeLessThan(3 * se);
      expect(policy.usesHiddenState).toBe(id === 'regime-v0');
      expect(policy.solution.oracle).toBe(id === 'regime-v0');
    });
  }

  it('on sqrt-volume-v0 the unconstrained optimum sells more than aMax allows at step 0, so the constrained one is reported, costs more, and follows the cap', () => {
    const p = envOf('sqrt-volume-v0').params;
    const capped = solveOptimal(p, { type: 'box', aMax: 4, mode: 'strict' });
    const free = solveOptimal(p, { type: 'box', aMax: 50, mode: 'strict' });
    expect(capped.constraints.unconstrainedFeasible).toBe(false);
    expect(capped.constraints.violated[0]).toMatch(/^n_0 <= aMax/);
    expect(capped.constraints.active).toEqual(capped.constraints.violated);
    expect(free.constraints.unconstrainedFeasible).toBe(true);
    expect(capped.objectiveBps).toBeGreaterThan(free.objectiveBps);
    expect(capped.trades[0]).toBeCloseTo((4 * p.X) / p.N, 3);
    for (const n of capped.trades) expect(n).toBeGreaterThanOrEqual(0);
  });

  it('on a Discrete env the reference is the continuous optimum over multipliers up to the largest level, and says so', () => {
    const p = envOf('ac-linear-v0').params;
    const s = solveOptimal(p, { type: 'discrete', levels: [0, 0.5, 1, 2, 4] });
    expect(s.aMax).toBe(4);
    expect(s.objectiveBps).toBeCloseTo(acSchedule(acInputsFor(p)).objective * p.bpsPerDollar, 9);
    expect(s.notes.join(' ')).toMatch(/Discrete actions/);
  });
});

describe('the inventory-grid DP and its discretisation error', () => {
  it('on the linear regime-v0 it is within 0.02 bps above the exact regime DP (1000 points; measured 0.0063, falling as 1/G^2)', () => {
    const p = envOf('regime-v0').params;
    const exact = solveRegimeDp(p).expectedObjective * p.bpsPerDollar;
    const grid = solveGridDp(p, 8, 1000).expectedObjective * p.bpsPerDollar;
    expect(grid).toBeGreaterThanOrEqual(exact - 1e-9);
    expect(grid - exact).toBeLessThan(0.02);
  });

  it('on one-regime sqrt-volume-v0 it is within 0.02 bps above the exact convex programme (1000 points; measured 0.0020)', () => {
    const p = envOf('sqrt-volume-v0').params;
    const exact = solveStaticOptimum(p, 4).expectation.objective * p.bpsPerDollar;
    const grid = solveGridDp(p, 4, 1000).expectedObjective * p.bpsPerDollar;
    expect(grid).toBeGreaterThanOrEqual(exact - 1e-9);
    expect(grid - exact).toBeLessThan(0.02);
  });

  it('on regime-v0 with square-root volume impact the grid optimum policy attains its value in the env within 3 standard errors', () => {
    const env = envOf('regime-v0', { impact: { model: 'sqrt-volume', epsilon: 0.0625, eta: 0.5, beta: 0.5, gamma: 2.5e-7 } });
    const policy = optimal(env);
    expect(policy.solution.method).toBe('inventory-grid-dp');
    expect(policy.solution.exact).toBe(false);
    const run = evaluatePolicy(policy, env, { episodes: 1000, seed: 5 });
    const { mean, se } = sampleStats(column(run.episodes, 'objectiveBps'));
    expect(Math.abs(mean - policy.solution.objectiveBps)).toBeLessThan(3 * se);
  });
});
