import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

export interface PoolTask {
  readonly label: string;
  readonly args: readonly string[];
  /** stdout and stderr of the task go here. */
  readonly logFile: string;
}

/**
 * Runs `node <cli> ...args` for every task, at most `workers` at a time, each in its own process
 * (TensorFlow.js is single-threaded per process: processes are how a sweep uses every core).
 * `onStart` and `onDone` are called as each task starts and ends. Resolves with the labels of the
 * tasks that failed.
 */
export async function runPool(cli: string, tasks: readonly PoolTask[], workers: number, onDone: (task: PoolTask, code: number | null) => void, onStart: (task: PoolTask) => void = () => {}): Promise<string[]> {
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      onStart(task);
      const code = await runOne(cli, task);
      if (code !== 0) failed.push(task.label);
      onDone(task, code);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, tasks.length) }, worker));
  return failed;
}

function runOne(cli: string, task: PoolTask): Promise<number | null> {
  const log = openSync(task.logFile, 'a');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...task.args], { stdio: ['ignore', log, log] });
    child.on('close', (code) => {
      closeSync(log);
      resolve(code);
    });
  });
}
