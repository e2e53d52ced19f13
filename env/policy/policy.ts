import type { ActionSpec } from '../action/action.js';
import { fromMultiplier } from '../action/action.js';
import type { MarketParams } from '../market/params.js';
import { sharesFor } from '../market/step.js';
import { writePassiveAction } from '../action/passive-action.js';

/**
 * What a policy sees at a decision, for a batch of lanes (one lane per episode). Everything but
 * `regime` is public: the observation, the step, the holdings and the volume printed last step.
 */
export interface PolicyInput {
  /** lanes x obsDim observations, row-major. */
  readonly observations: Float32Array;
  readonly obsDim: number;
  readonly lanes: number;
  /** Step index k and holdings x_k of each lane. */
  readonly step: Int32Array;
  readonly inventory: Float64Array;
  /** Market volume printed during step k - 1 (NaN at k = 0: use the forecast). */
  readonly lastVolume: Float64Array;
  /** The true regime r_k: hidden state. Only policies with `usesHiddenState` may read it. */
  readonly regime: Int32Array;
  /**
   * The market seed of each lane's episode, which names the episode for policies given per seed
   * (a file of actions). Not an input to decide on: a policy must not replay the market from it.
   */
  readonly seed?: Float64Array;
}

/**
 * One interface for baselines and learned agents: both act through the env's action space, so
 * both pay exactly the same costs.
 */
export interface Policy {
  readonly name: string;
  /** True when the policy reads hidden state (the true regime): an oracle, reported as such. */
  readonly usesHiddenState: boolean;
  /**
   * Numbers per lane the policy writes: 1 (the default: a Box value or an action index), or 3 on a
   * passive Box env ([a, fraction, offset]; see env/action/passive-action.ts). One number on a passive
   * Box env is a market order, so a taker policy runs there unchanged.
   */
  readonly actionSize?: number;
  /** Writes `actionSize` numbers per lane (lane i at i * actionSize) into `actions`. */
  act(input: PolicyInput, actions: Float64Array): void;
  /**
   * Called before the first `act` of an episode, with `starting[i] = 1` for each of the first
   * `lanes` lanes whose episode starts now: a policy with state per lane (a recurrent policy's
   * hidden state) resets those lanes here. Stateless policies leave it out.
   */
  episodeStart?(starting: Uint8Array, lanes: number): void;
}

const gridAction = new Float64Array(1);

/**
 * The action that trades as close as possible to multiplier `a` of the even split with market
 * orders: the Box value itself (or its squash pre-image), or for Discrete the level whose trade is
 * nearest (on a passive env's grid, that level posting nothing).
 */
export function actionForMultiplier(p: MarketParams, action: ActionSpec, k: number, x: number, a: number): number {
  if (action.type !== 'discrete') return fromMultiplier(action, a);
  if (p.execution) {
    writePassiveAction(p, action, p.execution, k, x, sharesFor(p, k, x, a), 0, 0, gridAction, 0);
    return gridAction[0];
  }
  const target = sharesFor(p, k, x, a);
  let best = 0;
  let bestGap = Infinity;
  for (let j = 0; j < action.levels.length; j++) {
    const gap = Math.abs(sharesFor(p, k, x, action.levels[j]) - target);
    if (gap < bestGap) {
      bestGap = gap;
      best = j;
    }
  }
  return best;
}

/** The multiplier of the even split that trades `shares` from holdings x at step k (0 when x = 0). */
export function multiplierForShares(p: MarketParams, k: number, x: number, shares: number): number {
  return x > 0 ? (shares * (p.N - k)) / x : 0;
}
