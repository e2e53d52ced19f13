import { createHmac, timingSafeEqual } from 'node:crypto';
import { UserError } from '../../../env/errors/errors.js';
import type { ArtefactKind, ArtefactStore } from './artefact-store.js';

/**
 * Integrity of the queue's bundles (issue 25): anyone who can write to Redis or the bucket could
 * otherwise forge a result or poison a checkpoint. Each bundle is stored as a magic line, an
 * HMAC-SHA256 tag and the bundle; the tag covers the kind, the job id and the bytes, so a bundle
 * cannot be moved to another job or kind either. The key lives outside Redis and the bucket, in
 * the environment of the submitter and its workers.
 */

/** The environment variable holding the shared key (at least 16 characters; the same on the submitter and every worker). */
export const QUEUE_KEY_ENV = 'EXECGYM_QUEUE_KEY';

const MAGIC = Buffer.from('execgym-hmac-sha256-1\n');
const TAG_BYTES = 32;

/** The line a worker or a submitter logs once when bundles go unsigned. */
export const UNSIGNED_WARNING = `warning: ${QUEUE_KEY_ENV} is not set, so the bundles in Redis or the bucket carry no integrity tag: anyone who can write there can forge results and checkpoints (docs/security.md)`;

/** The key of the environment, or null when unset. @throws UserError for a key shorter than 16 characters */
export function queueKey(env: NodeJS.ProcessEnv = process.env): Buffer | null {
  const text = env[QUEUE_KEY_ENV];
  if (text === undefined || text === '') return null;
  if (text.length < 16) throw new UserError(`${QUEUE_KEY_ENV} must be at least 16 characters (a random secret shared by the submitter and its workers), got ${text.length}`);
  return Buffer.from(text, 'utf8');
}

function tagOf(key: Buffer, kind: ArtefactKind, jobId: string, bundle: Buffer): Buffer {
  return createHmac('sha256', key).update(`${kind}\0${jobId}\0`).update(bundle).digest();
}

/** `bundle` with its tag in front. */
export function signBundle(key: Buffer, kind: ArtefactKind, jobId: string, bundle: Buffer): Buffer {
  return Buffer.concat([MAGIC, tagOf(key, kind, jobId, bundle), bundle]);
}

/**
 * The bundle inside a stored value, its tag checked; with no key, an unsigned value as it is.
 * @throws Error naming the job and the kind for a missing or wrong tag, or a signed value where no key is set
 */
export function verifyBundle(key: Buffer | null, kind: ArtefactKind, jobId: string, stored: Buffer): Buffer {
  const signed = stored.length >= MAGIC.length + TAG_BYTES && stored.subarray(0, MAGIC.length).equals(MAGIC);
  const what = `the ${kind} bundle of job ${jobId}`;
  if (key === null) {
    if (signed) throw new Error(`${what} is signed, but ${QUEUE_KEY_ENV} is not set here: set the key the submitter uses`);
    return stored;
  }
  if (!signed) throw new Error(`${what} carries no integrity tag, and ${QUEUE_KEY_ENV} is set: refusing it (written without the key, or forged)`);
  const bundle = stored.subarray(MAGIC.length + TAG_BYTES);
  const tag = stored.subarray(MAGIC.length, MAGIC.length + TAG_BYTES);
  if (!timingSafeEqual(tag, tagOf(key, kind, jobId, bundle))) throw new Error(`${what} fails its integrity check (another ${QUEUE_KEY_ENV}, or forged): refusing it`);
  return bundle;
}

/** `store` with every bundle signed on `put` and verified on `get` ({@link signBundle}); unchanged when `key` is null but for refusing signed bundles. */
export function signedStore(store: ArtefactStore, key: Buffer | null): ArtefactStore {
  return {
    identity: store.identity,
    put: (kind, jobId, bundle) => store.put(kind, jobId, key === null ? bundle : signBundle(key, kind, jobId, bundle)),
    get: async (kind, jobId) => {
      const stored = await store.get(kind, jobId);
      return stored === null ? null : verifyBundle(key, kind, jobId, stored);
    },
    has: (kind, jobId) => store.has(kind, jobId),
    delete: (jobId, kinds) => store.delete(jobId, kinds),
    list: () => store.list(),
    close: () => store.close(),
  };
}
