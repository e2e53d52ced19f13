import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { UserError } from '../env/errors/errors.js';
import { describeTarget, parseArtefactTarget, s3EndpointFromEnv, type ArtefactTarget } from '../experiments/sweep/queue/artefact-target.js';
import { artefactsMismatch, runJobSchema } from '../experiments/sweep/queue/run-job.js';
import { describeS3Error, S3ArtefactStore } from '../experiments/sweep/queue/s3-artefact-store.js';

type S3Target = Extract<ArtefactTarget, { kind: 's3' }>;
const s3Target = (value: string, env: NodeJS.ProcessEnv = {}) => parseArtefactTarget('--artefacts', value, env) as S3Target;

const notFound = (name: string) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'UnknownError' });

/**
 * An S3 client that keeps objects in a Map and answers the five commands the store sends; a
 * listing comes in pages of `pageSize` keys (real S3: 1,000), since the emulator of the queue test
 * cannot paginate (s3rver encrypts its continuation tokens with DES, which OpenSSL 3 refuses).
 */
function fakeClient(pageSize: number) {
  const objects = new Map<string, Buffer>();
  const sent: string[] = [];
  const client = {
    destroy() {},
    async send(command: { input: Record<string, unknown> }) {
      const input = command.input as { Key?: string; Prefix?: string; Body?: Buffer; ContinuationToken?: string };
      sent.push(command.constructor.name);
      if (command instanceof PutObjectCommand) objects.set(input.Key!, input.Body!);
      else if (command instanceof DeleteObjectCommand) objects.delete(input.Key!);
      else if (command instanceof HeadObjectCommand) {
        if (!objects.has(input.Key!)) throw notFound('NotFound');
      } else if (command instanceof GetObjectCommand) {
        const body = objects.get(input.Key!);
        if (!body) throw notFound('NoSuchKey');
        return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
      } else if (command instanceof ListObjectsV2Command) {
        const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
        const start = Number(input.ContinuationToken ?? 0);
        const page = keys.slice(start, start + pageSize);
        const more = start + pageSize < keys.length;
        return { Contents: page.map((Key) => ({ Key, Size: objects.get(Key)!.length })), IsTruncated: more, NextContinuationToken: more ? String(start + pageSize) : undefined };
      }
      return {};
    },
  };
  return { client: client as unknown as S3Client, objects, sent };
}

describe('--artefacts targets', () => {
  it('parses redis and s3://BUCKET[/PREFIX], trimming the slashes around the prefix', () => {
    expect(parseArtefactTarget('--artefacts', 'redis')).toEqual({ kind: 'redis' });
    expect(s3Target('s3://my-bucket')).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: '', url: 's3://my-bucket', endpoint: null });
    expect(s3Target('s3://my.bucket/runs/sweeps/')).toMatchObject({ bucket: 'my.bucket', prefix: 'runs/sweeps', url: 's3://my.bucket/runs/sweeps' });
  });

  it('takes the endpoint from AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, as the AWS SDK does, and none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true', () => {
    expect(s3EndpointFromEnv({ AWS_ENDPOINT_URL: 'http://all:9000', AWS_ENDPOINT_URL_S3: 'http://minio:9000/' })).toBe('http://minio:9000');
    expect(s3EndpointFromEnv({ AWS_ENDPOINT_URL: 'https://acct.r2.cloudflarestorage.com' })).toBe('https://acct.r2.cloudflarestorage.com');
    expect(s3EndpointFromEnv({ AWS_ENDPOINT_URL_S3: 'http://minio:9000', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toBeNull();
    expect(s3EndpointFromEnv({})).toBeNull();
    expect(describeTarget(s3Target('s3://b-1/p', { AWS_ENDPOINT_URL_S3: 'http://minio:9000' }))).toBe('s3://b-1/p at http://minio:9000');
    expect(describeTarget(s3Target('s3://b-1/p'))).toBe('s3://b-1/p');
  });

  it('refuses a malformed value or endpoint in one line that names the source and never shows a credential', () => {
    const refusal = (value: string, env: NodeJS.ProcessEnv = {}) => {
      try {
        parseArtefactTarget('--artefacts', value, env);
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error(`${value} was accepted`);
    };
    expect(refusal('s3:/bucket')).toMatch(/^--artefacts must be redis or s3:\/\/BUCKET\[\/PREFIX\], got "s3:\/bucket"$/);
    expect(refusal('gs://bucket')).toMatch(/must be redis or s3:/);
    expect(refusal('s3://Upper_Case')).toMatch(/names the bucket "Upper_Case"/);
    expect(refusal('s3://ab')).toMatch(/names the bucket "ab"/);
    expect(refusal('s3://bucket/a//b')).toMatch(/prefix segment ""/);
    expect(refusal('s3://bucket/a/../b')).toMatch(/prefix segment "\.\."/);
    expect(refusal('s3://bucket/p?versionId=1')).toMatch(/must be redis or s3:/);
    expect(refusal('s3://AKIA:wJalr-Secret@bucket/p')).toBe('--artefacts must not hold credentials (the AWS SDK takes them from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the instance role), got "s3://***@bucket/p"');
    expect(refusal('s3://bucket', { AWS_ENDPOINT_URL_S3: 'minio:9000' })).toMatch(/^AWS_ENDPOINT_URL_S3 must be an endpoint URL http\(s\):\/\/host\[:port\], got "minio:9000"$/);
    expect(refusal('s3://bucket', { AWS_ENDPOINT_URL: 'http://k:wJalr-Secret@minio:9000' })).toMatch(/^AWS_ENDPOINT_URL must not hold credentials .*got "http:\/\/\*\*\*@minio:9000"$/);
  });
});

describe('the store identity in jobs', () => {
  it('a job without one was queued for Redis (before stores could be chosen)', () => {
    const job = runJobSchema.parse({ label: 'a/seed-0', config: {}, toolchain: { execgym: '0.1.0', tfjs: '4.22.0', backend: 'cpu' } });
    expect(job.artefacts).toBe('redis');
  });

  it('a mismatch is one line naming both stores and how to start a matching worker', () => {
    expect(artefactsMismatch('redis', 'redis')).toBeNull();
    const line = artefactsMismatch('s3://b-1/p at http://minio:9000', 'redis')!;
    expect(line).toBe('the run was submitted with its artefacts in s3://b-1/p at http://minio:9000 but this worker keeps them in redis; the submitter and its workers must share one store, so start workers with --artefacts s3://b-1/p (or EXECGYM_ARTEFACTS) and AWS_ENDPOINT_URL_S3=http://minio:9000');
    expect(artefactsMismatch('redis', 's3://b-1/p')).toMatch(/start workers without --artefacts \(and EXECGYM_ARTEFACTS unset\)$/);
  });
});

describe('S3ArtefactStore', () => {
  it('keeps each bundle as PREFIX/KIND/JOB_ID.bundle.gz: put, get, has and delete as the Redis store does', async () => {
    const { client, objects, sent } = fakeClient(1000);
    const store = new S3ArtefactStore(s3Target('s3://bucket-1/runs/a'), client);
    await store.put('checkpoint', 'job1', Buffer.from('ckpt'));
    await store.put('result', 'job1', Buffer.from('result'));
    expect([...objects.keys()].sort()).toEqual(['runs/a/checkpoint/job1.bundle.gz', 'runs/a/result/job1.bundle.gz']);
    expect((await store.get('checkpoint', 'job1'))!.toString()).toBe('ckpt');
    expect(await store.get('log', 'job1')).toBeNull();
    expect(await store.has('result', 'job1')).toBe(true);
    expect(await store.has('log', 'job1')).toBe(false);
    sent.length = 0;
    await store.delete('job1');
    // One DELETE per kind, absent ones included (GCS has no multi-object delete), and no error for those.
    expect(sent).toEqual(['DeleteObjectCommand', 'DeleteObjectCommand', 'DeleteObjectCommand']);
    expect(objects.size).toBe(0);
  });

  it('lists every bundle across pages of the listing, and leaves out objects that are not bundles of the queue', async () => {
    const { client, objects } = fakeClient(2);
    const store = new S3ArtefactStore(s3Target('s3://bucket-1/runs'), client);
    for (const id of ['a', 'b', 'c']) await store.put('checkpoint', id, Buffer.from(id.repeat(3)));
    await store.put('log', 'c', Buffer.from('log'));
    objects.set('runs/notes.txt', Buffer.from('not ours'));
    objects.set('runs/checkpoint/a.bundle.gz.tmp', Buffer.from('not ours'));
    objects.set('runs/other/x.bundle.gz', Buffer.from('not ours'));
    objects.set('elsewhere/checkpoint/z.bundle.gz', Buffer.from('another prefix'));
    const listed = (await store.list()).sort((x, y) => (x.kind + x.jobId < y.kind + y.jobId ? -1 : 1));
    expect(listed).toEqual([
      { kind: 'checkpoint', jobId: 'a', bytes: 3 },
      { kind: 'checkpoint', jobId: 'b', bytes: 3 },
      { kind: 'checkpoint', jobId: 'c', bytes: 3 },
      { kind: 'log', jobId: 'c', bytes: 3 },
    ]);
  });

  it('says why a request failed in one line naming the store, with what to do, and never the secret key', () => {
    const target = s3Target('s3://bucket-1/p', { AWS_ENDPOINT_URL_S3: 'http://minio:9000' });
    const denied = new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' });
    expect(describeS3Error(denied, target)).toBe('access denied (AccessDenied (HTTP 403)): check the credentials and that they may list, read and write the bucket');
    expect(describeS3Error(notFound('NotFound'), target)).toBe('the bucket bucket-1 does not exist there (NotFound (HTTP 404))');
    expect(describeS3Error(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), target)).toMatch(/^no AWS credentials found/);
    expect(describeS3Error(new Error('Region is missing'), target)).toMatch(/^no AWS region set: set AWS_REGION/);
    const secret = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalr-Secret-Key';
    try {
      expect(describeS3Error(new Error('signed with wJalr-Secret-Key\nsecond line'), target)).toBe('signed with *** second line');
    } finally {
      if (secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = secret;
    }
  });
});
