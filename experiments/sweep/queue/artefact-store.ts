import type { Redis } from 'ioredis';
import { QUEUE_NAME } from './run-job.js';

/**
 * The bundles a run leaves in Redis, next to its BullMQ job:
 * - `checkpoint`: the run directory at its newest checkpoint (what a new worker resumes from);
 * - `result`: the finished run directory and its log (what the submitter assembles);
 * - `log`: the log of a failed run.
 */
export type ArtefactKind = 'checkpoint' | 'result' | 'log';

export const ARTEFACT_KINDS: readonly ArtefactKind[] = ['checkpoint', 'result', 'log'];

const PREFIX = `execgym:${QUEUE_NAME}:artefact`;

/** Bundles kept in Redis (gzipped), keyed by job id. */
export class ArtefactStore {
  constructor(readonly redis: Redis) {}

  key(kind: ArtefactKind, jobId: string): string {
    return `${PREFIX}:${kind}:${jobId}`;
  }

  async put(kind: ArtefactKind, jobId: string, bundle: Buffer): Promise<void> {
    await this.redis.set(this.key(kind, jobId), bundle);
  }

  get(kind: ArtefactKind, jobId: string): Promise<Buffer | null> {
    return this.redis.getBuffer(this.key(kind, jobId));
  }

  async has(kind: ArtefactKind, jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(kind, jobId))) === 1;
  }

  async delete(jobId: string, kinds: readonly ArtefactKind[] = ARTEFACT_KINDS): Promise<void> {
    await this.redis.del(...kinds.map((k) => this.key(k, jobId)));
  }

  /** Every stored artefact with its size in bytes (SCAN, so a large Redis is not blocked). */
  async list(): Promise<{ kind: ArtefactKind; jobId: string; bytes: number }[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    const sizes = await Promise.all(keys.map((k) => this.redis.strlen(k)));
    return keys.map((key, i) => {
      const [kind, jobId] = key.slice(PREFIX.length + 1).split(':');
      return { kind: kind as ArtefactKind, jobId, bytes: sizes[i] };
    });
  }
}
