import { describe, expect, it } from 'vitest';
import { solveAlphaRiccati } from '../env/analytics/alpha-riccati.js';
import { solveOptimal } from '../env/analytics/optimal.js';
import { solveRegimeDp } from '../env/analytics/regime-dp.js';
import { solveStaticOptimum } from '../env/analytics/static-optimum.js';
import { compileEnv } from '../env/core/compile-env.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';

const params = (overrides: SpecOverrides, id = 'ac-linear-v0') => compileEnv(resolveSpec(id, overrides)).params;

/**
 * The best plan (n_0, n_1, then liquidate) of a three-step env by a refined grid search of the env's
 * own step costs (shortfall minus the timing term, whose mean is zero, plus the risk penalty; no
 * volume noise), trades kept to [0, cap_k] (cap_k = 0 on a halted step): the value in bps.
 */
function gridSearchThreeSteps(overrides: SpecOverrides, caps: [number, number]): number {
  const env = new ExecutionEnv(resolveSpec('ac-linear-v0', overrides));
  const p = env.params;
  const cost = (n0: number, n1: number) => {
    env.reset({ seed: 1 });
    let total = 0;
    let x = p.X;
    for (const [k, n] of [[0, n0], [1, n1], [2, p.X - n0 - n1]] as const) {
      const { info } = env.step(k === 2 ? 1 : x > 0 ? (n * (p.N - k)) / x : 0);
      expect(Math.abs(info.fill.shares - n)).toBeLessThan(1e-6);
      total += info.ledger.shortfall - info.ledger.timing + info.ledger.riskPenalty;
      x -= n;
    }
    return total * p.bpsPerDollar;
  };
  const hi0 = Math.min(caps[0], p.X);
  let best = Infinity;
  let [c0, c1, w0, w1] = [hi0 / 2, Math.min(caps[1], p.X) / 2, hi0 / 2, Math.min(caps[1], p.X) / 2];
  for (let round = 0; round < 4; round++) {
    let arg: [number, number] = [c0, c1];
    for (let i = 0; i <= 60; i++) {
      const n0 = Math.min(hi0, Math.max(0, c0 - w0 + (2 * w0 * i) / 60));
      for (let j = 0; j <= 60; j++) {
        const n1 = Math.min(caps[1], p.X - n0, Math.max(0, c1 - w1 + (2 * w1 * j) / 60));
        const v = cost(n0, n1);
        if (v < best) {
          best = v;
          arg = [n0, n1];
        }
      }
    }
    [c0, c1] = arg;
    w0 /= 10;
    w1 /= 10;
  }
  return best;
}

const tiny: SpecOverrides = { horizon: { T: 1, N: 3 }, riskAversion: 2e-5, volume: { noise: 0 } };

describe('the static programme respects scheduled halts', () => {
  it('with step 1 halted it is the grid search of the env own costs over the plans that trade nothing there, and names the halt', () => {
    const overrides = { ...tiny, constraints: { halts: { model: 'scheduled', steps: [1] } } };
    const solution = solveOptimal(params(overrides), { type: 'box', aMax: 4, mode: 'strict' });
    expect(solution.method).toBe('quadratic-programme');
    expect(solution.exact).toBe(true);
    expect(solution.trades[1]).toBe(0);
    expect(solution.constraints.active).toContain('n_1 = 0 (trading halt)');
    const best = gridSearchThreeSteps(overrides, [Infinity, 0]);
    expect(solution.objectiveBps).toBeLessThanOrEqual(best + 1e-7);
    expect(best - solution.objectiveBps).toBeLessThan(1e-4);
    const free = solveOptimal(params(tiny), { type: 'box', aMax: 4, mode: 'strict' });
    expect(solution.objectiveBps).toBeGreaterThan(free.objectiveBps);
  });

  it('with a halt and a binding participation cap together it is the grid search too, and names both', () => {
    const overrides = { ...tiny, constraints: { participation: 0.12, halts: { model: 'scheduled', steps: [1] } } };
    const p = params(overrides);
    const solution = solveOptimal(p, { type: 'box', aMax: 4, mode: 'strict' });
    expect(solution.exact).toBe(true);
    expect(solution.constraints.active.join(' ')).toMatch(/n_0 <= rho_max E\[V_0\].*participation cap/);
    expect(solution.constraints.active).toContain('n_1 = 0 (trading halt)');
    expect(solution.executionConstraints).toEqual({ respected: ['the participation cap n_k <= rho_max E[V_k]', 'the scheduled halts (n_k = 0 at steps 1)'], dropped: [], capBindingSteps: [0], haltedSteps: [1] });
    const best = gridSearchThreeSteps(overrides, [p.constraints!.participationCap![0], 0]);
    expect(solution.objectiveBps).toBeLessThanOrEqual(best + 1e-7);
    expect(best - solution.objectiveBps).toBeLessThan(1e-4);
  });
});

describe('the DPs respect the participation cap and scheduled halts', () => {
  it('on a two-regime market whose regime never changes, the capped inventory-grid DP is the mean of each regime grid search of the env own costs, and names the steps at the cap', () => {
    // An identity transition: the regime is drawn once, so the adaptive optimum is each regime's own best plan.
    const regimes = [
      { name: 'liquid', eta: 1.5e-6, volumeMultiplier: 1 },
      { name: 'illiquid', eta: 6e-6, volumeMultiplier: 1 },
    ];
    // A flat profile puts the cap at 0.2 X a step, on every grid the DP refines through (500 * 2^m points).
    const market = { ...tiny, volume: { noise: 0, profile: 'flat' }, constraints: { participation: 0.12 } };
    const p = params({ ...market, regimes, transition: [[1, 0], [0, 1]], initial: [0.5, 0.5], regimeInfo: 'oracle' });
    const solution = solveOptimal(p, { type: 'box', aMax: 4, mode: 'strict' });
    expect(solution.method).toBe('inventory-grid-dp');
    expect(solution.relaxed).toBe(false);
    expect(solution.discretisation!.converged).toBe(true);
    expect(solution.constraints.active.join(' ')).toMatch(/participation cap\) at steps 0/);
    expect(solution.executionConstraints!.capBindingSteps).toContain(0);
    const cap = p.constraints!.participationCap!;
    const perRegime = regimes.map((r) => gridSearchThreeSteps({ ...market, impact: { eta: r.eta } }, [cap[0], cap[1]]));
    const target = (perRegime[0] + perRegime[1]) / 2;
    // A grid policy's value: above the optimum by at most its stated discretisation error.
    expect(solution.objectiveBps).toBeGreaterThan(target - 1e-4);
    expect(solution.objectiveBps - target).toBeLessThan(solution.discretisation!.errorBps! + 0.01);
    // Without the cap the closed-form regime DP is below it: the cap binds.
    const free = solveRegimeDp(params({ ...tiny, regimes, transition: [[1, 0], [0, 1]], initial: [0.5, 0.5], regimeInfo: 'oracle' }), 4);
    expect(free.expectedObjective * p.bpsPerDollar).toBeLessThan(solution.objectiveBps - 0.01);
  });

  it('on one regime the regime DP and the Riccati recursion (zero alpha) with a scheduled halt equal the static programme with it', () => {
    const halts = { halts: { model: 'scheduled', steps: [2, 7] } };
    const p = params({ constraints: halts });
    const staticValue = solveStaticOptimum(p, Infinity).expectation.objective;
    const dp = solveRegimeDp(p);
    expect(dp.keep[2]).toBe(1);
    expect(dp.keep[7]).toBe(1);
    expect(Math.abs(dp.expectedObjective - staticValue) / staticValue).toBeLessThan(1e-9);
    const alpha = params({ price: { alpha: { s: 0, start: 0 } }, constraints: { halts: { model: 'scheduled', steps: [2, 7] } } }, 'alpha-ac-v0');
    const riccati = solveAlphaRiccati(alpha);
    const alphaStatic = solveStaticOptimum(alpha, Infinity).expectation.objective;
    expect(riccati.expectedHoldings[3]).toBeCloseTo(riccati.expectedHoldings[2], 6);
    expect(Math.abs(riccati.objective - alphaStatic) / alphaStatic).toBeLessThan(1e-9);
  });
});

describe('optimal says which constraints no solver respects', () => {
  it.each([
    ['round lots', { lot: 1000 }, /round lots/],
    ['Markov halts', { halts: { model: 'markov', rate: 0.1, persistence: 0.5 } }, /Markov\) trading halts/],
    ['price limits', { limits: { band: 50, reference: 'arrival' } }, /price limits \(band 50 bps around the arrival price/],
  ])('%s: the value is labelled a relaxation (a lower bound), with the constraint named', (_, constraints, named) => {
    const solution = solveOptimal(params({ constraints }), { type: 'box', aMax: 4, mode: 'strict' });
    expect(solution.exact).toBe(false);
    expect(solution.relaxed).toBe(true);
    expect(solution.notes.join(' ')).toMatch(named);
  });

  it('the Riccati optimum drops a participation cap and says so', () => {
    const solution = solveOptimal(params({ constraints: { participation: 0.05 } }, 'alpha-ac-v0'), { type: 'box', aMax: 4, mode: 'strict' });
    expect(solution.method).toBe('lq-riccati');
    expect(solution.notes.join(' ')).toMatch(/participation cap \(the Riccati feedback is linear/);
  });
});
