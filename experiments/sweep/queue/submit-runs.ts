import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BackendRequest } from '../../../agents/common/backend-names.js';
import { UserError } from '../../../env/errors/errors.js';
import { configHash } from '../../run-config/load-config.js';
import type { PendingRun } from '../pending-run.js';
import type { ArtefactStore } from './artefact-store.js';
import type { ArtefactTarget } from './artefact-target.js';
import { awaitRuns } from './await-runs.js';
import { localCheckpointBundle } from './job-dir.js';
import { openArtefactStore } from './open-artefact-store.js';
import { bullConnection, checkRedis, parseRedisUrl, redact } from './redis-target.js';
import { QUEUE_NAME, type RunJob, type Toolchain } from './run-job.js';
import { queueKey, UNSIGNED_WARNING } from './signed-store.js';
import { localToolchain } from './toolchain.js';

/** Completed and failed jobs stay visible to `queue status` this long (their bundles are removed once collected). */
const KEEP_SECONDS = 7 * 24 * 3600;

/**
 * The job id of a run: the same run of the same sweep (submitting machine, run directory, config,
 * toolchain) always gets the same id, so submitting a sweep again re-attaches to its queued runs
 * instead of queueing them twice.
 */
function jobIdOf(run: PendingRun, toolchain: Toolchain): string {
  const key = JSON.stringify([hostname(), resolve(run.runDir), configHash(run.config), toolchain]);
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/**
 * `--redis`: enqueues the runs as BullMQ jobs, waits for the workers (logging each run's start,
 * hand-over and end), and writes each finished run directory (and its .log) from the bundle the
 * worker stored in `artefacts` (the queue's Redis or a bucket), exactly where a local sweep would
 * have. Resolves with the labels of the failed runs.
 * @throws UserError for an unreachable Redis or artefact store, or a backend that does not load here
 */
export async function runOnQueue(runs: readonly PendingRun[], redisUrl: string, artefacts: ArtefactTarget, backend: string, log: (line: string) => void): Promise<string[]> {
  const redis = parseRedisUrl('redis', redisUrl);
  const client = await checkRedis(redis);
  let store: ArtefactStore | null = null;
  const queue = new Queue(QUEUE_NAME, { connection: bullConnection(redis) });
  queue.on('error', (error) => log(`queue: ${redact(redis, error.message)}`));
  try {
    store = await openArtefactStore(artefacts, client);
    if (queueKey() === null) log(UNSIGNED_WARNING);
    // `backend` was checked by the CLI's --backend; an unknown one fails to load here.
    const toolchain = await localToolchain(backend as BackendRequest);
    const lastEventId = await newestEventId(client, queue);
    const ids = new Map<string, PendingRun>();
    for (const run of runs) {
      const id = jobIdOf(run, toolchain);
      ids.set(id, run);
      await enqueue(queue, store, id, run, toolchain, log);
    }
    log(`queued ${runs.length} runs on ${redis.display}, artefacts in ${store.identity} (execgym ${toolchain.execgym}, backend ${toolchain.backend})`);
    if (runs.length > 0 && (await queue.getWorkersCount()) === 0) log(`no worker is connected yet: start \`execgym worker --redis URL\` on any machine`);
    return await awaitRuns({ queue, connection: bullConnection(redis), lastEventId, store, runs: ids, log, redact: (text) => redact(redis, text) });
  } finally {
    await store?.close();
    await queue.close();
    await client.quit();
  }
}

/** The id of the queue's newest event ('0-0' before the first): the submitter follows the events after it. */
async function newestEventId(client: Redis, queue: Queue): Promise<string> {
  const newest = await client.xrevrange(queue.keys.events, '+', '-', 'COUNT', 1);
  return newest[0]?.[0] ?? '0-0';
}

/**
 * Adds the run's job, or re-attaches to it; a run with a local checkpoint resumes from it.
 * @throws UserError when the run is being trained with its artefacts in another store
 */
async function enqueue(queue: Queue, store: ArtefactStore, id: string, run: PendingRun, toolchain: Toolchain, log: (line: string) => void): Promise<void> {
  const existing = await queue.getJob(id);
  if (existing) {
    const state = await existing.getState();
    const theirs = (existing.data as Partial<RunJob>).artefacts ?? 'redis';
    const sameStore = theirs === store.identity;
    if (!sameStore && state === 'active') {
      throw new UserError(`${run.label} is being trained with its artefacts in ${theirs}: submit with that store (--artefacts), or wait until it is done`);
    }
    const collectable = sameStore && state === 'completed' && (await store.has('result', id));
    if (sameStore && state !== 'completed' && state !== 'failed') return;
    if (collectable) return;
    // A finished job whose result is gone (collected, cleaned) or that failed, or a job of another store: run it again.
    if (!sameStore) log(`requeue ${run.label}: it was queued with its artefacts in ${theirs}, now ${store.identity}`);
    await existing.remove();
  }
  if (run.resume && !(await store.has('checkpoint', id))) {
    const bundle = localCheckpointBundle(run.runDir, `${run.runDir}.log`);
    if (bundle) await store.put('checkpoint', id, bundle);
  }
  const data: RunJob = { label: run.label, config: run.config, toolchain, artefacts: store.identity };
  await queue.add(run.label, data, { jobId: id, attempts: 2, removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } });
}
