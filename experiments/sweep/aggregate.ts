import { join } from 'node:path';
import { curveObjectives, isCompleteRun, readCompleteManifest, readCurve, readRunBenchmark, readRunPortfolioBenchmark, type CompleteManifest, type CurveFile } from '../io/run-dir.js';
import { acrossSeeds, type AcrossSeeds } from '../stats/t-interval.js';
import type { Interval as PairedInterval } from '../stats/paired.js';
import { referencesFromManifest, type Reference } from '../train/reference-lines.js';
import type { SweepPlan } from './sweep-plan.js';

type Interval = Pick<PairedInterval, 'mean' | 'low' | 'high'>;

interface LoadedRun {
  readonly seed: number;
  readonly curve: CurveFile;
  readonly manifest: CompleteManifest;
  readonly isBpsMean: number | null;
}

export interface SettingAggregate {
  readonly setting: string;
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly seeds: number[];
  /** Mean evaluation objective across seeds at each evaluation, with a 95% t-band. */
  readonly curve: { envSteps: number; objectiveBps: number; lowBps: number; highBps: number; n: number }[];
  readonly references: Reference[];
  /** Final test-seed statistics across seeds (each seed's mean is one replication). */
  readonly final: {
    readonly objectiveBps: AcrossSeeds;
    readonly isBps: AcrossSeeds | null;
    /**
     * Each seed's paired objective difference to `ac` on the test seeds, averaged across seeds.
     * This `ac` is the one of the run's own benchmark, on the agent's action space (rounded to its
     * levels on a discrete space), not the continuous `ac` of `execgym benchmark`.
     */
    readonly vsAcObjectiveBps: AcrossSeeds | null;
    /** Each seed's paired regret against `optimal` on the test seeds (null where the env has none). */
    readonly regretBps: AcrossSeeds | null;
    readonly gapToAcPct: AcrossSeeds;
    readonly envSteps: number;
    readonly perSeed: { seed: number; objectiveBps: number; vsAcObjectiveBps: Interval | null; regretBps: Interval | null }[];
  } | null;
}

/** What `aggregate.json` holds: deterministic (no wall times), so a resumed sweep can be compared. */
export interface SweepAggregate {
  readonly config: string;
  readonly seeds: number[];
  readonly runs: string[];
  readonly settings: SettingAggregate[];
}

/** A completed run of the sweep, its files checked (see experiments/io/run-dir.ts). */
function loadRun(dir: string, seed: number, agentName: string): LoadedRun {
  const summary = readRunBenchmark(dir);
  // A portfolio run's IS is in its portfolio summary (issue 24).
  const isBpsMean = summary ? summary.policies.find((p) => p.policy === agentName)?.isBps.mean : readRunPortfolioBenchmark(dir)?.rows.find((r) => r.policy === agentName)?.shortfallBps.mean;
  return { seed, curve: readCurve(dir), manifest: readCompleteManifest(dir), isBpsMean: isBpsMean ?? null };
}

/** Per evaluation step, the mean objective across the seeds that reached it, with a t-band. */
function curveAcrossSeeds(runs: readonly LoadedRun[]): SettingAggregate['curve'] {
  const bySteps = new Map<number, number[]>();
  for (const run of runs) {
    for (const { envSteps, objectiveBps } of curveObjectives(run.curve)) bySteps.set(envSteps, [...(bySteps.get(envSteps) ?? []), objectiveBps]);
  }
  return [...bySteps.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([envSteps, values]) => {
      const s = acrossSeeds(values);
      return { envSteps, objectiveBps: s.mean, lowBps: s.low, highBps: s.high, n: s.n };
    });
}

function finalAcrossSeeds(runs: readonly LoadedRun[]): SettingAggregate['final'] {
  const done = runs.filter((r) => r.manifest.result.test);
  if (done.length === 0) return null;
  const tests = done.map((r) => r.manifest.result.test!);
  const vsAc = tests.map((t) => t.vsAcObjectiveBps);
  const regret = tests.map((t) => t.regretBps ?? null);
  const interval = (v: Interval | null) => v && { mean: v.mean, low: v.low, high: v.high };
  const isMeans = done.map((r) => r.isBpsMean);
  return {
    objectiveBps: acrossSeeds(tests.map((t) => t.objectiveBps.mean)),
    isBps: isMeans.every((v) => v !== null) ? acrossSeeds(isMeans as number[]) : null,
    vsAcObjectiveBps: vsAc.every((v) => v !== null) ? acrossSeeds(vsAc.map((v) => v!.mean)) : null,
    regretBps: regret.every((v) => v !== null) ? acrossSeeds(regret.map((v) => v!.mean)) : null,
    gapToAcPct: acrossSeeds(tests.map((t) => t.gapToAcPct)),
    envSteps: Math.max(...done.map((r) => r.manifest.result.envSteps)),
    perSeed: done.map((r, i) => ({ seed: r.seed, objectiveBps: tests[i].objectiveBps.mean, vsAcObjectiveBps: interval(vsAc[i]), regretBps: interval(regret[i]) })),
  };
}

/** Reads every completed run of the plan and aggregates each setting across its seeds. */
export function aggregateSweep(sweepDir: string, configPath: string, plan: SweepPlan, log: (line: string) => void = () => {}): { aggregate: SweepAggregate; wallSeconds: Map<string, number[]> } {
  const wallSeconds = new Map<string, number[]>();
  for (const r of plan.runs) if (!isCompleteRun(join(sweepDir, r.dir))) log(`warning: ${join(sweepDir, r.dir)} is incomplete (no result in manifest.json): left out of the aggregate`);
  const settings = plan.settings.map((setting) => {
    const runs = plan.runs
      .filter((r) => r.setting === setting.name && isCompleteRun(join(sweepDir, r.dir)))
      .map((r) => loadRun(join(sweepDir, r.dir), r.seed, setting.config.name));
    wallSeconds.set(setting.name, runs.map((r) => r.manifest.result.wallSeconds));
    return {
      setting: setting.name,
      overrides: setting.overrides,
      seeds: runs.map((r) => r.seed),
      curve: curveAcrossSeeds(runs),
      references: runs.length > 0 ? referencesFromManifest(runs[0].manifest.references) : [],
      final: finalAcrossSeeds(runs),
    };
  });
  return { aggregate: { config: configPath, seeds: plan.seeds, runs: plan.runs.map((r) => r.dir), settings }, wallSeconds };
}
