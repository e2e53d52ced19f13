import { pairedDifference, ROUNDING_BPS, Z95, type Interval } from '../stats/paired.js';
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
  /**
   * The fraction of the gap from static `ac` to `belief-optimal` (the best policy that does not read
   * the hidden regime) closed, where the benchmark has that row; null otherwise.
   */
  readonly gapClosedBelief: GapFraction | null;
}

/** Across seeds: each seed's mean is one replication (t-interval), next to each seed's paired CI. */
export interface TrainedComparison {
  readonly perSeed: SeedComparison[];
  readonly objectiveBps: AcrossSeeds;
  readonly vsAcBps: AcrossSeeds | null;
  readonly regretBps: AcrossSeeds | null;
  readonly gapClosed: AcrossSeeds | null;
  readonly gapClosedBelief: AcrossSeeds | null;
}

/** The `policy` rows of `rows` as objectives by market seed. */
function bySeed(rows: readonly EpisodeObjective[], policy: string): Map<number, number> {
  return new Map(rows.filter((r) => r.policy === policy).map((r) => [r.seed, r.objectiveBps]));
}

/**
 * f = mean(ac - agent) / mean(ac - optimum) on the same episodes, with the delta-method interval:
 * z_i = (ac_i - agent_i) - f (ac_i - opt_i) has mean ~0 and se(f) = sd(z) / (sqrt(n) |mean(ac - opt)|).
 * Null when there is no gap to close: the optimum is not significantly better than ac, or better by
 * rounding only (where ac is the optimum; a ratio of rounding is meaningless).
 */
export function gapFraction(agent: ArrayLike<number>, ac: ArrayLike<number>, optimum: ArrayLike<number>): GapFraction | null {
  const n = agent.length;
  let gained = 0;
  let gap = 0;
  for (let i = 0; i < n; i++) {
    gained += ac[i] - agent[i];
    gap += ac[i] - optimum[i];
  }
  const gapCi = pairedDifference(ac, optimum);
  if (!(gapCi.low > 0 && gapCi.mean > ROUNDING_BPS)) return null;
  const f = gained / gap;
  const z = Float64Array.from({ length: n }, (_, i) => ac[i] - agent[i] - f * (ac[i] - optimum[i]));
  const se = pairedDifference(z, new Float64Array(n)).se / Math.abs(gap / n);
  return { mean: f, low: f - Z95 * se, high: f + Z95 * se };
}

/**
 * Each seed's agent objectives and, for each reference policy, that policy's objectives on the same
 * market seeds in the suite's benchmark (null when the benchmark has no such row).
 * @throws RangeError when a seed's episodes are not all in the benchmark
 */
function pairSeeds(agentName: string, seeds: readonly number[], runs: readonly (readonly EpisodeObjective[])[], benchmark: readonly EpisodeObjective[], references: readonly string[]) {
  const refs = references.map((policy) => bySeed(benchmark, policy));
  return runs.map((rows, s) => {
    const agentRows = rows.filter((r) => r.policy === agentName);
    const paired = refs.map((ref) => {
      if (ref.size === 0) return null;
      return Float64Array.from(agentRows, (r) => {
        const v = ref.get(r.seed);
        if (v === undefined) throw new RangeError(`${agentName} seed ${seeds[s]}: market seed ${r.seed} is not in the benchmark, so it cannot be paired with the displayed rows`);
        return v;
      });
    });
    return { seed: seeds[s], agent: Float64Array.from(agentRows, (r) => r.objectiveBps), paired };
  });
}

/** Across seeds, the mean of each seed's value, or null when a seed has none. */
function acrossSeedsOf(values: readonly (number | undefined)[]): AcrossSeeds | null {
  return values.every((v) => v !== undefined) ? acrossSeeds(values as number[]) : null;
}

/**
 * Pairs each trained seed's test episodes with the displayed `ac`, `optimal` and (where shown)
 * `belief-optimal` rows of the suite's benchmark on the same market seeds (the market path of a seed does not depend on the action
 * space or the observation, so a Discrete or belief-observing agent is paired with the Box `ac`
 * shown above it). Episodes whose seed the benchmark lacks are an error, not silently dropped.
 * @throws RangeError when a seed's episodes are not all in the benchmark
 */
export function compareTrained(agentName: string, seeds: readonly number[], runs: readonly (readonly EpisodeObjective[])[], benchmark: readonly EpisodeObjective[]): TrainedComparison {
  const perSeed = pairSeeds(agentName, seeds, runs, benchmark, ['ac', 'optimal', 'belief-optimal']).map(({ seed, agent, paired: [acRows, optRows, beliefRows] }): SeedComparison => ({
    seed,
    objectiveBps: agent.reduce((a, v) => a + v, 0) / agent.length,
    vsAcBps: acRows ? pairedDifference(agent, acRows) : null,
    regretBps: optRows ? pairedDifference(agent, optRows) : null,
    gapClosed: acRows && optRows ? gapFraction(agent, acRows, optRows) : null,
    gapClosedBelief: acRows && beliefRows ? gapFraction(agent, acRows, beliefRows) : null,
  }));
  return {
    perSeed,
    objectiveBps: acrossSeeds(perSeed.map((c) => c.objectiveBps)),
    vsAcBps: acrossSeedsOf(perSeed.map((c) => c.vsAcBps?.mean)),
    regretBps: acrossSeedsOf(perSeed.map((c) => c.regretBps?.mean)),
    gapClosed: acrossSeedsOf(perSeed.map((c) => c.gapClosed?.mean)),
    gapClosedBelief: acrossSeedsOf(perSeed.map((c) => c.gapClosedBelief?.mean)),
  };
}

/**
 * The agent minus `reference` (a displayed baseline row, e.g. taker or passive `twap`), paired on
 * each seed's test episodes, then across seeds; null when the benchmark has no such row.
 */
export function vsBaseline(agentName: string, seeds: readonly number[], runs: readonly (readonly EpisodeObjective[])[], benchmark: readonly EpisodeObjective[], reference: string): AcrossSeeds | null {
  const perSeed = pairSeeds(agentName, seeds, runs, benchmark, [reference]).map(({ agent, paired: [ref] }) => (ref ? pairedDifference(agent, ref).mean : undefined));
  return acrossSeedsOf(perSeed);
}
