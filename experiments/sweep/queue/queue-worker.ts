import { fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { BackendRequest } from '../../../agents/common/backend-names.js';
import { writeJsonAtomic } from '../../io/atomic-write.js';
import { ArtefactStore } from './artefact-store.js';
import { filesUnder, unpackBundle, writeDirAtomic } from './bundle.js';
import { checkpointBundle, jobPaths, latestCheckpointRef, resultBundle } from './job-dir.js';
import { bullConnection, checkRedis, redact, type RedisTarget } from './redis-target.js';
import { localToolchain } from './toolchain.js';
import { parseRunJob, QUEUE_NAME, toolchainMismatch, type RunProgress, type RunReturn } from './run-job.js';
import type { CheckpointMessage, ChildSpec } from './train-child.js';

export interface WorkerOptions {
  readonly redis: RedisTarget;
  /** Runs trained at once (each in its own process). */
  readonly concurrency: number;
  readonly backend: BackendRequest;
  /**
   * How long a job's lock lives without renewal: after a worker dies, its runs go to another
   * worker within about twice this (BullMQ's stalled-job check runs at the same interval).
   */
  readonly lockSeconds: number;
  /** Local scratch space for the runs being trained (removed as each finishes). */
  readonly workDir?: string;
  readonly log: (line: string) => void;
  /** Resolves when the worker should stop (default: SIGINT or SIGTERM). */
  readonly stopSignal?: Promise<void>;
}

/** How many times a run may be handed on after its worker vanished (each resumes from a checkpoint). */
const MAX_STALLED = 5;

const CHILD = fileURLToPath(new URL('./train-child.js', import.meta.url));

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
 * process in a scratch directory; every checkpoint is stored in Redis, so a run whose worker
 * dies is resumed by another (BullMQ's stalled-job detection hands it on); the finished run
 * directory goes back through Redis. On SIGINT/SIGTERM each active run checkpoints, is stored
 * and returns to the queue, and the worker exits.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const { redis, log } = options;
  const client = await checkRedis(redis);
  const store = new ArtefactStore(client);
  const toolchain = await localToolchain(options.backend);
  const name = `${hostname()}:${process.pid}`;
  const workDir = options.workDir ?? join(tmpdir(), `execgym-worker-${process.pid}`);
  const children = new Set<ReturnType<typeof fork>>();
  let stopping = false;

  const processRun = async (job: Job, token?: string): Promise<RunReturn> => {
    let parsed: ReturnType<typeof parseRunJob>;
    try {
      parsed = parseRunJob(job.data);
    } catch (error) {
      throw new UnrecoverableError(`worker ${name} refuses job ${job.id}: ${(error as Error).message}`);
    }
    const { job: data, config } = parsed;
    const mismatch = toolchainMismatch(data.toolchain, toolchain);
    if (mismatch) {
      log(`refuse ${data.label}: ${mismatch}`);
      throw new UnrecoverableError(`worker ${name} refuses ${data.label}: ${mismatch}`);
    }
    const jobDir = join(workDir, String(job.id));
    const paths = jobPaths(jobDir);
    rmSync(jobDir, { recursive: true, force: true });
    const stored = await store.get('checkpoint', job.id!);
    if (stored) writeDirAtomic(jobDir, unpackBundle(stored));
    else mkdirSync(jobDir, { recursive: true });
    const resumeAt = latestCheckpointRef(jobDir);
    log(resumeAt ? `resume ${data.label} at ${resumeAt.envSteps} env steps (checkpoint from Redis)` : `start ${data.label}`);
    const progress = (checkpointSteps: number | null): RunProgress => ({ worker: name, checkpointSteps });
    await job.updateProgress(progress(resumeAt?.envSteps ?? null));

    const spec: ChildSpec = { config, backend: toolchain.backend, resume: resumeAt !== null };
    writeJsonAtomic(paths.spec, spec);
    // Checkpoints are stored one after another, so an older one never overwrites a newer one.
    let storing = Promise.resolve();
    const storeCheckpoint = (envSteps: number, bundle: Buffer) => {
      storing = storing.then(async () => {
        await store.put('checkpoint', job.id!, bundle);
        await job.updateProgress(progress(envSteps));
      });
    };
    const code = await trainInChild(jobDir, (m) => storeCheckpoint(m.envSteps, m.bundle));
    await storing;

    if (code === 130) {
      const snapshot = checkpointBundle(jobDir);
      if (snapshot) storeCheckpoint(snapshot.envSteps, snapshot.bundle);
      await storing;
      rmSync(jobDir, { recursive: true, force: true });
      log(`return ${data.label} to the queue at ${snapshot?.envSteps ?? 0} env steps`);
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (code !== 0) {
      await store.put('log', job.id!, readFileSync(paths.log));
      const reason = `training failed on worker ${name} (exit ${code}): ${lastLine(paths.log)}`;
      rmSync(jobDir, { recursive: true, force: true });
      log(`failed ${data.label}: ${reason}`);
      throw code === 2 ? new UnrecoverableError(reason) : new Error(reason);
    }
    const bundle = resultBundle(jobDir);
    await store.put('result', job.id!, bundle);
    await store.delete(job.id!, ['checkpoint']);
    rmSync(jobDir, { recursive: true, force: true });
    log(`done ${data.label} (${(bundle.length / 1024).toFixed(0)} KiB bundle)`);
    return { worker: name, bundleBytes: bundle.length };
  };

  /** Runs the child; resolves with its exit code (130: stopped at a checkpoint). */
  function trainInChild(jobDir: string, onCheckpoint: (m: CheckpointMessage) => void): Promise<number> {
    const logFd = openSync(jobPaths(jobDir).log, 'a');
    const child = fork(CHILD, [jobDir], { stdio: ['ignore', logFd, logFd, 'ipc'], serialization: 'advanced' });
    closeSync(logFd);
    children.add(child);
    if (stopping) child.send('stop');
    child.on('message', (m) => {
      const message = m as CheckpointMessage;
      if (message.type === 'checkpoint') onCheckpoint({ ...message, bundle: Buffer.from(message.bundle) });
    });
    return new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        children.delete(child);
        resolve(code ?? (signal ? 128 : 1));
      });
    });
  }

  const worker = new Worker(QUEUE_NAME, processRun, {
    connection: bullConnection(redis),
    concurrency: options.concurrency,
    name,
    lockDuration: options.lockSeconds * 1000,
    stalledInterval: options.lockSeconds * 1000,
    maxStalledCount: MAX_STALLED,
    autorun: false,
  });
  let lastError = 0;
  worker.on('error', (error) => {
    // Reconnects are retried; say so at most every 30 s, never with the password.
    if (Date.now() - lastError < 30_000) return;
    lastError = Date.now();
    log(`worker: ${redact(redis, error.message)} (retrying)`);
  });
  log(`worker ${name}: execgym ${toolchain.execgym}, tfjs ${toolchain.tfjs}, backend ${toolchain.backend}; queue ${QUEUE_NAME} on ${redis.display}; concurrency ${options.concurrency}`);
  const running = worker.run();
  await (options.stopSignal ?? signalled(log));
  stopping = true;
  for (const child of children) child.send('stop');
  await worker.close();
  await running;
  await client.quit();
  rmSync(workDir, { recursive: true, force: true });
  log('worker: stopped');
}
