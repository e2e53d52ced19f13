import type { EpisodeBenchmarks } from '../../env/episode/episode-paths.js';
import type { EpisodeRecord } from '../../env/policy/evaluate-policy.js';
import { clusteredMeanInterval } from '../stats/cluster-robust.js';
import { differences, meanInterval, type Interval } from '../stats/paired.js';

/** One benchmark's slippage over the episodes: its mean [95% CI] and the paired difference against `ac`. */
export interface BenchmarkSlippage {
  readonly mean: Interval;
  /** This policy minus `ac` on the same episodes (null without `ac`). */
  readonly vsAc: Interval | null;
}

/**
 * A policy's slippage against every execution benchmark (bps of the benchmark's own price,
 * positive a cost; per-episode definitions in env/episode/episode-paths.ts): arrival (the IS), interval
 * VWAP, TWAP, the horizon's close and the PWP at 10%, each a mean with its 95% interval and the
 * paired difference against `ac` on the same rows as `vsAc` (cluster-robust on replays, like
 * every other interval of the summary); and the mark-out cost of every fill 1, 2 and 5 steps
 * later, means over the episodes with a fill that far from the horizon (null when fewer than 2).
 */
export interface BenchmarkColumns {
  readonly arrivalBps: BenchmarkSlippage;
  readonly vwapBps: BenchmarkSlippage;
  readonly twapBps: BenchmarkSlippage;
  readonly closeBps: BenchmarkSlippage;
  readonly pwpBps: BenchmarkSlippage;
  /** The PWP's participation rate, and the share of episodes whose horizon traded the full X / rate. */
  readonly pwpRate: number;
  readonly pwpCompleteShare: number;
  readonly markoutCostSteps: readonly number[];
  readonly markoutCost1Bps: Interval | null;
  readonly markoutCost2Bps: Interval | null;
  readonly markoutCost5Bps: Interval | null;
}

type Slippage = 'isBps' | 'vwapSlippageBps' | 'twapSlippageBps' | 'closeSlippageBps' | 'pwpSlippageBps';

/** Episode i's value of a slippage column (the older ones live on the record itself). */
function value(r: EpisodeRecord, key: Slippage): number {
  return key === 'isBps' || key === 'vwapSlippageBps' ? r[key] : r.benchmarks![key];
}

/** The benchmark columns of `records` (null when they were not recorded, e.g. records read from elsewhere). */
export function benchmarkColumns(records: readonly EpisodeRecord[], ac: readonly EpisodeRecord[] | null, clusters: ArrayLike<number> | undefined, pwpRate: number, markoutSteps: readonly number[]): BenchmarkColumns | null {
  if (records.length < 2 || records.some((r) => r.benchmarks === undefined) || (ac && ac.some((r) => r.benchmarks === undefined))) return null;
  const interval = (values: Float64Array, labels: ArrayLike<number> | undefined) => (labels ? clusteredMeanInterval(values, labels) : meanInterval(values));
  const slippage = (key: Slippage): BenchmarkSlippage => {
    const mine = Float64Array.from(records, (r) => value(r, key));
    return { mean: interval(mine, clusters), vsAc: ac ? interval(differences(mine, Float64Array.from(ac, (r) => value(r, key))), clusters) : null };
  };
  const markout = (key: 'markoutCost1Bps' | 'markoutCost2Bps' | 'markoutCost5Bps') => {
    const rows = records.map((r, i) => [r.benchmarks![key], i] as const).filter(([v]) => Number.isFinite(v));
    if (rows.length < 2) return null;
    const mean = interval(Float64Array.from(rows, ([v]) => v), clusters ? Float64Array.from(rows, ([, i]) => clusters[i]) : undefined);
    // One cluster (or one distinct value's worth of spread) gives no interval: report none rather than NaN.
    return Number.isFinite(mean.se) ? mean : null;
  };
  const pick = (key: keyof EpisodeBenchmarks) => records.reduce((a, r) => a + r.benchmarks![key], 0) / records.length;
  return {
    arrivalBps: slippage('isBps'),
    vwapBps: slippage('vwapSlippageBps'),
    twapBps: slippage('twapSlippageBps'),
    closeBps: slippage('closeSlippageBps'),
    pwpBps: slippage('pwpSlippageBps'),
    pwpRate,
    pwpCompleteShare: pick('pwpComplete'),
    markoutCostSteps: markoutSteps,
    markoutCost1Bps: markout('markoutCost1Bps'),
    markoutCost2Bps: markout('markoutCost2Bps'),
    markoutCost5Bps: markout('markoutCost5Bps'),
  };
}
