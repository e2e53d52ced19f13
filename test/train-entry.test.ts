import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../env/errors/errors.js';
import { runTraining, trainingExitCode } from '../experiments/train/train-entry.js';
import { importsOf, sourceModules } from './helpers/import-graph.js';
import { tempDir } from './helpers/tiny-runs.js';

describe('the training entry', () => {
  it('execgym train (which a local sweep runs) and the queue worker reach training only through runTraining', () => {
    const callers = sourceModules().filter((m) => importsOf(m).some((i) => i.kind !== 'type' && /(^|\/)train-run\.js$/.test(i.specifier)));
    // The library entry re-exports trainRun; reproduce re-runs a recorded config into a fresh directory.
    expect(callers.sort()).toEqual(['experiments/index.ts', 'experiments/train/reproduce.ts', 'experiments/train/train-entry.ts']);
    // `train` and `start` share the progress bars and Ctrl-C handling of train-with-progress.ts, which calls the entry.
    expect(importsOf('experiments/cli/commands/train.command.ts').map((i) => i.specifier)).toContain('../train-with-progress.js');
    for (const [shell, entry] of [['experiments/cli/train-with-progress.ts', '../train/train-entry.js'], ['experiments/sweep/queue/train-child.ts', '../../train/train-entry.js']]) {
      expect(importsOf(shell).map((i) => i.specifier)).toContain(entry);
    }
  });

  it('refuses a bad config in one line before writing anything, with the exit code of a user error', async () => {
    const dir = tempDir();
    const error = await runTraining({ config: { name: 'x', env: { id: 'ac-linear-v0' }, agent: { type: 'sac' }, train: { steps: 10 } }, runDir: `${dir}/run`, backend: 'cpu', resume: false }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^config\.agent/);
    expect(existsSync(`${dir}/run`)).toBe(false);
    expect(trainingExitCode(error as Error)).toBe(2);
    expect(trainingExitCode(new Error('boom'))).toBe(1);
    expect(trainingExitCode({ completed: true })).toBe(0);
    expect(trainingExitCode({ completed: false })).toBe(130);
  });
});
