import { replayedWindows } from '../../env/data/replay-sets.js';
import type { ReplayTable } from '../../env/data/replay-table.js';
import type { CompiledEnv } from '../../env/compile-env.js';

/** What a benchmark on a replay market sampled: the recorded windows behind its episodes. */
export interface ReplaySample {
  /** Distinct recorded windows the episodes replayed (episodes beyond them repeat windows). */
  readonly windows: number;
  /** The clusters of the intervals, and what a cluster is. */
  readonly clusters: number;
  readonly clusterBy: 'symbol-day' | 'window';
}

/**
 * The cluster of each episode of a replay benchmark, for cluster-robust intervals. Windows of one
 * symbol's day share that day's volatility, volume and drift (intraday persistence: a calm
 * morning is followed by a calm afternoon), so their costs, and the paired differences, are
 * correlated; treating them as independent understates every se. A cluster is therefore a symbol's
 * day. Days, across symbols, would be the safer cluster (one market factor moves all stocks of a
 * day), but the shipped data hold one day each (Xetra 2018-03-21, LOBSTER 2012-06-21): a single
 * cluster gives no interval at all. When the windows come from one symbol-day only, they are the
 * clusters (repeats of a window are then still one unit, but the day's correlation is not
 * counted). Episode i runs on market seed `seed + i` (see `replayedWindows`).
 */
export function replayClusters(table: ReplayTable, seed: number, episodes: number): { readonly labels: Int32Array; readonly sample: ReplaySample } {
  const { windows, distinct } = replayedWindows(table, seed, episodes);
  const ids = new Map<string, number>();
  const bySymbolDay = Int32Array.from(windows, (w) => {
    const key = `${table.windows[w].symbol}\u0000${table.windows[w].date}`;
    if (!ids.has(key)) ids.set(key, ids.size);
    return ids.get(key)!;
  });
  const symbolDays = ids.size >= 2;
  return {
    labels: symbolDays ? bySymbolDay : windows,
    sample: { windows: distinct, clusters: symbolDays ? ids.size : distinct, clusterBy: symbolDays ? 'symbol-day' : 'window' },
  };
}

/**
 * The one-line warning when `episodes` episodes from market seed `seed` on a replay market replay
 * fewer distinct windows than there are episodes (they repeat cyclically), else null.
 */
export function repeatedWindowsWarning(env: CompiledEnv, seed: number, episodes: number): string | null {
  if (!env.params.replay) return null;
  const { distinct } = replayedWindows(env.params.replay, seed, episodes);
  if (distinct >= episodes) return null;
  return `warning: ${episodes} episodes on ${env.spec.id} replay only ${distinct} distinct recorded windows (episodes repeat windows cyclically): the effective sample is ${distinct} windows, not ${episodes} episodes`;
}
