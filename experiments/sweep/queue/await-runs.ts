import { QueueEvents, type ConnectionOptions, type Queue } from 'bullmq';
import { UserError } from '../../../env/errors/errors.js';
import { writeFileAtomic } from '../../../env/io/atomic-write.js';
import { printable } from '../../io/printable.js';
import { isCompleteRun } from '../../io/run-dir.js';
import type { PendingRun } from '../pending-run.js';
import type { ArtefactStore } from './artefact-store.js';
import { filesUnder, unpackBundle, writeDirAtomic } from './bundle.js';
import { QUEUE_NAME, type RunProgress, type RunReturn } from './run-job.js';

const SUMMARY_EVERY_MS = 15_000;
/**
 * The safety net under the events: every pending run's state is read at least this often, for an
 * event that was missed (trimmed from BullMQ's capped event stream while this process was away).
 */
const RECONCILE_MIN_MS = 30_000;
/** ... and at most this many runs a second on average: 10,000 pending runs are read every 100 s. */
const RECONCILE_RUNS_PER_S = 100;
/** State reads in flight at once during a reconciliation (ioredis pipelines them on one connection). */
const RECONCILE_BATCH = 200;

export interface AwaitOptions {
  readonly queue: Queue;
  /** For the QueueEvents connection (a blocking XREAD of its own). */
  readonly connection: ConnectionOptions;
  /** The id of the newest event before the runs were queued: events after it are read, none missed. */
  readonly lastEventId: string;
  readonly store: ArtefactStore;
  readonly runs: ReadonlyMap<string, PendingRun>;
  readonly log: (line: string) => void;
  /** Says a QueueEvents error without secrets. */
  readonly redact: (text: string) => string;
}

/**
 * Waits for the queued runs on BullMQ's event stream (`completed`, `failed`, `removed` and the
 * workers' `progress`), writing each finished run directory from its result bundle as it
 * completes. A waiting submitter sends Redis a few commands per finished run and per interval
 * instead of two per pending run every half second (docs/distributed.md has the measurements).
 * Events can be missed (the stream is capped), so each run's state is also read once at the start
 * and then every {@link RECONCILE_MIN_MS} or longer.
 * @returns the labels of the runs that failed
 */
export async function awaitRuns(options: AwaitOptions): Promise<string[]> {
  const collector = new RunCollector(options);
  const events = new QueueEvents(QUEUE_NAME, { connection: options.connection, lastEventId: options.lastEventId });
  let lastError = 0;
  events.on('error', (error) => {
    // It reconnects by itself; say so at most every 30 s.
    if (Date.now() - lastError < 30_000) return;
    lastError = Date.now();
    options.log(`queue events: ${options.redact(error.message)} (retrying; runs are also checked every ${collector.reconcileMs / 1000} s)`);
  });
  events.on('progress', ({ jobId, data }) => collector.progressed(jobId, data as Partial<RunProgress>));
  events.on('completed', ({ jobId, returnvalue }) => collector.run(() => collector.completed(jobId, returnvalue as unknown as RunReturn | null)));
  events.on('failed', ({ jobId, failedReason }) => collector.run(() => collector.check(jobId, failedReason)));
  events.on('removed', ({ jobId }) => collector.run(() => collector.check(jobId)));
  const timers = [setInterval(() => collector.run(() => collector.reconcile()), collector.reconcileMs), setInterval(() => collector.run(() => collector.summary()), SUMMARY_EVERY_MS)];
  try {
    // Runs that finished before the events were followed (a re-attached sweep) are found here.
    collector.run(() => collector.reconcile());
    return await collector.finished;
  } finally {
    for (const timer of timers) clearInterval(timer);
    await events.close();
  }
}

/** The pending runs, and what becomes of each: written out when completed, reported when failed. */
class RunCollector {
  readonly reconcileMs: number;
  readonly finished: Promise<string[]>;
  private readonly pending: Map<string, PendingRun>;
  private readonly failed: string[] = [];
  private readonly workerOf = new Map<string, string>();
  private inFlight = 0;
  private reconciling = false;
  private resolve!: (failed: string[]) => void;
  private reject!: (error: unknown) => void;

  constructor(private readonly options: AwaitOptions) {
    this.pending = new Map(options.runs);
    this.reconcileMs = Math.max(RECONCILE_MIN_MS, (this.pending.size / RECONCILE_RUNS_PER_S) * 1000);
    this.finished = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (this.pending.size === 0) this.resolve([]);
  }

  /** Runs `task` (an event's or a timer's), failing the wait on its error and ending it once no run is pending. */
  run(task: () => Promise<void>): void {
    this.inFlight += 1;
    task()
      .catch((error: unknown) => this.reject(error))
      .finally(() => {
        this.inFlight -= 1;
        if (this.pending.size === 0 && this.inFlight === 0) this.resolve(this.failed);
      });
  }

  /** A worker took the run, or moved it on to another (it reports its name and the checkpoint it resumed from). */
  progressed(id: string, progress: Partial<RunProgress>): void {
    const run = this.pending.get(id);
    // A worker's name and the reasons below come from Redis: printed without control characters (issue 25).
    const worker = progress.worker ? printable(progress.worker) : '';
    if (!run || !worker || this.workerOf.get(id) === worker) return;
    const resumed = typeof progress.checkpointSteps === 'number' ? ` (resumes at ${progress.checkpointSteps} env steps)` : '';
    this.options.log(`${this.workerOf.has(id) ? 'moved' : 'running'} ${run.label} on ${worker}${resumed}`);
    this.workerOf.set(id, worker);
  }

  /** Writes a completed run's directory and log from its result bundle, then drops its bundles. */
  async completed(id: string, returned: RunReturn | null): Promise<void> {
    const run = this.pending.get(id);
    if (!run) return;
    this.pending.delete(id);
    const { store, log } = this.options;
    let assembled: boolean;
    try {
      assembled = await assemble(store, id, run);
    } catch (error) {
      // A bundle refused (its integrity tag, its size, a path or control file in it): this run fails, the others go on.
      if (!(error instanceof BundleRefused)) throw error;
      this.failed.push(run.label);
      log(`failed ${run.label}: ${printable(error.message)}`);
      return;
    }
    if (assembled) {
      const worker = printable(returned?.worker ?? this.workerOf.get(id) ?? 'a worker');
      log(`done ${run.label} on ${worker} [${this.options.runs.size - this.pending.size - this.failed.length}/${this.options.runs.size}]`);
    } else {
      this.failed.push(run.label);
      log(`failed ${run.label}: its result bundle is gone from ${store.identity} (cleaned?); submit the sweep again`);
    }
  }

  /** Reads the run's state and acts on a final one (an event may be stale: a `failed` job may have been retried since). */
  async check(id: string, failedReason?: string): Promise<void> {
    if (!this.pending.has(id)) return;
    const state = await this.options.queue.getJobState(id);
    if (state === 'completed') {
      const job = await this.options.queue.getJob(id);
      await this.completed(id, (job?.returnvalue as RunReturn | undefined) ?? null);
    } else if (state === 'failed' || state === 'unknown') {
      const reason = failedReason ?? (await this.options.queue.getJob(id))?.failedReason ?? 'the job vanished from the queue';
      await this.failedRun(id, reason);
    } else if (state === 'active' && !this.workerOf.has(id)) {
      // A run already running when this submitter (re)attached: name its worker once.
      this.progressed(id, ((await this.options.queue.getJob(id))?.progress ?? {}) as Partial<RunProgress>);
    }
  }

  private async failedRun(id: string, reason: string): Promise<void> {
    const run = this.pending.get(id);
    if (!run) return;
    this.pending.delete(id);
    this.failed.push(run.label);
    const runLog = await this.options.store.get('log', id);
    if (runLog) writeFileAtomic(`${run.runDir}.log`, runLog);
    this.options.log(`failed ${run.label}: ${printable(reason)}`);
  }

  /** Reads the state of every pending run, a batch at a time; one pass at once. */
  async reconcile(): Promise<void> {
    if (this.reconciling) return;
    this.reconciling = true;
    try {
      const ids = [...this.pending.keys()];
      for (let i = 0; i < ids.length; i += RECONCILE_BATCH) await Promise.all(ids.slice(i, i + RECONCILE_BATCH).map((id) => this.check(id)));
    } finally {
      this.reconciling = false;
    }
  }

  async summary(): Promise<void> {
    const { queue, log, runs } = this.options;
    const counts = await queue.getJobCounts('active', 'waiting', 'delayed');
    log(`queue: ${runs.size - this.pending.size}/${runs.size} finished, ${counts.active} active, ${counts.waiting + counts.delayed} waiting, ${await queue.getWorkersCount()} workers`);
  }
}

/** A result bundle that fails its checks: the run fails, the sweep goes on. */
class BundleRefused extends Error {}

/**
 * Writes a completed run's directory and log from its result bundle, then drops the bundles.
 * @returns false when the result is gone (and the run directory is not complete already)
 */
async function assemble(store: ArtefactStore, id: string, run: PendingRun): Promise<boolean> {
  let files: Map<string, Buffer>;
  try {
    const bundle = await store.get('result', id);
    if (bundle === null) return isCompleteRun(run.runDir);
    files = unpackBundle(bundle);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new BundleRefused(`its result bundle is refused: ${(error as Error).message}`);
  }
  // A run delivered twice is written once: a complete run directory is never replaced.
  if (!isCompleteRun(run.runDir)) writeDirAtomic(run.runDir, filesUnder(files, 'run'));
  const runLog = files.get('run.log');
  if (runLog) writeFileAtomic(`${run.runDir}.log`, runLog);
  await store.delete(id);
  return true;
}
