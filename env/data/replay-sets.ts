import { UserError } from '../errors/errors.js';
import { replaySetOfSeed, TRAIN_SEED_SPACE, VALIDATION_SEED_SPACE } from '../random/seeds.js';
import type { ReplayTable, ReplayWindow } from './replay-table.js';

/** A window as a manifest records it: `SAP 2018-03-21 08:31:00 UTC`. */
export function describeWindow(w: ReplayWindow): string {
  const pad = (v: number) => String(v).padStart(2, '0');
  const t = Math.round(w.startSeconds);
  return `${w.symbol} ${w.date} ${pad(Math.floor(t / 3600))}:${pad(Math.floor(t / 60) % 60)}:${pad(t % 60)} ${w.timeZone}`;
}

/**
 * The window at `position` of set `set` (0 training, 1 validation, 2 test), cyclic: a lane reset
 * with market seed s plays position s, then s + 1, ..., so consecutive seeds cover a set evenly
 * and draw nothing.
 */
export function replayWindowAt(table: ReplayTable, set: 0 | 1 | 2, position: number): number {
  const windows = set === 0 ? table.sets.training : set === 1 ? table.sets.validation : table.sets.test;
  return windows[position % windows.length];
}

/**
 * The windows that `episodes` evaluation episodes on market seeds seed, seed + 1, ... replay (one
 * episode per seed, as `evaluatePolicy` runs them), and how many are distinct: more episodes than
 * a set has windows repeat them, so the distinct windows, not the episodes, are the sample.
 */
export function replayedWindows(table: ReplayTable, seed: number, episodes: number): { readonly windows: Int32Array; readonly distinct: number } {
  const windows = Int32Array.from({ length: episodes }, (_, i) => replayWindowAt(table, replaySetOfSeed(seed + i), seed + i));
  return { windows, distinct: new Set(windows).size };
}

/** The windows of each set of a replay market, in index order: what a run's manifest records. */
export function describeReplaySets(table: ReplayTable): Record<'training' | 'validation' | 'test', string[]> {
  const names = (set: Int32Array) => Array.from(set, (w) => describeWindow(table.windows[w]));
  return { training: names(table.sets.training), validation: names(table.sets.validation), test: names(table.sets.test) };
}

/**
 * Checks that a run's validation seeds replay validation windows and its test seeds test windows
 * (see `replaySetOfSeed`), so selection never sees a test window on a replay market.
 * @throws UserError naming the seed range that falls in the wrong set
 */
export function checkReplaySeedSets(evaluation: { validation: { seed: number; episodes: number }; test: { seed: number; episodes: number } }): void {
  const ranges = [
    ['validation', evaluation.validation, 1, `[${VALIDATION_SEED_SPACE}, ${TRAIN_SEED_SPACE})`],
    ['test', evaluation.test, 2, `[0, ${VALIDATION_SEED_SPACE})`],
  ] as const;
  for (const [name, range, set, allowed] of ranges) {
    const last = range.seed + range.episodes - 1;
    if (replaySetOfSeed(range.seed) !== set || replaySetOfSeed(last) !== set) {
      throw new UserError(`config.evaluation.${name}.seed: on a replay market the ${name} seeds must lie in ${allowed}, got ${range.seed}..${last}`);
    }
  }
}
