import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConfigSchema, type RunConfig } from '../../experiments/run-config/run-config.js';
import portfolioAc from '../../env/specs/portfolio-ac-v0.json' with { type: 'json' };
import { tempDir } from './temp-dirs.js';

/** portfolio-ac-v0 cut to its first three names and N = 5 steps, written as a spec file: a portfolio PPO run of seconds. */
export function threeNameSpec(): string {
  const cut = (rows: number[][]) => rows.slice(0, 3).map((r) => r.slice(0, 3));
  const spec = {
    ...portfolioAc,
    id: 'portfolio-three-v0',
    horizon: { T: 1, N: 5 },
    assets: portfolioAc.assets.slice(0, 3),
    covariance: cut(portfolioAc.covariance),
    permanentImpact: cut(portfolioAc.permanentImpact),
    temporaryImpact: cut(portfolioAc.temporaryImpact),
  };
  const path = join(tempDir(), 'portfolio-three-v0.json');
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/** A PPO config of 960 env steps on the portfolio spec at `envPath` (validation and test: 40 episodes). */
export function tinyPortfolioPpo(envPath: string, seed = 0): RunConfig {
  return runConfigSchema.parse({
    name: 'tiny-portfolio-ppo',
    seed,
    env: { id: envPath },
    agent: { type: 'ppo', numEnvs: 32, updateEpochs: 4, numMinibatches: 2, learningRate: 0.003, rewardScale: 0.01, gamma: 1 },
    train: { steps: 960 },
    evaluation: { every: 320, validation: { episodes: 40 }, test: { episodes: 40 } },
  });
}
