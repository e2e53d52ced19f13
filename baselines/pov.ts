import type { CompiledEnv } from '../env/core/compile-env.js';
import type { MarketParams } from '../env/market/params.js';
import { sharesPolicy, type BaselinePolicy } from './baseline-policy.js';

/** Participation rate of `pov` when none is given. */
export const DEFAULT_RHO = 0.1;

/**
 * The volume POV expects step k to print, from what is known at decision time: the volume printed
 * in step k - 1 carried along the published forecast, V_{k-1} * E[V_k] / E[V_{k-1}] (so the
 * intraday shape does not lag by a step), and the forecast E[V_k] itself at k = 0. Never the
 * volume of step k, which prints while the order trades.
 */
export function povVolumeEstimate(p: MarketParams, k: number, lastVolume: number): number {
  return k > 0 && lastVolume > 0 ? (lastVolume * p.expectedVolume[k]) / p.expectedVolume[k - 1] : p.expectedVolume[k];
}

/** Forecast volume from step k to the horizon, k = 0..N (entry N is 0). */
export function remainingForecast(p: MarketParams): Float64Array {
  const out = new Float64Array(p.N + 1);
  for (let k = p.N - 1; k >= 0; k--) out[k] = out[k + 1] + p.expectedVolume[k];
  return out;
}

/**
 * One POV decision: rho times the volume estimate, or, when that could not finish the order on the
 * forecast, the pace that does (holdings spread over the remaining forecast volume, i.e. VWAP of
 * what is left). So POV catches up gradually instead of leaving a block to the forced liquidation.
 */
export function povShares(p: MarketParams, rho: number, remaining: Float64Array, k: number, x: number, lastVolume: number): { shares: number; catchingUp: boolean } {
  const participation = rho * povVolumeEstimate(p, k, lastVolume);
  const required = (x * p.expectedVolume[k]) / remaining[k];
  const catchingUp = required > participation;
  return { shares: Math.min(x, catchingUp ? required : participation), catchingUp };
}

/**
 * `pov:<rho>`: percentage of volume, trading a fraction rho of the market volume it expects to
 * print (see {@link povVolumeEstimate}), catching up when behind (see {@link povShares}). Like
 * every policy it acts through the env's action space, so a step sells at most aMax x / (N - k):
 * on a tight aMax that cap, not rho, can bind early in the day.
 * @throws RangeError unless 0 < rho <= 1
 */
export function pov(env: CompiledEnv, rho = DEFAULT_RHO): BaselinePolicy {
  if (!(rho > 0 && rho <= 1)) throw new RangeError(`pov: rho must be a participation rate in (0, 1], got ${rho}`);
  const p = env.params;
  const remaining = remainingForecast(p);
  return sharesPolicy(env, `pov:${rho}`, (input, i) => povShares(p, rho, remaining, input.step[i], input.inventory[i], input.lastVolume[i]).shares, {
    pathIndependent: false,
    usesHiddenState: false,
  });
}
