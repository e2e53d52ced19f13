/**
 * A private `redis-server` for the queue's tests and its bench: a free loopback port, a scratch
 * directory, no persistence; optionally a password and TLS (a self-signed certificate).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A free loopback port (the OS picks one; a race with another process is possible but rare). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface LocalRedis {
  /** The URL a client passes (`rediss://` with TLS; with the password when one is set). */
  readonly url: string;
  readonly port: number;
  /** The CA certificate to trust (NODE_EXTRA_CA_CERTS) when TLS is on. */
  readonly caFile: string | null;
  stop(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 (its own CA), written into `dir`. */
function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'redis.crt');
  const key = join(dir, 'redis.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

/**
 * Starts a private `redis-server` on a free loopback port, in `dir`, without persistence,
 * optionally with a password and TLS; resolves once it answers PING.
 */
export async function startRedis(dir: string, options: { password?: string; tls?: boolean } = {}): Promise<LocalRedis> {
  const port = await freePort();
  const args = ['--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'no'];
  let caFile: string | null = null;
  if (options.tls) {
    const { cert, key } = selfSignedCertificate(dir);
    caFile = cert;
    args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', cert, '--tls-auth-clients', 'no');
  } else {
    args.push('--port', String(port));
  }
  if (options.password) args.push('--requirepass', options.password);
  const server: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const url = `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`;
  const client = new Redis({ port, host: '127.0.0.1', password: options.password, tls: caFile ? { ca: [readFileSync(caFile)] } : undefined, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  };
  for (let waited = 0; ; waited += 100) {
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return { url, port, caFile, stop };
    } catch {
      client.disconnect();
      if (waited > 10_000 || server.exitCode !== null) {
        await stop();
        throw new Error(`redis-server did not answer on port ${port} within 10 s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
