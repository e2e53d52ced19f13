import { describe, expect, it } from 'vitest';
import { checkEnv, EnvCheckError } from '../env/check-env.js';
import { ExecutionEnv } from '../env/execution-env.js';
import { make, registeredIds, resolveSpec } from '../env/registry.js';

const MODES = ['hidden', 'oracle', 'belief', 'shuffled'] as const;

describe('checkEnv', () => {
  for (const id of registeredIds()) {
    for (const regimeInfo of MODES) {
      it(`passes for ${id} with regimeInfo ${regimeInfo}`, () => {
        checkEnv(make(id, { regimeInfo }));
      });
    }
    it(`passes for ${id} with discrete and squashed actions and a gbm price`, () => {
      checkEnv(make(id, { action: { type: 'discrete', levels: [0, 0.5, 1, 2, 4] } }));
      checkEnv(make(id, { action: { type: 'box', mode: 'squash' } }));
      if (resolveSpec(id).price.model !== 'replay') checkEnv(make(id, { price: { model: 'gbm' } }));
    });
  }

  it('fails an env whose observations leave the observation space', () => {
    const env = make('ac-linear-v0');
    const broken = Object.create(env) as ExecutionEnv;
    Object.defineProperty(broken, 'observationSpace', { value: { contains: () => false } });
    expect(() => checkEnv(broken)).toThrow(EnvCheckError);
  });

  it('fails an env that ignores its seed', () => {
    const env = new ExecutionEnv(resolveSpec('ac-linear-v0'));
    const reset = env.reset.bind(env);
    env.reset = () => reset({ seed: 1 });
    expect(() => checkEnv(env)).toThrow(/different seed must give a different episode/);
  });
});
