import { copyFileSync, existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseOrThrow, UserError } from '../../env/errors/errors.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import { runBenchmark } from '../benchmark/run-benchmark.js';
import { clustersBySeed } from '../benchmark/replay-sample.js';
import { writeFileAtomic } from '../../env/io/atomic-write.js';
import { ensureDir } from '../../env/io/ensure-dir.js';
import { BENCHMARK_SUMMARY_FILES, readEpisodes } from '../io/benchmark-dir.js';
import { openResultDir } from '../io/result-dir.js';
import { readCompleteManifest, readRunBenchmark, readRunEpisodes, readTransfer, RUN_SUMMARY_FILES, type BeliefProbeFile } from '../io/run-dir.js';
import { probeRun } from './belief-probes.js';
import { SWEEP_SUMMARY_FILES } from '../io/sweep-dir.js';
import { finishSweep, prepareSweep, runSweepTasks } from '../sweep/sweep.js';
import type { ArtefactTarget } from '../sweep/queue/artefact-target.js';
import { parseAxis, parseSeeds } from '../sweep/sweep-plan.js';
import suites from './suites.json' with { type: 'json' };
import { headlineMarkdown, type TrainedResult } from './headline.js';
import { compareTrained, vsBaseline } from './paired-rows.js';
import { readTransferRun, simToReal, type TransferRun } from '../benchmark/sim-to-real.js';
import { suitesSchema, type Suite } from './suite-schema.js';
import { tunedFamilies, tuneEnv, type EnvTuning } from './tuned-baselines.js';
import { TUNE_FILES } from '../tune/write-tune.js';
import { compileEnv } from '../../env/core/compile-env.js';
import { pooledDaySplit } from '../benchmark/pooled-day-split.js';
import { capacitySensitivity } from '../calibrate/capacity-sensitivity.js';
import type { CapacitySection } from './headline.js';
import { agentEntry, type AgentType } from '../../agents/registry.js';
import { resolveSpec } from '../../env/registry.js';
import { isPortfolioEnv, portfolioParams } from '../../env/portfolio/registry.js';
import { isPortfolioRun } from '../run-config/resolve-env.js';
import { PORTFOLIO_BENCHMARK_SUMMARY_FILES } from '../io/portfolio-benchmark-dir.js';
import { benchmarkPortfolioBaselines } from '../portfolio/portfolio-run-evaluation.js';
import { portfolioBenchmarkRows, portfolioTrainedResult } from './portfolio-rows.js';
import type { PortfolioSection } from './portfolio-section.js';
import { writeLobFacts } from '../lob/lob-facts.js';

export interface SuiteOptions {
  readonly suite: string;
  /** Where the full outputs go (checkpoints, episodes): not committed. */
  readonly workDir: string;
  /** Where the small summaries, the report and README.md go: committed. */
  readonly resultsDir: string;
  readonly workers?: number;
  readonly backend?: string;
  /** Train on this Redis queue's workers instead of local processes. */
  readonly redis?: string;
  /** With `redis`: where the runs' bundles travel (default: that Redis). */
  readonly artefacts?: ArtefactTarget;
  readonly log?: (line: string) => void;
  /**
   * Renders the report of these directories at `outPath` (execgym report's buildReport, passed in
   * by the command: the suite computes, the report renders, and neither imports the other).
   */
  readonly renderReport: (dirs: readonly string[], outPath: string, formats?: readonly ('svg' | 'png' | 'vl.json')[]) => Promise<{ html: string; figures: string[] }>;
  /** A PNG of the rendered report page (skipped, with a log line, where no browser is installed). */
  readonly screenshot: (html: string, pngPath: string, log: (line: string) => void) => Promise<void>;
}

export function loadSuite(name: string): Suite {
  const all = parseOrThrow(suitesSchema, suites, 'suites.json');
  const suite = all[name];
  if (!suite) throw new UserError(`suite must be one of ${Object.keys(all).join(', ')}, got ${JSON.stringify(name)}`);
  return suite;
}

function copyFiles(from: string, to: string, files: readonly string[]): void {
  for (const file of files) {
    if (!existsSync(join(from, file))) continue;
    ensureDir(join(to, file, '..'));
    copyFileSync(join(from, file), join(to, file));
  }
}

/**
 * Copies what results/ commits of a run: its summaries and its final policy (tens of kB: 21 to 37
 * kB of weights for the shipped MLPs), so that `reproduce` and `run:DIR` work on the committed
 * runs from a fresh clone (issue 19, finding 7); checkpoints and episodes stay in the work dir.
 */
export function copyCommittedRun(runDir: string, to: string, agent: AgentType): void {
  copyFiles(runDir, to, [...RUN_SUMMARY_FILES, ...agentEntry(agent).policyFiles.map((f) => `policy/${f}`)]);
}

/**
 * `execgym suite <name>`: benchmarks every baseline on the suite's envs, trains the suite's
 * configs in a pool of worker processes (resumable, as a sweep), renders the report, and writes
 * the committed summaries and results/README.md with the headline table.
 */
export async function runSuite(options: SuiteOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const suite = loadSuite(options.suite);
  const { workDir, resultsDir } = options;

  const sweeps = suite.trainings.map((t) =>
    prepareSweep({ configPath: t.config, seeds: parseSeeds(t.seeds), axes: t.set.map(parseAxis), outDir: join(workDir, 'runs', basename(t.config, '.json')), backend: options.backend, name: basename(t.config, '.json'), log }),
  );

  // Every env with a learned row gets its tuned baselines, on the seeds of its first config
  // (issue 19): they join that env's benchmark, so they are scored on the same test seeds.
  const tunings = new Map<string, EnvTuning>();
  for (const b of suite.benchmarks) {
    const config = sweeps.map((s) => s.plan.settings[0].config).find((c) => c.env.id === b.env);
    // A portfolio env's reference is its exact joint optimum, which no tuned family can beat (portfolio-section.ts).
    if (!config || isPortfolioEnv(b.env)) continue;
    log(`tune ${b.env}: ${tunedFamilies(compileEnv(resolveSpec(b.env))).join(', ')}`);
    tunings.set(b.env, await tuneEnv(compileEnv(resolveSpec(b.env)), config, join(workDir, 'tunes', b.env)));
  }

  const benchmarkDirs: string[] = [];
  const benchmarks: BenchmarkSummary[] = [];
  for (const b of suite.benchmarks) {
    const dir = join(workDir, 'benchmarks', b.env);
    benchmarkDirs.push(dir);
    if (isPortfolioEnv(b.env)) {
      log(`benchmark ${b.env}: ${b.episodes} episodes of the portfolio baselines`);
      benchmarkPortfolioBaselines(portfolioParams(b.env), b.env, { seed: 0, episodes: b.episodes }, dir);
      continue;
    }
    const tuned = tunings.get(b.env)?.results.map((r) => r.selected.name) ?? [];
    log(`benchmark ${b.env}: ${b.episodes} episodes${tuned.length > 0 ? ` (with the tuned ${tuned.join(', ')})` : ''}`);
    benchmarks.push(await runBenchmark({ env: b.env, policies: ['all', ...tuned], episodes: b.episodes, seed: 0, outDir: dir }));
  }
  const failed = await runSweepTasks(sweeps, options, log);
  if (failed.length > 0) throw new UserError(`suite: ${failed.length} training runs failed (see their .log files): ${failed.join(', ')}`);

  // results/ is committed as one result: the files of the previous suite run that this one no
  // longer writes are removed, and nothing else there is touched.
  const out = openResultDir(resultsDir, 'suite', '--results');
  try {
    await writeResults(options, suite, out.staging, sweeps, benchmarkDirs, benchmarks, tunings);
    out.commit();
  } catch (error) {
    out.abandon();
    throw error;
  }
  log(`wrote ${resultsDir}/README.md and report.html`);
}

/**
 * Finishes a sweep (its aggregate.json) and copies what results/ commits of it (each run's
 * summaries and policy, the sweep's summaries); returns its aggregate, run directories and manifests.
 */
function commitSweep(sweep: ReturnType<typeof prepareSweep>, resultsDir: string) {
  const aggregate = finishSweep(sweep);
  const runDirs = sweep.plan.runs.map((r) => join(sweep.options.outDir, r.dir));
  const manifests = runDirs.map((d) => readCompleteManifest(d));
  const name = basename(sweep.options.outDir);
  for (const run of sweep.plan.runs) copyCommittedRun(join(sweep.options.outDir, run.dir), join(resultsDir, 'runs', name, run.dir), sweep.plan.settings[0].config.agent.type);
  copyFiles(sweep.options.outDir, join(resultsDir, 'runs', name), SWEEP_SUMMARY_FILES);
  return { aggregate, runDirs, manifests };
}

async function writeResults(options: SuiteOptions, suite: Suite, resultsDir: string, sweeps: ReturnType<typeof prepareSweep>[], benchmarkDirs: string[], benchmarks: BenchmarkSummary[], tunings: ReadonlyMap<string, EnvTuning>): Promise<void> {
  const log = options.log ?? (() => {});
  const { workDir } = options;
  const portfolioSweeps = sweeps.filter((sweep) => isPortfolioRun(sweep.plan.settings[0].config.env));
  const portfolio: PortfolioSection = {
    benchmarks: suite.benchmarks.filter((b) => isPortfolioEnv(b.env)).map((b) => portfolioBenchmarkRows(join(workDir, 'benchmarks', b.env))),
    trained: portfolioSweeps.map((sweep) => {
      const { runDirs, manifests } = commitSweep(sweep, resultsDir);
      return portfolioTrainedResult(sweep.plan.settings[0].config.name, sweep.plan.seeds, runDirs, join(workDir, 'benchmarks', manifests[0].env.id));
    }),
  };
  // Each recurrent run on a hidden-regime market gets its belief probe (issue 22) before its files are committed.
  const probes = new Map<(typeof sweeps)[number], (BeliefProbeFile | null)[]>();
  for (const sweep of sweeps.filter((s) => !portfolioSweeps.includes(s))) {
    const runs: (BeliefProbeFile | null)[] = [];
    for (const run of sweep.plan.runs) {
      const dir = join(sweep.options.outDir, run.dir);
      runs.push(await probeRun(dir, sweep.plan.settings[0].config, readCompleteManifest(dir).backend));
    }
    if (runs.some((p) => p !== null)) log(`belief probe ${basename(sweep.options.outDir)}: held-out R² ${runs.map((p) => p?.hiddenR2.toFixed(3) ?? '-').join(' / ')}`);
    probes.set(sweep, runs);
  }
  const trained: TrainedResult[] = sweeps.filter((sweep) => !portfolioSweeps.includes(sweep)).map((sweep) => {
    const { aggregate, runDirs, manifests } = commitSweep(sweep, resultsDir);
    const agentName = sweep.plan.settings[0].config.name;
    const envId = manifests[0].env.id;
    const runEpisodes = runDirs.map((d) => readRunEpisodes(d) ?? []);
    // `optimal` is a regret reference only where the benchmark made it one (not on a passive env,
    // where limit orders can beat the best taker schedule).
    const envBenchmark = benchmarks.find((b) => b.env === envId);
    const hasOptimum = envBenchmark?.optimum != null;
    const benchmarkRows = ((envBenchmark && readEpisodes(join(workDir, 'benchmarks', envId), envBenchmark)) ?? []).filter((r) => hasOptimum || r.policy !== 'optimal');
    // On a replay env the test windows of a symbol-day are one cluster, as in the benchmark's intervals.
    const clusters = envBenchmark ? clustersBySeed(envBenchmark) : null;
    const comparison = compareTrained(agentName, sweep.plan.seeds, runEpisodes, benchmarkRows, clusters);
    const summaries = runDirs.map((d) => readRunBenchmark(d)!);
    const limitOrders = summaries[0].policies.some((p) => p.passive);
    const transfers = sweep.plan.runs.map((r, i) => readTransferRun(runDirs[i], r.seed));
    const transferEnv = transfers.every((t) => t !== null) ? readTransfer(runDirs[0])!.summary.env : null;
    const tuning = tunings.get(envId);
    return {
      name: agentName,
      env: envId,
      comparison,
      simToReal: transferEnv ? simToReal(agentName, { twin: envId, replay: transferEnv }, transfers as TransferRun[]) : null,
      seeds: sweep.plan.seeds,
      aggregate,
      summaries,
      vsTakerAndPassive: limitOrders
        ? { twap: vsBaseline(agentName, sweep.plan.seeds, runEpisodes, benchmarkRows, 'twap', clusters), passiveTwap: vsBaseline(agentName, sweep.plan.seeds, runEpisodes, benchmarkRows, 'passive-twap', clusters) }
        : null,
      learning: manifests.map((m) => m.result.learning ?? null),
      selectedSteps: manifests.map((m) => m.result.selected.envSteps ?? null),
      tuned: tuning ? { name: tuning.best.name, family: tuning.best.family, vsBps: vsBaseline(agentName, sweep.plan.seeds, runEpisodes, benchmarkRows, tuning.best.name, clusters) } : null,
      envSteps: manifests[0].result.envSteps,
      wallSeconds: manifests.map((m) => m.result.wallSeconds),
      hiddenState: manifests[0].env.hiddenStateFeatures.length > 0,
      beliefProbes: probes.get(sweep),
    };
  });
  const pooled = suite.pooledDaySplits.map((p) => {
    const directions = p.configs.map((config) => {
      const sweep = sweeps.find((s) => basename(s.options.outDir) === config);
      if (!sweep) throw new UserError(`suite: pooledDaySplits ${p.name} names ${JSON.stringify(config)}, which the suite does not train`);
      const runs = sweep.plan.runs.map((r) => readTransferRun(join(sweep.options.outDir, r.dir), r.seed));
      if (runs.some((r) => r === null)) throw new UserError(`suite: pooledDaySplits ${p.name}: ${config} has a run without its transfer episodes`);
      return { config, agent: sweep.plan.settings[0].config.name, runs: runs as TransferRun[] };
    });
    return pooledDaySplit(p.name, directions);
  });
  const capacity: CapacitySection[] = [];
  for (const c of suite.capacity) {
    log(`capacity sensitivity ${c.env}: ${c.episodes} episodes per scale`);
    capacity.push({ env: c.env, episodes: c.episodes, rows: await capacitySensitivity(c.env, { episodes: c.episodes, seed: 0 }) });
  }
  if (suite.lobFacts) {
    log(`stylised facts of the generated order flow: ${suite.lobFacts.impactSeeds} seeds per meta-order size`);
    writeLobFacts(resultsDir, { seed: 0, impactSeeds: suite.lobFacts.impactSeeds });
  }
  for (const dir of benchmarkDirs) copyFiles(dir, join(resultsDir, 'benchmarks', basename(dir)), [...BENCHMARK_SUMMARY_FILES, ...PORTFOLIO_BENCHMARK_SUMMARY_FILES]);
  for (const [env, tuning] of tunings) for (const r of tuning.results) copyFiles(join(workDir, 'tunes', env, r.family), join(resultsDir, 'tunes', env, r.family), Object.values(TUNE_FILES));

  log('report');
  const inputs = [...sweeps.map((s) => s.options.outDir), ...benchmarkDirs];
  // The full report (PNGs, specs with every episode) in the work directory; SVGs only in results/.
  await options.renderReport(inputs, join(workDir, 'report.html'));
  const report = await options.renderReport(inputs, join(resultsDir, 'report.html'), ['svg']);
  const figures = report.figures.map((f) => relative(resultsDir, f));
  await options.screenshot(report.html, join(resultsDir, 'report.png'), log);
  writeFileAtomic(join(resultsDir, 'README.md'), headlineMarkdown(options.suite, suite.description, benchmarks, trained, figures, { pooled, capacity, portfolio }));
  log(`${figures.length} figures`);
}
