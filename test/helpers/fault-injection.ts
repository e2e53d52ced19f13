import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { makeRng } from '../../env/random/rng.js';

/**
 * What the fault-injection tests share (test/fault-injection-*.test.ts).
 *
 * Fault injection (issue 10): SIGKILL a `benchmark`, a `train` and a `sweep` at seeded random
 * moments and check that what a reader sees is the previous complete result or the new complete
 * one, never a mix, and that resuming loses and duplicates no rows. Half of the benchmark and
 * sweep kills are aimed at the commit itself: EXECGYM_FAULT_PAUSE_MS slows each rename of a
 * commit, and the kill follows the appearance of its journal. Trials run a few at a time. The
 * benchmark, train and sweep trials are three files, so that they run in parallel.
 */

export const CLI = fileURLToPath(new URL('../../dist/experiments/cli/main.js', import.meta.url));
export const TRIALS = 20;
export const PARALLEL = 3;

export const TINY = {
  name: 'tiny',
  env: { id: 'ac-linear-v0', overrides: { horizon: { T: 5, N: 5 }, price: { sigma: 0.05 }, riskAversion: 0 } },
  agent: { type: 'ppo', numEnvs: 16, updateEpochs: 1, numMinibatches: 1, learningRate: 0.003, hidden: [8] },
  train: { steps: 480 },
  evaluation: { every: 160, validation: { episodes: 10 }, test: { episodes: 10 } },
};

/** Spawns the built CLI in its own process group (a sweep's workers die with it). */
export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { detached: true, stdio: 'ignore', env: { ...process.env, ...env } });
}

export const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills the child's process group after `ms`, or at once when `when()` turns true (then after `extraMs`). */
export async function killAt(child: ChildProcess, ms: number, when?: () => boolean, extraMs = 0): Promise<void> {
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
  await groupGone(child.pid!);
}

/**
 * Waits until no process of group `pgid` is left, reaped zombies included: the leader's exit does
 * not wait for its workers (a sweep's `train`), and a killed worker not yet reaped still counts as
 * alive to a directory lock, so resuming at once could find its lock held.
 */
async function groupGone(pgid: number, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await sleep(5);
  }
}

/** Runs `trial(i)` for i < n, `PARALLEL` at a time. */
export async function inPool(n: number, trial: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < n) await trial(next++);
  }));
}

export async function timed(args: string[]): Promise<number> {
  const start = Date.now();
  const code = await exited(spawnCli(args));
  expect(code).toBe(0);
  return Date.now() - start;
}

export const BENCHMARK_FILES = ['episodes.csv', 'trajectories.csv', 'summary.json', 'summary.md'];
export const readFiles = (d: string, files: string[]) => files.map((f) => (existsSync(join(d, f)) ? readFileSync(join(d, f), 'utf8') : null));
/** Entries a finished writer must not leave: staging folders, temporaries, a lock, a journal. */
export const leftovers = (d: string) => readdirSync(d).filter((f) => f.startsWith('.staging') || f.endsWith('.tmp') || f === '.execgym.lock' || f === '.execgym-commit.json');
/** A learning curve without its wall-clock column (the only one that differs between runs). */
export function curveRows(runDir: string): string[] {
  const [header, ...rows] = readFileSync(join(runDir, 'learning_curve.csv'), 'utf8').trimEnd().split('\n');
  const wall = header.split(',').indexOf('wall_seconds');
  return [header, ...rows].map((row) => row.split(',').filter((_, j) => j !== wall).join(','));
}

/**
 * The kill delays of the trials of test `block` (0 benchmark, 1 train, 2 sweep): the three tests
 * were one file drawing from one stream in that order, and each draws its own block of it still.
 */
export function trialDelays(block: number): number[] {
  const rng = makeRng(10, 'fault-injection');
  const draws = Array.from({ length: (block + 1) * TRIALS }, () => rng.uniform());
  return draws.slice(block * TRIALS);
}
