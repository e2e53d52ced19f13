import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { weightsHash } from '../agents/common/checkpoint.js';
import { makeRng } from '../env/rng.js';
import { runBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { loadReportInput } from '../experiments/report/load-dirs.js';
import { settleResultDir } from '../experiments/io/result-dir.js';
import { finishSweep, prepareSweep } from '../experiments/sweep/sweep.js';
import { loadConfig } from '../experiments/config/load-config.js';
import { isCompleteRun, latestCheckpoint } from '../experiments/io/run-dir.js';
import { trainRun } from '../experiments/train/train-run.js';
import { tempDir } from './helpers/temp-dirs.js';

/**
 * Fault injection (issue 10): SIGKILL a `benchmark`, a `train` and a `sweep` at seeded random
 * moments and check that what a reader sees is the previous complete result or the new complete
 * one, never a mix, and that resuming loses and duplicates no rows. Half of the benchmark and
 * sweep kills are aimed at the commit itself: EXECGYM_FAULT_PAUSE_MS slows each rename of a
 * commit, and the kill follows the appearance of its journal. Trials run a few at a time.
 */

const CLI = fileURLToPath(new URL('../dist/experiments/cli/main.js', import.meta.url));
const TRIALS = 20;
const PARALLEL = 3;
const dir = tempDir('execgym-faults-');
const rng = makeRng(10, 'fault-injection');

const TINY = {
  name: 'tiny',
  env: { id: 'ac-linear-v0', overrides: { horizon: { T: 5, N: 5 }, price: { sigma: 0.05 }, riskAversion: 0 } },
  agent: { type: 'ppo', numEnvs: 16, updateEpochs: 1, numMinibatches: 1, learningRate: 0.003, hidden: [8] },
  train: { steps: 480 },
  evaluation: { every: 160, validation: { episodes: 10 }, test: { episodes: 10 } },
};

/** Spawns the built CLI in its own process group (a sweep's workers die with it). */
function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { detached: true, stdio: 'ignore', env: { ...process.env, ...env } });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills the child's process group after `ms`, or at once when `when()` turns true (then after `extraMs`). */
async function killAt(child: ChildProcess, ms: number, when?: () => boolean, extraMs = 0): Promise<void> {
  const done = exited(child);
  const start = Date.now();
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished && Date.now() - start < ms && !(when?.() ?? false)) await sleep(5);
  if (!finished && when?.()) await sleep(extraMs);
  if (!finished) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await done;
}

/** Runs `trial(i)` for i < n, `PARALLEL` at a time. */
async function inPool(n: number, trial: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < n) await trial(next++);
  }));
}

async function timed(args: string[]): Promise<number> {
  const start = Date.now();
  const code = await exited(spawnCli(args));
  expect(code).toBe(0);
  return Date.now() - start;
}

const BENCHMARK_FILES = ['episodes.csv', 'trajectories.csv', 'summary.json', 'summary.md'];
const readFiles = (d: string, files: string[]) => files.map((f) => (existsSync(join(d, f)) ? readFileSync(join(d, f), 'utf8') : null));
/** Entries a finished writer must not leave: staging folders, temporaries, a lock, a journal. */
const leftovers = (d: string) => readdirSync(d).filter((f) => f.startsWith('.staging') || f.endsWith('.tmp') || f === '.execgym.lock' || f === '.execgym-commit.json');
/** A learning curve without its wall-clock column (the only one that differs between runs). */
function curveRows(runDir: string): string[] {
  const [header, ...rows] = readFileSync(join(runDir, 'learning_curve.csv'), 'utf8').trimEnd().split('\n');
  const wall = header.split(',').indexOf('wall_seconds');
  return [header, ...rows].map((row) => row.split(',').filter((_, j) => j !== wall).join(','));
}

describe('fault injection: SIGKILL at random moments', () => {
  const bench = (seed: number, out: string) => ['benchmark', '--env', 'ac-linear-v0', '--policies', 'twap,vwap', '--episodes', '100', '--seed', String(seed), '--out', out];
  let benchMs = 0;
  let trainMs = 0;
  let sweepMs = 0;
  const configPath = join(dir, 'tiny.json');

  beforeAll(async () => {
    writeFileSync(configPath, JSON.stringify(TINY));
    // References: the previous result (seed 0) and the new one (seed 1), each written uninterrupted.
    benchMs = await timed(bench(0, join(dir, 'bench-previous')));
    benchMs = Math.max(benchMs, await timed(bench(1, join(dir, 'bench-new'))));
    trainMs = await timed(['train', configPath, '--out', join(dir, 'train-ref')]);
    sweepMs = await timed(['sweep', configPath, '--seeds', '0', '--workers', '1', '--out', join(dir, 'sweep-ref')]);
  }, 120_000);

  it(`a killed benchmark leaves the previous complete result or the new one, never a mix; a re-run completes it (${TRIALS} trials)`, async () => {
    const previous = readFiles(join(dir, 'bench-previous'), BENCHMARK_FILES);
    const fresh = readFiles(join(dir, 'bench-new'), BENCHMARK_FILES);
    const seen = { previous: 0, new: 0, midCommit: 0 };
    const delays = Array.from({ length: TRIALS }, () => rng.uniform());
    await inPool(TRIALS, async (i) => {
      const out = join(dir, `bench-trial-${i}`);
      cpSync(join(dir, 'bench-previous'), out, { recursive: true });
      const aimAtCommit = i % 2 === 1;
      const child = spawnCli(bench(1, out), aimAtCommit ? { EXECGYM_FAULT_PAUSE_MS: '40' } : {});
      const journal = () => existsSync(join(out, '.execgym-commit.json'));
      await killAt(child, aimAtCommit ? 60_000 : delays[i] * benchMs * 1.2, aimAtCommit ? journal : undefined, delays[i] * 160);
      if (journal()) seen.midCommit += 1;
      settleResultDir(out);
      const now = readFiles(out, BENCHMARK_FILES);
      const which = now.every((f, j) => f === previous[j]) ? 'previous' : now.every((f, j) => f === fresh[j]) ? 'new' : 'mix';
      expect(which, `trial ${i}`).not.toBe('mix');
      seen[which as 'previous' | 'new'] += 1;
      expect(loadReportInput(out).kind).toBe('benchmark');
      await runBenchmark({ env: 'ac-linear-v0', policies: ['twap', 'vwap'], episodes: 100, seed: 1, outDir: out });
      expect(readFiles(out, BENCHMARK_FILES), `trial ${i} re-run`).toEqual(fresh);
      expect(leftovers(out), `trial ${i} leftovers`).toEqual([]);
    });
    console.log(`benchmark: ${TRIALS} kills; read back previous ${seen.previous}, new ${seen.new}; ${seen.midCommit} killed mid-commit`);
    expect(seen.midCommit).toBeGreaterThan(0);
  }, 300_000);

  it(`a killed train is complete and identical to an uninterrupted run, or incomplete and refused; resuming loses and duplicates no row (${TRIALS} trials)`, async () => {
    const ref = join(dir, 'train-ref');
    const refCurve = curveRows(ref);
    const refSummary = readFileSync(join(ref, 'benchmark', 'summary.json'), 'utf8');
    const refHash = weightsHash(join(ref, 'policy'));
    const config = loadConfig(configPath);
    const seen = { complete: 0, incomplete: 0, nothing: 0 };
    const delays = Array.from({ length: TRIALS }, () => rng.uniform());
    // Each kill follows a moment of the run (then a random 0-300 ms), so that every phase is hit
    // whatever the machine's load: start-up, the first row, a checkpoint, the final policy, its benchmark.
    const moments: ((out: string) => boolean)[] = [
      () => false,
      (out) => existsSync(join(out, 'manifest.json')),
      (out) => existsSync(join(out, 'learning_curve.csv')) && readFileSync(join(out, 'learning_curve.csv'), 'utf8').split('\n').length > 2,
      (out) => existsSync(join(out, 'checkpoints', 'latest.json')),
      (out) => existsSync(join(out, 'policy')),
      (out) => existsSync(join(out, 'benchmark')),
    ];
    await inPool(TRIALS, async (i) => {
      const out = join(dir, `train-trial-${i}`);
      const moment = moments[i % moments.length];
      await killAt(spawnCli(['train', configPath, '--out', out], { EXECGYM_FAULT_PAUSE_MS: '20' }), i % moments.length === 0 ? delays[i] * trainMs : 60_000, () => moment(out), delays[i] * 300);
      if (!existsSync(join(out, 'manifest.json'))) seen.nothing += 1;
      else if (isCompleteRun(out)) seen.complete += 1;
      else {
        seen.incomplete += 1;
        expect(() => loadReportInput(out), `trial ${i}: report refuses an incomplete run`).toThrow(/incomplete/);
      }
      const started = existsSync(join(out, 'manifest.json'));
      if (!isCompleteRun(out)) await trainRun({ config, runDir: out, resume: started && latestCheckpoint(out) !== null ? true : started });
      expect(curveRows(out), `trial ${i} learning curve`).toEqual(refCurve);
      expect(weightsHash(join(out, 'policy')), `trial ${i} weights`).toBe(refHash);
      expect(readFileSync(join(out, 'benchmark', 'summary.json'), 'utf8'), `trial ${i} summary`).toBe(refSummary);
    });
    console.log(`train: ${TRIALS} kills; complete ${seen.complete}, incomplete ${seen.incomplete}, not started ${seen.nothing}`);
  }, 300_000);

  it(`a killed sweep leaves no aggregate or the complete one; resuming it gives the uninterrupted aggregate (${TRIALS} trials)`, async () => {
    const ref = join(dir, 'sweep-ref');
    // aggregate.md carries wall times, which differ between runs: the JSON is compared, the .md must come with it.
    const refAggregate = readFiles(ref, ['aggregate.json'])[0];
    const refCurve = curveRows(join(ref, 'base', 'seed-0'));
    const seen = { none: 0, complete: 0, midCommit: 0 };
    const delays = Array.from({ length: TRIALS }, () => rng.uniform());
    await inPool(TRIALS, async (i) => {
      const out = join(dir, `sweep-trial-${i}`);
      const aimAtCommit = i % 2 === 1;
      const journal = () => existsSync(join(out, '.execgym-commit.json'));
      const child = spawnCli(['sweep', configPath, '--seeds', '0', '--workers', '1', '--out', out], aimAtCommit ? { EXECGYM_FAULT_PAUSE_MS: '60' } : {});
      await killAt(child, aimAtCommit ? 60_000 : delays[i] * sweepMs, aimAtCommit ? journal : undefined, delays[i] * 100);
      if (journal()) seen.midCommit += 1;
      if (existsSync(out)) settleResultDir(out);
      const now = existsSync(out) ? readFiles(out, ['aggregate.json', 'aggregate.md']) : [null, null];
      expect(now[0] === null, `trial ${i}: aggregate.json and aggregate.md together`).toBe(now[1] === null);
      if (now[0] === null) seen.none += 1;
      else {
        expect(now[0], `trial ${i}: the aggregate is whole`).toBe(refAggregate);
        seen.complete += 1;
      }
      // Resume as `execgym sweep` does (the worker's `train --resume` run in this process).
      const sweep = prepareSweep({ configPath, seeds: [0], axes: [], outDir: out });
      for (const task of sweep.tasks) {
        const runDir = task.args[task.args.indexOf('--out') + 1];
        await trainRun({ config: sweep.plan.settings[0].config, runDir, resume: task.args.includes('--resume') });
      }
      finishSweep(sweep);
      expect(readFiles(out, ['aggregate.json'])[0], `trial ${i} resumed aggregate`).toBe(refAggregate);
      expect(curveRows(join(out, 'base', 'seed-0')), `trial ${i} learning curve`).toEqual(refCurve);
      expect(leftovers(out), `trial ${i} leftovers`).toEqual([]);
    });
    console.log(`sweep: ${TRIALS} kills; no aggregate ${seen.none}, complete ${seen.complete}; ${seen.midCommit} killed mid-commit`);
    expect(seen.midCommit).toBeGreaterThan(0);
  }, 300_000);
});
