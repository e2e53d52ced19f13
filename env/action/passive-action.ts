import { actionMask, toMultiplier, type ActionSpec } from './action.js';
import { UserError } from '../errors/errors.js';
import type { ExecutionParams, MarketParams } from '../market/params.js';
import { sharesFor, type LimitStep } from '../market/step.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';

/**
 * The action of a passive env (a spec with `execution`): how much to trade, the multiplier `a` of
 * the even split as in a taker env, and how to split it between a market order and a limit order
 * resting `offset` ticks behind the touch.
 *
 * - Box: [a, fraction, offset] in [0, aMax] x [0, 1] x [0, maxOffset] (modes as for the taker Box,
 *   applied to each coordinate; squash maps each real input into its range by a sigmoid). A single
 *   number is the taker action [a, 0, 0]: a taker policy runs on a passive env unchanged.
 * - Discrete: the grid levels x fractions x offsets, index ((level * F) + fraction) * O + offset,
 *   with F fractions and O offsets from the spec.
 */
export const BOX_SIZE = 3;

export function passiveActionSpace(action: ActionSpec, e: ExecutionParams): Box | Discrete {
  if (action.type === 'discrete') return new Discrete(action.levels.length * e.fractions.length * e.offsets.length);
  if (action.mode === 'squash') return new Box([-Infinity, -Infinity, -Infinity], [Infinity, Infinity, Infinity]);
  return new Box([0, 0, 0], [action.aMax, 1, e.maxOffset]);
}

/** Numbers per lane of an action: 3 for a passive Box, else 1 (an index or a multiplier). */
export function actionSize(action: ActionSpec, e: ExecutionParams | null): number {
  return e && action.type === 'box' ? BOX_SIZE : 1;
}

/**
 * Decodes lane `lane`'s action into its multiplier `a[lane]` and its limit order (`limit.fraction`,
 * `limit.offset`). `values[at]` is the action (an index, or a taker multiplier when `size` is 1 on
 * a Box env); with `size` 3 it is `values[at .. at + 3)`.
 * @throws UserError naming the value and what is allowed
 */
export function decodePassiveAction(action: ActionSpec, e: ExecutionParams, values: ArrayLike<number>, at: number, size: number, lane: number, a: Float64Array, limit: LimitStep): void {
  if (action.type === 'discrete') {
    const count = action.levels.length * e.fractions.length * e.offsets.length;
    const index = values[at];
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new UserError(`action must be an integer in [0, ${count - 1}] (Discrete over ${action.levels.length} levels x ${e.fractions.length} fractions x ${e.offsets.length} offsets), got ${index}`);
    }
    const O = e.offsets.length;
    const F = e.fractions.length;
    a[lane] = action.levels[Math.floor(index / (F * O))];
    limit.fraction[lane] = e.fractions[Math.floor(index / O) % F];
    limit.offset[lane] = e.offsets[index % O];
    return;
  }
  a[lane] = toMultiplier(action, values[at]);
  if (size === 1) {
    limit.fraction[lane] = 0;
    limit.offset[lane] = 0;
    return;
  }
  limit.fraction[lane] = coordinate(action, values[at + 1], 1, 'fraction');
  limit.offset[lane] = coordinate(action, values[at + 2], e.maxOffset, 'offset');
}

/** A Box coordinate in [0, high] by the action's mode (as {@link toMultiplier} maps `a`). */
function coordinate(action: Extract<ActionSpec, { type: 'box' }>, value: number, high: number, name: string): number {
  if (Number.isNaN(value)) throw new UserError(`action ${name} must be a number, got NaN`);
  switch (action.mode) {
    case 'squash':
      return high / (1 + Math.exp(-value));
    case 'clip':
      return Math.min(high, Math.max(0, value));
    case 'strict':
      if (!(value >= 0 && value <= high)) throw new UserError(`action ${name} must be in [0, ${high}] (Box, mode strict; set action.mode to clip or squash to map other values), got ${value}`);
      return value;
  }
}

/** The inverse of a Box coordinate's mapping: the input that gives `v` in [0, high]. */
function coordinateInput(action: Extract<ActionSpec, { type: 'box' }>, v: number, high: number): number {
  const clipped = Math.min(high, Math.max(0, v));
  if (action.mode !== 'squash') return clipped;
  if (high === 0) return 0;
  const q = Math.min(1 - 1e-12, Math.max(1e-12, clipped / high));
  return Math.log(q / (1 - q));
}

/**
 * Writes the action that comes nearest to trading `shares` at step k from holdings x with
 * `passive` of them posted `offset` ticks behind the touch, at `out[at ..]`: exact on a Box env;
 * on a Discrete grid the level nearest in shares, then the fraction nearest in posted shares, then
 * the nearest offset. Baselines act through this, the interface agents use.
 */
export function writePassiveAction(p: MarketParams, action: ActionSpec, e: ExecutionParams, k: number, x: number, shares: number, passive: number, offset: number, out: Float64Array, at: number): void {
  const n = Math.min(x, Math.max(0, shares));
  const posted = n > 0 ? Math.min(n, Math.max(0, passive)) : 0;
  if (action.type === 'box') {
    const a = x > 0 ? (n * (p.N - k)) / x : 0;
    out[at] = coordinateInput(action, a, action.aMax);
    out[at + 1] = coordinateInput(action, n > 0 ? posted / n : 0, 1);
    out[at + 2] = coordinateInput(action, offset, e.maxOffset);
    return;
  }
  const level = nearest(action.levels.length, (j) => Math.abs(sharesFor(p, k, x, action.levels[j]) - n));
  const traded = sharesFor(p, k, x, action.levels[level]);
  const fraction = nearest(e.fractions.length, (j) => Math.abs(e.fractions[j] * traded - posted));
  const tick = e.fractions[fraction] > 0 ? nearest(e.offsets.length, (j) => Math.abs(e.offsets[j] - offset)) : 0;
  out[at] = (level * e.fractions.length + fraction) * e.offsets.length + tick;
}

/** The index in [0, count) with the smallest gap (the first on ties). */
function nearest(count: number, gap: (j: number) => number): number {
  let best = 0;
  let bestGap = Infinity;
  for (let j = 0; j < count; j++) {
    const g = gap(j);
    if (g < bestGap) {
      bestGap = g;
      best = j;
    }
  }
  return best;
}

/**
 * Discrete passive mask at step k with holdings x: a grid entry is allowed (1) when its level is
 * (see {@link actionMask}) and it is the first entry of its kind: a trade that posts nothing (or
 * trades nothing, or comes on the last step, which posts nothing) only at the first fraction and
 * offset, a posting fraction at every offset.
 */
export function passiveActionMask(p: MarketParams, levels: readonly number[], e: ExecutionParams, k: number, x: number, out: Uint8Array, offset = 0, levelMask: Uint8Array = new Uint8Array(levels.length)): void {
  actionMask(p, levels, k, x, levelMask);
  const F = e.fractions.length;
  const O = e.offsets.length;
  const lastStep = k === p.N - 1;
  for (let j = 0; j < levels.length; j++) {
    const posts = !lastStep && sharesFor(p, k, x, levels[j]) > 0;
    for (let f = 0; f < F; f++) {
      for (let o = 0; o < O; o++) {
        const distinct = posts && e.fractions[f] > 0 ? true : f === 0 && o === 0;
        out[offset + (j * F + f) * O + o] = levelMask[j] && distinct ? 1 : 0;
      }
    }
  }
}
