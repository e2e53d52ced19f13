import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../env/errors/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { isCompleteRun, latestCheckpoint, readManifest } from '../io/run-dir.js';
import { configHash } from '../run-config/load-config.js';
import { ensureDir } from '../../env/io/ensure-dir.js';
import { openResultDir, type ResultDir } from '../io/result-dir.js';
import { sweepPaths } from '../io/sweep-dir.js';
import { aggregateSweep, type SweepAggregate } from './aggregate.js';
import { formatSweepMarkdown } from './format-sweep.js';
import { runPool, type PoolTask } from './run-pool.js';
import { planSweep, type SweepAxis, type SweepPlan } from './sweep-plan.js';
import type { RunConfig } from '../run-config/run-config.js';
import type { PendingRun } from './pending-run.js';
import { REDIS_ARTEFACTS, type ArtefactTarget } from './queue/artefact-target.js';

export interface SweepOptions {
  readonly configPath: string;
  readonly seeds: number[];
  readonly axes: readonly SweepAxis[];
  readonly outDir: string;
  /** Parallel worker processes (default: one per core). */
  readonly workers?: number;
  readonly backend?: string;
  /** Enqueue the runs on this Redis queue instead of running local processes (see {@link SweepRunner}). */
  readonly redis?: string;
  /** With `redis`: where the runs' bundles travel (default: that Redis). */
  readonly artefacts?: ArtefactTarget;
  /** Prefixes the run labels in the log (the suite names each config's sweep). */
  readonly name?: string;
  readonly log?: (line: string) => void;
}

/** The built CLI that the workers run (the sweep runs from dist/, next to it). */
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** A sweep ready to run: its plan and the training tasks still to do. */
export interface PreparedSweep {
  readonly options: SweepOptions;
  readonly plan: SweepPlan;
  readonly tasks: PoolTask[];
  /** The sweep directory, locked against a second sweep until {@link finishSweep} commits the aggregate. */
  readonly out: ResultDir;
  readonly pending: PendingRun[];
}

/**
 * Plans a sweep and writes each setting's config: complete runs are skipped, interrupted ones
 * resume from their last checkpoint, and runs killed before any checkpoint start again.
 */
export function prepareSweep(options: SweepOptions): PreparedSweep {
  const plan = planSweep(options.configPath, options.seeds, options.axes);
  const out = openResultDir(options.outDir, 'aggregate');
  try {
    return { options, plan, ...planTasks(options, plan), out };
  } catch (error) {
    out.abandon();
    throw error;
  }
}

function planTasks(options: SweepOptions, plan: SweepPlan): { tasks: PoolTask[]; pending: PendingRun[] } {
  const log = options.log ?? (() => {});
  const tasks: PoolTask[] = [];
  const pending: PendingRun[] = [];
  for (const setting of plan.settings) {
    ensureDir(join(options.outDir, setting.name));
    const configFile = sweepPaths(options.outDir).settingConfig(setting.name);
    writeJsonAtomic(configFile, setting.config);
    for (const run of plan.runs.filter((r) => r.setting === setting.name)) {
      const runDir = join(options.outDir, run.dir);
      const label = options.name ? `${options.name}/${run.dir}` : run.dir;
      if (isCompleteRun(runDir)) {
        // A complete run is kept only if it is this setting's run: a config edited since (a new
        // field such as a transfer env included) would otherwise leave stale results in the aggregate.
        const trained = readManifest(runDir).configHash;
        const wanted = configHash({ ...setting.config, seed: run.seed });
        if (trained !== wanted) throw new UserError(`${runDir} is a complete run of another config (hash ${trained.slice(0, 12)}, the sweep's ${wanted.slice(0, 12)}): move it away to train it anew, or give the sweep another --out`);
        log(`skip ${label}: complete`);
        continue;
      }
      const resume = latestCheckpoint(runDir) !== null;
      // A run killed before its first checkpoint has nothing worth keeping.
      if (!resume) rmSync(runDir, { recursive: true, force: true });
      const args = ['train', configFile, '--seed', String(run.seed), '--out', runDir, '--backend', options.backend ?? 'auto', ...(resume ? ['--resume'] : [])];
      tasks.push({ label, args, logFile: `${runDir}.log` });
      pending.push({ label, runDir, config: { ...setting.config, seed: run.seed }, resume });
    }
  }
  log(`${plan.runs.length} runs (${plan.settings.length} settings x ${plan.seeds.length} seeds): ${tasks.length} to run`);
  return { tasks, pending };
}

/** Where a sweep's runs are trained: local worker processes (the default), or a Redis queue. */
export interface SweepRunner {
  /** Parallel local worker processes (default: one per core). */
  readonly workers?: number;
  /** Enqueue the runs here instead, for `execgym worker`s on any machine (`--redis`). */
  readonly redis?: string;
  /** Where the queue's checkpoints and results travel (`--artefacts`; default: the queue's Redis). */
  readonly artefacts?: ArtefactTarget;
  readonly backend?: string;
}

/**
 * Trains the runs of one or more prepared sweeps, in one pool of local worker processes or
 * through the queue; either way the run directories end up in place. Resolves with the labels of
 * the runs that failed.
 */
export async function runSweepTasks(sweeps: readonly PreparedSweep[], runner: SweepRunner, log: (line: string) => void): Promise<string[]> {
  const startLine = (task: PoolTask) => `${task.args.includes('--resume') ? 'resume' : 'start'} ${task.label}`;
  if (runner.redis !== undefined) {
    for (const task of sweeps.flatMap((s) => s.tasks)) log(startLine(task));
    const { runOnQueue } = await import('./queue/submit-runs.js');
    return runOnQueue(sweeps.flatMap((s) => s.pending), runner.redis, runner.artefacts ?? REDIS_ARTEFACTS, runner.backend ?? 'auto', log);
  }
  const tasks = sweeps.flatMap((s) => s.tasks);
  // Each run's start is logged when its process starts, so with --workers 1 the log reads start, done, start, done.
  return runPool(CLI, tasks, runner.workers ?? cpus().length, (task, code) => log(`${code === 0 ? 'done' : `failed (exit ${code}, see ${task.logFile})`} ${task.label}`), (task) => log(startLine(task)));
}

/** Recomputes the aggregate from the sweep's run directories and writes aggregate.json and .md. */
export function finishSweep(sweep: PreparedSweep): SweepAggregate {
  const { outDir, configPath } = sweep.options;
  try {
    const { aggregate, wallSeconds } = aggregateSweep(outDir, configPath, sweep.plan, sweep.options.log);
    const files = sweepPaths(sweep.out.staging);
    writeJsonAtomic(files.aggregate, aggregate);
    writeFileAtomic(files.aggregateMd, formatSweepMarkdown(aggregate, wallSeconds));
    sweep.out.commit();
    return aggregate;
  } catch (error) {
    sweep.out.abandon();
    throw error;
  }
}

/**
 * `execgym sweep`: every (setting, seed) as its own run directory, trained by worker processes
 * (default one per core). Starting a killed sweep again finishes only what is left. The run
 * directories are the single source of truth: the aggregate is recomputed from them at the end.
 */
export async function runSweep(options: SweepOptions): Promise<SweepAggregate> {
  const log = options.log ?? (() => {});
  const sweep = prepareSweep(options);
  let failed: string[];
  try {
    failed = await runSweepTasks([sweep], options, log);
  } catch (error) {
    sweep.out.abandon();
    throw error;
  }
  const aggregate = finishSweep(sweep);
  if (failed.length > 0) throw new UserError(`sweep: ${failed.length} runs failed (their .log files say why): ${failed.join(', ')}`);
  return aggregate;
}
