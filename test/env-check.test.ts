import { describe, expect, it } from 'vitest';
import { checkEnv, checkVectorEnv, EnvCheckError } from '../env/check/check-env.js';
import { checkExecutionEnv } from '../env/check/check-execution-env.js';
import { UserError } from '../env/errors/errors.js';
import { make, makeVector, registeredIds, resolveSpec } from '../env/registry.js';
import { StubEnv, type StubFlaw } from './helpers/stub-env.js';

const MODES = ['hidden', 'oracle', 'belief', 'shuffled'] as const;

describe('checkEnv on every registered env', () => {
  for (const id of registeredIds()) {
    for (const regimeInfo of MODES) {
      it(`passes for ${id} with regimeInfo ${regimeInfo}`, () => {
        checkExecutionEnv(make(id, { regimeInfo }));
      });
    }
    it(`passes for ${id} with discrete and squashed actions and a gbm price`, () => {
      checkExecutionEnv(make(id, { action: { type: 'discrete', levels: [0, 0.5, 1, 2, 4] } }));
      checkExecutionEnv(make(id, { action: { type: 'box', mode: 'squash' } }));
      // Swapping the price model keeps S0 and sigma, so only between the two that have nothing else.
      if (['abm', 'gbm'].includes(resolveSpec(id).price.model)) checkExecutionEnv(make(id, { price: { model: 'gbm' } }));
    });
    it(`checkVectorEnv passes for ${id}, Box and Discrete actions`, () => {
      checkVectorEnv(makeVector(id, 4, { regimeInfo: 'belief' }));
      checkVectorEnv(makeVector(id, 3, { action: { type: 'discrete', levels: [0, 1, 2] } }));
    });
  }
});

describe('checkEnv against a stub env written only to the interface', () => {
  it('passes a stub that keeps the contract, and returns its episode', () => {
    expect(checkEnv(new StubEnv())).toHaveLength(10);
  });

  const flaws: [StubFlaw, RegExp][] = [
    ['ignores-seed', /the same seed must give the same episode/],
    ['always-seed-1', /a different seed must give a different episode/],
    ['steps-before-reset', /before reset\(\) must throw a UserError/],
    ['leaves-space', /step 4: observation 2 is outside the observation space/],
    ['float64-observations', /must have the observation space's dtype float32/],
    ['nan-reward', /step 2: reward NaN must be a finite number/],
    ['never-ends', /must end \(terminated or truncated\) within 50 steps/],
    ['steps-after-end', /after the episode ended must throw a UserError/],
  ];
  for (const [flaw, message] of flaws) {
    it(`fails a stub that ${flaw.replace(/-/g, ' ')}, naming the contract`, () => {
      expect(() => checkEnv(new StubEnv(flaw), { maxEpisodeSteps: 50 })).toThrow(EnvCheckError);
      expect(() => checkEnv(new StubEnv(flaw), { maxEpisodeSteps: 50 })).toThrow(message);
    });
  }
});

describe('close()', () => {
  it('a closed single or vector env rejects reset and step with a UserError', () => {
    const env = make('ac-linear-v0');
    env.reset({ seed: 0 });
    env.close();
    expect(() => env.step(1)).toThrow(UserError);
    expect(() => env.reset()).toThrow(/closed/);
    const vec = makeVector('ac-linear-v0', 2);
    vec.reset({ seed: 0 });
    vec.close();
    expect(() => vec.step([1, 1])).toThrow(UserError);
    expect(() => vec.reset()).toThrow(/closed/);
  });
});
