import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
// s3rver ships no types; its constructor options and run()/close() are all a test needs.
// @ts-expect-error: no declaration file
import S3rver from 's3rver';

/** The AWS variables that point a client at the emulator (s3rver accepts the access key S3RVER with any secret). */
export interface LocalS3 {
  readonly endpoint: string;
  readonly port: number;
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}

/**
 * An S3 emulator (s3rver, a fake S3 server for Node) on a free loopback port, keeping its objects
 * in `dir`, with `buckets` created; `secret` is the secret key the clients are given (s3rver does
 * not check SigV4 signatures, so any secret works, and a test can look for it in every file).
 * Until `stop`, this process's own AWS credentials and region are the emulator's (not its
 * endpoint: a test passes that explicitly), so that the SDK's credential chain never looks further.
 */
export async function startS3(dir: string, buckets: readonly string[], secret: string): Promise<LocalS3> {
  const directory = join(dir, 's3rver');
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) }) as S3rverServer;
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: secret,
    AWS_REGION: 'us-east-1',
    // No credential lookup may leave the machine (the instance-metadata address is not loopback).
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const { AWS_ENDPOINT_URL_S3: _, ...own } = env;
  const saved = Object.fromEntries(Object.keys(own).map((k) => [k, process.env[k]]));
  Object.assign(process.env, own);
  const stop = async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await server.close();
  };
  return { endpoint, port, env, stop };
}
