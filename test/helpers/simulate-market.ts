import { ExecutionEnv } from '../../env/core/execution-env.js';
import { resolveSpec, type SpecOverrides } from '../../env/registry.js';

/** One simulated day of an execgym market: prices S_0..S_N, and per step the volume, own trade and regime. */
export interface SimulatedDay {
  readonly prices: Float64Array;
  readonly volumes: Float64Array;
  readonly shares: Float64Array;
  readonly regimes: Int32Array;
}

/**
 * Runs `days` episodes of a spec (each a trading day when T = 1) with seeds seed, seed + 1, ...
 * and records the unaffected price path and market volumes: the data a calibration sees.
 * `multiplier(k)` is the agent's action at step k (0 trades nothing until the forced last step).
 */
export function simulateDays(base: string, overrides: SpecOverrides, days: number, seed: number, multiplier: (k: number) => number = () => 0): SimulatedDay[] {
  const env = new ExecutionEnv(resolveSpec(base, overrides));
  const { N } = env.spec.horizon;
  const out: SimulatedDay[] = [];
  for (let d = 0; d < days; d++) {
    const day = { prices: new Float64Array(N + 1), volumes: new Float64Array(N), shares: new Float64Array(N), regimes: new Int32Array(N) };
    env.reset({ seed: seed + d });
    day.prices[0] = env.spec.price.S0;
    for (let k = 0; k < N; k++) {
      const { info } = env.step(multiplier(k));
      day.prices[k + 1] = info.price;
      day.volumes[k] = info.marketVolume;
      day.shares[k] = info.fill.shares;
      day.regimes[k] = info.stepRegime;
    }
    out.push(day);
  }
  return out;
}
