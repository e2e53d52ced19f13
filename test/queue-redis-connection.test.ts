import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { checkRedis, CONNECT_TIMEOUT_MS, parseRedisUrl, redact } from '../experiments/sweep/queue/redis-target.js';
import { freePort, startRedis, type LocalRedis } from '../experiments/sweep/queue/local-redis.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tiny-runs.js';
import { writeTinyConfig } from './helpers/tiny-sweep-config.js';
import { CLI, PASSWORD } from './helpers/queue-cli.js';


describe('execgym worker and sweep --redis', () => {
  it('reports an unreachable or silent Redis in one line within seconds, exit code 2, without the password', { timeout: 300_000 }, async () => {
    const closed = await freePort();
    const refused = runCli(['queue', 'status', '--redis', `redis://:${PASSWORD}@127.0.0.1:${closed}`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(new RegExp(`^execgym: cannot reach Redis at redis://\\*\\*\\*@127\\.0\\.0\\.1:${closed}: .*ECONNREFUSED`));
    expect(refused.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);

    // A server that accepts connections and never answers: the connect timeout ends the wait.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const dir = tempDir();
      try {
        const config = writeTinyConfig(dir);
        // Timed in this process (a CLI's own start-up is slow on a loaded machine): the check gives up after its connect timeout.
        const started = Date.now();
        await expect(checkRedis(parseRedisUrl('redis', `redis://:${PASSWORD}@127.0.0.1:${port}`))).rejects.toThrow(/^cannot reach Redis at redis:\/\/\*\*\*@127\.0\.0\.1:\d+: /);
        expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 5000);
        const hung = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [CLI, 'sweep', config, '--seeds', '0', '--redis', `redis://:${PASSWORD}@127.0.0.1:${port}`, '--out', join(dir, 'out')], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (d) => (stderr += d));
          child.on('exit', (code) => resolve({ code, stderr }));
        });
        expect(hung.code).toBe(2);
        expect(hung.stderr).toMatch(new RegExp(`^execgym: cannot reach Redis at redis://\\*\\*\\*@127\\.0\\.0\\.1:${port}: `, 'm'));
        expect(hung.stderr).not.toContain(PASSWORD);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      silent.close();
    }
  });

  it('connects with a password over TLS (rediss://), names a wrong password without printing it, and redacts URLs in any text', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    let redis: LocalRedis | null = null;
    try {
      redis = await startRedis(dir, { password: PASSWORD, tls: true });
      const env = { ...process.env, NODE_EXTRA_CA_CERTS: redis.caFile! };
      const status = spawnSync(process.execPath, [CLI, 'queue', 'status', '--redis', redis.url], { encoding: 'utf8', env });
      expect(status.stderr).toBe('');
      expect(status.status).toBe(0);
      expect(status.stdout).toContain(`queue on rediss://***@127.0.0.1:${redis.port}: 0 active`);

      const wrong = spawnSync(process.execPath, [CLI, 'queue', 'status', '--redis', redis.url.replace(encodeURIComponent(PASSWORD), 'not-the-Password')], { encoding: 'utf8', env });
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toMatch(/^execgym: cannot reach Redis at rediss:\/\/\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/);
      expect(wrong.stderr).not.toContain('not-the-Password');

      const target = parseRedisUrl('redis', `rediss://user:${encodeURIComponent('p@ss/w:rd')}@queue.example.org:6380/2`);
      expect(target.display).toBe('rediss://***@queue.example.org:6380/2');
      expect(target.options).toMatchObject({ host: 'queue.example.org', port: 6380, db: 2, username: 'user', password: 'p@ss/w:rd', tls: { servername: 'queue.example.org' } });
      expect(redact(target, `failed: p@ss/w:rd and rediss://user:p%40ss%2Fw%3Ard@queue.example.org:6380/2`)).toBe('failed: *** and rediss://***@queue.example.org:6380/2');
      const bad = runCli(['queue', 'status', '--redis', `http://:${PASSWORD}@host`]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^execgym: --redis must be a URL redis:\/\/.*got "http:\/\/\*\*\*@host"/);
      expect(existsSync(dir)).toBe(true);
    } finally {
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
