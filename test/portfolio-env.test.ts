import { describe, expect, it } from 'vitest';
import { checkEnv, checkVectorEnv } from '../env/check/check-env.js';
import { UserError } from '../env/errors/errors.js';
import { makeRng } from '../env/random/rng.js';
import { solvePortfolioOptimum } from '../env/portfolio/analytics/portfolio-optimum.js';
import { makePortfolio, makePortfolioVector, portfolioIds, portfolioParams, registerPortfolio } from '../env/portfolio/registry.js';
import { compilePortfolio } from '../env/portfolio/params.js';
import { portfolioSpecSchema } from '../env/portfolio/spec-schema.js';
import { portfolioBaseline } from '../baselines/portfolio-baselines.js';
import { runPortfolioEpisodes } from '../experiments/portfolio/portfolio-benchmark.js';

const IDS = portfolioIds();

/** One random-action episode of the single env; returns every step's record. */
function playSingle(id: string, seed: number, actionSeed: number) {
  const env = makePortfolio(id);
  const rng = makeRng(actionSeed, 'test-actions');
  env.reset({ seed });
  const steps = [];
  for (;;) {
    const action = env.actionSpace.sample(rng);
    const step = env.step(action);
    steps.push({ action, ...step });
    if (step.terminated) return steps;
  }
}

describe('portfolio envs', () => {
  it.each(IDS)('%s passes the env checker and the vector env checker', (id) => {
    checkEnv(makePortfolio(id));
    checkVectorEnv(makePortfolioVector(id, 3));
  });

  it.each(IDS)("%s: each step's ledger sums name by name to n (S0 - execution price), and the episode's to its shortfall", (id) => {
    const p = portfolioParams(id);
    const steps = playSingle(id, 5, 9);
    let total = 0;
    let risk = 0;
    let byFills = 0;
    for (const { info } of steps) {
      let stepSum = 0;
      info.ledger.forEach((e, j) => {
        const fromFill = info.fills.shares[j] * (p.S0[j] - info.fills.price[j]);
        expect(e.fixed + e.temporary + e.permanent + e.timing).toBeCloseTo(e.shortfall, 6);
        expect(Math.abs(e.shortfall - fromFill)).toBeLessThan(1e-9 * Math.abs(p.X[j] * p.S0[j]));
        stepSum += e.shortfall;
        byFills += fromFill;
      });
      expect(stepSum).toBeCloseTo(info.total.shortfall, 6);
      total += info.total.shortfall;
      risk += info.total.riskPenalty;
    }
    const episode = steps.at(-1)!.info.episode!;
    expect(episode.shortfallBps).toBeCloseTo(total * p.bpsPerDollar, 9);
    expect(episode.shortfallBps).toBeCloseTo(byFills * p.bpsPerDollar, 9);
    expect(episode.riskPenaltyBps).toBeCloseTo(risk * p.bpsPerDollar, 9);
    expect(Array.from(episode.shortfallBpsByName).reduce((a, b) => a + b, 0)).toBeCloseTo(episode.shortfallBps, 9);
    expect(-steps.reduce((s, x) => s + x.reward, 0)).toBeCloseTo(episode.objectiveBps, 9);
    // Every name ends flat, and a name only ever traded toward zero.
    expect(Array.from(steps.at(-1)!.info.holdings)).toEqual(new Array(p.m).fill(0));
    for (const { info } of steps) info.fills.shares.forEach((n, j) => expect(n * Math.sign(p.X[j])).toBeGreaterThanOrEqual(0));
  });

  it.each(IDS)('%s: the vector env equals the single envs lane by lane (lane i as seed + i), bit for bit', (id) => {
    const lanes = 4;
    const seed = 11;
    const p = portfolioParams(id);
    const singles = Array.from({ length: lanes }, (_, i) => playSingle(id, seed + i, 100 + i));
    const vec = makePortfolioVector(id, lanes);
    vec.reset({ seed });
    for (let k = 0; k < p.N; k++) {
      const actions = new Float64Array(lanes * p.m);
      for (let i = 0; i < lanes; i++) actions.set(singles[i][k].action, i * p.m);
      const result = vec.step(actions);
      for (let i = 0; i < lanes; i++) {
        const single = singles[i][k];
        expect(result.reward[i]).toBe(single.reward);
        const obs = k === p.N - 1 ? result.info.finalObservations : result.observation;
        expect(Array.from(obs.subarray(i * vec.obsDim, (i + 1) * vec.obsDim))).toEqual(Array.from(single.observation));
        expect(Array.from(result.info.price.subarray(i * p.m, (i + 1) * p.m))).toEqual(Array.from(single.info.fills.price));
      }
    }
  });

  it('the same seed gives the same episode and another seed another (determinism)', () => {
    const a = playSingle('portfolio-ac-v0', 3, 1);
    const b = playSingle('portfolio-ac-v0', 3, 1);
    const c = playSingle('portfolio-ac-v0', 4, 1);
    expect(a.map((s) => s.reward)).toEqual(b.map((s) => s.reward));
    expect(a.map((s) => s.reward)).not.toEqual(c.map((s) => s.reward));
  });

  it('rejects actions of the wrong size or outside [0, aMax] with a UserError naming the name', () => {
    const env = makePortfolio('portfolio-ac-v0');
    env.reset({ seed: 0 });
    expect(() => env.step([1, 1])).toThrow(UserError);
    expect(() => env.step([1, 1, -1, 1])).toThrow(/name ALV/);
    expect(() => env.step([1, 1, Number.NaN, 1])).toThrow(UserError);
  });

  it.each(IDS)('%s: the exact optimum played in the env has a Monte Carlo mean within 3 SE of objectiveBps', (id) => {
    const p = portfolioParams(id);
    const o = solvePortfolioOptimum(p);
    const run = runPortfolioEpisodes(p, portfolioBaseline('optimal', p), 3000, 0);
    const n = run.objectiveBps.length;
    const mean = run.objectiveBps.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(run.objectiveBps.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - o.objectiveBps)).toBeLessThan((3 * sd) / Math.sqrt(n));
    // A static schedule's risk penalty is deterministic: every episode's is the optimum's.
    for (const r of run.riskPenaltyBps) expect(r).toBeCloseTo(o.riskPenaltyBps, 9);
  });
});

describe('portfolio specs at the edge', () => {
  const base = {
    id: 'edge',
    kind: 'portfolio',
    horizon: { T: 1, N: 5 },
    assets: [
      { symbol: 'A', side: 'sell', shares: 1e5, S0: 50, epsilon: 0.01, dailyVolume: 1e6 },
      { symbol: 'B', side: 'buy', shares: 1e5, S0: 40, epsilon: 0.01, dailyVolume: 1e6 },
    ],
    covariance: [
      [1, 0.5],
      [0.5, 1],
    ],
    permanentImpact: [
      [1e-7, 0],
      [0, 1e-7],
    ],
    temporaryImpact: [
      [1e-6, 0],
      [0, 1e-6],
    ],
    riskAversion: 1e-6,
  };
  const messageOf = (spec: unknown) => {
    try {
      registerPortfolio(spec as never);
      return '';
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return (error as Error).message;
    }
  };

  it('rejects a matrix of the wrong size, an asymmetric or indefinite covariance and an H whose symmetric part is not positive definite, naming the field', () => {
    expect(messageOf({ ...base, covariance: [[1]] })).toMatch(/^spec\.covariance: must be 2 x 2/);
    expect(messageOf({ ...base, covariance: [[1, 0.5], [0.4, 1]] })).toMatch(/^spec\.covariance: must be symmetric/);
    expect(messageOf({ ...base, covariance: [[1, 2], [2, 1]] })).toMatch(/^spec\.covariance: must be positive semi-definite/);
    expect(messageOf({ ...base, temporaryImpact: [[1e-6, 0], [0, -1e-6]] })).toMatch(/^spec\.temporaryImpact: its symmetric part/);
    expect(messageOf({ ...base, assets: [{ ...base.assets[0], side: 'short' }, base.assets[1]] })).toMatch(/^spec\.assets\.0\.side/);
    expect(messageOf(base)).toBe('');
  });

  it('the active-set optimum (bounds binding, non-symmetric Gamma) played in the env has a Monte Carlo mean within 3 SE of objectiveBps', () => {
    const spec = portfolioSpecSchema.parse({
      ...base,
      id: 'edge-binding',
      horizon: { T: 1, N: 10 },
      assets: [base.assets[0], { ...base.assets[1], shares: 2e3 }],
      covariance: [[2.25, 2.1], [2.1, 2.25]],
      permanentImpact: [[2e-7, 5e-8], [0, 1e-7]],
      temporaryImpact: [[8e-7, 0], [0, 2e-8]],
    });
    const p = compilePortfolio(spec);
    const o = solvePortfolioOptimum(p);
    expect(o.method).toBe('active-set');
    const run = runPortfolioEpisodes(p, portfolioBaseline('optimal', p), 4000, 0);
    const n = run.objectiveBps.length;
    const mean = run.objectiveBps.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(run.objectiveBps.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - o.objectiveBps)).toBeLessThan((3 * sd) / Math.sqrt(n));
  });
});
