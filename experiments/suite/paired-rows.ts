import { clusteredMeanInterval } from '../stats/cluster-robust.js';
import { differences, pairedDifference, ROUNDING_BPS, type Interval } from '../stats/paired.js';
import { betweenConfigsInterval, twoLevelInterval, type TwoLevelInterval } from '../stats/two-level.js';

export type { EpisodeObjective, SeedClusters } from '../benchmark/sim-to-real.js';
import type { EpisodeObjective, SeedClusters } from '../benchmark/sim-to-real.js';

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

/**
 * Across seeds, two-level intervals (training seeds and test episodes both sampled, see
 * `twoLevelInterval`), next to each seed's own paired CI.
 */
export interface TrainedComparison {
  readonly perSeed: SeedComparison[];
  readonly objectiveBps: TwoLevelInterval;
  readonly vsAcBps: TwoLevelInterval | null;
  readonly regretBps: TwoLevelInterval | null;
  readonly gapClosed: GapFraction | null;
  readonly gapClosedBelief: GapFraction | null;
  /** The agent minus `ac-adaptive` (the public adaptive desk schedule), where the benchmark shows it. */
  readonly vsAcAdaptiveBps: TwoLevelInterval | null;
  /** Each seed's objectives on `episodes` (the market seeds every seed played), for contrasts between configs. */
  readonly agents: readonly Float64Array[];
  readonly episodes: readonly number[];
  /** The cluster label of each of `episodes` on a replay. */
  readonly labels?: Int32Array;
}

/**
 * The paired interval of a - b episode by episode, as the benchmark computes it: cluster-robust
 * (CR1, t with G - 1 df) with cluster labels, as on a replay; else mean +- 1.96 se.
 */
export function pairedInterval(a: ArrayLike<number>, b: ArrayLike<number>, labels?: ArrayLike<number>): Interval {
  return labels ? clusteredMeanInterval(differences(a, b), labels) : pairedDifference(a, b);
}

/**
 * f = mean(ac - agent) / mean(ac - optimum) on the same episodes, for one seed's agent
 * (see {@link gapClosedAcrossSeeds}, of which it is the one-seed case: the delta-method interval,
 * cluster-robust with labels). Null when there is no gap to close.
 */
export function gapFraction(agent: ArrayLike<number>, ac: ArrayLike<number>, optimum: ArrayLike<number>, labels?: ArrayLike<number>): GapFraction | null {
  return gapClosedAcrossSeeds([agent], ac, optimum, labels);
}

/**
 * f = mean over seeds and episodes of (ac - agent_s) / mean(ac - optimum), the agents of S seeds on
 * the same episodes, with the delta method inside a two-level interval:
 * u_s,i = ((ac_i - agent_s,i) - f (ac_i - opt_i)) / mean(ac - opt) has mean_i u_s,i = f_s - f (the
 * seed's own ratio minus f) and overall mean 0, so the two-level interval of u, shifted by f, is
 * that of f: its seed term is the spread of the per-seed ratios, its sample term the delta-method
 * se of the seed-averaged ratio over the episodes (the denominator is the same for every seed).
 * Null when there is no gap to close: the optimum is not significantly better than ac, or better by
 * rounding only (where ac is the optimum; a ratio of rounding is meaningless).
 */
export function gapClosedAcrossSeeds(agents: readonly ArrayLike<number>[], ac: ArrayLike<number>, optimum: ArrayLike<number>, labels?: ArrayLike<number>): GapFraction | null {
  const n = ac.length;
  const gapCi = pairedInterval(ac, optimum, labels);
  if (!(gapCi.low > 0 && gapCi.mean > ROUNDING_BPS)) return null;
  const gap = gapCi.mean;
  let gained = 0;
  for (const agent of agents) for (let i = 0; i < n; i++) gained += ac[i] - agent[i];
  const f = gained / (agents.length * n) / gap;
  const u = agents.map((agent) => Float64Array.from({ length: n }, (_, i) => (ac[i] - agent[i] - f * (ac[i] - optimum[i])) / gap));
  const t = twoLevelInterval(u, labels);
  const half = t.high - t.mean;
  return { mean: f, low: f - half, high: f + half };
}

/** The `policy` rows of `rows` as objectives by market seed. */
function bySeed(rows: readonly EpisodeObjective[], policy: string): Map<number, number> {
  return new Map(rows.filter((r) => r.policy === policy).map((r) => [r.seed, r.objectiveBps]));
}

/**
 * Each seed's agent objectives by market seed and, for each reference policy, that policy's
 * objectives on the same market seeds in the suite's benchmark (null when the benchmark has no
 * such row); the market seeds, which every training seed must share (the references are then the
 * same rows for all), and their cluster labels when `clusters` is given.
 * @throws RangeError when a seed's episodes are not all in the benchmark, the seeds played
 *   different market seeds, or a market seed has no cluster label
 */
function pairSeeds(agentName: string, seeds: readonly number[], runs: readonly (readonly EpisodeObjective[])[], benchmark: readonly EpisodeObjective[], references: readonly string[], clusters?: SeedClusters | null) {
  const refs = references.map((policy) => bySeed(benchmark, policy));
  const marketSeeds = runs.map((rows) => rows.filter((r) => r.policy === agentName).map((r) => r.seed).sort((a, b) => a - b));
  marketSeeds.forEach((m, s) => {
    if (m.join() !== marketSeeds[0].join()) throw new RangeError(`${agentName}: seed ${seeds[s]} played other market seeds than seed ${seeds[0]}, so the seeds cannot be paired on the same episodes`);
  });
  const episodes = marketSeeds[0] ?? [];
  const referenceRows = refs.map((ref) => {
    if (ref.size === 0) return null;
    return Float64Array.from(episodes, (m) => {
      const v = ref.get(m);
      if (v === undefined) throw new RangeError(`${agentName}: market seed ${m} is not in the benchmark, so it cannot be paired with the displayed rows`);
      return v;
    });
  });
  const labels = clusters ? Int32Array.from(episodes, (m) => clusterOf(clusters, m, agentName)) : undefined;
  const agents = runs.map((rows) => {
    const own = bySeed(rows, agentName);
    return Float64Array.from(episodes, (m) => own.get(m)!);
  });
  return { agents, references: referenceRows, labels, episodes };
}

function clusterOf(clusters: SeedClusters, marketSeed: number, agentName: string): number {
  const label = clusters.get(marketSeed);
  if (label === undefined) throw new RangeError(`${agentName}: market seed ${marketSeed} has no cluster label (not a window of the benchmark's replay)`);
  return label;
}

/**
 * Pairs each trained seed's test episodes with the displayed `ac`, `optimal` and (where shown)
 * `belief-optimal` rows of the suite's benchmark on the same market seeds (the market path of a seed does not depend on the action
 * space or the observation, so a Discrete or belief-observing agent is paired with the Box `ac`
 * shown above it). Per seed the paired CIs; across seeds two-level intervals, cluster-robust
 * over the windows when `clusters` labels a replay's market seeds. Episodes whose seed the
 * benchmark lacks are an error, not silently dropped.
 * `acName` names the static desk schedule that plays `ac`'s part (a portfolio's `ac-per-asset`).
 * @throws RangeError when a seed's episodes are not all in the benchmark, or the seeds played different episodes
 */
export function compareTrained(agentName: string, seeds: readonly number[], runs: readonly (readonly EpisodeObjective[])[], benchmark: readonly EpisodeObjective[], clusters?: SeedClusters | null, acName = 'ac'): TrainedComparison {
  const { agents, references: [ac, opt, belief, adaptive], labels, episodes } = pairSeeds(agentName, seeds, runs, benchmark, [acName, 'optimal', 'belief-optimal', 'ac-adaptive'], clusters);
  const perSeed = agents.map((agent, s): SeedComparison => ({
    seed: seeds[s],
    objectiveBps: agent.reduce((a, v) => a + v, 0) / agent.length,
    vsAcBps: ac ? pairedInterval(agent, ac, labels) : null,
    regretBps: opt ? pairedInterval(agent, opt, labels) : null,
    gapClosed: ac && opt ? gapFraction(agent, ac, opt, labels) : null,
    gapClosedBelief: ac && belief ? gapFraction(agent, ac, belief, labels) : null,
  }));
  const against = (ref: Float64Array | null) => (ref ? twoLevelInterval(agents.map((agent) => differences(agent, ref)), labels) : null);
  return {
    perSeed,
    objectiveBps: twoLevelInterval(agents, labels),
    vsAcBps: against(ac),
    regretBps: against(opt),
    gapClosed: ac && opt ? gapClosedAcrossSeeds(agents, ac, opt, labels) : null,
    gapClosedBelief: ac && belief ? gapClosedAcrossSeeds(agents, ac, belief, labels) : null,
    vsAcAdaptiveBps: against(adaptive),
    agents,
    episodes,
    labels,
  };
}

/**
 * The agent minus `reference` (a displayed baseline row, e.g. taker or passive `twap`) on each
 * seed's test episodes, across seeds as a two-level interval (cluster-robust with `clusters`);
 * null when the benchmark has no such row.
 */
export function vsBaseline(agentName: string, seeds: readonly number[], runs: readonly (readonly EpisodeObjective[])[], benchmark: readonly EpisodeObjective[], reference: string, clusters?: SeedClusters | null): TwoLevelInterval | null {
  const { agents, references: [ref], labels } = pairSeeds(agentName, seeds, runs, benchmark, [reference], clusters);
  return ref ? twoLevelInterval(agents.map((agent) => differences(agent, ref)), labels) : null;
}

/**
 * Config a minus config b on the same test episodes (e.g. the shuffled control against the hidden
 * arm), each config's seeds independent: see `betweenConfigsInterval`.
 * @throws RangeError when the two played different market seeds
 */
export function betweenConfigs(a: TrainedComparison, b: TrainedComparison): TwoLevelInterval {
  if (a.episodes.join() !== b.episodes.join()) throw new RangeError('the two configs played different test episodes, so they cannot be paired');
  return betweenConfigsInterval(a.agents, b.agents, a.labels);
}
