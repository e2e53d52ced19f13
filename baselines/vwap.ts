import type { CompiledEnv } from '../env/core/compile-env.js';
import type { MarketParams } from '../env/market/params.js';
import { schedulePolicy, type BaselinePolicy } from './baseline-policy.js';

/**
 * VWAP holdings: x_j = X * sum_{k >= j} E[V_k] / sum_k E[V_k], so step k sells X E[V_k] / sum E[V].
 * E[V_k] is the env's published forecast `expectedVolume` (what a desk knows before the open), not
 * the realised volumes, which would be look-ahead.
 */
export function vwapHoldings(p: MarketParams): Float64Array {
  const total = p.expectedVolume.reduce((a, v) => a + v, 0);
  const holdings = new Float64Array(p.N + 1);
  let remaining = total;
  for (let j = 0; j < p.N; j++) {
    holdings[j] = (p.X * remaining) / total;
    remaining -= p.expectedVolume[j];
  }
  holdings[p.N] = 0;
  return holdings;
}

/** `vwap`: trades in proportion to the forecast intraday volume profile. */
export function vwap(env: CompiledEnv): BaselinePolicy {
  return schedulePolicy(env, 'vwap', vwapHoldings(env.params));
}
