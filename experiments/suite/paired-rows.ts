import { pairedDifference, Z95, type Interval } from '../stats/paired.js';
import { acrossSeeds, type AcrossSeeds } from '../stats/t-interval.js';

/** One episode's objective, as read from an episodes.csv row. */
export interface EpisodeObjective {
  readonly seed: number;
  readonly policy: string;
  readonly objectiveBps: number;
}

/** A fraction of the gap between static `ac` and the optimum closed by a policy, with a 95% CI. */
export interface GapFraction {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** One trained seed's paired comparison against the rows the headline table displays. */
export interface SeedComparison {
  readonly seed: number;
  readonly objectiveBps: number;
  readonly vsAcBps: Interval | null;
  readonly regretBps: Interval | null;
  readonly gapClosed: GapFraction | null;
}

/** Across seeds: each seed's mean is one replication (t-interval), next to each seed's paired CI. */
export interface TrainedComparison {
  readonly perSeed: SeedComparison[];
  readonly objectiveBps: AcrossSeeds;
  readonly vsAcBps: AcrossSeeds | null;
  readonly regretBps: AcrossSeeds | null;
  readonly gapClosed: AcrossSeeds | null;
}

/** The `policy` rows of `rows` as objectives by market seed. */
function bySeed(rows: readonly EpisodeObjective[], policy: string): Map<number, number> {
  return new Map(rows.filter((r) => r.policy === policy).map((r) => [r.seed, r.objectiveBps]));
}

/**
 * f = mean(ac - agent) / mean(ac - optimum) on the same episodes, with the delta-method interval:
 * z_i = (ac_i - agent_i) - f (ac_i - opt_i) has mean ~0 and se(f) = sd(z) / (sqrt(n) |mean(ac - opt)|).
 */
export function gapFraction(agent: ArrayLike<number>, ac: ArrayLike<number>, optimum: ArrayLike<number>): GapFraction | null {
  const n = agent.length;
  let gained = 0;
  let gap = 0;
  for (let i = 0; i < n; i++) {
    gained += ac[i] - agent[i];
    gap += ac[i] - optimum[i];
  }
  if (!(Math.abs(gap) > 0)) return null;
  const f = gained / gap;
  const z = Float64Array.from({ length: n }, (_, i) => ac[i] - agent[i] - f * (ac[i] - optimum[i]));
  const se = pairedDifference(z, new Float64Array(n)).se / Math.abs(gap / n);
  return { mean: f, low: f - Z95 * se, high: f + Z95 * se };
}

/**
 * Pairs each trained seed's test episodes with the displayed `ac` and `optimal` rows of the suite's
 * benchmark on the same market seeds (the market path of a seed does not depend on the action
 * space or the observation, so a Discrete or belief-observing agent is paired with the Box `ac`
 * shown above it). Episodes whose seed the benchmark lacks are an error, not silently dropped.
 * @throws RangeError when a seed's episodes are not all in the benchmark
 */
export function compareTrained(agentName: string, seeds: readonly number[], runs: readonly (readonly EpisodeObjective[])[], benchmark: readonly EpisodeObjective[]): TrainedComparison {
  const ac = bySeed(benchmark, 'ac');
  const opt = bySeed(benchmark, 'optimal');
  const perSeed = runs.map((rows, s): SeedComparison => {
    const agentRows = rows.filter((r) => r.policy === agentName);
    const agent = Float64Array.from(agentRows, (r) => r.objectiveBps);
    const pick = (ref: Map<number, number>) => {
      if (ref.size === 0) return null;
      return Float64Array.from(agentRows, (r) => {
        const v = ref.get(r.seed);
        if (v === undefined) throw new RangeError(`${agentName} seed ${seeds[s]}: market seed ${r.seed} is not in the benchmark, so it cannot be paired with the displayed rows`);
        return v;
      });
    };
    const acRows = pick(ac);
    const optRows = pick(opt);
    return {
      seed: seeds[s],
      objectiveBps: agent.reduce((a, v) => a + v, 0) / agent.length,
      vsAcBps: acRows ? pairedDifference(agent, acRows) : null,
      regretBps: optRows ? pairedDifference(agent, optRows) : null,
      gapClosed: acRows && optRows ? gapFraction(agent, acRows, optRows) : null,
    };
  });
  const across = (pick: (c: SeedComparison) => number | undefined) => {
    const values = perSeed.map(pick);
    return values.every((v) => v !== undefined) ? acrossSeeds(values as number[]) : null;
  };
  return {
    perSeed,
    objectiveBps: acrossSeeds(perSeed.map((c) => c.objectiveBps)),
    vsAcBps: across((c) => c.vsAcBps?.mean),
    regretBps: across((c) => c.regretBps?.mean),
    gapClosed: across((c) => c.gapClosed?.mean),
  };
}
