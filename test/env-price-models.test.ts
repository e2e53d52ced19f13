import { describe, expect, it } from 'vitest';
import { ac } from '../baselines/ac.js';
import { optimal } from '../baselines/optimal.js';
import { acSchedule } from '../env/analytics/almgren-chriss.js';
import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { solveOptimal } from '../env/analytics/optimal.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { jumpTotalVariance } from '../env/market/price/jump-diffusion.js';
import type { MarketState } from '../env/market/state.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';

const mean = (a: readonly number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const variance = (a: readonly number[]) => {
  const m = mean(a);
  return a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1);
};
const se = (a: readonly number[]) => Math.sqrt(variance(a) / a.length);

const JUMPS: SpecOverrides = { price: { model: 'jump-diffusion', S0: 50, sigma: 0.95, jumps: { rate: 2, mean: -0.3, sd: 0.5 } } };
const GARCH: SpecOverrides = { price: { model: 'garch', S0: 50, sigma: 0.95, garch: { a: 0.1, b: 0.85 } } };
const specOf = (price: SpecOverrides) => resolveSpec('ac-linear-v0', price);
const envOf = (price: SpecOverrides) => compileEnv(specOf(price));

/** F_N - S0 over `episodes` episodes of the even split, read from the market state. */
function terminalMoves(price: SpecOverrides, episodes: number): number[] {
  const env = new ExecutionEnv(specOf(price));
  const moves: number[] = [];
  for (let e = 0; e < episodes; e++) {
    env.reset({ seed: e });
    for (let done = false; !done; ) done = env.step(1).terminated;
    moves.push((env as unknown as { state: MarketState }).state.fundamental[0] - env.params.S0);
  }
  return moves;
}

describe('jump diffusion (compensated compound Poisson)', () => {
  it('the price is a martingale with total variance (sigma^2 + lambda_J (mu_J^2 + sigma_J^2)) T, within 3 SE', () => {
    const moves = terminalMoves(JUMPS, 4000);
    const env = envOf(JUMPS);
    const total = jumpTotalVariance(0.95, env.params.priceConstants as never) * env.params.T;
    expect(Math.abs(mean(moves))).toBeLessThan(3 * se(moves));
    // The sd of a sample variance: sqrt((m4 - s^4) / n), m4 from the sample.
    const m = mean(moves);
    const m4 = mean(moves.map((v) => (v - m) ** 4));
    expect(Math.abs(variance(moves) - total)).toBeLessThan(3 * Math.sqrt((m4 - total ** 2) / moves.length));
  });

  it('the static optimum is exact for the env objective (a martingale price): the optimal schedule earns its value within 3 SE', () => {
    const env = envOf(JUMPS);
    const solution = solveOptimal(env.params, env.spec.action);
    expect(solution.exact).toBe(true);
    const runs = evaluatePolicy(optimal(env), env, { episodes: 3000, seed: 11 }).episodes.map((e) => e.objectiveBps);
    expect(Math.abs(mean(runs) - solution.objectiveBps)).toBeLessThan(3 * se(runs));
  });

  it('for a mean-variance desk, the shortfall variance of a static schedule is sigma_total^2 tau sum x_k^2 within 3 SE', () => {
    const env = envOf(JUMPS);
    const p = env.params;
    const sigmaTotal = Math.sqrt(jumpTotalVariance(p.sigma[0], p.priceConstants as never));
    const schedule = acSchedule({ ...acInputsFor(p), sigma: sigmaTotal });
    const runs = evaluatePolicy(ac(env), env, { episodes: 4000, seed: 21 }).episodes.map((e) => e.isBps / p.bpsPerDollar);
    const x = acSchedule(acInputsFor(p)).x;
    let sumX2 = 0;
    for (let k = 1; k <= p.N; k++) sumX2 += x[k] ** 2;
    const expected = sigmaTotal ** 2 * p.tau * sumX2;
    const m = mean(runs);
    const m4 = mean(runs.map((v) => (v - m) ** 4));
    expect(Math.abs(variance(runs) - expected)).toBeLessThan(3 * Math.sqrt((m4 - expected ** 2) / runs.length));
    expect(schedule.kappa).toBeGreaterThan(acSchedule(acInputsFor(p)).kappa);
  });
});

describe('GARCH(1,1) stochastic variance', () => {
  it('the variance factor has mean 1 at every step and the penalty charges lambda sigma^2 v_k tau x_{k+1}^2', () => {
    const env = new ExecutionEnv(specOf(GARCH));
    const p = env.params;
    const last: number[] = [];
    for (let e = 0; e < 3000; e++) {
      env.reset({ seed: e });
      const state = () => (env as unknown as { state: MarketState }).state;
      for (let done = false; !done; ) {
        const v = state().latent[0];
        const x = state().x[0];
        const step = env.step(1);
        const xNext = x - step.info.fill.shares;
        expect(Math.abs(step.info.ledger.riskPenalty - p.lambda * p.sigma[0] ** 2 * v * p.tau * xNext * xNext)).toBeLessThan(1e-6 * (1 + step.info.ledger.riskPenalty));
        done = step.terminated;
      }
      last.push(state().latent[0]);
    }
    expect(Math.abs(mean(last) - 1)).toBeLessThan(3 * se(last));
  });

  it('the static optimum at the mean variance is what a static schedule earns (within 3 SE), reported as not exact: an upper bound on the adapted optimum', () => {
    const env = envOf(GARCH);
    const solution = solveOptimal(env.params, env.spec.action);
    expect(solution.exact).toBe(false);
    expect(solution.notes.join(' ')).toMatch(/upper bound/);
    const runs = evaluatePolicy(optimal(env), env, { episodes: 3000, seed: 5 }).episodes.map((e) => e.objectiveBps);
    expect(Math.abs(mean(runs) - solution.objectiveBps)).toBeLessThan(3 * se(runs));
  });
});
