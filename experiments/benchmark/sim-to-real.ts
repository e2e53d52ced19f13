import { clustersBySeed } from './replay-sample.js';
import { readRunEpisodes, readTransfer, type EpisodeRow } from '../io/run-dir.js';
import { differences } from '../stats/paired.js';
import { sampleTerm, seedAndSampleInterval, seedAverage, twoLevelInterval, type TwoLevelInterval } from '../stats/two-level.js';

/** One episode's objective, as an episodes.csv row gives it. */
export type EpisodeObjective = Pick<EpisodeRow, 'seed' | 'policy' | 'objectiveBps'>;

/**
 * The cluster label of each market seed of a replay's test windows (its symbol-day, or the window
 * itself when the data hold one symbol-day; see `clustersBySeed`). Absent on synthetic markets,
 * whose episodes are independent paths.
 */
export type SeedClusters = ReadonlyMap<number, number>;

/** The baselines a transferred policy is paired against on the replay windows (pov: its default rate). */
export const TRANSFER_BASELINES = ['ac', 'twap', 'vwap', 'pov'] as const;
export type Baseline = (typeof TRANSFER_BASELINES)[number];

/**
 * A mean with its se and 95% interval: over one seed's windows (cluster-robust on a replay), or
 * over the seeds and the windows (two-level, see `twoLevelInterval`).
 */
export type Interval = TwoLevelInterval;

/** One training seed: the agent's mean objective on the twin's test seeds and on the replay's test windows. */
export interface SimToRealSeed {
  readonly seed: number;
  readonly twinBps: number;
  readonly replayBps: number;
  /** replay − twin: two independent samples, the windows (cluster-robust) and the twin's episodes. */
  readonly gapBps: Interval;
  /** agent − baseline on the same replay windows (paired, cluster-robust), per baseline. */
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
  /** The clusters of those windows (symbol-days; the windows when the data hold one), null when not a replay. */
  readonly clusters: number | null;
  readonly perSeed: SimToRealSeed[];
  readonly twinBps: Interval;
  readonly replayBps: Interval;
  readonly gapBps: Interval;
  readonly vs: Record<Baseline, Interval>;
  readonly baselines: BaselineTransfer[];
}

/** A run's sim-to-real files: the twin's benchmark and the transfer benchmark on the replay. */
export interface TransferRun {
  readonly seed: number;
  readonly twin: readonly EpisodeObjective[];
  readonly replay: readonly EpisodeObjective[];
  /** The cluster of each replay market seed, as the transfer benchmark's intervals used them (null off a replay). */
  readonly clusters: SeedClusters | null;
}

const policyOf = (name: string, baseline: string) => name === baseline || name.startsWith(`${baseline}:`);

function objectives(rows: readonly EpisodeObjective[], match: (policy: string) => boolean): EpisodeObjective[] {
  return rows.filter((r) => match(r.policy)).sort((a, b) => a.seed - b.seed);
}

/** The rows of `policy` by market seed, checked to cover exactly `seeds` (the agent's windows). */
function onSeeds(rows: readonly EpisodeObjective[], policy: string, seeds: readonly number[], where: string): Float64Array {
  const picked = objectives(rows, (p) => policyOf(p, policy));
  const got = picked.map((r) => r.seed);
  if (got.join(',') !== seeds.join(',')) throw new RangeError(`${where}: ${policy} played market seeds [${got.join(', ')}], the agent [${seeds.join(', ')}]: not paired`);
  return Float64Array.from(picked, (r) => r.objectiveBps);
}

/**
 * replay − twin, per seed and across `twin.length` seeds: the replay's windows (cluster-robust with
 * `labels`) and the twin's test episodes are independent samples, so both se count, next to the
 * spread of the per-seed gaps (see `seedAndSampleInterval`).
 */
function gapInterval(twin: readonly Float64Array[], replay: readonly Float64Array[], labels: Int32Array | undefined): Interval {
  const gaps = replay.map((r, s) => mean(r) - mean(twin[s]));
  return seedAndSampleInterval(gaps, [sampleTerm(seedAverage(replay), labels), sampleTerm(seedAverage(twin))]);
}

/**
 * The sim-to-real comparison of a trained config (issue 8): per seed, the agent's objective on the
 * twin (its test seeds) and on the replay's held-out windows, the gap replay − twin, and the agent
 * paired against ac, twap, vwap and pov on the very windows it played, cluster-robust over the
 * windows' symbol-days; across seeds, two-level intervals that count the training seeds and the
 * windows (see `twoLevelInterval`): every seed plays the same windows, so the seeds alone say
 * nothing about new windows.
 * @throws RangeError when a baseline or another seed did not play exactly the first seed's windows
 */
export function simToReal(name: string, envs: { twin: string; replay: string }, runs: readonly TransferRun[]): SimToReal {
  const first = runs[0];
  const { windows, labels, replay, vs } = replayPairs(name, runs);
  const episodes = objectives(first.twin, (p) => p === name).map((r) => r.seed);
  const where = (run: TransferRun) => `${name} seed ${run.seed}`;
  const twin = runs.map((run) => onSeeds(run.twin, name, episodes, where(run)));
  const perSeed = runs.map(
    (run, s): SimToRealSeed => ({
      seed: run.seed,
      twinBps: mean(twin[s]),
      replayBps: mean(replay[s]),
      gapBps: gapInterval([twin[s]], [replay[s]], labels),
      vs: Object.fromEntries(TRANSFER_BASELINES.map((b) => [b, twoLevelInterval([vs[b][s]], labels)])) as Record<Baseline, Interval>,
    }),
  );
  const baselines = TRANSFER_BASELINES.map((b): BaselineTransfer => {
    const twinRows = Float64Array.from(objectives(first.twin, (p) => policyOf(p, b)), (r) => r.objectiveBps);
    const replayRows = onSeeds(first.replay, b, windows, where(first));
    return { policy: first.replay.find((r) => policyOf(r.policy, b))!.policy, twinBps: mean(twinRows), replayBps: mean(replayRows), gapBps: gapInterval([twinRows], [replayRows], labels) };
  });
  return {
    name,
    twinEnv: envs.twin,
    replayEnv: envs.replay,
    windows: windows.length,
    clusters: labels ? new Set(labels).size : null,
    perSeed,
    twinBps: twoLevelInterval(twin),
    replayBps: twoLevelInterval(replay, labels),
    gapBps: gapInterval(twin, replay, labels),
    vs: Object.fromEntries(TRANSFER_BASELINES.map((b) => [b, twoLevelInterval(vs[b], labels)])) as Record<Baseline, Interval>,
    baselines,
  };
}

/** A config's replay windows: the agent's objective per seed, and per seed its paired differences against each transfer baseline. */
export interface ReplayPairs {
  readonly windows: readonly number[];
  readonly labels: Int32Array | undefined;
  readonly replay: Float64Array[];
  readonly vs: Record<Baseline, Float64Array[]>;
}

/**
 * The agent's replay windows of every seed, paired with each transfer baseline on the same windows.
 * @throws RangeError when a baseline or another seed did not play exactly the first seed's windows
 */
export function replayPairs(name: string, runs: readonly TransferRun[]): ReplayPairs {
  const first = runs[0];
  const windows = objectives(first.replay, (p) => p === name).map((r) => r.seed);
  const labels = first.clusters ? Int32Array.from(windows, (m) => clusterOf(first.clusters!, m, name)) : undefined;
  const where = (run: TransferRun) => `${name} seed ${run.seed}`;
  const replay = runs.map((run) => onSeeds(run.replay, name, windows, where(run)));
  const vsRows = (b: Baseline) => runs.map((run, s) => differences(replay[s], onSeeds(run.replay, b, windows, where(run))));
  return { windows, labels, replay, vs: Object.fromEntries(TRANSFER_BASELINES.map((b) => [b, vsRows(b)])) as Record<Baseline, Float64Array[]> };
}

function clusterOf(clusters: SeedClusters, marketSeed: number, name: string): number {
  const label = clusters.get(marketSeed);
  if (label === undefined) throw new RangeError(`${name}: replay market seed ${marketSeed} has no cluster label (not a window of the transfer benchmark)`);
  return label;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/**
 * The sim-to-real files of a run directory (benchmark/ on the twin, transfer/ on the replay, and
 * the replay windows' clusters from transfer/summary.json), or null without a transfer or its
 * episodes (results/ commits only the summaries).
 */
export function readTransferRun(runDir: string, seed: number): TransferRun | null {
  const transfer = readTransfer(runDir);
  const twin = readRunEpisodes(runDir);
  if (transfer === null || transfer.episodes === null || twin === null) return null;
  return { seed, twin, replay: transfer.episodes, clusters: clustersBySeed(transfer.summary) };
}
