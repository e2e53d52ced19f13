import { UserError } from '../../../env/errors/errors.js';
import { redactUrl } from '../../io/redact-url.js';

/**
 * Where the queue's bundles (checkpoints, results, logs) are kept, as the user named it with
 * `--artefacts` (issue 11: "through Redis ... or an object store the user names"): in the
 * queue's own Redis (the default), or under a prefix of an S3-compatible bucket. Parsing it loads
 * no AWS code: the SDK is imported only when an S3 store is opened.
 */
export type ArtefactTarget =
  | { readonly kind: 'redis' }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      /** Key prefix without leading or trailing `/` ('' for the bucket's root). */
      readonly prefix: string;
      /** `s3://BUCKET[/PREFIX]`, as it is shown and stored (it never holds a credential). */
      readonly url: string;
      /** A custom endpoint (MinIO, Ceph, R2, GCS) from the AWS environment, or null for AWS S3. */
      readonly endpoint: string | null;
    };

export const REDIS_ARTEFACTS: ArtefactTarget = { kind: 'redis' };

const ALLOWED = 'redis or s3://BUCKET[/PREFIX]';

/**
 * Bucket names as S3 allows them (3-63 lowercase letters, digits, dots and hyphens), widened to
 * what GCS's interoperability API takes (underscores, up to 222 characters with dots).
 */
const BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

/**
 * Parses `--artefacts`: `redis`, or `s3://BUCKET[/PREFIX]` with the endpoint of the AWS
 * environment `env` ({@link s3EndpointFromEnv}).
 * @param source where the value was given, for the message: `--artefacts` or `EXECGYM_ARTEFACTS`
 * @throws UserError naming the source, the value (without any credentials) and what is allowed
 */
export function parseArtefactTarget(source: string, value: string, env: NodeJS.ProcessEnv = process.env): ArtefactTarget {
  if (value === 'redis') return REDIS_ARTEFACTS;
  const shown = JSON.stringify(redactUrl(value));
  const match = /^s3:\/\/([^/?#]*)((?:\/[^?#]*)?)$/.exec(value);
  if (!match) throw new UserError(`${source} must be ${ALLOWED}, got ${shown}`);
  const [, bucket, path] = match;
  // Any `@`: a secret key may hold `/`, so `s3://KEY:SE/CRET@bucket` splits its secret across bucket and prefix.
  if (value.includes('@')) {
    throw new UserError(`${source} must not hold credentials (the AWS SDK takes them from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the instance role), got ${shown}`);
  }
  if (!BUCKET.test(bucket)) throw new UserError(`${source} names the bucket ${JSON.stringify(bucket)}: a bucket name is 3-63 lowercase letters, digits, dots and hyphens, got ${shown}`);
  const segments = path.split('/').filter((s, i, all) => !((i === 0 || i === all.length - 1) && s === ''));
  // An empty, `.` or `..` segment makes a key that stores and consoles treat differently.
  const bad = segments.find((s) => s === '' || s === '.' || s === '..' || /[\u0000-\u001f\u007f\\]/.test(s));
  if (bad !== undefined) throw new UserError(`${source} has the prefix segment ${JSON.stringify(bad)}: a prefix is /-separated names without empty, . or .. parts, got ${shown}`);
  const prefix = segments.join('/');
  return { kind: 's3', bucket, prefix, url: `s3://${bucket}${prefix ? `/${prefix}` : ''}`, endpoint: s3EndpointFromEnv(env) };
}

/**
 * The custom S3 endpoint of the environment, read with the AWS SDK's precedence for variables:
 * `AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`, neither when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
 * is true. execgym passes it to the client itself (rather than letting the SDK read it) so that
 * the endpoint in a job's store identity is the one the client uses.
 * @throws UserError naming the variable for a URL that is not http(s) or that holds credentials
 */
export function s3EndpointFromEnv(env: NodeJS.ProcessEnv): string | null {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return null;
  const name = env.AWS_ENDPOINT_URL_S3 ? 'AWS_ENDPOINT_URL_S3' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : null;
  if (name === null) return null;
  const text = env[name]!;
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  const shown = JSON.stringify(redactUrl(text));
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || url.search !== '' || url.hash !== '') {
    throw new UserError(`${name} must be an endpoint URL http(s)://host[:port], got ${shown}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UserError(`${name} must not hold credentials (the AWS SDK takes them from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE), got ${shown}`);
  }
  return url.href.replace(/\/$/, '');
}

/** How a target is shown in logs and `queue status`: `redis`, or `s3://bucket/prefix` with its endpoint. */
export function describeTarget(target: ArtefactTarget): string {
  if (target.kind === 'redis') return 'redis';
  return target.endpoint === null ? target.url : `${target.url} at ${target.endpoint}`;
}
