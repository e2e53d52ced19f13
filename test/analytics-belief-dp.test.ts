import { describe, expect, it } from 'vitest';
import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { acSchedule } from '../env/analytics/almgren-chriss.js';
import { BELIEF_RESOLUTION, solveBeliefDp } from '../env/analytics/belief-dp.js';
import { solveRegimeDp } from '../env/analytics/regime-dp.js';
import { actionMultiplierCap } from '../env/analytics/schedule-constraints.js';
import { scheduleExpectation } from '../env/analytics/schedule-objective.js';
import { interpolate, interpolationScratch, simplexGrid } from '../env/analytics/simplex-grid.js';
import { solveStaticOptimum } from '../env/analytics/static-optimum.js';
import { compileEnv } from '../env/core/compile-env.js';
import type { MarketParams } from '../env/market/params.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';

const paramsOf = (id: string, overrides: SpecOverrides = {}) => compileEnv(resolveSpec(id, overrides)).params;
const regime = paramsOf('regime-v0');
const AMAX = 8;
const bps = (p: MarketParams, dollars: number) => dollars * p.bpsPerDollar;
const all = (K: number, v: number) => new Float64Array(K).fill(v);

describe('the simplex grid', () => {
  it('has (m + 2 choose 2) points for K = 3, and its interpolant reproduces every affine function of the belief exactly', () => {
    const grid = simplexGrid(3, 10);
    expect(grid.size).toBe(66);
    const affine = (b: ArrayLike<number>, at: number) => 2 + 3 * b[at] - 5 * b[at + 1] + 0.5 * b[at + 2];
    const values = Float64Array.from({ length: grid.size }, (_, g) => affine(grid.points, 3 * g));
    const s = interpolationScratch(3);
    for (const b of [[0.3, 0.3, 0.4], [1, 0, 0], [0, 0, 1], [0.123, 0.0001, 0.8769], [0.05, 0.9, 0.05]]) {
      expect(interpolate(grid, values, 0, b, 0, s)).toBeCloseTo(affine(b, 0), 12);
    }
  });
});

describe('belief DP: exact where the answer is known', () => {
  it('on one regime (ac-linear-v0) it is the discrete Almgren–Chriss schedule: same value and keep fractions', () => {
    const env = compileEnv(resolveSpec('ac-linear-v0'));
    const p = env.params;
    const s = solveBeliefDp(p, actionMultiplierCap(env.spec.action));
    const ac = acSchedule(acInputsFor(p));
    expect(s.grid.size).toBe(1);
    expect(Math.abs(s.expectedObjective - ac.objective) / ac.objective).toBeLessThan(1e-12);
    for (let k = 0; k < p.N - 1; k++) expect(s.keep[k]).toBeCloseTo(ac.x[k + 1] / ac.x[k], 12);
  });

  it('with three identical regimes it equals the regime DP at every grid belief, step and keep fraction', () => {
    const p: MarketParams = { ...regime, sigma: all(3, 0.8), eta: all(3, 3e-6), volumeMultiplier: all(3, 1) };
    const s = solveBeliefDp(p, AMAX, { gridResolution: 12, quadratureStep: 0.25 });
    const dp = solveRegimeDp(p, AMAX);
    expect(Math.abs(s.expectedObjective - dp.expectedObjective) / dp.expectedObjective).toBeLessThan(1e-12);
    for (let k = 0; k < p.N; k++) {
      for (let g = 0; g < s.grid.size; g++) expect(s.keep[k * s.grid.size + g]).toBeCloseTo(dp.keep[k * 3], 12);
    }
  });

  it('with a transition matrix that is the identity and volumes that reveal the regime, it trades once on the prior and then follows the oracle DP', () => {
    // Volume noise 0.01 against multipliers 1.2, 1.5, 0.4: the first volume identifies the regime
    // (likelihood ratios below e^-240), which then never changes.
    const identity = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    const prior = Float64Array.of(0.5, 0.3, 0.2);
    const p: MarketParams = { ...regime, transition: identity, initial: prior, stationary: prior, volumeNoise: 0.01 };
    const s = solveBeliefDp(p, AMAX, { gridResolution: 6, quadratureStep: 0.25 });
    const oracle = solveRegimeDp(p, AMAX);
    // Step 0 under the prior, then the oracle's cost-to-go A[1, r] of the revealed regime.
    let etaRate = 0;
    let risk = 0;
    let next = 0;
    for (let r = 0; r < 3; r++) {
      etaRate += (prior[r] * p.eta[r]) / p.tau;
      risk += prior[r] * p.lambda * p.sigma[r] ** 2 * p.tau;
      next += prior[r] * oracle.A[3 + r];
    }
    const g = p.gamma[0];
    const c = Math.min(1, Math.max(1 - AMAX / p.N, (etaRate - g / 2) / (etaRate - g + risk + next)));
    const C0 = etaRate * (1 - c) ** 2 + g * (1 - c) * c + (risk + next) * c * c;
    expect(Math.abs(s.initialCoefficient - C0) / C0).toBeLessThan(1e-10);
    expect(s.expectedObjective).toBeGreaterThan(oracle.expectedObjective);
  });

  it('on regime-v0 static ac is the best static schedule (483.13 bps): every regime marginal is stationary, so a schedule pays the averaged one-regime market', () => {
    const mean = (v: Float64Array) => v.reduce((a, x, r) => a + regime.stationary[r] * x, 0);
    const one = (v: number) => Float64Array.of(v);
    const averaged: MarketParams = { ...regime, K: 1, sigma: one(regime.sigmaRef), eta: one(mean(regime.eta)), gamma: one(regime.gamma[0]), epsilon: one(regime.epsilon[0]), volumeMultiplier: one(mean(regime.volumeMultiplier)), transition: one(1), initial: one(1), stationary: one(1) };
    const acBps = bps(regime, scheduleExpectation(regime, acSchedule(acInputsFor(regime)).x).objective);
    expect(acBps).toBeCloseTo(483.13, 2);
    const twapX = Float64Array.from({ length: regime.N + 1 }, (_, k) => regime.X * (1 - k / regime.N));
    expect(scheduleExpectation(averaged, twapX).objective).toBeCloseTo(scheduleExpectation(regime, twapX).objective, 6);
    expect(bps(regime, solveStaticOptimum(averaged, AMAX).expectation.objective)).toBeCloseTo(acBps, 6);
  });
});

describe('belief DP on regime-v0: discretisation error and bounds', () => {
  const solve = (m: number, h: number) => solveBeliefDp(regime, AMAX, { gridResolution: m, quadratureStep: h }).objectiveBps;

  it('rises as the grid is refined (a lower bound, Lovejoy 1991) by steps that shrink, and halving the quadrature step moves it by < 0.005 bps', () => {
    const [m12, m24, m48] = [12, 24, 48].map((m) => solve(m, 0.25));
    expect(m24).toBeGreaterThan(m12);
    expect(m48).toBeGreaterThan(m24);
    expect(m48 - m24).toBeLessThan((m24 - m12) / 4);
    expect(Math.abs(solve(24, 0.125) - m24)).toBeLessThan(0.005);
  });

  it('the shipped resolution lies between the oracle regime DP (366.85) and static ac (483.13), 0.1–0.2 bps above m = 48', () => {
    const shipped = solveBeliefDp(regime, AMAX);
    expect(shipped.grid.m).toBe(BELIEF_RESOLUTION.gridResolution);
    const oracle = bps(regime, solveRegimeDp(regime, AMAX).expectedObjective);
    expect(oracle).toBeCloseTo(366.85, 2);
    expect(shipped.objectiveBps).toBeGreaterThan(oracle + 50);
    expect(shipped.objectiveBps).toBeLessThan(483.13 - 50);
    expect(shipped.objectiveBps).toBeCloseTo(425.95, 2);
    const gap = shipped.objectiveBps - solve(48, 0.25);
    expect(gap).toBeGreaterThan(0.1);
    expect(gap).toBeLessThan(0.2);
  });
});

describe('belief DP refuses markets outside its premises, naming the premise', () => {
  it.each<[string, () => MarketParams, RegExp]>([
    ['square-root impact', () => paramsOf('sqrt-volume-v0'), /linear impact and an arithmetic price.*got impact sqrt-volume/],
    ['a geometric price', () => paramsOf('regime-v0', { price: { model: 'gbm' } }), /arithmetic price.*price gbm/],
    ['regime-dependent gamma', () => ({ ...regime, gamma: Float64Array.of(2.5e-7, 5e-7, 2.5e-7) }), /same gamma in every regime.*got 2\.5e-7, 5e-7, 2\.5e-7/],
    ['regime-dependent epsilon', () => ({ ...regime, epsilon: Float64Array.of(0.0625, 0.1, 0.0625) }), /same epsilon in every regime/],
    ['volumes without noise that reveal the regime', () => ({ ...regime, volumeNoise: 0 }), /volume noise > 0/],
  ])('%s', (_, market, message) => {
    expect(() => solveBeliefDp(market(), AMAX, { gridResolution: 4, quadratureStep: 0.5 })).toThrow(RangeError);
    expect(() => solveBeliefDp(market(), AMAX, { gridResolution: 4, quadratureStep: 0.5 })).toThrow(message);
  });
});
