/**
 * `npm run bench:queue`: wall time of one workload on the local worker pool with 1, 2 and 3
 * processes against `--redis` with 1, 2 and 3 queue workers on this machine (a private
 * redis-server), medians of BENCH_REPS repetitions (default 3); the queue's overhead per run
 * (queue with 1 worker minus pool with 1 process, per run); and the transfer of one run directory
 * through Redis (pack, SET, GET, unpack), median of 20.
 *
 * The workload is BENCH_RUNS tiny PPO runs (default 4), or with BENCH_WORKLOAD=quick the trainings
 * of `suite quick` (every config and seed) with each budget scaled by BENCH_SCALE (default 0.05):
 * the suite's mix of run lengths and its per-run costs (process start, evaluations, the final
 * benchmark) at a fraction of its training time.
 * BENCH_WORKERS (default 1,2,3) lists the pool sizes and worker counts to time.
 * Queue workers are started (TensorFlow.js loaded) before the clock starts, as long-lived workers are.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { readJsonObject } from '../../env/io/read-json.js';
import { loadSuite } from '../suite/run-suite.js';
import { finishSweep, prepareSweep, runSweepTasks, type SweepOptions } from '../sweep/sweep.js';
import { parseAxis, parseSeeds } from '../sweep/sweep-plan.js';
import { packDir, unpackBundle } from '../sweep/queue/bundle.js';
import { startRedis } from '../sweep/queue/local-redis.js';
import { QUEUE_NAME } from '../sweep/queue/run-job.js';
import { printTable } from './measure.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 4);
const WORKLOAD = process.env.BENCH_WORKLOAD ?? 'tiny';
const SCALE = Number(process.env.BENCH_SCALE ?? 0.05);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const COUNTS = (process.env.BENCH_WORKERS ?? '1,2,3').split(',').map(Number);
if (!COUNTS.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`BENCH_WORKERS must be positive integers separated by commas, got ${JSON.stringify(process.env.BENCH_WORKERS)}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The workload: the tiny market of the tests, a PPO run of a few seconds each. */
const TINY = {
  name: 'bench',
  env: { id: 'ac-linear-v0', overrides: { horizon: { T: 5, N: 5 }, price: { sigma: 0.05 }, riskAversion: 0 } },
  agent: { type: 'ppo', numEnvs: 32, updateEpochs: 2, numMinibatches: 2, learningRate: 0.003, hidden: [16] },
  train: { steps: 1600 },
  evaluation: { every: 800, validation: { episodes: 50 }, test: { episodes: 50 } },
};

const dir = mkdtempSync(join(tmpdir(), 'execgym-bench-queue-'));
const redis = await startRedis(dir);

/** The sweeps of the workload, each without its output directory. */
function workload(): Omit<SweepOptions, 'outDir'>[] {
  if (WORKLOAD === 'tiny') {
    const configPath = join(dir, 'bench.json');
    writeFileSync(configPath, JSON.stringify(TINY));
    return [{ configPath, seeds: Array.from({ length: RUNS }, (_, i) => i), axes: [] }];
  }
  if (WORKLOAD !== 'quick') throw new Error(`BENCH_WORKLOAD must be tiny or quick, got ${JSON.stringify(WORKLOAD)}`);
  return loadSuite('quick').trainings.map((t) => {
    const steps = t.set.map(parseAxis).find((a) => a.path === 'train.steps')?.values[0] ?? (readJsonObject(t.config, 'config') as { train: { steps: number } }).train.steps;
    return { configPath: t.config, seeds: parseSeeds(t.seeds), axes: [parseAxis(`train.steps=${Math.round(Number(steps) * SCALE)}`)], name: t.config };
  });
}
const sweeps = workload();
const runs = sweeps.reduce((sum, s) => sum + s.seeds.length, 0);

async function timeSweep(out: string, runner: { workers?: number; redis?: string }): Promise<number> {
  const start = performance.now();
  const prepared = sweeps.map((s, i) => prepareSweep({ ...s, outDir: join(dir, out, String(i)), ...runner }));
  const failed = await runSweepTasks(prepared, runner, () => {});
  if (failed.length > 0) throw new Error(`${failed.length} runs failed: ${failed.join(', ')}`);
  prepared.forEach(finishSweep);
  return (performance.now() - start) / 1000;
}

/** Starts `n` queue workers and resolves once all are connected. */
async function startWorkers(n: number): Promise<ChildProcess[]> {
  const workers = Array.from({ length: n }, () => spawn(process.execPath, [CLI, 'worker', '--redis', redis.url], { stdio: 'ignore' }));
  const queue = new Queue(QUEUE_NAME, { connection: { port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: null } });
  while ((await queue.getWorkersCount()) < n) await sleep(100);
  await queue.close();
  return workers;
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => new Promise((resolve) => (w.once('exit', resolve), w.kill('SIGTERM')))));
}

try {
  const pool = new Map<number, number[]>();
  const queued = new Map<number, number[]>();
  for (let rep = 0; rep < REPS; rep++) {
    for (const n of COUNTS) {
      pool.set(n, [...(pool.get(n) ?? []), await timeSweep(`pool-${n}-${rep}`, { workers: n })]);
      const workers = await startWorkers(n);
      queued.set(n, [...(queued.get(n) ?? []), await timeSweep(`queue-${n}-${rep}`, { redis: redis.url })]);
      await stopWorkers(workers);
      console.error(`repetition ${rep + 1}, ${n}: pool ${pool.get(n)!.at(-1)!.toFixed(1)} s, queue ${queued.get(n)!.at(-1)!.toFixed(1)} s`);
    }
  }
  const rows = COUNTS.flatMap((n) => [
    [`local pool, ${n} processes`, `${median(pool.get(n)!).toFixed(1)}`, `${((runs * 60) / median(pool.get(n)!)).toFixed(1)}`],
    [`queue, ${n} workers`, `${median(queued.get(n)!).toFixed(1)}`, `${((runs * 60) / median(queued.get(n)!)).toFixed(1)}`],
  ]);
  console.log(`${WORKLOAD === 'tiny' ? `${runs} tiny PPO runs (1600 env steps each)` : `suite quick: ${runs} runs at ${SCALE} of their budgets`}, medians of ${REPS}`);
  printTable(['runner', 'sweep wall (s)', 'runs/min'], rows);
  const n0 = COUNTS[0];
  const overheads = queued.get(n0)!.map((q, i) => ((q - pool.get(n0)![i]) * 1000) / runs);
  console.log(`\nqueue overhead per run (queue with ${n0} workers minus pool with ${n0} processes, / runs): median ${median(overheads).toFixed(0)} ms (each repetition: ${overheads.map((o) => o.toFixed(0)).join(', ')} ms)`);

  // One finished run directory through Redis.
  const firstSweep = join(dir, `queue-${n0}-0`, '0');
  const runDir = join(firstSweep, readdirSync(firstSweep).find((d) => !d.startsWith('.') && !d.startsWith('aggregate'))!, 'seed-0');
  const client = new Redis({ port: redis.port, host: '127.0.0.1' });
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    const bundle = packDir(runDir);
    await client.set('bench', bundle);
    unpackBundle((await client.getBuffer('bench'))!);
    times.push(performance.now() - start);
    bytes = bundle.length;
  }
  await client.quit();
  console.log(`one run directory through Redis (pack + SET + GET + unpack, ${(bytes / 1024).toFixed(1)} KiB gzipped): median ${median(times).toFixed(1)} ms of 20`);
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
