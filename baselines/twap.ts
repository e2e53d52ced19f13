import type { CompiledEnv } from '../env/core/compile-env.js';
import { schedulePolicy, type BaselinePolicy } from './baseline-policy.js';

/** TWAP holdings x_j = X (N - j) / N: equal slices X / N, the multiplier 1 at every step. */
export function twapHoldings(N: number, X: number): Float64Array {
  return Float64Array.from({ length: N + 1 }, (_, j) => (X * (N - j)) / N);
}

/** `twap`: the even split of the order over the N steps. */
export function twap(env: CompiledEnv): BaselinePolicy {
  return schedulePolicy(env, 'twap', twapHoldings(env.params.N, env.params.X));
}
