import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineNames, resolvePolicy } from '../baselines/registry.js';
import { compileEnv } from '../env/core/compile-env.js';
import { UserError } from '../env/errors/errors.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { ExecutionVectorEnv } from '../env/core/execution-vector-env.js';
import { poissonInverse } from '../env/market/fills.js';
import { make, makeVector, resolveSpec, type SpecOverrides } from '../env/registry.js';
import { makeRng } from '../env/random/rng.js';
import { Discrete } from '../env/spaces/discrete.js';

/** The passive env's market with the fill model's parameters replaced. */
const passive = (fills: Record<string, unknown> = {}, more: SpecOverrides = {}) => ({ execution: { fills, ...((more.execution as object) ?? {}) }, ...Object.fromEntries(Object.entries(more).filter(([k]) => k !== 'execution')) });

/** One episode's per-step trace: everything a policy or the ledger could tell apart. */
function trace(env: ExecutionEnv, seed: number, action: (k: number) => number | number[]): number[] {
  const out: number[] = [];
  env.reset({ seed });
  for (let k = 0; ; k++) {
    const step = env.step(action(k));
    const l = step.info.ledger;
    out.push(step.reward, step.info.fill.shares, step.info.fill.price, step.info.marketVolume, step.info.price, l.fixed, l.temporary, l.permanent, l.timing, l.shortfall, l.riskPenalty, ...step.observation);
    if (step.terminated) return out;
  }
}

describe('passive env: the taker env when nothing fills', () => {
  const taker = make('ac-linear-v0');

  it('with A = 0 any taker policy gives the taker env bit for bit, and so does any split with unfilled crossed', () => {
    const silent = make('passive-ac-linear-v0', passive({ A: 0 }));
    const crossing = make('passive-ac-linear-v0', passive({ A: 0 }, { execution: { unfilled: 'cross' } }));
    for (let seed = 0; seed < 30; seed++) {
      const rng = makeRng(seed, 'actions');
      const as = Array.from({ length: 20 }, () => 4 * rng.uniform());
      const splits = Array.from({ length: 20 }, () => [rng.uniform(), 5 * rng.uniform()]);
      const reference = trace(taker, seed, (k) => as[k]);
      expect(trace(silent, seed, (k) => as[k])).toEqual(reference);
      expect(trace(silent, seed, (k) => [as[k], 0, splits[k][1]])).toEqual(reference);
      expect(trace(crossing, seed, (k) => [as[k], ...splits[k]])).toEqual(reference);
    }
  });

  it('with fills on, a policy that posts nothing still sees the taker market bit for bit (fills draw from their own stream)', () => {
    const env = make('passive-ac-linear-v0');
    for (let seed = 0; seed < 10; seed++) expect(trace(env, seed, () => 1.3)).toEqual(trace(taker, seed, () => 1.3));
  });

  it('the vector env agrees lane by lane with the single env, for [a, fraction, offset] actions and autoresets', () => {
    const lanes = 4;
    const vec = makeVector('passive-ac-linear-v0', lanes);
    const singles = Array.from({ length: lanes }, () => make('passive-ac-linear-v0'));
    vec.reset({ seed: 9 });
    singles.forEach((env, i) => env.reset({ seed: 9 + i }));
    for (let t = 0; t < 45; t++) {
      const actions = Float64Array.from({ length: 3 * lanes }, (_, j) => [((j + t) % 7) * 0.4, ((j * 3 + t) % 5) / 4, (j + 2 * t) % 6][j % 3]);
      const result = vec.step(actions);
      singles.forEach((env, i) => {
        const step = env.step(Array.from(actions.subarray(3 * i, 3 * i + 3)));
        expect(result.reward[i]).toBe(step.reward);
        expect(result.info.limit!.filled[i]).toBe(step.info.limit!.filled);
        if (step.terminated) {
          expect(result.info.episode.passive!.spreadCapture[i]).toBe(step.info.passive!.spreadCapture);
          env.reset();
        }
      });
    }
  });

  it('taker baselines on the passive env pay exactly what they pay on the taker env; `all` on a taker env lists no passive baseline', async () => {
    const passiveEnv = compileEnv(resolveSpec('passive-ac-linear-v0'));
    const takerEnv = compileEnv(resolveSpec('ac-linear-v0'));
    for (const name of ['twap', 'ac', 'pov:0.1']) {
      const here = evaluatePolicy(await resolvePolicy(name, passiveEnv), passiveEnv, { episodes: 50, seed: 3 }).episodes.map((e) => e.isBps);
      const there = evaluatePolicy(await resolvePolicy(name, takerEnv), takerEnv, { episodes: 50, seed: 3 }).episodes.map((e) => e.isBps);
      expect(here).toEqual(there);
    }
    expect(baselineNames(takerEnv)).not.toContain('passive-twap');
    expect(baselineNames(passiveEnv)).toEqual(expect.arrayContaining(['passive-twap', 'passive-pov', 'ac-passive']));
  });
});

describe('the fill model', () => {
  it('a limit order far from the touch never fills', () => {
    const env = make('passive-ac-linear-v0', { execution: { offsets: [0, 1e5] } });
    for (let seed = 0; seed < 20; seed++) {
      env.reset({ seed });
      for (let k = 0; k < 19; k++) expect(env.step([1, 1, 1e5]).info.limit!.filled).toBe(0);
    }
  });

  // Hits H ~ Poisson(Lambda), Lambda = A exp(-k delta) tau V_0 / (V_day tau) exp(alpha z - alpha^2 / 2).
  // An order too large to be filled up (the whole order, 2000 clips, against about 160 hits)
  // fills clip * H, whose mean is clip * A exp(-k delta) E[V_0] / V_day whatever alpha and the volume
  // noise (both factors are independent, mean one): the intensity recovered by Monte Carlo.
  for (const alpha of [0, 0.8]) {
    it(`mean fills against offset recover the intensity A exp(-k delta) by Monte Carlo within 3 SE (alpha ${alpha})`, () => {
      const lanes = 4000;
      const vec = makeVector('passive-ac-linear-v0', lanes, passive({ alpha }, { action: { aMax: 20 } }));
      const { epsilon, expectedVolume, dailyVolume } = vec.params;
      const { A, k, clip } = vec.params.execution!;
      for (const offset of [0, 1, 2, 5]) {
        vec.reset({ seed: 100 * offset });
        const actions = new Float64Array(3 * lanes);
        for (let i = 0; i < lanes; i++) actions.set([20, 1, offset], 3 * i);
        const { limit } = vec.step(actions).info;
        const filled = Float64Array.from(limit!.filled.subarray(0, lanes));
        const mean = filled.reduce((a, b) => a + b, 0) / lanes;
        const sd = Math.sqrt(filled.reduce((a, r) => a + (r - mean) ** 2, 0) / (lanes - 1));
        const expected = (clip * A * Math.exp(-k * (epsilon[0] + offset * 0.01)) * expectedVolume[0]) / dailyVolume;
        expect(Math.abs(mean - expected)).toBeLessThan((3 * sd) / Math.sqrt(lanes));
      }
    });
  }

  it('an order near the capacity fills E[min(posted, clip H)] (partial fills), by Monte Carlo within 3 SE', () => {
    const lanes = 4000;
    // No volume noise and no adverse selection: Lambda is a number, and the mean is a Poisson sum.
    const vec = makeVector('passive-ac-linear-v0', lanes, passive({ alpha: 0 }, { volume: { noise: 0 } }));
    const { epsilon, expectedVolume, dailyVolume, X, N } = vec.params;
    const { A, k, clip } = vec.params.execution!;
    vec.reset({ seed: 3 });
    const actions = new Float64Array(3 * lanes);
    for (let i = 0; i < lanes; i++) actions.set([2.5, 1, 0], 3 * i);
    const { limit } = vec.step(actions).info;
    const posted = (2.5 * X) / N;
    const lambda = (A * Math.exp(-k * epsilon[0]) * expectedVolume[0]) / dailyVolume;
    let expected = 0;
    let pmf = Math.exp(-lambda);
    for (let j = 0; j < 2000; j++) {
      expected += pmf * Math.min(posted, clip * j);
      pmf *= lambda / (j + 1);
    }
    const filled = Array.from(limit!.filled);
    const mean = filled.reduce((a, b) => a + b, 0) / lanes;
    const sd = Math.sqrt(filled.reduce((a, r) => a + (r - mean) ** 2, 0) / (lanes - 1));
    expect(expected / posted).toBeGreaterThan(0.5);
    expect(expected / posted).toBeLessThan(0.99);
    expect(Math.abs(mean - expected)).toBeLessThan((3 * sd) / Math.sqrt(lanes));
  });

  it('Poisson inversion: its quantiles have the Poisson mean and variance (3 SE), small and large lambda', () => {
    const rng = makeRng(1, 'poisson');
    for (const lambda of [0.7, 12, 29.9, 30, 180, 5000]) {
      const n = 20000;
      const draws = Float64Array.from({ length: n }, () => poissonInverse(rng.uniform(), lambda));
      const mean = draws.reduce((a, b) => a + b, 0) / n;
      expect(Math.abs(mean - lambda)).toBeLessThan(3 * Math.sqrt(lambda / n));
      const sampleVar = draws.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1);
      // The sample variance's SE is sqrt((mu4 - sigma^4 (n - 3) / (n - 1)) / n), mu4 = lambda (1 + 3 lambda).
      expect(Math.abs(sampleVar - lambda)).toBeLessThan(3 * Math.sqrt((lambda * (1 + 3 * lambda) - lambda * lambda) / n));
    }
    expect(poissonInverse(0, 10)).toBe(0);
    expect(poissonInverse(0.5, 0)).toBe(0);
    // The median of Poisson(1000) is 1000 (floor(lambda + 1/3 - 0.02 / lambda)).
    expect(poissonInverse(0.5, 1000)).toBe(1000);
  });

  // Mark-out +1 minus the edge earned is -side * (F_{k+1} - F_k): zero-mean when fills ignore the
  // path, negative when they concentrate on steps that move against the resting order.
  const adverseComponent = (alpha: number, side: 'sell' | 'buy') => {
    const lanes = 4000;
    const vec = makeVector('passive-ac-linear-v0', lanes, passive({ alpha }, { order: { side } }));
    vec.reset({ seed: 7 });
    const actions = new Float64Array(3 * lanes);
    for (let i = 0; i < lanes; i++) actions.set([1, 1, 0], 3 * i);
    let result;
    for (let k = 0; k < vec.params.N; k++) result = vec.step(actions);
    const edgeBps = (1e4 * vec.params.epsilon[0]) / vec.params.S0;
    const values = Array.from(result!.info.episode.passive!.markout1Bps, (m) => m - edgeBps).filter(Number.isFinite);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const se = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1) / values.length);
    return { mean, se };
  };

  for (const side of ['sell', 'buy'] as const) {
    it(`adverse selection (${side}): mark-outs fall below the edge earned when alpha > 0, and not when alpha = 0 (3 SE)`, () => {
      const none = adverseComponent(0, side);
      expect(Math.abs(none.mean)).toBeLessThan(3 * none.se);
      const adverse = adverseComponent(0.5, side);
      expect(adverse.mean).toBeLessThan(-3 * adverse.se);
    });
  }
});

describe('the passive ledger', () => {
  it('fixed + temporary + permanent + timing - spreadEarned is the shortfall, side * n * (S0 - price), on random actions (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sell', 'buy'),
        fc.constantFrom('cancel', 'cross'),
        fc.constantFrom('linear', 'transient'),
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })), { minLength: 20, maxLength: 20 }),
        (side, unfilled, model, seed, actions) => {
          const impact = model === 'transient' ? { model, epsilon: 0.0625, gamma: 2.5e-7, kappa: 1e-7, rho: 2 } : {};
          const env = make('passive-ac-linear-v0', { order: { side }, execution: { unfilled }, impact });
          const sign = side === 'sell' ? 1 : -1;
          env.reset({ seed });
          let passiveTotal = 0;
          for (let k = 0; ; k++) {
            const { info, terminated } = env.step(actions[k]);
            const l = info.ledger as typeof info.ledger & { spreadEarned: number; passiveShortfall: number };
            const scale = 1e-9 * Math.max(1, Math.abs(l.shortfall) + Math.abs(l.timing));
            expect(Math.abs(l.fixed + l.temporary + l.permanent + l.timing - l.spreadEarned - l.shortfall)).toBeLessThan(scale);
            expect(Math.abs(sign * info.fill.shares * (env.params.S0 - info.fill.price) - l.shortfall)).toBeLessThan(scale);
            expect(Math.abs(sign * info.limit!.filled * (env.params.S0 - info.limit!.price) - l.passiveShortfall)).toBeLessThan(scale);
            expect(info.limit!.filled).toBeLessThanOrEqual(info.limit!.posted);
            expect(info.inventory).toBeGreaterThanOrEqual(0);
            passiveTotal += l.passiveShortfall;
            if (terminated) {
              const p = info.passive!;
              expect(info.inventory).toBe(0);
              expect(info.limit!.posted).toBe(0);
              const bps = env.params.bpsPerDollar;
              expect(Math.abs(p.passiveShortfallBps - passiveTotal * bps)).toBeLessThan(1e-9);
              expect(Math.abs(p.passiveShortfallBps + p.aggressiveShortfallBps - info.episode!.shortfallBps)).toBeLessThan(1e-9);
              return;
            }
          }
        },
      ),
      { numRuns: 60, seed: 13 },
    );
  });

  it('spread capture is +1 when everything fills at the touch and -1 with market orders only', () => {
    const always = make('passive-ac-linear-v0', passive({ A: 1e6, k: 0 }));
    always.reset({ seed: 1 });
    let last;
    // The last step crosses what is left: post everything before it, so nothing is left.
    for (let k = 0; k < 20; k++) last = always.step([4, 1, 0]);
    const sold = last!.info.passive!;
    expect(sold.fillRate).toBe(1);
    expect(sold.spreadCapture).toBeCloseTo(1, 12);
    const taker = make('passive-ac-linear-v0');
    taker.reset({ seed: 1 });
    for (let k = 0; k < 20; k++) last = taker.step(1);
    expect(last!.info.passive!.spreadCapture).toBeCloseTo(-1, 12);
    expect(last!.info.passive!.fillRate).toBeNaN();
  });
});

describe('spread by regime', () => {
  it("a fill at the touch earns the step regime's half-spread; a wider touch is hit less often", () => {
    const regimes = [
      { name: 'tight', epsilon: 0.03, volumeMultiplier: 1 },
      { name: 'wide', epsilon: 0.15, volumeMultiplier: 1 },
    ];
    const env = make('passive-regime-v0', { regimes, transition: [[0.5, 0.5], [0.5, 0.5]] });
    const filled = [0, 0];
    const posted = [0, 0];
    for (let seed = 0; seed < 200; seed++) {
      env.reset({ seed });
      for (let k = 0; k < 19; k++) {
        const { info } = env.step([1, 1, 0]);
        const r = info.stepRegime;
        if (info.limit!.filled > 0) expect((info.ledger as { spreadEarned: number }).spreadEarned / info.limit!.filled).toBeCloseTo(regimes[r].epsilon, 12);
        filled[r] += info.limit!.filled;
        posted[r] += info.limit!.posted;
      }
    }
    expect(filled[1] / posted[1]).toBeLessThan(filled[0] / posted[0]);
  });
});

describe('passive actions', () => {
  it('a Discrete grid indexes levels x fractions x offsets, masks duplicates, and a baseline finds its entry', () => {
    const env = make('passive-ac-linear-v0', { action: { type: 'discrete', levels: [0, 1, 2] } });
    expect(env.actionSpace).toBeInstanceOf(Discrete);
    expect((env.actionSpace as Discrete).n).toBe(3 * 5 * 4);
    const { info } = env.reset({ seed: 2 });
    const mask = info.actionMask!;
    // Level 0 trades nothing: one entry; levels 1 and 2: fraction 0 once, four fractions x four offsets.
    expect(mask.reduce((a, b) => a + b, 0)).toBe(1 + 2 * (1 + 4 * 4));
    // Index ((level * F) + fraction) * O + offset: level 1, fraction 1 (index 4), offset 0.
    const step = env.step((1 * 5 + 4) * 4 + 0);
    expect(step.info.limit!.posted).toBeCloseTo(1e6 / 20, 6);
  });

  it('bad actions and spec values are one-line UserErrors naming the value', () => {
    const env = make('passive-ac-linear-v0');
    env.reset({ seed: 0 });
    const cases: [unknown, RegExp][] = [
      [[1, 2, 0], /^action fraction must be in \[0, 1\] .*got 2$/],
      [[1, 0.5, NaN], /^action offset must be a number, got NaN$/],
      [[1, 0.5, 6], /^action offset must be in \[0, 5\] .*got 6$/],
      [[1, 0.5], /^action must be \[a, fraction, offset\] \(3 numbers\) or a number \(a market order\), got \[1,0.5\]$/],
      [[1, '0.5', 0], /^action\[1\] must be a number, got "0.5"$/],
    ];
    for (const [action, message] of cases) expect(() => env.step(action as number[])).toThrow(message);
    const grid = make('passive-ac-linear-v0', { action: { type: 'discrete', levels: [0, 1] } });
    grid.reset({ seed: 0 });
    expect(() => grid.step(40)).toThrow(/^action must be an integer in \[0, 39\] \(Discrete over 2 levels x 5 fractions x 4 offsets\), got 40$/);
    const vec = makeVector('passive-ac-linear-v0', 2);
    vec.reset({ seed: 0 });
    expect(() => vec.step(new Float64Array(5))).toThrow(/^actions must hold numEnvs x 3 = 6 numbers/);
    const specCases: [SpecOverrides, RegExp][] = [
      [{ execution: { fractions: [0, 1, 0.5] } }, /^spec\.execution\.fractions\.2: fractions must be strictly ascending, got 1 then 0\.5/],
      [{ execution: { fills: { clip: 0 } } }, /^spec\.execution\.fills\.clip: .*>0.*\(got 0\)$/],
      [{ execution: { fills: { alpha: -1 } } }, /^spec\.execution\.fills\.alpha: .*>=0.*\(got -1\)$/],
      [{ execution: { unfilled: 'keep' } }, /^spec\.execution\.unfilled: .*"cancel"\|"cross".*\(got "keep"\)$/],
    ];
    for (const [overrides, message] of specCases) {
      expect(() => resolveSpec('passive-ac-linear-v0', overrides)).toThrow(UserError);
      expect(() => resolveSpec('passive-ac-linear-v0', overrides)).toThrow(message);
    }
  });
});

describe('passive baselines', () => {
  it('passive-twap posts the TWAP slice at the touch and never runs ahead of TWAP; it fills and earns spread', async () => {
    const env = compileEnv(resolveSpec('passive-ac-linear-v0'));
    const policy = await resolvePolicy('passive-twap', env);
    const vec = new ExecutionVectorEnv(env, 64);
    vec.reset({ seed: 5 });
    const actions = new Float64Array(64 * 3);
    const { N, X } = env.params;
    for (let k = 0; k < N; k++) {
      policy.act(vec.policyInput, actions);
      const { info } = vec.step(actions);
      for (let i = 0; i < 64; i++) {
        if (k < N - 1) expect(info.limit!.posted[i]).toBeCloseTo(X / N, 6);
        if (k < N - 1) expect(vec.policyInput.inventory[i]).toBeGreaterThanOrEqual((X * (N - k - 1)) / N - 1e-6);
      }
    }
    const records = evaluatePolicy(policy, env, { episodes: 200, seed: 0 }).episodes;
    const fillRate = records.reduce((a, r) => a + r.passive!.filled, 0) / records.reduce((a, r) => a + r.passive!.posted, 0);
    expect(fillRate).toBeGreaterThan(0.8);
    expect(records.every((r) => r.passive!.spreadCapture > -1)).toBe(true);
  });
});
