import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { UserError } from '../../../env/errors/errors.js';
import { ARTEFACT_KINDS, type ArtefactKind, type ArtefactStore, type StoredArtefact } from './artefact-store.js';
import { describeTarget, type ArtefactTarget } from './artefact-target.js';
import { CONNECT_TIMEOUT_MS } from './redis-target.js';
import { withTimeout } from './with-timeout.js';
import { redactUrls } from '../../io/redact-url.js';

type S3Target = Extract<ArtefactTarget, { kind: 's3' }>;

/** A transfer that sends or receives nothing for this long is retried (bundles are at most a few MiB). */
const SOCKET_TIMEOUT_MS = 30_000;
/** Attempts of each request of a long-lived store (the SDK's back-off between them): a worker outlives a short outage of the store. */
const MAX_ATTEMPTS = 5;

const OBJECT_SUFFIX = '.bundle.gz';

/**
 * A client for `target`, with credentials and region from the AWS SDK's default chains
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, SSO, web identity, the
 * instance role; AWS_REGION). A custom endpoint (MinIO, Ceph RGW, R2, GCS) is addressed
 * path-style (`http://host:port/BUCKET/KEY`), which needs no wildcard DNS for bucket names.
 */
function s3Client(target: S3Target, maxAttempts: number): S3Client {
  // The SDK warns, in seven lines on stderr, that its releases after January 2027 need Node 22:
  // execgym supports Node 20.19 and its lock file pins a release that runs there, and the
  // warning would break every one-line message of the CLI.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    // Without an endpoint variable, the shared config file's endpoint_url is ignored too: the
    // store's identity in each job must name the endpoint the client really uses.
    ...(target.endpoint !== null ? { endpoint: target.endpoint, forcePathStyle: true } : { ignoreConfiguredEndpointUrls: true }),
    maxAttempts,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS },
  });
}

/** The HTTP status of an S3 error, or null for a failure before any answer. */
const statusOf = (error: unknown): number | null => (error instanceof S3ServiceException ? (error.$metadata.httpStatusCode ?? null) : null);

/**
 * Bundles kept as objects of an S3-compatible bucket, `PREFIX/KIND/JOB_ID.bundle.gz`: Redis then
 * holds only the jobs (issue 11: "or an object store the user names"). A PUT replaces an object
 * whole, and S3 (like MinIO, R2 and GCS) reads its own writes at once, as the store's contract asks.
 */
export class S3ArtefactStore implements ArtefactStore {
  readonly identity: string;
  private readonly base: string;

  constructor(
    readonly target: S3Target,
    private readonly client: S3Client = s3Client(target, MAX_ATTEMPTS),
  ) {
    this.identity = describeTarget(target);
    this.base = target.prefix === '' ? '' : `${target.prefix}/`;
  }

  key(kind: ArtefactKind, jobId: string): string {
    return `${this.base}${kind}/${jobId}${OBJECT_SUFFIX}`;
  }

  async put(kind: ArtefactKind, jobId: string, bundle: Buffer): Promise<void> {
    await this.request((s3) => s3.send(new PutObjectCommand({ Bucket: this.target.bucket, Key: this.key(kind, jobId), Body: bundle, ContentType: 'application/gzip' })));
  }

  async get(kind: ArtefactKind, jobId: string): Promise<Buffer | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.target.bucket, Key: this.key(kind, jobId) }));
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw this.failure(error);
    }
  }

  async has(kind: ArtefactKind, jobId: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.target.bucket, Key: this.key(kind, jobId) }));
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw this.failure(error);
    }
  }

  /** One DELETE per object: GCS's interoperability API has no multi-object delete. */
  async delete(jobId: string, kinds: readonly ArtefactKind[] = ARTEFACT_KINDS): Promise<void> {
    await Promise.all(kinds.map((kind) => this.request((s3) => s3.send(new DeleteObjectCommand({ Bucket: this.target.bucket, Key: this.key(kind, jobId) })))));
  }

  /** The bundles under the prefix, 1,000 keys a page; other objects there are not the queue's and are left out. */
  async list(): Promise<StoredArtefact[]> {
    const out: StoredArtefact[] = [];
    let token: string | undefined;
    do {
      const page = await this.request((s3) => s3.send(new ListObjectsV2Command({ Bucket: this.target.bucket, Prefix: this.base, ContinuationToken: token })));
      for (const object of page.Contents ?? []) {
        const parsed = this.parseKey(object.Key ?? '');
        if (parsed) out.push({ ...parsed, bytes: object.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private parseKey(key: string): { kind: ArtefactKind; jobId: string } | null {
    if (!key.startsWith(this.base) || !key.endsWith(OBJECT_SUFFIX)) return null;
    const [kind, file, ...rest] = key.slice(this.base.length, -OBJECT_SUFFIX.length).split('/');
    return rest.length === 0 && file && (ARTEFACT_KINDS as readonly string[]).includes(kind) ? { kind: kind as ArtefactKind, jobId: file } : null;
  }

  /** A request whose failure (after the SDK's retries) is one line naming the store. */
  private async request<O>(call: (s3: S3Client) => Promise<O>): Promise<O> {
    try {
      return await call(this.client);
    } catch (error) {
      throw this.failure(error);
    }
  }

  /** A UserError, so that the CLI prints it as one line (as it does an unreachable Redis). */
  private failure(error: unknown): UserError {
    return new UserError(`artefact store ${this.identity}: ${describeS3Error(error, this.target)}`);
  }
}

/** `text` without the secret parts of the AWS environment (an SDK message should hold none; this makes sure). */
export function redactAwsSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const secrets = [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter((s): s is string => s !== undefined && s.length >= 3);
  return redactUrls(secrets.reduce((out, secret) => out.split(secret).join('***'), text).replace(/\s*\n\s*/g, ' '));
}

/** One line saying why a request to the store failed, and what to do where the cause is known. */
export function describeS3Error(error: unknown, target: S3Target): string {
  const e = error as Error & { code?: string; Code?: string };
  const status = statusOf(error);
  const named = `${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}`;
  let why: string;
  if (e.name === 'CredentialsProviderError') why = 'no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE';
  else if (/Region is missing/.test(e.message)) why = 'no AWS region set: set AWS_REGION (an S3-compatible store takes any: us-east-1 for MinIO, auto for R2)';
  else if (e.name === 'NoSuchBucket' || (status === 404 && e.name === 'NotFound')) why = `the bucket ${target.bucket} does not exist there (${named})`;
  else if (status === 403) why = `access denied (${named}): check the credentials and that they may list, read and write the bucket`;
  else if (status === 301) why = `the bucket is in another region (${named}): set AWS_REGION to the bucket's region`;
  else why = `${e.code && !e.message.includes(e.code) ? `${e.code}: ` : ''}${e.message || named}`;
  return redactAwsSecrets(why);
}

/**
 * Opens the store after one request that must succeed within seconds (HEAD of the bucket, which
 * needs the s3:ListBucket permission that `queue status` and `clean` need too), so that a wrong
 * endpoint, bucket, credential or region is one line at once instead of a failure at the first
 * checkpoint.
 * @throws UserError naming the store and the reason
 */
export async function openS3ArtefactStore(target: S3Target): Promise<S3ArtefactStore> {
  const probe = s3Client(target, 1);
  const store = new S3ArtefactStore(target);
  try {
    await withTimeout(probe.send(new HeadBucketCommand({ Bucket: target.bucket })), CONNECT_TIMEOUT_MS + 1000);
    return store;
  } catch (error) {
    await store.close();
    throw new UserError(`cannot use the artefact store ${store.identity}: ${describeS3Error(error, target)}`);
  } finally {
    probe.destroy();
  }
}
