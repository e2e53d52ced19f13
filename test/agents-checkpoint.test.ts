import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { greedyActions } from '../agents/common/agent-model.js';
import { selectBackend } from '../agents/common/backend.js';
import { fileHandler, loadTensors, saveTensors } from '../agents/common/checkpoint.js';
import { loadAgentModel } from '../agents/load-agent-model.js';
import type { AgentHandle, TrainContext } from '../agents/common/train-context.js';
import { trainAgent } from '../agents/registry.js';
import { resolveRunEnv } from '../experiments/run-config/resolve-env.js';
import type { RunConfig } from '../experiments/run-config/run-config.js';
import { loadRunPolicy } from '../experiments/train/run-policy.js';
import { trainRun } from '../experiments/train/train-run.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { makeRng } from '../env/random/rng.js';
import { TINY_ENV, tempDir, tinyDqn, tinyPpo, tinyRppo } from './helpers/tiny-runs.js';

beforeAll(async () => {
  await selectBackend('auto');
});

/** Observations spread over the observation space (time and inventory in [0, 1], the rest around 1). */
function probeObservations(rows: number, obsDim: number): Float32Array {
  const rng = makeRng(11, 'probe');
  return Float32Array.from({ length: rows * obsDim }, (_, i) => (i % obsDim < 2 ? rng.uniform() : 1 + 0.5 * rng.normal()));
}

/** Trains `config` briefly and, at the last boundary, saves a checkpoint and records the live model's greedy actions. */
async function trainAndSave(config: RunConfig, dir: string): Promise<Float64Array> {
  const env = resolveRunEnv(config.env);
  const obs = probeObservations(64, env.features.length);
  const live = new Float64Array(64);
  const ctx: TrainContext = {
    env,
    seed: 0,
    totalSteps: 3000,
    trainSeed: (r) => 1e9 + r * 64,
    recordUpdate: () => {},
    recordEpisodes: () => {},
    async atBoundary(progress, agent: AgentHandle) {
      if (progress.envSteps >= 3000) {
        await agent.saveCheckpoint(dir);
        greedyActions(agent.model, obs, 64, live);
      }
      return true;
    },
  };
  await trainAgent(config.agent, ctx);
  return live;
}

describe('checkpoints', () => {
  it('the file IOHandler round-trips topology and weights bit for bit', async () => {
    const dir = tempDir();
    const a = tf.tensor2d([[1.5, -2], [Math.PI, 1e-30]]);
    await saveTensors(fileHandler(dir, 'x'), { hello: 'world' }, [{ name: 'a', tensor: a }]);
    const { topology, tensors } = await loadTensors<{ hello: string }>(fileHandler(dir, 'x'));
    expect(topology).toEqual({ hello: 'world' });
    expect(Array.from(tensors.a.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, tensors.a]);
  });

  const categorical = tinyPpo({ env: { ...TINY_ENV, overrides: { ...TINY_ENV.overrides, action: { type: 'discrete', levels: [0, 1, 2] } } } });
  const cases: [string, RunConfig][] = [
    ['PPO (Gaussian, with observation statistics)', tinyPpo()],
    ['PPO (categorical)', categorical],
    ['DQN (dueling, 3-step)', tinyDqn({}, { dueling: true, nSteps: 3 })],
    ['recurrent PPO (GRU core)', tinyRppo()],
  ];
  for (const [name, config] of cases) {
    it(`${name}: save then load gives identical greedy actions`, async () => {
      const dir = tempDir();
      const live = await trainAndSave(config, dir);
      const model = await loadAgentModel(fileHandler(dir, 'model'));
      const loaded = new Float64Array(64);
      greedyActions(model, probeObservations(64, model.topology.features.length), 64, loaded);
      expect(Array.from(loaded)).toEqual(Array.from(live));
      expect(new Set(live).size).toBeGreaterThan(1);
    });
  }

  it('a run directory loads as a policy (run:<dir>) that acts exactly as the trained one', async () => {
    const runDir = join(tempDir(), 'run');
    const config = tinyPpo({ train: { steps: 1280 } });
    await trainRun({ config, runDir, skipBenchmark: true });
    const env = resolveRunEnv(config.env);
    const fromRun = await loadRunPolicy(runDir, env, 'a');
    const fromPolicyDir = await loadRunPolicy(join(runDir, 'policy'), env, 'b');
    const first = evaluatePolicy(fromRun, env, { episodes: 50, seed: 7 }).episodes.map((e) => e.objectiveBps);
    const second = evaluatePolicy(fromPolicyDir, env, { episodes: 50, seed: 7 }).episodes.map((e) => e.objectiveBps);
    expect(second).toEqual(first);
  });
});
