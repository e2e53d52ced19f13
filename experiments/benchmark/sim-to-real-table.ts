import { f2 } from './format-summary.js';
import { TRANSFER_BASELINES, type SimToReal } from './sim-to-real.js';

/** A mean and its 95% interval, as `mean [low, high]`. */
interface Ranged {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** `mean [low, high]` of an interval, or '' for none. */
export const acrossText = (a: Ranged | null, format: (v: number) => string = (v) => f2(v)) => (a ? `${format(a.mean)} [${format(a.low)}, ${format(a.high)}]` : '');

/** What the sim-to-real table shows and how its intervals are made: under the table in the suite's README and in the report. */
export const SIM_TO_REAL_NOTE =
  "Each agent is trained on a synthetic twin (`execgym calibrate --twin-of <replay>`: the replay's problem with the market card's sigma, spread, impact, volume noise and regimes), selected on the twin's validation seeds, and tested once on the twin's test seeds and on the replay's held-out test windows, with the twin's cost model on the recorded price and volume paths (so the two differ in the paths alone). Objective in bps (lower is better); gap = replay − twin; the last four columns are the agent minus each baseline on the same replay windows (paired). Every interval is 95% and answers: what would a new training seed score on new windows of these stocks? It adds two sources of error, each scaled by its own t quantile (Banerjee 1960): the spread of the per-seed means between training seeds (t with seeds − 1 df), and the sampling error over the windows of the seed-averaged values, cluster-robust with the windows of one symbol-day as one cluster, as the replay benchmark's own intervals (CR1, t with clusters − 1 df; `windows` gives the clusters; with one symbol-day in the data each window is a cluster). The gap adds the twin's test episodes as a third, independent sample. Every seed plays the same windows, so the seeds' spread alone says nothing about new windows. The seed × window interaction is counted in both terms, so the intervals are conservative (at most √2 too wide). With one seed, its own cluster-robust interval over the windows. The baselines' rows give the same objectives for the static and volume-following schedules (their gap has a 95% interval over the twin's episodes and the replay's clustered windows).";

/**
 * Sim-to-real (issue 8): agents trained on a calibrated twin, tested on the held-out windows of the
 * replay of the same stocks. Per agent the objective on the twin and on the replay, the gap, and
 * the agent paired against the baselines on the same windows; the baselines' own twin and replay
 * objectives below it show how much of the gap any schedule suffers.
 */
export function simToRealTable(results: readonly SimToReal[]): { header: string[]; rows: string[][] } {
  // With one seed the two-level intervals are that seed's own (see twoLevelInterval).
  const windows = (r: SimToReal) => (r.clusters === null ? String(r.windows) : `${r.windows} in ${r.clusters} clusters`);
  const agentRow = (r: SimToReal): string[] => [`**${r.name}**`, `${r.twinEnv} → ${r.replayEnv}`, String(r.perSeed.length), windows(r), acrossText(r.twinBps), acrossText(r.replayBps), acrossText(r.gapBps), ...TRANSFER_BASELINES.map((b) => acrossText(r.vs[b]))];
  const pairs = results.filter((r, i) => results.findIndex((x) => x.replayEnv === r.replayEnv && x.twinEnv === r.twinEnv) === i);
  const baselineRows = pairs.flatMap((r) => r.baselines.map((b) => [b.policy, `${r.twinEnv} → ${r.replayEnv}`, '', windows(r), f2(b.twinBps), f2(b.replayBps), acrossText(b.gapBps), '', '', '', '']));
  return {
    header: ['policy', 'twin → replay', 'seeds', 'windows', 'objective on twin', 'objective on replay', 'gap (replay − twin)', ...TRANSFER_BASELINES.map((b) => `− ${b} (replay)`)],
    rows: [...results.map(agentRow), ...baselineRows],
  };
}

