import { describe, expect, it } from 'vitest';
import { solveOptimal } from '../env/analytics/optimal.js';
import { compileEnv } from '../env/core/compile-env.js';
import { UserError } from '../env/errors/errors.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { makeRng } from '../env/random/rng.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';

const make = (overrides: SpecOverrides) => new ExecutionEnv(resolveSpec('ac-linear-v0', overrides));

/** Every trade of `episodes` episodes under `action(k, rng)`: [step, shares, holdings before]. */
function trades(env: ExecutionEnv, action: (k: number) => number, episodes = 20): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let e = 0; e < episodes; e++) {
    env.reset({ seed: e });
    let x = env.params.X;
    for (let k = 0, done = false; !done; k++) {
      const step = env.step(action(k));
      out.push([k, step.info.fill.shares, x]);
      x -= step.info.fill.shares;
      done = step.terminated;
    }
  }
  return out;
}

describe('execution constraints are enforced in the step', () => {
  it('participation cap: a policy that tries to sell four times the even split never trades more than rho_max E[V_k] before the last step', () => {
    const env = make({ constraints: { participation: 0.05 } });
    const cap = env.params.constraints!.participationCap!;
    let bound = 0;
    for (const [k, n] of trades(env, () => 4)) {
      if (k === env.params.N - 1) continue;
      expect(n).toBeLessThanOrEqual(cap[k] * (1 + 1e-12));
      if (Math.abs(n - cap[k]) < 1e-6) bound++;
    }
    expect(bound).toBeGreaterThan(0);
  });

  it('round lots: random actions trade whole lots on every step but the final liquidation', () => {
    const env = make({ constraints: { lot: 100 } });
    const rng = makeRng(3, 'lots');
    for (const [k, n] of trades(env, () => rng.uniform() * 3.7)) {
      if (k === env.params.N - 1) continue;
      expect(Math.abs(n / 100 - Math.round(n / 100))).toBeLessThan(1e-9);
    }
  });

  it('minimum order: a trade below the minimum is not sent, unless it sells all that is left', () => {
    const env = make({ constraints: { minOrder: 20000 } });
    for (const [k, n, x] of trades(env, () => 0.3)) {
      if (k === env.params.N - 1) continue;
      expect(n === 0 || n >= 20000 || n === x).toBe(true);
    }
    // 0.3 of the even split of 1M over 20 steps is 15000 < 20000: the first step sends nothing.
    expect(trades(env, () => 0.3, 1)[0][1]).toBe(0);
  });

  it('the spec refuses a lot that does not divide the order and a cap above 1, naming the field', () => {
    expect(() => resolveSpec('ac-linear-v0', { constraints: { lot: 300 } })).toThrow(UserError);
    expect(() => resolveSpec('ac-linear-v0', { constraints: { lot: 300 } })).toThrow(/constraints\.lot/);
    expect(() => resolveSpec('ac-linear-v0', { constraints: { participation: 1.5 } })).toThrow(/constraints\.participation/);
  });
});

describe('the constrained optimum', () => {
  it('with a binding participation cap the quadratic programme is the grid search of the env own costs, and names the binding step', () => {
    const overrides: SpecOverrides = { horizon: { T: 1, N: 3 }, riskAversion: 2e-5, volume: { noise: 0 }, constraints: { participation: 0.12 } };
    const compiled = compileEnv(resolveSpec('ac-linear-v0', overrides));
    const solution = solveOptimal(compiled.params, compiled.spec.action);
    expect(solution.exact).toBe(true);
    expect(solution.constraints.unconstrainedFeasible).toBe(false);
    expect(solution.constraints.active.join(' ')).toMatch(/participation cap/);
    // The env's own deterministic cost (timing taken out: it has mean zero) on a grid of feasible plans.
    const env = make(overrides);
    const p = env.params;
    const cap = p.constraints!.participationCap!;
    const objective = (n0: number, n1: number) => {
      env.reset({ seed: 1 });
      let total = 0;
      let x = p.X;
      for (const [k, n] of [[0, n0], [1, n1], [2, p.X - n0 - n1]] as const) {
        const { info } = env.step(k === 2 ? 1 : (n * (p.N - k)) / x);
        expect(Math.abs(info.fill.shares - n)).toBeLessThan(1e-6);
        total += info.ledger.shortfall - info.ledger.timing + info.ledger.riskPenalty;
        x -= n;
      }
      return total * p.bpsPerDollar;
    };
    let best = Infinity;
    for (let i = 0; i <= 200; i++) {
      for (let j = 0; j <= 200; j++) {
        const n0 = (cap[0] * i) / 200;
        const n1 = (Math.min(cap[1], p.X - n0) * j) / 200;
        best = Math.min(best, objective(n0, n1));
      }
    }
    expect(solution.objectiveBps).toBeLessThanOrEqual(best + 1e-9);
    expect(best - solution.objectiveBps).toBeLessThan(1e-3);
    const free = solveOptimal(compileEnv(resolveSpec('ac-linear-v0', { ...overrides, constraints: undefined })).params, compiled.spec.action);
    expect(solution.objectiveBps).toBeGreaterThan(free.objectiveBps);
  });
});
