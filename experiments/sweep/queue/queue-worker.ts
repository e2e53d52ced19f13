import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { BackendRequest } from '../../../agents/common/backend-names.js';
import { UserError } from '../../../env/errors/errors.js';
import { writeJsonAtomic } from '../../../env/io/atomic-write.js';
import { checkName, pathInside } from '../../../env/io/safe-path.js';
import { printable } from '../../io/printable.js';
import type { ArtefactStore } from './artefact-store.js';
import type { ArtefactTarget } from './artefact-target.js';
import { filesUnder, unpackBundle, writeDirAtomic } from './bundle.js';
import { checkJobData } from './job-data.js';
import { checkpointBundle, jobPaths, latestCheckpointRef, resultBundle } from './job-dir.js';
import { openArtefactStore } from './open-artefact-store.js';
import { bullConnection, checkRedis, redact, type RedisTarget } from './redis-target.js';
import { queueKey, UNSIGNED_WARNING } from './signed-store.js';
import type { RunConfig } from '../../run-config/run-config.js';
import { artefactsMismatch, parseRunJob, QUEUE_NAME, toolchainMismatch, type RunProgress, type RunReturn, type Toolchain } from './run-job.js';
import type { CheckpointMessage, ChildSpec } from './train-child.js';

export interface WorkerOptions {
  readonly redis: RedisTarget;
  /** Where checkpoints and results go: the submitter's store (a job from another store is refused). */
  readonly artefacts: ArtefactTarget;
  /** Runs trained at once (each in its own process). */
  readonly concurrency: number;
  readonly backend: BackendRequest;
  /**
   * How long a job's lock lives without renewal: after a worker dies, its runs go to another
   * worker within about twice this (BullMQ's stalled-job check runs at the same interval).
   */
  readonly lockSeconds: number;
  /** Local scratch space for the runs being trained, one directory each, removed as each finishes (default: a temporary directory). */
  readonly workDir?: string;
  /** The folder whose regular files a queued config may name (relative paths), besides the package's samples; null: samples only. */
  readonly dataRoot?: string | null;
  /** Wall time a run may take on this worker (per attempt) before it is failed, in seconds (`--run-timeout`: a FIFO or a stuck run must not hold a slot for ever). */
  readonly runTimeoutSeconds: number;
  readonly log: (line: string) => void;
  /** Resolves when the worker should stop (default: SIGINT or SIGTERM). */
  readonly stopSignal?: Promise<void>;
}

/** How many times a run may be handed on after its worker vanished (each resumes from a checkpoint). */
const MAX_STALLED = 5;

const CHILD = fileURLToPath(new URL('./train-child.js', import.meta.url));

/**
 * A job id as the submitter makes them (32 hex digits) or BullMQ numbers them: the id names the
 * job's scratch directory, so anything that could be a path is refused (issue 25).
 */
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The last non-empty line of a log, for a one-line failure reason. */
function lastLine(path: string): string {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.at(-1) ?? '(no output)';
}

/** The first SIGINT or SIGTERM (a second one exits at once; the runs then go to other workers from their last checkpoints). */
function signalled(log: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      log(`worker: ${signal}: checkpointing the active runs and stopping (again to exit at once)`);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

/**
 * `execgym worker`: takes runs from the queue until stopped. Each run is trained in a child
 * process in a scratch directory; every checkpoint is stored in the artefact store (Redis or a
 * bucket), so a run whose worker dies is resumed by another (BullMQ's stalled-job detection hands
 * it on); the finished run directory goes back the same way. On SIGINT/SIGTERM each active run checkpoints, is stored
 * and returns to the queue, and the worker exits.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const { redis, log } = options;
  const client = await checkRedis(redis);
  const store = await openArtefactStore(options.artefacts, client).catch(async (error: unknown) => {
    await client.quit();
    throw error;
  });
  // Resolved in a child process: TensorFlow.js in this process would slow the event loop that renews the locks.
  const toolchain = await probeToolchain(options.backend);
  const name = `${hostname()}:${process.pid}`;
  const workDir = resolve(options.workDir ?? join(tmpdir(), `execgym-worker-${process.pid}`));
  const dataRoot = options.dataRoot ? resolve(options.dataRoot) : null;
  const runTimeoutMs = options.runTimeoutSeconds * 1000;
  if (queueKey() === null) log(UNSIGNED_WARNING);
  /** The training process of each active job, and whether the job's lock was lost to another worker. */
  const training = new Map<string, { child: ChildProcess; lost: boolean }>();
  let stopping = false;

  /** Runs the child; resolves with its exit code (130: stopped at a checkpoint) and whether the lock was lost. */
  function trainInChild(jobId: string, jobDir: string, onCheckpoint: (m: CheckpointMessage) => void): Promise<{ code: number; lost: boolean; timedOut: boolean }> {
    const logFd = openSync(jobPaths(jobDir).log, 'a');
    // In the data root, the config's relative data paths resolve there (job-data.ts checked them); without one, in the job's own directory.
    const child = fork(CHILD, [jobDir], { cwd: dataRoot ?? jobDir, stdio: ['ignore', logFd, logFd, 'ipc'], serialization: 'advanced' });
    closeSync(logFd);
    const entry = { child, lost: false };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, runTimeoutMs);
    training.set(jobId, entry);
    if (stopping) child.send('stop');
    child.on('message', (m) => {
      const message = m as CheckpointMessage;
      if (message.type === 'checkpoint' && !entry.lost) onCheckpoint({ ...message, bundle: Buffer.from(message.bundle) });
    });
    return new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        training.delete(jobId);
        resolve({ code: code ?? (signal ? 128 : 1), lost: entry.lost, timedOut });
      });
    });
  }

  const processRun = async (job: Job, token?: string): Promise<RunReturn> => {
    const { label, config } = acceptJob(job, { toolchain, artefacts: store.identity, dataRoot }, name, log);
    const id = job.id!;
    const jobDir = pathInside(workDir, id, 'job id');
    const paths = jobPaths(jobDir);
    const resumeAt = await restoreCheckpoint(store, id, jobDir).catch((error: unknown) => {
      // A checkpoint that fails its checks (integrity tag, size, a path or control file in it) fails the run: retrying reads the same one.
      rmSync(jobDir, { recursive: true, force: true });
      const reason = `worker ${name} refuses the checkpoint of ${label}: ${(error as Error).message}`;
      log(reason);
      throw new UnrecoverableError(reason);
    });
    log(resumeAt ? `resume ${label} at ${resumeAt.envSteps} env steps (checkpoint from ${store.identity})` : `start ${label} (no checkpoint stored)`);
    const progress = (checkpointSteps: number | null): RunProgress => ({ worker: name, checkpointSteps });
    await job.updateProgress(progress(resumeAt?.envSteps ?? null));

    const spec: ChildSpec = { config, backend: toolchain.backend, resume: resumeAt !== null };
    writeJsonAtomic(paths.spec, spec);
    // Checkpoints are stored one after another, so an older one never overwrites a newer one.
    let storing = Promise.resolve();
    const storeCheckpoint = (envSteps: number, bundle: Buffer) => {
      storing = storing
        .then(async () => {
          await store.put('checkpoint', id, bundle);
          await job.updateProgress(progress(envSteps));
          log(`checkpoint ${label} at ${envSteps} env steps stored (${(bundle.length / 1024).toFixed(1)} KiB)`);
        })
        // A checkpoint the store refused (down past the SDK's retries) costs only resumability:
        // training goes on and the next checkpoint tries again; unhandled, it would end the worker.
        .catch((error: unknown) => log(`checkpoint ${label} at ${envSteps} env steps not stored: ${redact(redis, (error as Error).message)}`));
    };
    const { code, lost, timedOut } = await trainInChild(id, jobDir, (m) => storeCheckpoint(m.envSteps, m.bundle));
    await storing;
    try {
      if (lost) throw new Error(`worker ${name} lost the lock of ${label} to another worker`);
      if (timedOut) {
        const reason = `training failed on worker ${name}: the run took longer than --run-timeout ${runTimeoutMs / 1000} s and was stopped`;
        log(`failed ${label}: ${reason}`);
        throw new UnrecoverableError(reason);
      }
      if (code === 130) {
        const snapshot = checkpointBundle(jobDir);
        if (snapshot) storeCheckpoint(snapshot.envSteps, snapshot.bundle);
        await storing;
        log(`return ${label} to the queue at ${snapshot?.envSteps ?? 0} env steps`);
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (code !== 0) {
        await store.put('log', id, readFileSync(paths.log));
        const reason = `training failed on worker ${name} (exit ${code}): ${lastLine(paths.log)}`;
        log(`failed ${label}: ${reason}`);
        throw code === 2 ? new UnrecoverableError(reason) : new Error(reason);
      }
      const bundle = resultBundle(jobDir);
      await store.put('result', id, bundle);
      await store.delete(id, ['checkpoint']);
      log(`done ${label} (${(bundle.length / 1024).toFixed(0)} KiB bundle)`);
      return { worker: name, bundleBytes: bundle.length };
    } finally {
      rmSync(jobDir, { recursive: true, force: true });
    }
  };

  const worker = new Worker(QUEUE_NAME, processRun, {
    connection: bullConnection(redis),
    concurrency: options.concurrency,
    name,
    lockDuration: options.lockSeconds * 1000,
    stalledInterval: options.lockSeconds * 1000,
    maxStalledCount: MAX_STALLED,
    autorun: false,
  });
  // The lock lapsed (this machine stalled longer than --lock-seconds) and the run went to another
  // worker, which resumes it from the last stored checkpoint: stop training it here.
  worker.on('lockRenewalFailed', (jobIds) => {
    for (const id of jobIds) {
      const entry = training.get(id);
      if (!entry || entry.lost) continue;
      entry.lost = true;
      entry.child.kill('SIGKILL');
      log(`lost the lock of job ${id} (this worker stalled longer than --lock-seconds); another worker resumes it from its last checkpoint`);
    }
  });
  let lastError = 0;
  worker.on('error', (error) => {
    if (error.message.startsWith('could not renew lock')) return;
    // Reconnects are retried; say so at most every 30 s, never with the password.
    if (Date.now() - lastError < 30_000) return;
    lastError = Date.now();
    log(`worker: ${redact(redis, error.message)} (retrying)`);
  });
  log(`worker ${name}: execgym ${toolchain.execgym}, tfjs ${toolchain.tfjs}, backend ${toolchain.backend}; queue ${QUEUE_NAME} on ${redis.display}; artefacts in ${store.identity}; concurrency ${options.concurrency}`);
  const running = worker.run();
  await (options.stopSignal ?? signalled(log));
  stopping = true;
  for (const { child } of training.values()) child.send('stop');
  await worker.close();
  await running;
  await store.close();
  await client.quit();
  // Each job removes its own directory; a scratch directory of our own goes too.
  if (options.workDir === undefined) rmSync(workDir, { recursive: true, force: true });
  log('worker: stopped');
}

/** This machine's toolchain, resolved by a short-lived training process (which loads TensorFlow.js). */
function probeToolchain(backend: BackendRequest): Promise<Toolchain> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, ['--toolchain', backend], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (toolchain) => resolve(toolchain as Toolchain));
    child.once('exit', (code) => reject(new UserError(`worker: backend ${backend} cannot be loaded here (exit ${code})`)));
  });
}

/**
 * The job's label and config, if this worker may run it.
 * @throws UnrecoverableError (the job fails at once, with the reason) for invalid data, another toolchain or another artefact store
 */
function acceptJob(job: Job, mine: { toolchain: Toolchain; artefacts: string; dataRoot: string | null }, worker: string, log: (line: string) => void): { label: string; config: RunConfig } {
  let parsed: ReturnType<typeof parseRunJob>;
  try {
    checkName(job.id, 'job id', JOB_ID);
    parsed = parseRunJob(job.data);
  } catch (error) {
    log(`refuse job ${JSON.stringify(job.id)}: ${(error as Error).message}`);
    throw new UnrecoverableError(`worker ${worker} refuses job ${JSON.stringify(job.id)}: ${(error as Error).message}`);
  }
  // The label comes from Redis: logged without control characters.
  const label = printable(parsed.job.label);
  const found = toolchainMismatch(parsed.job.toolchain, mine.toolchain) ?? artefactsMismatch(parsed.job.artefacts, mine.artefacts) ?? dataRefusal(parsed.config, mine.dataRoot);
  // It quotes the job's toolchain and store, which come from Redis too.
  const mismatch = found === null ? null : printable(found);
  if (mismatch) {
    log(`refuse ${label}: ${mismatch}`);
    throw new UnrecoverableError(`worker ${worker} refuses ${label}: ${mismatch}`);
  }
  return { label, config: parsed.config };
}

/** Why the config names a file this worker must not read, or null (see job-data.ts). */
function dataRefusal(config: RunConfig, dataRoot: string | null): string | null {
  try {
    checkJobData(config, dataRoot);
    return null;
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
}

/** Prepares the job's scratch directory, from the stored checkpoint if there is one. */
async function restoreCheckpoint(store: ArtefactStore, jobId: string, jobDir: string): Promise<{ envSteps: number } | null> {
  rmSync(jobDir, { recursive: true, force: true });
  const stored = await store.get('checkpoint', jobId);
  if (stored) writeDirAtomic(jobDir, unpackBundle(stored));
  else mkdirSync(jobDir, { recursive: true });
  return latestCheckpointRef(jobDir);
}
