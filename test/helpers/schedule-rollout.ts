import { compileEnv } from '../../env/core/compile-env.js';
import type { MarketParams } from '../../env/market/params.js';
import type { EnvSpec } from '../../env/spec/schema.js';
import { ExecutionVectorEnv } from '../../env/core/execution-vector-env.js';

/**
 * Runs `episodes` episodes in one vector env where each lane's multiplier at step k is chosen by
 * `multiplier(k, lane, state)`; returns per-episode shortfall ($), risk penalty ($) and return (bps).
 */
export function rolloutMultipliers(
  spec: EnvSpec,
  episodes: number,
  seed: number,
  multiplier: (k: number, lane: number, x: number, regime: number, p: MarketParams) => number,
): { shortfall: Float64Array; riskPenalty: Float64Array; ret: Float64Array; params: MarketParams } {
  const env = new ExecutionVectorEnv(compileEnv(spec), episodes);
  env.reset({ seed });
  const p = env.params;
  const s = env.policyInput;
  const actions = new Float64Array(episodes);
  const shortfall = new Float64Array(episodes);
  const riskPenalty = new Float64Array(episodes);
  const ret = new Float64Array(episodes);
  for (let k = 0; k < p.N; k++) {
    for (let i = 0; i < episodes; i++) actions[i] = multiplier(k, i, s.inventory[i], s.regime[i], p);
    const { info } = env.step(actions);
    if (k === p.N - 1) {
      for (let i = 0; i < episodes; i++) {
        shortfall[i] = info.episode.shortfallBps[i] / p.bpsPerDollar;
        riskPenalty[i] = info.episode.riskPenaltyBps[i] / p.bpsPerDollar;
        ret[i] = info.episode.return[i];
      }
    }
  }
  return { shortfall, riskPenalty, ret, params: p };
}

/** The multiplier that follows a static holdings trajectory x_0..x_N exactly. */
export function followTrajectory(trajectory: ArrayLike<number>) {
  return (k: number, _lane: number, x: number, _regime: number, p: MarketParams) =>
    x > 0 ? ((x - trajectory[k + 1]) * (p.N - k)) / x : 0;
}
