import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { make } from '../env/registry.js';
import { describeReplaySets } from '../env/data/replay-sets.js';
import { trainRun } from '../experiments/train/train-run.js';
import { UserError } from '../env/errors/errors.js';
import { tempDir, tinyPpo } from './helpers/tiny-runs.js';

const dir = tempDir('execgym-replay-run-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const replayConfig = (evaluation: object = {}) =>
  tinyPpo({
    name: 'tiny-replay',
    env: { id: 'xetra-replay-v0', overrides: {} },
    train: { steps: 1920 },
    evaluation: { every: 1920, validation: { episodes: 32 }, test: { episodes: 32 }, ...evaluation },
  });

describe('training on a replay market', () => {
  it('records the disjoint training, validation and test windows in the manifest', async () => {
    const runDir = join(dir, 'run');
    await trainRun({ config: replayConfig(), runDir, skipBenchmark: true });
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    const sets = manifest.env.replayWindows;
    expect(sets).toEqual(describeReplaySets(make('xetra-replay-v0').params.replay!));
    expect([sets.training.length, sets.validation.length, sets.test.length]).toEqual([96, 32, 32]);
    expect(new Set([...sets.training, ...sets.validation, ...sets.test]).size).toBe(160);
    expect(sets.test[0]).toMatch(/^[A-Z]+ 2018-03-21 \d\d:\d\d:00 UTC$/);
  });

  it('refuses validation or test seeds that would replay the other set', async () => {
    const run = (evaluation: object) => trainRun({ config: replayConfig(evaluation), runDir: join(dir, 'bad') });
    await expect(run({ validation: { seed: 5000, episodes: 32 } })).rejects.toThrow(
      new UserError('config.evaluation.validation.seed: on a replay market the validation seeds must lie in [1000000, 1000000000), got 5000..5031'),
    );
    await expect(run({ test: { seed: 999_990, episodes: 32 }, validation: { seed: 2_000_000, episodes: 32 } })).rejects.toBeInstanceOf(UserError);
    await expect(run({ test: { seed: 999_990, episodes: 32 }, validation: { seed: 2_000_000, episodes: 32 } })).rejects.toThrow(/test seeds must lie in \[0, 1000000\), got 999990\.\.1000021$/);
  });
});
