import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { REDIS_ARTEFACTS } from '../experiments/sweep/queue/artefact-target.js';
import { packFiles } from '../experiments/sweep/queue/bundle.js';
import { RedisArtefactStore } from '../experiments/sweep/queue/redis-artefact-store.js';
import xetraReplay from '../env/specs/xetra-replay-v0.json' with { type: 'json' };
import { queueStatus } from '../experiments/sweep/queue/queue-admin.js';
import { parseRedisUrl } from '../experiments/sweep/queue/redis-target.js';
import { QUEUE_NAME, type RunJob } from '../experiments/sweep/queue/run-job.js';
import { startRedis, type LocalRedis } from '../experiments/sweep/queue/local-redis.js';
import { tempDir } from './helpers/tiny-runs.js';
import { startCli, stopAll, waitFor, tinyConfig } from './helpers/queue-cli.js';


describe('execgym worker and sweep --redis', () => {
  it('a queue writer cannot make a worker leave its work directory (job id ../victim with a checkpoint), read a file outside --data-root or a FIFO, resume from a checkpoint without the EXECGYM_QUEUE_KEY tag, or hold a slot past --run-timeout; control characters in labels are not printed', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    let redis: LocalRedis | null = null;
    let worker: ChildProcess | null = null;
    const client = { current: null as Redis | null };
    const workerLog = join(dir, 'worker.log');
    try {
      redis = await startRedis(dir);
      mkdirSync(join(dir, 'victim'));
      writeFileSync(join(dir, 'victim', 'precious.txt'), 'mine\n');
      mkdirSync(join(dir, 'data'));
      writeFileSync(join(dir, 'outside.json'), JSON.stringify(xetraReplay));
      expect(spawnSync('mkfifo', [join(dir, 'data', 'fifo.csv')]).status).toBe(0);
      const env = { ...process.env, EXECGYM_REDIS_URL: redis.url, EXECGYM_QUEUE_KEY: 'test-queue-key-0123456789' };
      worker = startCli(['worker', '--lock-seconds', '10', '--work', join(dir, 'work'), '--data-root', join(dir, 'data'), '--run-timeout', '4'], workerLog, env);
      const ready = await waitFor('the worker to start', 120_000, async () => /execgym (\S+), tfjs (\S+), backend (\w+);/.exec(existsSync(workerLog) ? readFileSync(workerLog, 'utf8') : ''));
      const toolchain = { execgym: ready[1] === 'null' ? null : ready[1], tfjs: ready[2], backend: ready[3] } as RunJob['toolchain'];
      // What anyone with access to Redis can write: jobs, and bundles without a tag.
      client.current = new Redis(redis.url);
      const raw = new RedisArtefactStore(client.current);
      const queue = new Queue(QUEUE_NAME, { connection: { ...parseRedisUrl('redis', redis.url).options, maxRetriesPerRequest: null } });
      const tiny = JSON.parse(readFileSync(tinyConfig(), 'utf8'));
      const add = async (label: string, config: unknown, jobId?: string) => (await queue.add('evil', { label, config, toolchain, artefacts: 'redis' }, jobId ? { jobId } : {})).id!;
      const reasons: Record<string, string> = {};
      try {
        await raw.put('checkpoint', '../victim', packFiles(new Map([['run.log', Buffer.from('x\n')], ['run/pwned.txt', Buffer.from('evil\n')]])));
        const ids = {
          climb: await add('evil/climb', tiny, '../victim'),
          absolute: await add('evil/absolute\u001b[2J\u001b]0;pwned\u0007', { ...tiny, env: { id: join(dir, 'outside.json') } }),
          dotdot: await add('evil/dotdot', { ...tiny, env: { id: '../outside.json' } }),
          fifo: await add('evil/fifo', { ...tiny, env: { spec: { ...xetraReplay, price: { ...xetraReplay.price, data: { ...xetraReplay.price.data, files: ['fifo.csv'] } } } } }),
          forged: '',
          slow: '',
        };
        await raw.put('checkpoint', 'forged-1', packFiles(new Map([['run.log', Buffer.from('x\n')]])));
        ids.forged = await add('evil/forged', tiny, 'forged-1');
        ids.slow = await add('slow/run', { ...tiny, train: { steps: 10_000_000 } });
        for (const [name, id] of Object.entries(ids)) reasons[name] = await waitFor(`the failure of ${name}`, 120_000, async () => (await queue.getJob(id))?.failedReason);
        const status = await queueStatus(parseRedisUrl('redis', redis.url), REDIS_ARTEFACTS);
        expect(status.runs.find((r) => r.id === ids.absolute)?.label).toBe('evil/absolute[2J]0;pwned');
      } finally {
        await queue.close();
      }
      expect(reasons.climb).toMatch(/refuses job "\.\.\/victim": job id must match .*got "\.\.\/victim"$/);
      expect(readdirSync(join(dir, 'victim'))).toEqual(['precious.txt']);
      expect(reasons.absolute).toMatch(/refuses evil\/absolute\[2J\]0;pwned: config\.env\.id: a queued config may not name the absolute path /);
      expect(reasons.dotdot).toMatch(/refuses evil\/dotdot: config\.env\.id must be a relative path without "\.\."/);
      expect(reasons.fifo).toMatch(/refuses evil\/fifo: config\.env: price\.data\.files\[0\]: "fifo\.csv" is not a regular file/);
      expect(reasons.forged).toMatch(/refuses the checkpoint of evil\/forged: the checkpoint bundle of job forged-1 carries no integrity tag, and EXECGYM_QUEUE_KEY is set/);
      expect(reasons.slow).toMatch(/the run took longer than --run-timeout 4 s and was stopped/);
      // Every refusal is one line, and nothing from Redis reached the log with its control characters.
      for (const reason of Object.values(reasons)) expect(reason).not.toContain('\n');
      const log = readFileSync(workerLog, 'utf8');
      expect(log).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
      expect(log).not.toContain('EXECGYM_QUEUE_KEY is not set');
    } catch (error) {
      if (existsSync(workerLog)) console.error(`--- worker.log\n${readFileSync(workerLog, 'utf8')}`);
      throw error;
    } finally {
      client.current?.disconnect();
      if (worker) await stopAll([worker]);
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
