/**
 * What the queue's tests share (test/queue-*.test.ts): the built CLI in the background, waits and
 * polls, the tiny sweep both kill tests compare against, and the test secrets. Each test file
 * starts its own Redis (and S3 emulator) on free ports in its own temporary directory, so the
 * files run in parallel without sharing a server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { readCsv } from '../../experiments/io/read-csv.js';
import { QUEUE_NAME } from '../../experiments/sweep/queue/run-job.js';
import { TIMING_COLUMNS } from '../../experiments/train/learning-curve.js';
import { tempDir } from './temp-dirs.js';
import { writeTinyConfig } from './tiny-sweep-config.js';

export const CLI = fileURLToPath(new URL('../../dist/experiments/cli/main.js', import.meta.url));
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const PASSWORD = 'pa55-w0rd-Sesame';
export const AWS_SECRET = 'aws-Secret-0f-The-Test-9Kq';
export const BUCKET = 'execgym-test';

/** A CLI process in the background, its output in `logFile`. */
export function startCli(args: readonly string[], logFile: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  return child;
}

export const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

export async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
}

export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let waited = 0; ; waited += 200) {
    const value = await probe();
    if (value) return value;
    if (waited > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

/** Every file under `dir` (recursively), for a search for leaked secrets. */
export function allFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((p) => join(dir, p)).filter((p) => statSync(p).isFile());
}

/** The learning curve without its timing columns (which differ between identical runs). */
export const curveWithoutTiming = (runDir: string) => readCsv(join(runDir, 'learning_curve.csv')).map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !TIMING_COLUMNS.includes(k))));

/** The CLI run to its end without blocking this process (whose event loop serves the S3 emulator). */
export function runCliAsync(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/**
 * The config of both kill tests, in one file: aggregate.json names its config's path, so the
 * queued sweeps and the local one must read the same file.
 */
export const TINY_TRAIN = { steps: 2400, every: 600 };
let tinyConfigPath: string | null = null;
export const tinyConfig = () => (tinyConfigPath ??= writeTinyConfig(tempDir(), 'tiny', TINY_TRAIN));

/** The sweep both kill tests compare against (4 seeds of {@link tinyConfig}, local pool), run once. */
let localSweepDir: Promise<string> | null = null;
export function localSweep(): Promise<string> {
  localSweepDir ??= (async () => {
    const out = join(tempDir(), 'local');
    const result = await runCliAsync(['sweep', tinyConfig(), '--seeds', '0-3', '--workers', '2', '--out', out], process.env);
    if (result.code !== 0) throw new Error(`the local sweep failed: ${result.stderr}`);
    return out;
  })();
  return localSweepDir;
}

/** The Redis keys that are not BullMQ's (`bull:...`): where artefacts would be, if any were in Redis. */
export async function nonQueueKeys(url: string): Promise<string[]> {
  const client = new Redis(url);
  try {
    return (await client.keys('*')).filter((k) => !k.startsWith(`bull:${QUEUE_NAME}:`));
  } finally {
    client.disconnect();
  }
}
