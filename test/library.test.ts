import { describe, expect, it } from 'vitest';
// The package imports itself through its `exports` map, as another project would.
import { acSchedule, checkEnv, ExecutionVectorEnv, make } from 'execgym';

describe('execgym as a library', () => {
  it('exposes make, ExecutionVectorEnv and acSchedule with their types', () => {
    const env = make('ac-linear-v0');
    checkEnv(env);
    const vec = new ExecutionVectorEnv(env.spec, 4);
    expect(vec.reset({ seed: 0 }).observation).toHaveLength(4 * vec.obsDim);
    expect(acSchedule({ X: 1e6, T: 5, N: 5, sigma: 0.95, epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, lambda: 1e-6 }).kappa).toBeCloseTo(0.607076, 6);
  });
});
