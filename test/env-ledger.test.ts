import { describe, expect, it } from 'vitest';
import { make, registeredIds } from '../env/registry.js';
import { makeRng } from '../env/random/rng.js';

describe('the cost ledger', () => {
  for (const id of registeredIds()) {
    it(`${id}: fixed + temporary + permanent + timing is the signed shortfall on every step, for sells and buys`, () => {
      for (const side of ['sell', 'buy'] as const) {
        const env = make(id, { order: { side } });
        const rng = makeRng(5, 'ledger');
        for (let episode = 0; episode < 50; episode++) {
          env.reset({ seed: episode });
          let done = false;
          while (!done) {
            const step = env.step(rng.uniform() * 3);
            const { ledger, fill } = step.info;
            const direct = (side === 'sell' ? 1 : -1) * fill.shares * (env.params.S0 - fill.price);
            expect(Math.abs(ledger.fixed + ledger.temporary + ledger.permanent + ledger.timing - ledger.shortfall)).toBeLessThan(1e-6);
            expect(Math.abs(direct - ledger.shortfall)).toBeLessThan(1e-6);
            done = step.terminated;
          }
        }
      }
    });
  }

  it('permanent impact of a completed linear episode is exactly gamma (X^2 - sum n_k^2) / 2, the identity behind eta~', () => {
    const env = make('ac-linear-v0');
    const rng = makeRng(9, 'ledger');
    const gamma = env.params.gamma[0];
    for (let episode = 0; episode < 20; episode++) {
      env.reset({ seed: episode });
      let permanent = 0;
      let sumN2 = 0;
      for (let done = false; !done; ) {
        const step = env.step(rng.uniform() * 4);
        permanent += step.info.ledger.permanent;
        sumN2 += step.info.fill.shares ** 2;
        done = step.terminated;
      }
      const identity = 0.5 * gamma * (env.params.X ** 2 - sumN2);
      expect(Math.abs(permanent - identity) / identity).toBeLessThan(1e-12);
    }
  });

  it('timing cost is the only random part: with sigma -> 0 a static schedule has no timing cost', () => {
    const env = make('ac-linear-v0', { price: { sigma: 1e-12 } });
    env.reset({ seed: 3 });
    let timing = 0;
    for (let done = false; !done; ) {
      const step = env.step(1);
      timing += step.info.ledger.timing;
      done = step.terminated;
    }
    expect(Math.abs(timing)).toBeLessThan(1e-3);
  });
});
