/**
 * `npm run bench:train`: training throughput of the shipped DQN and PPO configs on ac-linear-v0 and
 * of recurrent PPO's on regime-v0,
 * for every TensorFlow.js backend that loads here: env steps per second and gradient updates per
 * second over a short budget (evaluation and checkpoints left out), medians of 3 runs.
 */
import { fileURLToPath } from 'node:url';
import { availableBackends, BACKENDS, selectBackend, type BackendName } from '../../agents/common/backend.js';
import type { TrainContext, TrainProgress } from '../../agents/common/train-context.js';
import { trainAgent } from '../../agents/registry.js';
import { loadConfig } from '../run-config/load-config.js';
import { resolveRunEnv } from '../run-config/resolve-env.js';
import type { RunConfig } from '../run-config/run-config.js';
import { printTable } from './measure.js';

const config = (name: string) => loadConfig(fileURLToPath(new URL(`../../../experiments/configs/${name}.json`, import.meta.url)));

/** One short training run: wall seconds, env steps and updates (the first boundary's state is the start). */
async function timeRun(run: RunConfig, steps: number): Promise<{ stepsPerSecond: number; updatesPerSecond: number }> {
  const env = resolveRunEnv(run.env);
  let last: TrainProgress = { envSteps: 0, episodes: 0, updates: 0, rounds: 0 };
  const ctx: TrainContext = {
    env,
    seed: 0,
    totalSteps: steps,
    trainSeed: (round) => 1e9 + round * run.agent.numEnvs,
    recordUpdate: () => {},
    recordEpisodes: () => {},
    atBoundary: async (progress) => {
      last = progress;
      return true;
    },
  };
  const start = performance.now();
  await trainAgent(run.agent, ctx);
  const seconds = (performance.now() - start) / 1000;
  return { stepsPerSecond: last.envSteps / seconds, updatesPerSecond: last.updates / seconds };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const ppo = config('ppo-ac-linear');
const rppo = config('rppo-regime');
const dqnBase = config('dqn-ac-linear');
// DQN learns from the first step here, so that its rate includes the updates.
if (dqnBase.agent.type !== 'dqn') throw new Error('dqn-ac-linear.json must configure a dqn agent');
const dqn: RunConfig = { ...dqnBase, agent: { ...dqnBase.agent, learningStarts: 0 } };
const rows: string[][] = [];
const backends = await availableBackends();
for (const backend of backends) {
  await selectBackend(backend as BackendName);
  for (const [name, run, steps] of [
    ['ppo', ppo, 3 * 256 * 20],
    ['rppo (regime-v0)', rppo, 3 * 256 * 20],
    ['dqn', dqn, 6000],
  ] as const) {
    const runs = [];
    for (let r = 0; r < 3; r++) runs.push(await timeRun(run, steps));
    rows.push([backend, name, `${median(runs.map((x) => x.stepsPerSecond)).toFixed(0)}`, `${median(runs.map((x) => x.updatesPerSecond)).toFixed(1)}`]);
  }
}
printTable(['backend', 'agent', 'env steps/s', 'updates/s'], rows);
const missing = BACKENDS.filter((b) => !backends.includes(b));
if (missing.length > 0) console.log(`not available here: ${missing.join(', ')} (tensorflow needs @tensorflow/tfjs-node and its libtensorflow download)`);
