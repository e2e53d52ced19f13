import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArtefactTarget, type ArtefactTarget } from '../experiments/sweep/queue/artefact-target.js';
import { CONNECT_TIMEOUT_MS } from '../experiments/sweep/queue/redis-target.js';
import { openS3ArtefactStore } from '../experiments/sweep/queue/s3-artefact-store.js';
import { freePort, startRedis, type LocalRedis } from '../experiments/sweep/queue/local-redis.js';
import { startS3, type LocalS3 } from './helpers/local-s3.js';
import { tempDir } from './helpers/tiny-runs.js';
import { writeTinyConfig } from './helpers/tiny-sweep-config.js';
import { CLI, AWS_SECRET, BUCKET, runCliAsync } from './helpers/queue-cli.js';


describe('execgym worker and sweep --redis', () => {
  it('names an unreachable or silent S3 endpoint, a missing bucket and an endpoint holding credentials in one line within seconds, exit code 2, without secrets', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    let redis: LocalRedis | null = null;
    let s3: LocalS3 | null = null;
    const silent: Server = createServer(() => {});
    try {
      redis = await startRedis(dir);
      s3 = await startS3(dir, [BUCKET], AWS_SECRET);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const env = (endpoint: string) => ({ ...process.env, ...s3!.env, AWS_ENDPOINT_URL_S3: endpoint, EXECGYM_REDIS_URL: redis!.url });
      const closed = await freePort();
      const silentPort = (silent.address() as { port: number }).port;
      const cases: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
        ['connection refused', ['queue', 'status', '--artefacts', `s3://${BUCKET}/p`], env(`http://127.0.0.1:${closed}`), new RegExp(`^execgym: cannot use the artefact store s3://${BUCKET}/p at http://127\\.0\\.0\\.1:${closed}: .*ECONNREFUSED`)],
        ['no answer', ['queue', 'status', '--artefacts', `s3://${BUCKET}/p`], env(`http://127.0.0.1:${silentPort}`), new RegExp(`^execgym: cannot use the artefact store s3://${BUCKET}/p at http://127\\.0\\.0\\.1:${silentPort}: (no answer in \\d+ s|.*timed out|.*Timeout)`)],
        ['a missing bucket (worker)', ['worker', '--artefacts', 's3://no-such-bucket/p'], env(s3.endpoint), /^execgym: cannot use the artefact store s3:\/\/no-such-bucket\/p at http:\/\/127\.0\.0\.1:\d+: the bucket no-such-bucket does not exist there/],
        ['a missing bucket (sweep)', ['sweep', writeTinyConfig(dir), '--seeds', '0', '--redis', '--artefacts', 's3://no-such-bucket', '--out', join(dir, 'out')], env(s3.endpoint), /^execgym: cannot use the artefact store s3:\/\/no-such-bucket at http:\/\/127\.0\.0\.1:\d+: the bucket no-such-bucket does not exist there/],
        ['credentials in the endpoint', ['queue', 'clean', '--artefacts', `s3://${BUCKET}`], env(`http://key:${AWS_SECRET}@127.0.0.1:${s3.port}`), /^execgym: AWS_ENDPOINT_URL_S3 must not hold credentials .*got "http:\/\/\*\*\*@127\.0\.0\.1:\d+\/?"$/],
        ['no credentials', ['queue', 'status', '--artefacts', `s3://${BUCKET}`], { ...env(s3.endpoint), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', HOME: dir }, /^execgym: cannot use the artefact store s3:\/\/execgym-test at http:\/\/127\.0\.0\.1:\d+: no AWS credentials found/],
        ['credentials in EXECGYM_ARTEFACTS', ['queue', 'status'], { ...env(s3.endpoint), EXECGYM_ARTEFACTS: `s3://key:${AWS_SECRET}@${BUCKET}/p` }, /^execgym: EXECGYM_ARTEFACTS must not hold credentials .*got "s3:\/\/\*\*\*@execgym-test\/p"$/],
      ];
      for (const [name, args, caseEnv, pattern] of cases) {
        const result = await runCliAsync(args, caseEnv);
        expect(result.code, `${name}: ${result.stderr}`).toBe(2);
        // A sweep logs its plan before it opens the queue; the failure itself is one line.
        const failure = result.stderr.split('\n').filter((l) => l.startsWith('execgym:'));
        expect(failure, `${name}: ${result.stderr}`).toHaveLength(1);
        expect(failure[0], name).toMatch(pattern);
        expect(result.stderr + result.stdout, name).not.toContain(AWS_SECRET);
        // A CLI's own start-up takes seconds on a loaded machine; the store's check gives up after about 6 s.
        expect(result.ms, name).toBeLessThan(60_000);
      }
      expect(existsSync(join(dir, 'out', 'aggregate.json'))).toBe(false);

      // Timed in this process: a silent endpoint is given up within the connect timeout, not the SDK's retries.
      const started = Date.now();
      await expect(openS3ArtefactStore(parseArtefactTarget('--artefacts', `s3://${BUCKET}`, { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${silentPort}` }) as Extract<ArtefactTarget, { kind: 's3' }>)).rejects.toThrow(/^cannot use the artefact store/);
      expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 5000);
    } finally {
      silent.close();
      await s3?.stop();
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
