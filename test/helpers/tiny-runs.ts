import { runConfigSchema, type RunConfig, type RunConfigInput } from '../../experiments/run-config/run-config.js';

/**
 * A tiny execution problem that learns in seconds: the AC market cut to N = 5 steps, low
 * volatility and no risk aversion, so the optimum is TWAP (even split, 132.5 bps) while an
 * untrained policy (multiplier ~2 of the even split) front-loads and pays ~180 bps.
 */
export const TINY_ENV = { id: 'ac-linear-v0', overrides: { horizon: { T: 5, N: 5 }, price: { sigma: 0.05 }, riskAversion: 0 } };
export const TINY_LEVELS = [0, 0.5, 1, 2, 4];

export function tinyPpo(overrides: Partial<RunConfigInput> = {}, agent: Record<string, unknown> = {}): RunConfig {
  return runConfigSchema.parse({
    name: 'tiny-ppo',
    env: TINY_ENV,
    agent: { type: 'ppo', numEnvs: 64, updateEpochs: 4, numMinibatches: 2, learningRate: 0.003, ...agent },
    train: { steps: 12000 },
    evaluation: { every: 4000, validation: { episodes: 200 }, test: { episodes: 200 } },
    ...overrides,
  });
}

/** Recurrent PPO on the tiny problem: a small GRU core, whole-episode sequences. */
export function tinyRppo(overrides: Partial<RunConfigInput> = {}, agent: Record<string, unknown> = {}): RunConfig {
  return tinyPpo(overrides, { type: 'rppo', coreSize: 8, hidden: [32], ...agent });
}

export function tinyDqn(overrides: Partial<RunConfigInput> = {}, agent: Record<string, unknown> = {}): RunConfig {
  return runConfigSchema.parse({
    name: 'tiny-dqn',
    env: { ...TINY_ENV, overrides: { ...TINY_ENV.overrides, action: { type: 'discrete', levels: TINY_LEVELS } } },
    agent: { type: 'dqn', numEnvs: 16, learningStarts: 1000, learningRate: 0.001, targetNetworkFrequency: 500, hidden: [32, 32], ...agent },
    train: { steps: 12000 },
    evaluation: { every: 3000, validation: { episodes: 200 }, test: { episodes: 200 } },
    ...overrides,
  });
}

export { tempDir } from './temp-dirs.js';
