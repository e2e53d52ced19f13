/**
 * The bundles a run leaves next to its BullMQ job:
 * - `checkpoint`: the run directory at its newest checkpoint (what a new worker resumes from);
 * - `result`: the finished run directory and its log (what the submitter assembles);
 * - `log`: the log of a failed run.
 */
export type ArtefactKind = 'checkpoint' | 'result' | 'log';

export const ARTEFACT_KINDS: readonly ArtefactKind[] = ['checkpoint', 'result', 'log'];

/** One stored bundle, as `queue status` counts it and `queue clean` removes it. */
export interface StoredArtefact {
  readonly kind: ArtefactKind;
  readonly jobId: string;
  readonly bytes: number;
}

/**
 * Where the gzipped bundles of the queue's runs are kept, keyed by kind and job id: the queue's
 * Redis (`RedisArtefactStore`, the default) or an S3-compatible bucket (`S3ArtefactStore`,
 * `--artefacts s3://...`). Every implementation keeps these promises, on which the worker and the
 * submitter rely:
 * - `put` replaces the bundle whole: a reader sees the old bundle or the new one, never a mix
 *   (Redis SET, S3 PUT);
 * - `get` and `has` see a completed `put` at once (read-after-write: Redis, and S3 since 2020);
 * - `delete` of a bundle that is absent is no error (a run delivered twice is collected once).
 */
export interface ArtefactStore {
  /**
   * What the submitter and every worker must agree on, without credentials: `redis`, or
   * `s3://BUCKET/PREFIX` with the endpoint (`... at http://minio:9000`). Jobs carry it, and a
   * worker refuses a job whose identity is not its own.
   */
  readonly identity: string;
  put(kind: ArtefactKind, jobId: string, bundle: Buffer): Promise<void>;
  /** The bundle, or null when none is stored. */
  get(kind: ArtefactKind, jobId: string): Promise<Buffer | null>;
  has(kind: ArtefactKind, jobId: string): Promise<boolean>;
  delete(jobId: string, kinds?: readonly ArtefactKind[]): Promise<void>;
  /** Every stored bundle with its size, read in pages (a large store is not blocked). */
  list(): Promise<StoredArtefact[]>;
  /** Releases the store's own connections (not the queue's Redis). */
  close(): Promise<void>;
}
