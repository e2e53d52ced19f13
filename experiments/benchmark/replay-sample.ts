import { replayedWindows } from '../../env/data/replay-sets.js';
import type { ReplayTable } from '../../env/data/replay-table.js';
import { compileEnv, type CompiledEnv } from '../../env/core/compile-env.js';
import type { EnvSpec } from '../../env/spec/schema.js';

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
 * The cluster label of each market seed a replay benchmark played, as its intervals used them
 * ({@link replayClusters}), recomputed from the summary's spec (episodes.csv does not carry them):
 * what a paired comparison of other runs on the same windows needs to be cluster-robust too.
 * @param summary a benchmark's summary.json (its fields the sample depends on; the type is not
 *   imported, as the summary's type imports this file's)
 * @returns null on a synthetic market (a summary without `replay`)
 * @throws RangeError when the recomputed sample is not the summary's (the data changed since)
 */
export function clustersBySeed(summary: { readonly env: string; readonly spec: EnvSpec; readonly seed: number; readonly episodes: number; readonly replay?: ReplaySample }): Map<number, number> | null {
  if (!summary.replay) return null;
  const table = compileEnv(summary.spec).params.replay;
  if (!table) throw new RangeError(`${summary.env}: the summary describes a replay sample but its spec compiles to no replay market`);
  const { labels, sample } = replayClusters(table, summary.seed, summary.episodes);
  const [got, want] = [sample, summary.replay].map((r) => `${r.windows} windows in ${r.clusters} clusters by ${r.clusterBy}`);
  if (got !== want) throw new RangeError(`${summary.env}: its benchmark replayed ${want}, its spec now gives ${got}: the data changed, so the clusters are unknown`);
  return new Map(Array.from(labels, (g, i) => [summary.seed + i, g]));
}

/**
 * The one-line warning when `episodes` episodes from market seed `seed` on a replay market replay
 * fewer distinct windows than there are episodes (they repeat cyclically), else null.
 */
export function repeatedWindowsWarning(env: CompiledEnv, seed: number, episodes: number): string | null {
  if (!env.params.replay) return null;
  const { distinct } = replayedWindows(env.params.replay, seed, episodes);
  if (distinct >= episodes) return null;
  // A generated flow (fills 'qr') plays a new flow on every episode: only the start book repeats.
  if (env.params.qr) return `note: ${episodes} episodes on ${env.spec.id} start from ${distinct} distinct recorded windows' books, each with a new generated flow per episode; the intervals treat each window as one cluster (conservative)`;
  return `warning: ${episodes} episodes on ${env.spec.id} replay only ${distinct} distinct recorded windows (episodes repeat windows cyclically): the effective sample is ${distinct} windows, not ${episodes} episodes`;
}
