import { z } from 'zod';
import { BACKENDS, type BackendName } from '../../../agents/common/backend-names.js';
import { parseOrThrow } from '../../../env/errors/errors.js';
import { runConfigSchema, type RunConfig } from '../../run-config/run-config.js';

/** The BullMQ queue of training runs (one per Redis database; BullMQ prefixes its keys with `bull:`). */
export const QUEUE_NAME = 'execgym-runs';

/** What produces a run's numbers besides its config: a worker must match them exactly. */
export interface Toolchain {
  readonly execgym: string | null;
  readonly tfjs: string;
  readonly backend: BackendName;
}

/**
 * The data of one queued run: a resolved config (data, never code: the worker validates it with
 * the config schema before it trains), the toolchain the submitter asked for, and the store that
 * the submitter reads the run's bundles from.
 */
export const runJobSchema = z.strictObject({
  label: z.string().min(1).describe('sweep/setting/seed-N, for logs and `queue status`'),
  config: z.unknown().describe('the resolved run config, seed included'),
  toolchain: z.strictObject({ execgym: z.string().nullable(), tfjs: z.string(), backend: z.enum(BACKENDS) }),
  // Jobs queued before stores could be chosen carry none: theirs was Redis.
  artefacts: z.string().min(1).default('redis').describe('the artefact store\'s identity (`redis`, or `s3://BUCKET/PREFIX [at ENDPOINT]`), never a credential'),
});
export type RunJob = z.infer<typeof runJobSchema>;

/** What a worker reports while a run is active (BullMQ job progress), shown by `queue status`. */
export interface RunProgress {
  readonly worker: string;
  /** Env steps of the newest checkpoint stored in Redis (a new worker resumes from there). */
  readonly checkpointSteps: number | null;
}

/** What a completed job returns (the run directory itself is an artefact in Redis). */
export interface RunReturn {
  readonly worker: string;
  readonly bundleBytes: number;
}

/** The job's data and its config, validated. @throws UserError naming the field, the value and what is allowed */
export function parseRunJob(data: unknown): { job: RunJob; config: RunConfig } {
  const job = parseOrThrow(runJobSchema, data, 'job');
  return { job, config: parseOrThrow(runConfigSchema, job.config, 'job.config') };
}

/**
 * Why a worker whose artefact store is `mine` must not run a job whose submitter reads `wanted`,
 * or null when they agree: the worker would store checkpoints and the result where the submitter
 * never looks, and the sweep would wait for ever.
 */
export function artefactsMismatch(wanted: string, mine: string): string | null {
  if (wanted === mine) return null;
  const [url, endpoint] = wanted.split(' at ');
  const how = url === 'redis' ? 'without --artefacts (and EXECGYM_ARTEFACTS unset)' : `with --artefacts ${url} (or EXECGYM_ARTEFACTS)${endpoint ? ` and AWS_ENDPOINT_URL_S3=${endpoint}` : ''}`;
  return `the run was submitted with its artefacts in ${wanted} but this worker keeps them in ${mine}; the submitter and its workers must share one store, so start workers ${how}`;
}

/** Why a worker with `mine` must not run a job asking for `wanted`, or null when it may. */
export function toolchainMismatch(wanted: Toolchain, mine: Toolchain): string | null {
  const differs = (['execgym', 'tfjs', 'backend'] as const).filter((k) => wanted[k] !== mine[k]);
  if (differs.length === 0) return null;
  const show = (t: Toolchain) => differs.map((k) => `${k} ${t[k]}`).join(', ');
  return `the run was submitted for ${show(wanted)} but this worker has ${show(mine)}; results are reproducible only on the same version and backend, so start workers that match the submitter (or resubmit with --backend ${mine.backend})`;
}
