import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../env/errors/errors.js';
import { make, makeVector, registeredIds } from '../env/registry.js';

const ids = registeredIds();
const allFinite = (values: ArrayLike<number>) => Array.from(values).every(Number.isFinite);

describe('invariants under random and adversarial actions (fast-check)', () => {
  it('holdings never go negative, exactly X shares execute, nothing is NaN or infinite, observations stay in the space', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.constantFrom('hidden', 'oracle', 'belief', 'shuffled'),
        fc.constantFrom('sell', 'buy'),
        fc.integer({ min: 0, max: 1e6 }),
        // Adversarial multipliers: zeros, tiny values, the bounds, and everything between.
        fc.array(fc.oneof(fc.constant(0), fc.constant(4), fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: 0, max: 1e-12, noNaN: true })), { minLength: 30, maxLength: 30 }),
        (id, regimeInfo, side, seed, actions) => {
          const env = make(id, { regimeInfo, order: { side } });
          const { observation } = env.reset({ seed });
          expect(env.observationSpace.contains(observation)).toBe(true);
          let executed = 0;
          for (let k = 0; ; k++) {
            const step = env.step(actions[k % actions.length]);
            executed += step.info.fill.shares;
            expect(step.info.inventory).toBeGreaterThanOrEqual(0);
            expect(step.info.fill.shares).toBeGreaterThanOrEqual(0);
            expect(env.observationSpace.contains(step.observation)).toBe(true);
            expect(allFinite(step.observation) && Number.isFinite(step.reward) && Number.isFinite(step.info.fill.price)).toBe(true);
            expect(allFinite(Object.values(step.info.ledger))).toBe(true);
            if (step.terminated) {
              expect(step.info.inventory).toBe(0);
              expect(Math.abs(executed - env.params.X)).toBeLessThanOrEqual(1e-6);
              const { ledger, ...totals } = step.info.episode!;
              expect(allFinite([...Object.values(totals), ...Object.values(ledger)])).toBe(true);
              return;
            }
          }
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });

  it('squashed actions accept any real input and clip mode any finite one, each mapping into [0, aMax]', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.constantFrom('squash', 'clip'), (u, mode) => {
        const env = make('ac-linear-v0', { action: { type: 'box', mode } });
        env.reset({ seed: 1 });
        const step = env.step(u);
        expect(step.info.fill.shares).toBeGreaterThanOrEqual(0);
        expect(step.info.fill.shares).toBeLessThanOrEqual((4 * env.params.X) / env.params.N + 1e-6);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('invalid actions are clear errors, never a silent corrupt episode', () => {
  it('NaN, negative and out-of-range Box actions throw a UserError naming the value and the range', () => {
    const env = make('ac-linear-v0');
    env.reset({ seed: 0 });
    expect(() => env.step(Number.NaN)).toThrow(UserError);
    expect(() => env.step(Number.NaN)).toThrow(/got NaN/);
    expect(() => env.step(-0.5)).toThrow(/action must be a multiplier in \[0, 4\].*got -0\.5/);
    expect(() => env.step(4.5)).toThrow(/got 4\.5/);
    expect(() => env.step(Infinity)).toThrow(/got Infinity/);
    // The episode is untouched by the rejected actions.
    expect(env.step(1).info.step).toBe(1);
  });

  it('a squashed action space still rejects NaN', () => {
    const env = make('ac-linear-v0', { action: { type: 'box', mode: 'squash' } });
    env.reset({ seed: 0 });
    expect(() => env.step(Number.NaN)).toThrow(/got NaN/);
  });

  it('Discrete actions must be integer indices of the levels', () => {
    const env = make('ac-linear-v0', { action: { type: 'discrete', levels: [0, 1, 2] } });
    env.reset({ seed: 0 });
    expect(() => env.step(3)).toThrow(/integer in \[0, 2\].*got 3/);
    expect(() => env.step(1.5)).toThrow(/got 1\.5/);
    expect(() => env.step(-1)).toThrow(/got -1/);
  });

  it('stepping before reset or after the end is an error with a clear message', () => {
    const env = make('ac-linear-v0');
    expect(() => env.step(1)).toThrow(/before reset/);
    env.reset({ seed: 0 });
    for (let k = 0; k < env.params.N; k++) env.step(1);
    expect(() => env.step(1)).toThrow(/after the episode ended; call reset/);
  });

  it('the vector env rejects a bad lane action before stepping any lane', () => {
    const vec = makeVector('ac-linear-v0', 3);
    vec.reset({ seed: 0 });
    expect(() => vec.step([1, Number.NaN, 1])).toThrow(/got NaN/);
    expect(() => vec.step([1, 1])).toThrow(/one number per lane \(3\), got 2/);
    expect(vec.policyInput.step[0]).toBe(0);
  });
});

describe('the discrete action mask', () => {
  it('collapses levels that would trade more than remains into the first level that trades everything', () => {
    const env = make('ac-linear-v0', { action: { type: 'discrete', levels: [0, 1, 5, 10, 19, 20, 40] } });
    const { info } = env.reset({ seed: 0 });
    // N - k = 20 remain: levels 20 and 40 both trade all; 20 is kept, 40 masked.
    expect(Array.from(info.actionMask!)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    let last = info;
    for (let k = 0; k < 15; k++) last = env.step(1).info;
    // 5 steps remain: levels >= 5 all trade everything.
    expect(Array.from(last.actionMask!)).toEqual([1, 1, 1, 0, 0, 0, 0]);
    for (let k = 15; k < 19; k++) last = env.step(1).info;
    // The last step liquidates whatever the level: one distinct action.
    expect(Array.from(last.actionMask!)).toEqual([1, 0, 0, 0, 0, 0, 0]);
  });
});
