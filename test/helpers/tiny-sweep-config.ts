import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_ENV } from './tiny-runs.js';

/** Writes a PPO config that trains in about a second (the tiny market of tiny-runs.ts). */
export function writeTinyConfig(dir: string, name = 'tiny'): string {
  const path = join(dir, `${name}.json`);
  const config = {
    name,
    env: TINY_ENV,
    agent: { type: 'ppo', numEnvs: 32, updateEpochs: 2, numMinibatches: 2, learningRate: 0.003, hidden: [16] },
    train: { steps: 1600 },
    evaluation: { every: 800, validation: { episodes: 50 }, test: { episodes: 50 } },
  };
  writeFileSync(path, JSON.stringify(config));
  return path;
}
