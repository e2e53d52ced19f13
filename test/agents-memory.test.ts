import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../agents/common/backend.js';
import type { TrainContext } from '../agents/common/train-context.js';
import { trainAgent } from '../agents/registry.js';
import { resolveRunEnv } from '../experiments/run-config/resolve-env.js';
import type { RunConfig } from '../experiments/run-config/run-config.js';
import { tinyDqn, tinyPpo, tinyRppo } from './helpers/tiny-runs.js';

beforeAll(async () => {
  await selectBackend('auto');
});

/** tf.memory().numTensors at every boundary of a short run, and after it. */
async function tensorCounts(config: RunConfig, steps: number): Promise<{ during: number[]; before: number; after: number }> {
  const during: number[] = [];
  const ctx: TrainContext = {
    env: resolveRunEnv(config.env),
    seed: 0,
    totalSteps: steps,
    trainSeed: (r) => 1e9 + r * config.agent.numEnvs,
    recordUpdate: () => {},
    recordEpisodes: () => {},
    atBoundary: async () => {
      during.push(tf.memory().numTensors);
      return true;
    },
  };
  const before = tf.memory().numTensors;
  await trainAgent(config.agent, ctx);
  return { during, before, after: tf.memory().numTensors };
}

describe('tfjs memory discipline', () => {
  it('PPO: the number of live tensors does not grow over updates, and training frees everything', async () => {
    const { during, before, after } = await tensorCounts(tinyPpo(), 1600);
    expect(during.length).toBeGreaterThan(3);
    expect(new Set(during.slice(1)).size).toBe(1);
    expect(after).toBe(before);
  });

  it('recurrent PPO: the number of live tensors does not grow over updates (BPTT through the GRU), and training frees everything', async () => {
    const { during, before, after } = await tensorCounts(tinyRppo(), 1600);
    expect(during.length).toBeGreaterThan(3);
    expect(new Set(during.slice(1)).size).toBe(1);
    expect(after).toBe(before);
  });

  it('DQN (dueling, Polyak target): the number of live tensors does not grow, and training frees everything', async () => {
    const { during, before, after } = await tensorCounts(tinyDqn({}, { dueling: true, tau: 0.01, learningStarts: 200 }), 2000);
    expect(new Set(during.slice(1)).size).toBe(1);
    expect(after).toBe(before);
  });
});
