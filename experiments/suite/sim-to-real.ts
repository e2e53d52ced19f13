import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../io/read-csv.js';
import { sampleStats } from '../stats/sample-stats.js';
import { acrossSeeds, t975, type AcrossSeeds } from '../stats/t-interval.js';
import type { EpisodeObjective } from './paired-rows.js';

/** The baselines a transferred policy is paired against on the replay windows (pov: its default rate). */
export const TRANSFER_BASELINES = ['ac', 'twap', 'vwap', 'pov'] as const;
type Baseline = (typeof TRANSFER_BASELINES)[number];

/** A mean with its standard error and 95% t-interval. */
export interface Interval {
  readonly mean: number;
  readonly se: number;
  readonly low: number;
  readonly high: number;
}

const withT = (mean: number, se: number, df: number): Interval => ({ mean, se, low: mean - t975(df) * se, high: mean + t975(df) * se });

/**
 * agent − baseline window by window: on a replay there are tens of windows, not thousands of
 * episodes, so the interval is Student's t with n − 1 degrees of freedom, not the normal one.
 */
function pairedOnWindows(agent: ArrayLike<number>, baseline: ArrayLike<number>): Interval {
  const d = Array.from(agent, (a, i) => a - baseline[i]);
  const s = sampleStats(d);
  return withT(s.mean, s.se, s.n - 1);
}

/** One training seed: the agent's mean objective on the twin's test seeds and on the replay's test windows. */
export interface SimToRealSeed {
  readonly seed: number;
  readonly twinBps: number;
  readonly replayBps: number;
  /** replay − twin: two independent samples (se added in quadrature; t with the replay's n − 1 df, the smaller sample). */
  readonly gapBps: Interval;
  /** agent − baseline on the same replay windows (paired), per baseline. */
  readonly vs: Record<Baseline, Interval>;
}

/** A baseline's objective on the twin and on the replay windows (the same for every training seed). */
export interface BaselineTransfer {
  readonly policy: string;
  readonly twinBps: number;
  readonly replayBps: number;
  readonly gapBps: Interval;
}

/** A sim-to-real row of the headline: a trained config across seeds, next to its baselines. */
export interface SimToReal {
  readonly name: string;
  readonly twinEnv: string;
  readonly replayEnv: string;
  /** Replay windows every policy played (the same market seeds for all). */
  readonly windows: number;
  readonly perSeed: SimToRealSeed[];
  readonly twinBps: AcrossSeeds;
  readonly replayBps: AcrossSeeds;
  readonly gapBps: AcrossSeeds;
  readonly vs: Record<Baseline, AcrossSeeds>;
  readonly baselines: BaselineTransfer[];
}

/** A run's sim-to-real files: the twin's benchmark and the transfer benchmark on the replay. */
export interface TransferRun {
  readonly seed: number;
  readonly twin: readonly EpisodeObjective[];
  readonly replay: readonly EpisodeObjective[];
}

const policyOf = (name: string, baseline: string) => name === baseline || name.startsWith(`${baseline}:`);

function objectives(rows: readonly EpisodeObjective[], match: (policy: string) => boolean): EpisodeObjective[] {
  return rows.filter((r) => match(r.policy)).sort((a, b) => a.seed - b.seed);
}

function independentGap(twin: ArrayLike<number>, replay: ArrayLike<number>): Interval {
  const t = sampleStats(twin);
  const r = sampleStats(replay);
  return withT(r.mean - t.mean, Math.sqrt(t.se * t.se + r.se * r.se), Math.min(t.n, r.n) - 1);
}

/** The rows of `policy` by market seed, checked to cover exactly `seeds` (the agent's windows). */
function onSeeds(rows: readonly EpisodeObjective[], policy: string, seeds: readonly number[], where: string): Float64Array {
  const picked = objectives(rows, (p) => policyOf(p, policy));
  const got = picked.map((r) => r.seed);
  if (got.join(',') !== seeds.join(',')) throw new RangeError(`${where}: ${policy} played market seeds [${got.join(', ')}], the agent [${seeds.join(', ')}]: not paired`);
  return Float64Array.from(picked, (r) => r.objectiveBps);
}

/**
 * The sim-to-real comparison of a trained config (issue 8): per seed, the agent's objective on the
 * twin (its test seeds) and on the replay's held-out windows, the gap replay − twin, and the agent
 * paired against ac, twap, vwap and pov on the very windows it played; across seeds, the mean with
 * a 95% t-interval (seeds are the replications; the windows are the same for every seed).
 * @throws RangeError when a baseline did not play exactly the agent's windows
 */
export function simToReal(name: string, envs: { twin: string; replay: string }, runs: readonly TransferRun[]): SimToReal {
  const perSeed = runs.map((run): SimToRealSeed => {
    const twin = objectives(run.twin, (p) => p === name).map((r) => r.objectiveBps);
    const agent = objectives(run.replay, (p) => p === name);
    const seeds = agent.map((r) => r.seed);
    const replay = Float64Array.from(agent, (r) => r.objectiveBps);
    const vs = Object.fromEntries(TRANSFER_BASELINES.map((b) => [b, pairedOnWindows(replay, onSeeds(run.replay, b, seeds, `${name} seed ${run.seed}`))])) as Record<Baseline, Interval>;
    return { seed: run.seed, twinBps: mean(twin), replayBps: mean(replay), gapBps: independentGap(twin, replay), vs };
  });
  const first = runs[0];
  const baselines = TRANSFER_BASELINES.map((b): BaselineTransfer => {
    const twin = objectives(first.twin, (p) => policyOf(p, b)).map((r) => r.objectiveBps);
    const replay = objectives(first.replay, (p) => policyOf(p, b)).map((r) => r.objectiveBps);
    return { policy: first.replay.find((r) => policyOf(r.policy, b))!.policy, twinBps: mean(twin), replayBps: mean(replay), gapBps: independentGap(twin, replay) };
  });
  return {
    name,
    twinEnv: envs.twin,
    replayEnv: envs.replay,
    windows: objectives(first.replay, (p) => p === name).length,
    perSeed,
    twinBps: acrossSeeds(perSeed.map((s) => s.twinBps)),
    replayBps: acrossSeeds(perSeed.map((s) => s.replayBps)),
    gapBps: acrossSeeds(perSeed.map((s) => s.gapBps.mean)),
    vs: Object.fromEntries(TRANSFER_BASELINES.map((b) => [b, acrossSeeds(perSeed.map((s) => s.vs[b].mean))])) as Record<Baseline, AcrossSeeds>,
    baselines,
  };
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** The (market seed, policy, objective) of every row of an episodes.csv. */
export function episodeObjectives(path: string): EpisodeObjective[] {
  return readCsv(path).map((r) => ({ seed: Number(r.seed), policy: r.policy, objectiveBps: Number(r.objective_bps) }));
}

/** The sim-to-real files of a run directory (benchmark/ on the twin, transfer/ on the replay), or null without a transfer. */
export function readTransferRun(runDir: string, seed: number): TransferRun | null {
  const transfer = join(runDir, 'transfer', 'episodes.csv');
  if (!existsSync(transfer)) return null;
  return { seed, twin: episodeObjectives(join(runDir, 'benchmark', 'episodes.csv')), replay: episodeObjectives(transfer) };
}
