import type { Redis } from 'ioredis';
import type { ArtefactStore } from './artefact-store.js';
import type { ArtefactTarget } from './artefact-target.js';
import { RedisArtefactStore } from './redis-artefact-store.js';
import { queueKey, signedStore } from './signed-store.js';

/**
 * The store that `target` names, checked: Redis (the queue's own `redis` client), or an S3
 * bucket, reached once within seconds. The AWS SDK is imported here and only for a bucket, so
 * neither the package's entry points nor a Redis-only queue load it.
 * Bundles are signed and verified with `key` (EXECGYM_QUEUE_KEY by default; see signed-store.ts).
 * @throws UserError for a bucket that cannot be used (named, with the reason), or a key too short
 */
export async function openArtefactStore(target: ArtefactTarget, redis: Redis, key: Buffer | null = queueKey()): Promise<ArtefactStore> {
  if (target.kind === 'redis') return signedStore(new RedisArtefactStore(redis), key);
  const { openS3ArtefactStore } = await import('./s3-artefact-store.js');
  return signedStore(await openS3ArtefactStore(target), key);
}
