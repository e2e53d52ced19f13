import type { PortfolioParams } from './params.js';
import type { PortfolioPolicyInput } from './portfolio-vector-env.js';
import type { PortfolioHoldings } from './analytics/schedule-cost.js';

/** A portfolio policy: writes m numbers per lane (lane i, name j at i * m + j) into `actions`. */
export interface PortfolioPolicy {
  readonly name: string;
  act(input: PortfolioPolicyInput, actions: Float64Array): void;
}

/**
 * A policy that plays a static schedule (m x (N + 1) holdings) through the action space: at step
 * k name j trades multiplier a = (x_k - target_{k+1}) (N - k) / x_k of the even split, clipped to
 * [0, aMax]. On a schedule the env can reach (monotone, within aMax) the realised holdings are the
 * schedule's, up to rounding. Box modes strict and clip only (a squash env needs the pre-image).
 */
export function schedulePolicy(name: string, p: PortfolioParams, target: PortfolioHoldings): PortfolioPolicy {
  const { m, N } = p;
  const aMax = p.action.aMax;
  if (p.action.mode === 'squash') throw new RangeError(`policy ${name}: plays multipliers; the env's action mode is squash`);
  return {
    name,
    act(input, actions) {
      for (let i = 0; i < input.lanes; i++) {
        const k = input.step[i];
        for (let j = 0; j < m; j++) {
          const x = input.holdings[i * m + j];
          const next = target[j * (N + 1) + k + 1];
          const a = x !== 0 ? ((x - next) * (N - k)) / x : 0;
          actions[i * m + j] = Math.min(aMax, Math.max(0, a));
        }
      }
    },
  };
}
