import { twoLevelInterval, type TwoLevelInterval } from '../stats/two-level.js';
import { replayPairs, TRANSFER_BASELINES, type Baseline, type TransferRun } from './sim-to-real.js';

/** The day-split sim-to-real with both directions pooled: one interval over all symbol-days. */
export interface PooledDaySplit {
  readonly name: string;
  /** The configs pooled (one per direction), in order. */
  readonly configs: readonly string[];
  readonly seeds: readonly number[];
  readonly windows: number;
  /** Symbol-day clusters over both test days (10 stocks × 2 days = 20 on the shipped data). */
  readonly clusters: number | null;
  readonly replayBps: TwoLevelInterval;
  readonly vs: Record<Baseline, TwoLevelInterval>;
}

/**
 * Pools the directions of a day split (train on day A, test on B; and B on A) into one
 * two-level interval per column: each seed's values from both directions are concatenated, with
 * each later direction's cluster labels shifted past the earlier ones, so a cluster stays one
 * symbol-day (the same stock on the other day is another cluster). Seed s of one direction is
 * paired with seed s of the other (both are training seeds of the same config family; their
 * spread between seeds is what the seed term measures).
 * @throws RangeError when the directions ran different seeds, or one has no cluster labels
 */
export function pooledDaySplit(name: string, directions: readonly { readonly config: string; readonly agent: string; readonly runs: readonly TransferRun[] }[]): PooledDaySplit {
  const seeds = directions[0].runs.map((r) => r.seed);
  for (const d of directions) {
    if (d.runs.map((r) => r.seed).join() !== seeds.join()) throw new RangeError(`${name}: ${d.config} ran seeds [${d.runs.map((r) => r.seed).join(', ')}], ${directions[0].config} [${seeds.join(', ')}]: not pooled`);
  }
  const pairs = directions.map((d) => replayPairs(d.agent, d.runs));
  const labels: number[] = [];
  let offset = 0;
  for (const p of pairs) {
    if (!p.labels) throw new RangeError(`${name}: a direction has no cluster labels (not a replay): not pooled`);
    for (const g of p.labels) labels.push(g + offset);
    offset += Math.max(...p.labels) + 1;
  }
  const concat = (pick: (p: (typeof pairs)[number]) => Float64Array[]) => seeds.map((_, s) => Float64Array.from(pairs.flatMap((p) => Array.from(pick(p)[s]))));
  const l = Int32Array.from(labels);
  return {
    name,
    configs: directions.map((d) => d.config),
    seeds,
    windows: labels.length,
    clusters: new Set(labels).size,
    replayBps: twoLevelInterval(concat((p) => p.replay), l),
    vs: Object.fromEntries(TRANSFER_BASELINES.map((b) => [b, twoLevelInterval(concat((p) => p.vs[b]), l)])) as Record<Baseline, TwoLevelInterval>,
  };
}
