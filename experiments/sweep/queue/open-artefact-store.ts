import type { Redis } from 'ioredis';
import type { ArtefactStore } from './artefact-store.js';
import type { ArtefactTarget } from './artefact-target.js';
import { RedisArtefactStore } from './redis-artefact-store.js';

/**
 * The store that `target` names, checked: Redis (the queue's own `redis` client), or an S3
 * bucket, reached once within seconds. The AWS SDK is imported here and only for a bucket, so
 * neither the package's entry points nor a Redis-only queue load it.
 * @throws UserError for a bucket that cannot be used (named, with the reason)
 */
export async function openArtefactStore(target: ArtefactTarget, redis: Redis): Promise<ArtefactStore> {
  if (target.kind === 'redis') return new RedisArtefactStore(redis);
  const { openS3ArtefactStore } = await import('./s3-artefact-store.js');
  return openS3ArtefactStore(target);
}
