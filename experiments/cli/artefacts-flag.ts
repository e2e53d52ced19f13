import { UserError } from '../../env/errors/errors.js';
import { parseArtefactTarget, REDIS_ARTEFACTS, type ArtefactTarget } from '../sweep/queue/artefact-target.js';
import { stringFlag } from './flags.js';

/** The environment variable that may name the artefact store, as EXECGYM_REDIS_URL names the queue. */
export const ARTEFACTS_ENV = 'EXECGYM_ARTEFACTS';

/**
 * The store of `--artefacts VALUE`; for a bare `--artefacts`, EXECGYM_ARTEFACTS; without the flag,
 * EXECGYM_ARTEFACTS or else the queue's Redis (nothing changes for a user who names no store).
 * @throws UserError for a malformed value or endpoint variable (shown without credentials)
 */
export function artefactsFlag(raw: unknown): ArtefactTarget {
  const fromEnv = process.env[ARTEFACTS_ENV];
  if (raw === '' && (fromEnv === undefined || fromEnv === '')) throw new UserError(`--artefacts needs redis or s3://BUCKET[/PREFIX], or ${ARTEFACTS_ENV} set`);
  if (raw === undefined || raw === '') return fromEnv ? parseArtefactTarget(ARTEFACTS_ENV, fromEnv) : REDIS_ARTEFACTS;
  return parseArtefactTarget('--artefacts', stringFlag('artefacts', raw));
}

export const artefactsOption = {
  type: 'string',
  describe: `where checkpoints and results travel: redis (the queue's, default) or s3://BUCKET[/PREFIX] (endpoint, region and credentials from the AWS environment: AWS_ENDPOINT_URL_S3, AWS_REGION, AWS_ACCESS_KEY_ID ...); default $${ARTEFACTS_ENV}`,
} as const;

/**
 * `--artefacts` of `sweep` and `suite`, which only a queue uses: given without `--redis` it is a
 * mistake (a local sweep writes its runs in place), while EXECGYM_ARTEFACTS is then ignored.
 * @throws UserError for `--artefacts` without `--redis`, or a malformed value
 */
export function queueArtefactsFlag(raw: unknown, redis: unknown): ArtefactTarget | undefined {
  if (redis === undefined) {
    if (raw !== undefined) throw new UserError(`--artefacts applies to a queue: give --redis too (a local sweep writes its runs in place), got --artefacts ${JSON.stringify(String(raw))}`);
    return undefined;
  }
  return artefactsFlag(raw);
}
