import { MARKOUT_COST_STEPS, PWP_RATE } from '../../env/episode/episode-paths.js';
import type { EpisodeRecord } from '../../env/policy/evaluate-policy.js';
import { benchmarkColumns, type BenchmarkColumns } from './benchmark-columns.js';
import { controlVariateMean, type ControlVariateEstimate } from '../stats/control-variate.js';
import { cvarSorted } from '../stats/cvar.js';
import { clusteredMeanInterval } from '../stats/cluster-robust.js';
import { differences, pairedDifference, type Interval } from '../stats/paired.js';
import { quantileSorted, sortedCopy } from '../stats/quantiles.js';
import { sampleStats, type SampleStats } from '../stats/sample-stats.js';
import type { ExactValues } from './exact-values.js';
import { passiveColumns, type PassiveColumns } from './passive-columns.js';

/** The distribution of a cost in bps over the episodes. */
export interface CostDistribution extends SampleStats {
  readonly median: number;
  readonly q05: number;
  readonly q95: number;
  /** Mean of the worst 5% (see `cvarSorted`). */
  readonly cvar95: number;
}

export interface PolicySummary {
  readonly policy: string;
  /** An oracle: reads the true hidden regime. */
  readonly usesHiddenState: boolean;
  readonly pathIndependent: boolean;
  /** A baseline on a Discrete env: it decides in shares and trades the nearest level (e.g. `ac` rounded). */
  readonly rounded: boolean;
  readonly isBps: CostDistribution;
  /** IS + risk penalty (bps): what the env's reward sums to, negated. */
  readonly objectiveBps: SampleStats;
  readonly meanRiskPenaltyBps: number;
  readonly meanVwapSlippageBps: number;
  readonly meanCompletion: number;
  /** Paired differences this policy minus `ac` (negative: cheaper than AC). */
  readonly vsAc: { readonly isBps: Interval; readonly objectiveBps: Interval } | null;
  /** Paired objective regret against `optimal` (on a Discrete env, the continuous optimum on the same paths; bps, >= 0 in expectation). */
  readonly regretBps: Interval | null;
  readonly exact: ExactValues | null;
  readonly controlVariate: { readonly isBps: ControlVariateEstimate; readonly objectiveBps: ControlVariateEstimate } | null;
  /** Passive envs only: fill rate, spread capture, mark-outs, shortfall split (absent on taker envs). */
  readonly passive?: PassiveColumns;
  /** Slippage against arrival, interval VWAP, TWAP, close and PWP with paired CIs, and mark-outs of every fill (absent when the episodes did not record them). */
  readonly benchmarks?: BenchmarkColumns;
}

/** Column `key` of the records as a typed array. */
export function column(records: readonly EpisodeRecord[], key: 'isBps' | 'objectiveBps' | 'riskPenaltyBps' | 'vwapSlippageBps' | 'completion'): Float64Array {
  return Float64Array.from(records, (r) => r[key]);
}

/** Mean, spread, quantiles and tail of a cost sample. */
export function costDistribution(values: ArrayLike<number>): CostDistribution {
  const sorted = sortedCopy(values);
  return {
    ...sampleStats(values),
    median: quantileSorted(sorted, 0.5),
    q05: quantileSorted(sorted, 0.05),
    q95: quantileSorted(sorted, 0.95),
    cvar95: cvarSorted(sorted, 0.95),
  };
}

/** The control for the control-variate estimates: `ac`'s costs on the same episodes and their exact means. */
export interface Control {
  readonly isBps: Float64Array;
  readonly objectiveBps: Float64Array;
  readonly expectedIsBps: number;
  readonly expectedObjectiveBps: number;
}

export interface SummaryInputs {
  readonly records: readonly EpisodeRecord[];
  readonly usesHiddenState: boolean;
  readonly pathIndependent: boolean;
  readonly rounded?: boolean;
  /** `ac`'s records and the exact optimum's, episode-aligned with `records` (null when absent). */
  readonly ac: readonly EpisodeRecord[] | null;
  readonly optimum: readonly EpisodeRecord[] | null;
  readonly exact: ExactValues | null;
  readonly control: Control | null;
  /** Taker `twap`'s records, episode-aligned (passive envs: the passive columns pair against them). */
  readonly twap?: readonly EpisodeRecord[] | null;
  /**
   * Cluster label of each episode (replay markets: see `replayClusters`): the se of every mean and
   * paired difference is then cluster-robust. Absent on synthetic markets, whose episodes are
   * independent paths.
   */
  readonly clusters?: ArrayLike<number>;
}

/** One policy's row of the benchmark summary. */
export function summarizePolicy(policy: string, inputs: SummaryInputs): PolicySummary {
  const { records, ac, optimum, control, clusters } = inputs;
  const is = column(records, 'isBps');
  const objective = column(records, 'objectiveBps');
  const mean = (key: 'riskPenaltyBps' | 'vwapSlippageBps' | 'completion') => sampleStats(column(records, key)).mean;
  const passive = passiveColumns(records, inputs.twap ?? null, clusters);
  const benchmarks = benchmarkColumns(records, ac, clusters, PWP_RATE, MARKOUT_COST_STEPS);
  const paired = (a: Float64Array, b: Float64Array): Interval => (clusters ? clusteredMeanInterval(differences(a, b), clusters) : pairedDifference(a, b));
  const withSe = <T extends SampleStats>(stats: T, values: Float64Array): T => (clusters ? { ...stats, se: clusteredMeanInterval(values, clusters).se } : stats);
  return {
    policy,
    usesHiddenState: inputs.usesHiddenState,
    pathIndependent: inputs.pathIndependent,
    rounded: inputs.rounded ?? false,
    isBps: withSe(costDistribution(is), is),
    objectiveBps: withSe(sampleStats(objective), objective),
    meanRiskPenaltyBps: mean('riskPenaltyBps'),
    meanVwapSlippageBps: mean('vwapSlippageBps'),
    meanCompletion: mean('completion'),
    vsAc: ac ? { isBps: paired(is, column(ac, 'isBps')), objectiveBps: paired(objective, column(ac, 'objectiveBps')) } : null,
    regretBps: optimum ? paired(objective, column(optimum, 'objectiveBps')) : null,
    exact: inputs.exact,
    controlVariate: control
      ? {
          isBps: controlVariateMean(is, control.isBps, control.expectedIsBps),
          objectiveBps: controlVariateMean(objective, control.objectiveBps, control.expectedObjectiveBps),
        }
      : null,
    ...(passive ? { passive } : {}),
    ...(benchmarks ? { benchmarks } : {}),
  };
}
