import { UserError } from '../errors/errors.js';
import { sharesFor } from '../market/step.js';
import type { MarketParams } from '../market/params.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';
import type { EnvSpec } from '../spec/schema.js';

/**
 * The action is a multiplier `a` of the even split of what remains: n_k = min(x_k, a * x_k / (N - k)).
 * TWAP is a = 1 at every step. A Box action is `a` itself in [0, aMax] (mode strict or clip) or an
 * unbounded `u` with a = aMax * sigmoid(u) (mode squash); a Discrete action indexes `levels`.
 */
export type ActionSpec = EnvSpec['action'];

export function actionSpace(action: ActionSpec): Box | Discrete {
  if (action.type === 'discrete') return new Discrete(action.levels.length);
  return action.mode === 'squash' ? new Box([-Infinity], [Infinity]) : new Box([0], [action.aMax]);
}

/**
 * The multiplier for one lane's action, or a {@link UserError} naming the value and what is
 * allowed. NaN is never accepted, whatever the mode.
 */
export function toMultiplier(action: ActionSpec, value: number): number {
  if (action.type === 'discrete') {
    if (!Number.isInteger(value) || value < 0 || value >= action.levels.length) {
      throw new UserError(`action must be an integer in [0, ${action.levels.length - 1}] (Discrete over levels ${JSON.stringify(action.levels)}), got ${value}`);
    }
    return action.levels[value];
  }
  if (Number.isNaN(value)) throw new UserError(`action must be a number, got NaN`);
  switch (action.mode) {
    case 'squash':
      return action.aMax / (1 + Math.exp(-value));
    case 'clip':
      return Math.min(action.aMax, Math.max(0, value));
    case 'strict':
      if (!(value >= 0 && value <= action.aMax)) {
        throw new UserError(`action must be a multiplier in [0, ${action.aMax}] (Box, mode strict; set action.mode to clip or squash to map other values), got ${value}`);
      }
      return value;
  }
}

/**
 * Every lane's multiplier, `out[i]` from `values[i]` (see {@link toMultiplier}), in a loop of its
 * own. A strict Box, the common case, checks the range inline: the mapping's switch costs as much
 * as the rest of a lane's decoding (issue 9).
 * @throws UserError for the first lane whose action is outside the space
 */
export function toMultipliers(action: ActionSpec, values: ArrayLike<number>, out: Float64Array): void {
  if (action.type === 'box' && action.mode === 'strict') {
    const aMax = action.aMax;
    for (let i = 0; i < out.length; i++) {
      const value = values[i];
      out[i] = value >= 0 && value <= aMax ? value : toMultiplier(action, value);
    }
    return;
  }
  for (let i = 0; i < out.length; i++) out[i] = toMultiplier(action, values[i]);
}

/**
 * The inverse of {@link toMultiplier} for a Box action: the action that trades multiplier `a`.
 * Baselines use it so that they act through the same interface as agents.
 */
export function fromMultiplier(action: ActionSpec, a: number): number {
  if (action.type === 'discrete') throw new RangeError('fromMultiplier needs a Box action space; use nearestLevel');
  const clipped = Math.min(action.aMax, Math.max(0, a));
  if (action.mode !== 'squash') return clipped;
  const q = Math.min(1 - 1e-12, Math.max(1e-12, clipped / action.aMax));
  return Math.log(q / (1 - q));
}

/**
 * Discrete action mask at step k with holdings x: level i is allowed (1) unless an earlier level
 * trades the same number of shares, so levels that would sell more than remains collapse to the
 * first one that sells everything (and at the last step every level is "all").
 */
export function actionMask(p: MarketParams, levels: readonly number[], k: number, x: number, out: Uint8Array, offset = 0): void {
  let previous = -1;
  for (let j = 0; j < levels.length; j++) {
    const shares = sharesFor(p, k, x, levels[j]);
    out[offset + j] = shares !== previous ? 1 : 0;
    previous = shares;
  }
}
