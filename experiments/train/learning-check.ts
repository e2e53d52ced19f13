import type { CompiledEnv } from '../../env/core/compile-env.js';
import { replayClusters } from '../benchmark/replay-sample.js';
import { clusteredMeanInterval } from '../stats/cluster-robust.js';
import { differences, pairedDifference, ROUNDING_BPS, type Interval } from '../stats/paired.js';

/**
 * Whether a run learned anything (issue 19, finding 2): its selected policy against its own
 * initial policy (the learning curve's step-0 evaluation) on the same validation episodes.
 */
export interface LearningCheck {
  /** Env steps of the selected checkpoint (0: validation kept the untrained network). */
  readonly selectedEnvSteps: number;
  /** Selected − initial validation objective, paired episode by episode (bps; negative is better). */
  readonly vsInitialBps: Interval;
  /** True only when the whole 95% interval is below zero (beyond floating-point rounding). */
  readonly learned: boolean;
}

/** What a row says of a run that did not learn, wherever it is printed. */
export const DID_NOT_LEARN = 'did not learn';

/**
 * The learning check of a run. A selected checkpoint at step 0 is the initial policy itself and
 * never learned; otherwise the paired difference must be significantly negative: a learned result
 * has to beat the network it started from, not merely a baseline (the untrained PPO squashes to
 * a = 2, which on the Xetra twin already beat TWAP).
 * @param selected the selected policy's objective on each validation episode (bps)
 * @param initial the initial policy's on the same episodes
 * @param clusters cluster labels of the episodes on a replay market (symbol-days), else undefined
 * @throws RangeError when the samples differ in length or have fewer than 2 episodes
 */
export function learningCheck(selected: ArrayLike<number>, initial: ArrayLike<number>, selectedEnvSteps: number, clusters?: ArrayLike<number>): LearningCheck {
  const d = differences(selected, initial);
  const vsInitialBps = clusters ? clusteredMeanInterval(d, clusters) : pairedDifference(selected, initial);
  const learned = selectedEnvSteps > 0 && vsInitialBps.high < -ROUNDING_BPS;
  return { selectedEnvSteps, vsInitialBps: stripClusters(vsInitialBps), learned };
}

function stripClusters(i: Interval): Interval {
  return { n: i.n, mean: i.mean, sd: i.sd, se: i.se, low: i.low, high: i.high };
}

/** The validation episodes' cluster labels on a replay market (symbol-days, as the benchmark's intervals), else undefined. */
export function validationClusters(env: CompiledEnv, validation: { seed: number; episodes: number }): Int32Array | undefined {
  const table = env.params.replay;
  return table ? replayClusters(table, validation.seed, validation.episodes).labels : undefined;
}

/** "learned" or "did not learn", with the selected step and the paired difference, for a log line or a note. */
export function learningCheckText(c: LearningCheck): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
  return `${c.learned ? 'learned' : DID_NOT_LEARN}: selected step ${c.selectedEnvSteps}, selected − initial policy on validation ${f(c.vsInitialBps.mean)} bps [${f(c.vsInitialBps.low)}, ${f(c.vsInitialBps.high)}]`;
}
