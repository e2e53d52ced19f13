import type { Redis } from 'ioredis';
import { ARTEFACT_KINDS, type ArtefactKind, type ArtefactStore, type StoredArtefact } from './artefact-store.js';
import { QUEUE_NAME } from './run-job.js';

const PREFIX = `execgym:${QUEUE_NAME}:artefact`;

/**
 * Bundles kept in the queue's own Redis, one string key each (`execgym:execgym-runs:artefact:
 * KIND:JOB_ID`): the default, which needs nothing but the Redis every machine already reaches.
 */
export class RedisArtefactStore implements ArtefactStore {
  readonly identity = 'redis';

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

  /** SCAN, so a large Redis is not blocked. */
  async list(): Promise<StoredArtefact[]> {
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

  /** The client is the caller's (the connection check's long-lived client). */
  async close(): Promise<void> {}
}
