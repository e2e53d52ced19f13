import { Queue, type Job } from 'bullmq';
import { printable } from '../../io/printable.js';
import type { ArtefactStore } from './artefact-store.js';
import { REDIS_ARTEFACTS, type ArtefactTarget } from './artefact-target.js';
import { openArtefactStore } from './open-artefact-store.js';
import { bullConnection, checkRedis, type RedisTarget } from './redis-target.js';
import { QUEUE_NAME, type RunJob, type RunProgress, type RunReturn } from './run-job.js';

/** One run as `queue status` shows it. */
export interface RunStatus {
  readonly id: string;
  readonly label: string;
  readonly state: string;
  readonly worker: string | null;
  readonly checkpointSteps: number | null;
  readonly attempts: number;
  readonly failedReason: string | null;
}

export interface QueueStatus {
  readonly redis: string;
  readonly counts: Record<string, number>;
  readonly workers: string[];
  readonly runs: RunStatus[];
  /** Where the bundles are: `redis`, or the bucket (`s3://BUCKET/PREFIX [at ENDPOINT]`). */
  readonly store: string;
  /** Bundles held there, by kind: how much memory (or storage) the queue's artefacts take. */
  readonly artefacts: Record<string, { count: number; bytes: number }>;
}

const STATES = ['active', 'waiting', 'prioritized', 'delayed', 'completed', 'failed'] as const;

/** Opens the queue and the artefact store after their connection checks (one line within seconds when either is unreachable). */
async function withQueue<T>(redis: RedisTarget, artefacts: ArtefactTarget, body: (queue: Queue, store: ArtefactStore) => Promise<T>): Promise<T> {
  const client = await checkRedis(redis);
  let store: ArtefactStore | null = null;
  const queue = new Queue(QUEUE_NAME, { connection: bullConnection(redis) });
  try {
    store = await openArtefactStore(artefacts, client);
    return await body(queue, store);
  } finally {
    await store?.close();
    await queue.close();
    await client.quit();
  }
}

function describe(job: Job, state: string): RunStatus {
  const progress = (typeof job.progress === 'object' ? job.progress : {}) as Partial<RunProgress>;
  const worker = (job.returnvalue as RunReturn | null)?.worker ?? progress.worker ?? null;
  // Every string here was written to Redis by someone else: printed without control characters.
  return {
    id: printable(job.id),
    label: printable((job.data as RunJob).label ?? job.name),
    state,
    worker: worker === null ? null : printable(worker),
    checkpointSteps: typeof progress.checkpointSteps === 'number' ? progress.checkpointSteps : null,
    attempts: job.attemptsMade,
    failedReason: job.failedReason ? printable(job.failedReason) : null,
  };
}

/** `execgym queue status`: counts, connected workers, every run with its worker, and the artefacts' memory. */
export function queueStatus(redis: RedisTarget, artefacts: ArtefactTarget, limit = 200): Promise<QueueStatus> {
  return withQueue(redis, artefacts, async (queue, store) => {
    const counts = await queue.getJobCounts(...STATES);
    // BullMQ names a worker's connections `<prefix>:<queue>:w:<name>`; a worker may hold several.
    const workers = [...new Set((await queue.getWorkers()).map((w) => printable((w.rawname ?? '').split(':w:')[1] ?? w.addr ?? '?')))];
    const runs: RunStatus[] = [];
    for (const state of STATES) for (const job of await queue.getJobs([state], 0, limit - 1)) if (job) runs.push(describe(job, state));
    const byKind: QueueStatus['artefacts'] = {};
    for (const a of await store.list()) {
      const entry = (byKind[a.kind] ??= { count: 0, bytes: 0 });
      entry.count += 1;
      entry.bytes += a.bytes;
    }
    return { redis: redis.display, counts, workers, runs, store: store.identity, artefacts: byKind };
  });
}

/** `execgym queue retry`: failed runs go back to the queue (a new worker resumes from their last checkpoint). */
export function retryFailed(redis: RedisTarget): Promise<string[]> {
  // Each job names its own store; retrying moves no bundle.
  return withQueue(redis, REDIS_ARTEFACTS, async (queue) => {
    const jobs = (await queue.getJobs(['failed'], 0, -1)).filter((j): j is Job => Boolean(j));
    for (const job of jobs) await job.retry('failed');
    return jobs.map((j) => printable((j.data as RunJob).label ?? j.name));
  });
}

/**
 * `execgym queue clean`: removes finished (completed and failed) runs and their bundles, including
 * results no submitter has collected yet; with `all`, every run not being trained right now too.
 * In a bucket, every bundle under the prefix that is not a queued or active run's goes: a prefix
 * belongs to one queue.
 * @returns how many jobs and bundles were removed
 */
export function cleanQueue(redis: RedisTarget, artefacts: ArtefactTarget, all: boolean): Promise<{ jobs: number; artefacts: number }> {
  return withQueue(redis, artefacts, async (queue, store) => {
    const types = all ? (['completed', 'failed', 'wait', 'delayed', 'prioritized', 'paused'] as const) : (['completed', 'failed'] as const);
    let jobs = 0;
    for (const type of types) jobs += (await queue.clean(0, 0, type)).length;
    // Bundles of runs being trained (or, without --all, still queued) are kept.
    const keep = new Set((await queue.getJobs(all ? ['active'] : ['active', 'waiting', 'prioritized', 'delayed', 'paused'], 0, -1)).map((j) => j?.id));
    const stale = (await store.list()).filter((a) => !keep.has(a.jobId));
    for (const a of stale) await store.delete(a.jobId, [a.kind]);
    return { jobs, artefacts: stale.length };
  });
}
