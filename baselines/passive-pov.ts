import type { CompiledEnv } from '../env/core/compile-env.js';
import type { BaselinePolicy } from './baseline-policy.js';
import { passivePolicy } from './passive-policy.js';
import { povShares, povVolumeEstimate, remainingForecast } from './pov.js';

/**
 * `passive-pov:<rho>`: posts rho times the volume it expects this step (as `pov`) at the touch and
 * crosses the excess of POV's catch-up pace over it, so unfilled shares are made up by the same
 * rule that keeps `pov` on course to finish on the forecast volume.
 * @throws RangeError unless 0 < rho <= 1
 */
export function passivePov(env: CompiledEnv, rho: number): BaselinePolicy {
  if (!(rho > 0 && rho <= 1)) throw new RangeError(`passive-pov: rho must be a participation rate in (0, 1], got ${rho}`);
  const p = env.params;
  const remaining = remainingForecast(p);
  return passivePolicy(env, `passive-pov:${rho}`, (input, i, order) => {
    const k = input.step[i];
    const x = input.inventory[i];
    order.shares = povShares(p, rho, remaining, k, x, input.lastVolume[i]).shares;
    order.passive = Math.min(order.shares, rho * povVolumeEstimate(p, k, input.lastVolume[i]));
  });
}
