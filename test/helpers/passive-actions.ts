/**
 * Passive-env actions [a, fraction, offset] that exercise market orders, limit orders at and
 * behind the touch, and (on the book envs, where orders rest across steps) orders kept, re-sized
 * and re-priced; the last one repeats the second so a kept order is met again.
 */
export const PASSIVE_ACTIONS: readonly number[][] = [
  [1, 0, 0],
  [1, 1, 0],
  [2, 0.5, 1],
  [0.5, 1, 5],
  [1.5, 0.25, 2],
  [0, 0, 0],
  [1, 1, 0],
];
