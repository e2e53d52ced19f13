import { describe, expect, it } from 'vitest';
import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { acSchedule } from '../env/analytics/almgren-chriss.js';
import { solveRegimeDp } from '../env/analytics/regime-dp.js';
import { UserError } from '../env/errors/errors.js';
import { resolveMarket } from '../env/market/params.js';
import { make, makeVector, register, registeredIds, resolveSpec } from '../env/registry.js';

describe('env specs and the registry', () => {
  it('ships the five envs the issue names', () => {
    expect(registeredIds()).toEqual(expect.arrayContaining(['ac-linear-v0', 'regime-v0', 'regime-observed-v0', 'sqrt-volume-v0', 'transient-v0']));
  });

  it('ac-linear-v0 carries the Almgren–Chriss paper parameters', () => {
    const spec = resolveSpec('ac-linear-v0');
    expect(spec.horizon).toEqual({ T: 5, N: 20 });
    expect(spec.order).toEqual({ side: 'sell', shares: 1e6 });
    expect(spec.price).toEqual({ model: 'abm', S0: 50, sigma: 0.95 });
    expect(spec.impact).toEqual({ model: 'linear', epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7 });
    expect(spec.riskAversion).toBe(1e-6);
  });

  for (const id of registeredIds()) {
    it(`${id}: the action range can express the env's AC schedule (and the regime DP where it exists)`, () => {
      const spec = resolveSpec(id);
      if (spec.action.type !== 'box') throw new Error('shipped envs use Box actions');
      const p = resolveMarket(spec);
      const ac = acSchedule(acInputsFor(p));
      const multipliers = Array.from(ac.n, (n, k) => (n * (p.N - k)) / ac.x[k]);
      expect(Math.max(...multipliers)).toBeLessThanOrEqual(spec.action.aMax);
      if (spec.impact.model === 'linear') {
        const dp = solveRegimeDp(p);
        const dpMax = Math.max(...Array.from(dp.keep, (c, i) => (1 - c) * (p.N - Math.floor(i / p.K))));
        expect(dpMax).toBeLessThanOrEqual(spec.action.aMax);
      }
    });
  }

  it('rejects bad specs with one line naming the field, the value and what is allowed', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ impact: { eta: -1 } }, /^spec\.impact\.eta: .*>0.*\(got -1\)( \[\+1 more\])?$/],
      [{ horizon: { N: 0 } }, /^spec\.horizon\.N: .*>=1.*\(got 0\)( \[\+1 more\])?$/],
      [{ order: { side: 'short' } }, /^spec\.order\.side: .*"sell"\|"buy".*\(got "short"\)$/],
      [{ impact: { eta: 1e-9, gamma: 1e-6 } }, /^spec\.impact\.eta: eta - gamma \* tau \/ 2 must be > 0/],
      [{ price: { sigmaa: 1 } }, /^spec\.price: Unrecognized key: "sigmaa"/],
      [{ regimeInfo: 'psychic' }, /^spec\.regimeInfo: .*"hidden"\|"oracle"\|"belief"\|"shuffled".*\(got "psychic"\)$/],
      [{ action: { type: 'discrete', levels: [0, 2, 1] } }, /^spec\.action\.levels\.2: levels must be strictly ascending, got 2 then 1/],
    ];
    for (const [overrides, message] of cases) {
      expect(() => resolveSpec('ac-linear-v0', overrides)).toThrow(UserError);
      expect(() => resolveSpec('ac-linear-v0', overrides)).toThrow(message);
    }
    expect(() => resolveSpec('regime-v0', { transition: [[1, 0], [0, 1]] })).toThrow(/^spec\.transition: must be a 3x3 matrix/);
    expect(() => resolveSpec('regime-v0', { transition: [[0.5, 0.4, 0], [0, 1, 0], [0, 0, 1]] })).toThrow(/^spec\.transition\.0: row must sum to 1, got 0\.9/);
  });

  it('reads a spec from a JSON file path and names an unknown id with the registered ones', () => {
    expect(() => make('no-such-env')).toThrow(/unknown id "no-such-env"; registered: ac-linear-v0/);
    expect(() => make('/nonexistent/spec.json')).toThrow(/cannot read spec file/);
  });

  it('registers a user spec after validating it', () => {
    register({ ...resolveSpec('ac-linear-v0'), id: 'my-env-v0', horizon: { T: 1, N: 10 } });
    expect(make('my-env-v0').params.N).toBe(10);
    expect(() => register({ ...resolveSpec('ac-linear-v0'), id: 'bad-v0', riskAversion: -1 })).toThrow(/riskAversion/);
  });
});

/**
 * Deep equality of plain data, typed arrays compared byte for byte: a recorded book's arrays (the
 * AMZN day of lob-replay-v0 holds millions of numbers) take minutes through toEqual's generic walk.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => key in b && sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

describe('market components', () => {
  it('market params are frozen plain data with no reference back to the spec', () => {
    for (const id of registeredIds()) {
      const p = resolveMarket(resolveSpec(id));
      expect(Object.isFrozen(p)).toBe(true);
      expect(Object.isFrozen(p.regimeNames)).toBe(true);
      expect('spec' in p).toBe(false);
      const isPlain = (value: unknown): boolean =>
        ['number', 'boolean', 'string'].includes(typeof value) ||
        value === null ||
        // Typed arrays cannot be frozen; they are plain data (structuredClone copies them).
        (ArrayBuffer.isView(value) && !(value instanceof DataView)) ||
        (Array.isArray(value) && Object.isFrozen(value) && value.every(isPlain)) ||
        (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.isFrozen(value) && Object.values(value).every(isPlain));
      for (const [key, value] of Object.entries(p)) expect(isPlain(value), `${id}: params.${key}`).toBe(true);
      // Plain data survives a structured clone unchanged (no functions, classes or cycles).
      expect(sameData(structuredClone(p), p), id).toBe(true);
    }
  });

  it('regime-dp names the impact and price models it cannot solve', () => {
    expect(() => solveRegimeDp(resolveMarket(resolveSpec('transient-v0')))).toThrow(/got impact transient, price abm/);
  });

  it('the u-shaped volume forecast integrates to the daily volume and peaks at the open and close', () => {
    const spec = resolveSpec('sqrt-volume-v0');
    const p = resolveMarket(spec);
    const total = p.expectedVolume.reduce((a, b) => a + b, 0);
    expect(total / spec.volume.daily).toBeCloseTo(1, 12);
    expect(p.expectedVolume[0]).toBeGreaterThan(2 * p.expectedVolume[13]);
    expect(p.expectedVolume[25]).toBeCloseTo(p.expectedVolume[0], 6);
  });

  it('realised market volume has the forecast as its mean (lognormal noise of mean one)', () => {
    const vec = makeVector('regime-v0', 20000);
    vec.reset({ seed: 5 });
    const out = vec.step(new Float64Array(20000).fill(1));
    let mean = 0;
    for (const v of out.info.volume) mean += v / 20000;
    // Spread of V_0 / E[V_0] across regimes and noise is about 0.6, so the SE of the mean is ~0.005.
    expect(Math.abs(mean / vec.params.expectedVolume[0] - 1)).toBeLessThan(0.02);
  });

  it('the regime chain starts from and stays at its stationary distribution', () => {
    const vec = makeVector('regime-v0', 20000);
    vec.reset({ seed: 9 });
    const counts = [0, 0, 0];
    for (let k = 0; k < 10; k++) vec.step(new Float64Array(20000).fill(1));
    for (const r of vec.policyInput.regime) counts[r]++;
    const pi = vec.params.stationary;
    counts.forEach((c, r) => expect(Math.abs(c / 20000 - pi[r])).toBeLessThan(4 * Math.sqrt((pi[r] * (1 - pi[r])) / 20000)));
  });

  it('the Hamilton filter, from public prices and volumes only, puts more weight on the true regime than the prior does', () => {
    const vec = makeVector('regime-v0', 5000, { regimeInfo: 'belief' });
    const { observation } = vec.reset({ seed: 1 });
    const prior = observation.slice(5, 8);
    let onTrue = 0;
    let samples = 0;
    for (let k = 0; k < 10; k++) {
      const out = vec.step(new Float64Array(5000).fill(1));
      const { regime } = vec.policyInput;
      for (let i = 0; i < 5000; i++) {
        onTrue += out.observation[i * vec.obsDim + 5 + regime[i]];
        samples++;
      }
    }
    const priorOnTrue = Array.from(prior).reduce((acc, p, r) => acc + p * vec.params.stationary[r], 0);
    expect(onTrue / samples).toBeGreaterThan(priorOnTrue + 0.2);
  });

  it('the shuffled control is independent of the true regime', () => {
    const vec = makeVector('regime-v0', 20000, { regimeInfo: 'shuffled' });
    const { observation } = vec.reset({ seed: 2 });
    let agree = 0;
    for (let i = 0; i < 20000; i++) agree += observation[i * vec.obsDim + 5 + vec.policyInput.regime[i]];
    const chance = vec.params.stationary.reduce((acc, p) => acc + p * p, 0);
    expect(Math.abs(agree / 20000 - chance)).toBeLessThan(0.02);
  });

  it('square-root impact: the same trade costs less in a step with more volume', () => {
    const env = make('sqrt-volume-v0', { volume: { noise: 0 } });
    env.reset({ seed: 0 });
    const open = env.step(1).info.ledger.temporary;
    for (let k = 1; k < 12; k++) env.step(1);
    const midday = env.step(1).info.ledger.temporary;
    // TWAP slices are nearly equal; midday volume is about a quarter of the open's.
    expect(midday).toBeGreaterThan(1.5 * open);
  });

  it('transient impact decays: after a pause the displacement of an early trade has mostly recovered', () => {
    // With gamma = 0 the 'permanent' ledger part of a trade is shares * D: the standing displacement.
    const env = make('transient-v0', { impact: { gamma: 0 } });
    const displacement = (step: { info: { ledger: { permanent: number }; fill: { shares: number } } }) => step.info.ledger.permanent / step.info.fill.shares;
    env.reset({ seed: 0 });
    env.step(2);
    const probe = env.step(0.01);
    const standing = displacement(probe);
    for (let k = 2; k < 10; k++) env.step(0);
    const later = displacement(env.step(0.01));
    // Nine steps of 0.25 days at rho = 2/day leave exp(-4.5) ~ 1.1% of the displacement.
    const kappa = 1.5e-6;
    expect(later).toBeCloseTo((standing + kappa * probe.info.fill.shares) * Math.exp(-2 * 0.25 * 9), 12);
    expect(later / standing).toBeLessThan(0.02);
  });

  it('a buy program mirrors a sell: same costs on the same path', () => {
    const sell = make('ac-linear-v0', { price: { sigma: 1e-9 } });
    const buy = make('ac-linear-v0', { price: { sigma: 1e-9 }, order: { side: 'buy' } });
    sell.reset({ seed: 1 });
    buy.reset({ seed: 1 });
    for (let k = 0; k < 20; k++) {
      const a = sell.step(1.5);
      const b = buy.step(1.5);
      expect(b.reward).toBeCloseTo(a.reward, 6);
      expect(b.info.fill.price - 50).toBeCloseTo(50 - a.info.fill.price, 6);
    }
  });

  it('documents every observation feature, and only oracle columns are hidden state', () => {
    for (const regimeInfo of ['hidden', 'oracle', 'belief', 'shuffled'] as const) {
      const env = make('regime-v0', { regimeInfo });
      expect(env.features.length).toBe(env.observationSpace.shape[0]);
      for (const f of env.features) expect(f.meaning.length).toBeGreaterThan(5);
      expect(env.features.some((f) => f.hiddenState)).toBe(regimeInfo === 'oracle');
    }
  });
});
