import { describe, expect, it } from 'vitest';
import { ac } from '../baselines/ac.js';
import { optimal } from '../baselines/optimal.js';
import { twap } from '../baselines/twap.js';
import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { acSchedule } from '../env/analytics/almgren-chriss.js';
import { solveAlphaRiccati } from '../env/analytics/alpha-riccati.js';
import { solveOptimal } from '../env/analytics/optimal.js';
import { scheduleExpectation } from '../env/analytics/schedule-objective.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';
import { alphaUnit } from '../env/market/price/ou-alpha.js';
import type { MarketState } from '../env/market/state.js';

const envOf = (overrides: SpecOverrides = {}) => compileEnv(resolveSpec('alpha-ac-v0', overrides));
const mean = (a: readonly number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const standardError = (a: readonly number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1) / a.length);
};

/**
 * The env's expected cost of a plan on a tiny tree, summed from the step's own cost pieces (not
 * from the Riccati algebra): fixed epsilon n, temporary (eta / tau) n^2, own permanent n P_k with
 * P_k = gamma (X - x_k), the expected timing cost -side tau alpha_k x_{k+1} and the penalty
 * lambda sigma^2 tau x_{k+1}^2.
 */
function stageCost(env: ReturnType<typeof envOf>, x: number, y: number, alpha: number): number {
  const p = env.params;
  const n = x - y;
  return p.epsilon[0] * n + (p.eta[0] / p.tau) * n * n + n * p.gamma[0] * (p.X - x) - p.side * p.tau * alpha * y + p.lambda * p.sigma[0] ** 2 * p.tau * y * y;
}

describe('the short-term alpha optimum (Riccati feedback in inventory and alpha)', () => {
  it('with no alpha (s = 0, alpha_0 = 0) it is the Almgren–Chriss schedule and value', () => {
    const env = envOf({ price: { alpha: { s: 0, start: 0 } } });
    const r = solveAlphaRiccati(env.params);
    const schedule = acSchedule(acInputsFor(env.params));
    expect(Math.abs(r.objective - schedule.objective) / schedule.objective).toBeLessThan(1e-12);
    for (let k = 0; k <= env.params.N; k++) expect(Math.abs(r.expectedHoldings[k] - schedule.x[k])).toBeLessThan(1e-6);
  });

  it('on N = 3 with a two-point alpha tree its value is a brute-force grid search of the env costs over every adapted plan', () => {
    // An LQ value depends on the innovations through their mean and variance only, so the
    // two-point innovation +-sqrt(v) gives the Gaussian model's value exactly.
    const env = envOf({ horizon: { T: 3 / 26, N: 3 }, price: { alpha: { start: 0.8 } } });
    const p = env.params;
    const phi = p.priceConstants.phi;
    const sd = Math.sqrt(p.priceConstants.innovationVariance);
    const a0 = 0.8;
    const tree1 = [phi * a0 + sd, phi * a0 - sd];
    // Step 2 liquidates: its cost given (x2, alpha2) does not depend on alpha2 (y = 0).
    const best = { value: Infinity, y0: 0 };
    const grid = (centre: number, width: number, points: number) => Array.from({ length: points + 1 }, (_, i) => centre - width + (2 * width * i) / points);
    let centre0 = p.X * 0.66;
    let width0 = p.X * 0.34;
    const bestY1 = (x1: number, a1: number) => {
      let lo = Infinity;
      let centre = x1 / 2;
      let width = p.X;
      for (let round = 0; round < 6; round++) {
        let arg = centre;
        for (const y1 of grid(centre, width, 200)) {
          const v = stageCost(env, x1, y1, a1) + stageCost(env, y1, 0, 0);
          if (v < lo) {
            lo = v;
            arg = y1;
          }
        }
        centre = arg;
        width /= 50;
      }
      return lo;
    };
    for (let round = 0; round < 5; round++) {
      for (const y0 of grid(centre0, width0, 200)) {
        const v = stageCost(env, p.X, y0, a0) + mean(tree1.map((a1) => bestY1(y0, a1)));
        if (v < best.value) Object.assign(best, { value: v, y0 });
      }
      centre0 = best.y0;
      width0 /= 50;
    }
    const r = solveAlphaRiccati(p);
    expect(Math.abs(r.objective - best.value) / best.value).toBeLessThan(1e-9);
    expect(Math.abs(r.holdingsGain[0] * p.X + r.alphaGain[0] * p.side * a0 - best.y0) / p.X).toBeLessThan(1e-6);
  });

  it('the optimal policy reads the alpha the env publishes: its column is alpha_k in stationary sds', () => {
    const env = new ExecutionEnv(resolveSpec('alpha-ac-v0'));
    const { observation } = env.reset({ seed: 3 });
    const column = env.features.findIndex((f) => f.name === 'alpha');
    expect(column).toBeGreaterThan(0);
    expect(Math.abs(observation[column] * alphaUnit(env.params) - (env as unknown as { state: MarketState }).state.latent[0])).toBeLessThan(1e-6);
  });

  it('Monte Carlo of the env: the clipped feedback policy earns the Riccati value within 3 SE, and its paired gain over AC is the exact gap within 3 SE', () => {
    const env = envOf();
    const episodes = 3000;
    const run = (policy: Parameters<typeof evaluatePolicy>[0]) => evaluatePolicy(policy, env, { episodes, seed: 7000 }).episodes.map((e) => e.objectiveBps);
    const solution = solveOptimal(env.params, env.spec.action);
    const opt = run(optimal(env));
    const acRun = run(ac(env));
    const twapRun = run(twap(env));
    const acExactBps = acSchedule(acInputsFor(env.params)).objective * env.params.bpsPerDollar;
    expect(Math.abs(mean(opt) - solution.objectiveBps)).toBeLessThan(3 * standardError(opt));
    const gap = opt.map((v, i) => v - acRun[i]);
    expect(Math.abs(mean(gap) - (solution.objectiveBps - acExactBps))).toBeLessThan(3 * standardError(gap));
    // Material: the optimum beats AC and TWAP by more than 5 SE of the paired difference.
    expect(mean(gap)).toBeLessThan(-5 * standardError(gap));
    const gapTwap = opt.map((v, i) => v - twapRun[i]);
    expect(mean(gapTwap)).toBeLessThan(-5 * standardError(gapTwap));
  });

  it('with a known alpha_0 = $1/day, the static AC schedule costs its exact expectation (drift term included) and the feedback its Riccati value, within 3 SE', () => {
    const env = envOf({ price: { alpha: { start: 1 } } });
    const p = env.params;
    const acExact = scheduleExpectation(p, acSchedule(acInputsFor(p)).x).objective * p.bpsPerDollar;
    const acRuns = evaluatePolicy(ac(env), env, { episodes: 3000, seed: 300 }).episodes.map((e) => e.objectiveBps);
    expect(Math.abs(mean(acRuns) - acExact)).toBeLessThan(3 * standardError(acRuns));
    const solution = solveOptimal(p, env.spec.action);
    const opt = evaluatePolicy(optimal(env), env, { episodes: 3000, seed: 300 }).episodes.map((e) => e.objectiveBps);
    expect(Math.abs(mean(opt) - solution.objectiveBps)).toBeLessThan(3 * standardError(opt));
  });
});
