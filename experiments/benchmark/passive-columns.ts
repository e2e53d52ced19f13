import type { EpisodeRecord } from '../../env/policy/evaluate-policy.js';
import type { PassiveSummary } from '../../env/episode/passive-summary.js';
import { clusteredMeanInterval } from '../stats/cluster-robust.js';
import { differences, meanInterval, type Interval } from '../stats/paired.js';

/**
 * A policy's limit-order numbers over a passive env's episodes (see env/episode/passive-summary.ts for the
 * per-episode definitions): the fill rate pooled (all filled / all posted, null when nothing was
 * posted), the other numbers as episode means with 95% intervals; mark-outs over the episodes
 * that had fills to mark (null when none had), so their n says how many.
 */
export interface PassiveColumns {
  readonly fillRate: number | null;
  readonly passiveShare: Interval;
  readonly spreadCapture: Interval;
  readonly spreadEarnedBps: number;
  readonly passiveShortfallBps: number;
  readonly aggressiveShortfallBps: number;
  readonly markout1Bps: Interval | null;
  readonly markout10Bps: Interval | null;
  readonly markout60Bps: Interval | null;
  /** Paired objective difference against the taker `twap` on the same episodes (null without twap). */
  readonly objectiveVsTwapBps: Interval | null;
}

/**
 * The passive columns of `records`, or null when they come from a taker env. On a replay market
 * `clusters` labels each episode's cluster (its symbol-day, or its window when the data hold one
 * symbol-day) and every interval is cluster-robust, as the benchmark's others (issue 19, finding 8).
 */
export function passiveColumns(records: readonly EpisodeRecord[], twap: readonly EpisodeRecord[] | null, clusters?: ArrayLike<number>): PassiveColumns | null {
  if (records.length === 0 || records[0].passive === undefined) return null;
  const rows = records.map((r) => r.passive!);
  const pick = (key: keyof PassiveSummary) => Float64Array.from(rows, (r) => r[key]);
  const mean = (key: keyof PassiveSummary) => rows.reduce((a, r) => a + r[key], 0) / rows.length;
  const posted = rows.reduce((a, r) => a + r.posted, 0);
  const interval = (values: Float64Array, labels?: ArrayLike<number>) => (labels ? clusteredMeanInterval(values, labels) : meanInterval(values));
  const markout = (key: 'markout1Bps' | 'markout10Bps' | 'markout60Bps') => {
    const values = pick(key);
    const kept = Array.from(values.keys()).filter((i) => Number.isFinite(values[i]));
    return kept.length >= 2 ? interval(Float64Array.from(kept, (i) => values[i]), clusters && Int32Array.from(kept, (i) => clusters[i])) : null;
  };
  return {
    fillRate: posted > 0 ? rows.reduce((a, r) => a + r.filled, 0) / posted : null,
    passiveShare: interval(pick('passiveShare'), clusters),
    spreadCapture: interval(pick('spreadCapture'), clusters),
    spreadEarnedBps: mean('spreadEarnedBps'),
    passiveShortfallBps: mean('passiveShortfallBps'),
    aggressiveShortfallBps: mean('aggressiveShortfallBps'),
    markout1Bps: markout('markout1Bps'),
    markout10Bps: markout('markout10Bps'),
    markout60Bps: markout('markout60Bps'),
    objectiveVsTwapBps: twap
      ? interval(
          differences(
            Float64Array.from(records, (r) => r.objectiveBps),
            Float64Array.from(twap, (r) => r.objectiveBps),
          ),
          clusters,
        )
      : null,
  };
}
