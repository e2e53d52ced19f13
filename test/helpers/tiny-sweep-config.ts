import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_ENV } from './tiny-runs.js';

/**
 * Writes a PPO config that trains in about a second (the tiny market of tiny-runs.ts); `train`
 * changes the budget and how often it is evaluated and checkpointed.
 */
export function writeTinyConfig(dir: string, name = 'tiny', train = { steps: 1600, every: 800 }): string {
  const path = join(dir, `${name}.json`);
  const config = {
    name,
    env: TINY_ENV,
    agent: { type: 'ppo', numEnvs: 32, updateEpochs: 2, numMinibatches: 2, learningRate: 0.003, hidden: [16] },
    train: { steps: train.steps },
    evaluation: { every: train.every, validation: { episodes: 50 }, test: { episodes: 50 } },
  };
  writeFileSync(path, JSON.stringify(config));
  return path;
}
