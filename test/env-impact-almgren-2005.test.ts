import { describe, expect, it } from 'vitest';
import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { solveOptimal } from '../env/analytics/optimal.js';
import { solveStaticOptimum } from '../env/analytics/static-optimum.js';
import { compileEnv } from '../env/core/compile-env.js';
import { parseOrThrow } from '../env/errors/errors.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { almgren2005Gamma } from '../env/market/impact/almgren-2005.js';
import { impactModels } from '../env/market/impact/impact-models.js';
import { envSpecSchema, impactSchema, type EnvSpecInput } from '../env/spec/schema.js';
import { userErrorOf } from './helpers/data-files.js';

/** sqrt-volume-v0's market with the impact of Almgren, Thum, Hauptmann and Li (2005). */
const input = (impact: Record<string, unknown> = {}, extra: Partial<EnvSpecInput> = {}): EnvSpecInput => ({
  id: 'almgren-2005-test',
  horizon: { T: 1, N: 13 },
  order: { side: 'sell', shares: 250000 },
  price: { model: 'abm', S0: 50, sigma: 1.0 },
  impact: { model: 'almgren-2005', epsilon: 0.01, gamma: almgren2005Gamma(1.0, 5e6, 1e9), ...impact } as EnvSpecInput['impact'],
  riskAversion: 1e-6,
  volume: { daily: 5e6, profile: 'u-shape', uDepth: 3, noise: 0.25 },
  ...extra,
});
const spec = (impact: Record<string, unknown> = {}, extra: Partial<EnvSpecInput> = {}) => envSpecSchema.parse(input(impact, extra));

describe('impact models are plug-ins: one module each, one registry', () => {
  it('every variant of the spec schema has its module in the registry, under the name the schema gives it', () => {
    const names = impactSchema.options.map((o) => o.shape.model.value);
    expect(names).toEqual(Object.keys(impactModels));
    for (const name of names) expect(impactModels[name as keyof typeof impactModels].name).toBe(name);
  });
});

describe('almgren-2005 impact (a new model: one module and one registry line)', () => {
  it("defaults to the paper's estimates eta 0.142 and beta 3/5, and its permanent part is 0.314 sigma / V (Theta / V)^(1/4) per share", () => {
    const s = spec();
    expect(s.impact).toMatchObject({ model: 'almgren-2005', eta: 0.142, beta: 0.6 });
    expect(almgren2005Gamma(1.0, 5e6, 1e9)).toBeCloseTo((0.314 / 5e6) * 200 ** 0.25, 20);
  });

  it('the step charges eta sigma (n / (tau V))^beta per share beyond epsilon, whatever volume the step draws', () => {
    const env = new ExecutionEnv(spec());
    env.reset({ seed: 3 });
    const tau = 1 / 13;
    for (const a of [1, 2, 0.5]) {
      const { info } = env.step(a);
      const n = info.fill.shares;
      expect(info.ledger.temporary / n).toBeCloseTo(0.142 * 1.0 * Math.pow(n / (tau * 5e6), 0.6), 12);
      expect(info.ledger.fixed / n).toBeCloseTo(0.01, 14);
    }
  });

  it("the convex programme's optimum is exact: its schedule costs in the env, ledger by ledger, exactly the value the solver reports", () => {
    const wide = { action: { type: 'box', aMax: 1000 } } as const;
    const compiled = compileEnv(spec({}, wide));
    const p = compiled.params;
    const solution = solveOptimal(p, compiled.spec.action);
    expect(solution).toMatchObject({ method: 'convex-programme', exact: true });
    const s = solveStaticOptimum(p, 1000);
    const env = new ExecutionEnv(spec({}, wide));
    env.reset({ seed: 11 });
    let x = p.X;
    let total = 0;
    for (let k = 0; k < p.N; k++) {
      const n = s.trades[k];
      const { info } = env.step(k === p.N - 1 ? 1 : (n * (p.N - k)) / x);
      // The timing term is the only random part (mean zero): the rest is the expected objective.
      total += info.ledger.shortfall - info.ledger.timing + info.ledger.riskPenalty;
      x -= n;
    }
    expect(Math.abs(total - s.expectation.objective) / s.expectation.objective).toBeLessThan(1e-10);
    expect(Math.abs(solution.objectiveBps - s.expectation.objective * p.bpsPerDollar)).toBeLessThan(1e-9);
  });

  it("the AC linearisation pays the model's own cost at the TWAP rate", () => {
    const p = compileEnv(spec()).params;
    const ac = acInputsFor(p);
    const n = p.X / p.N;
    expect((ac.eta * n) / p.tau).toBeCloseTo(0.142 * 1.0 * Math.pow(n / (p.tau * 5e6), 0.6), 12);
  });

  it('the spec bound names impact.eta when the whole order in one step would overflow the cost', () => {
    expect(userErrorOf(() => parseOrThrow(envSpecSchema, input({ eta: 1e200 }), 'spec'))).toMatch(/impact\.eta: too large: the worst-case temporary impact of the whole order in one step/);
  });
});
