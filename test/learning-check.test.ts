import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCompleteManifest } from '../experiments/io/run-dir.js';
import { learningCheck } from '../experiments/train/learning-check.js';
import { trainRun } from '../experiments/train/train-run.js';
import { tempDir, tinyPpo } from './helpers/tiny-runs.js';

describe('the learning check', () => {
  it('a selected checkpoint at step 0 did not learn, whatever its scores', () => {
    const c = learningCheck([1, 2, 3], [1, 2, 3], 0);
    expect(c.learned).toBe(false);
    expect(c.vsInitialBps.mean).toBe(0);
  });

  it('a later checkpoint learned only when the paired interval of selected − initial is wholly below zero', () => {
    const initial = [10, 12, 11, 13, 9, 10];
    expect(learningCheck(initial.map((v) => v - 1), initial, 4000).learned).toBe(true);
    // Better on average but the paired differences straddle zero: not shown to be better.
    const noisy = initial.map((v, i) => v + (i % 2 === 0 ? -3 : 2.5));
    const c = learningCheck(noisy, initial, 4000);
    expect(c.vsInitialBps.mean).toBeLessThan(0);
    expect(c.vsInitialBps.high).toBeGreaterThan(0);
    expect(c.learned).toBe(false);
  });

  it('on a replay the interval counts clusters: two symbol-days moving together are two units, not six', () => {
    const initial = [10, 10, 10, 10, 10, 10];
    const selected = [9, 9.1, 8.9, 10.5, 10.4, 10.6];
    expect(learningCheck(selected, initial, 100, [0, 0, 0, 1, 1, 1]).vsInitialBps.high).toBeGreaterThan(learningCheck(selected, initial, 100).vsInitialBps.high);
  });

  it('a tiny PPO run with a vanishing learning rate is recorded in its manifest as not having learned, with its selected step', async () => {
    const runDir = join(tempDir(), 'run');
    const config = tinyPpo({ train: { steps: 2400 }, evaluation: { every: 800, validation: { episodes: 50 }, test: { episodes: 20 } } }, { learningRate: 1e-12 });
    await trainRun({ config, runDir, backend: 'cpu' });
    const learning = readCompleteManifest(runDir).result.learning!;
    expect(learning.learned).toBe(false);
    expect(learning.selectedEnvSteps % 800).toBe(0);
    expect(Math.abs(learning.vsInitialBps.mean)).toBeLessThan(1e-3);
  });
});
