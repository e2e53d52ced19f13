/**
 * `npm run bench:submitter`: the load a waiting `sweep --redis` puts on Redis, in commands per
 * second, with N runs pending and no worker connected (so every run stays pending). For each N in
 * BENCH_PENDING (default 100,1000): a private redis-server, `execgym sweep --seeds 0-(N-1) --redis`
 * started, and once it logs `queued N runs`, Redis's own count of processed commands
 * (`INFO stats`, minus the INFO calls themselves) over BENCH_SECONDS (default 20 s), with the
 * busiest commands from `INFO commandstats`; and Redis's memory per queued run (`used_memory` after
 * the runs were queued minus before, over N: the job hashes, the wait list and the events of
 * queueing them). BENCH_CLI measures another build's CLI (for instance
 * the polling submitter of an earlier commit).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startRedis } from '../sweep/queue/local-redis.js';
import { printTable } from './measure.js';

const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL('../cli/main.js', import.meta.url));
const PENDING = (process.env.BENCH_PENDING ?? '100,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A config the submitter never trains (no worker runs): only its validity matters. */
const CONFIG = {
  name: 'load',
  env: { id: 'ac-linear-v0', overrides: { horizon: { T: 5, N: 5 }, price: { sigma: 0.05 }, riskAversion: 0 } },
  agent: { type: 'ppo', numEnvs: 32, updateEpochs: 2, numMinibatches: 2, learningRate: 0.003, hidden: [16] },
  train: { steps: 1600 },
  evaluation: { every: 800, validation: { episodes: 50 }, test: { episodes: 50 } },
};

/** Redis's counters: every command processed, and the calls of each command. */
async function counters(client: Redis): Promise<{ total: number; byCommand: Map<string, number> }> {
  const stats = await client.info('stats');
  const total = Number(/total_commands_processed:(\d+)/.exec(stats)![1]);
  const byCommand = new Map([...(await client.info('commandstats')).matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
  return { total, byCommand };
}

async function usedMemory(client: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
}

/** Commands per second that a submitter waiting on `pending` runs causes (all, and sent by it), and the busiest ones. */
async function measure(pending: number, dir: string): Promise<string[]> {
  const redis = await startRedis(dir);
  const client = new Redis(redis.url);
  const memoryBefore = await usedMemory(client);
  // MONITOR names each command's source: a client's address, or `lua` inside a script.
  const monitored = new Redis(redis.url);
  const monitor = await monitored.monitor();
  let counting = false;
  let sent = 0;
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (counting && source !== 'lua' && args[0]?.toLowerCase() !== 'info') sent += 1;
  });
  const configPath = join(dir, `load-${pending}.json`);
  writeFileSync(configPath, JSON.stringify(CONFIG));
  const submitter = spawn(process.execPath, [CLI, 'sweep', configPath, '--seeds', `0-${pending - 1}`, '--redis', redis.url, '--out', join(dir, `out-${pending}`)], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    let stderr = '';
    submitter.stderr.on('data', (d) => (stderr += d));
    while (!stderr.includes(`queued ${pending} runs`)) {
      if (submitter.exitCode !== null) throw new Error(`the submitter exited (${submitter.exitCode}): ${stderr}`);
      await sleep(100);
    }
    const memoryPerRun = (await usedMemory(client)) - memoryBefore;
    await sleep(2000); // past the first pass over the queued runs
    const before = await counters(client);
    counting = true;
    const start = performance.now();
    await sleep(SECONDS * 1000);
    counting = false;
    const after = await counters(client);
    const seconds = (performance.now() - start) / 1000;
    // The two INFO calls of `after` are counted in its total; INFO commandstats also counts the first pair.
    const total = (after.total - before.total - 2) / seconds;
    const busiest = [...after.byCommand]
      .map(([name, calls]) => [name, (calls - (before.byCommand.get(name) ?? 0)) / seconds] as const)
      .filter(([name, rate]) => name !== 'info' && rate > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([name, rate]) => `${name} ${rate.toFixed(rate < 10 ? 1 : 0)}/s`);
    const rate = (x: number) => x.toFixed(x < 10 ? 2 : 0);
    return [String(pending), rate(total), rate(sent / seconds), busiest.join(', ') || 'none', `${(memoryPerRun / pending / 1024).toFixed(2)} KiB`];
  } finally {
    submitter.kill('SIGKILL');
    monitor.disconnect();
    monitored.disconnect();
    client.disconnect();
    await redis.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'execgym-bench-submitter-'));
try {
  const rows: string[][] = [];
  for (const pending of PENDING) {
    rows.push(await measure(pending, dir));
    console.error(`${pending} pending: ${rows.at(-1)![1]} commands/s (${rows.at(-1)![2]} sent by clients)`);
  }
  console.log(`a waiting submitter (${CLI}), no worker connected, ${SECONDS} s per row`);
  printTable(['pending runs', 'commands/s in Redis', 'sent by the submitter /s', 'busiest commands (in scripts too)', 'Redis memory per queued run'], rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
