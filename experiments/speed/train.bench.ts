/**
 * `npm run bench:train`: training throughput of the shipped DQN and PPO configs on ac-linear-v0 and
 * of recurrent PPO's on regime-v0,
 * for every TensorFlow.js backend that loads here (or those BENCH_BACKENDS names, comma-separated):
 * env steps per wall second, per CPU second of this process (less sensitive to a shared machine's
 * load) and gradient updates per second over a short budget (evaluation and checkpoints left out),
 * medians of BENCH_RUNS runs (default 3), with the load average.
 */
import { loadavg } from 'node:os';
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
async function timeRun(run: RunConfig, steps: number): Promise<{ stepsPerSecond: number; stepsPerCpuSecond: number; updatesPerSecond: number }> {
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
  const cpu0 = process.cpuUsage();
  await trainAgent(run.agent, ctx);
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - start) / 1000;
  return { stepsPerSecond: last.envSteps / seconds, stepsPerCpuSecond: last.envSteps / ((cpu.user + cpu.system) / 1e6), updatesPerSecond: last.updates / seconds };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const ppo = config('ppo-ac-linear');
const rppo = config('rppo-regime');
const dqnBase = config('dqn-ac-linear');
// DQN learns from the first step here, so that its rate includes the updates.
if (dqnBase.agent.type !== 'dqn') throw new Error('dqn-ac-linear.json must configure a dqn agent');
const dqn: RunConfig = { ...dqnBase, agent: { ...dqnBase.agent, learningStarts: 0 } };
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const only = process.env.BENCH_BACKENDS?.split(',');
const rows: string[][] = [];
const loadable = await availableBackends();
const backends = loadable.filter((b) => !only || only.includes(b));
for (const backend of backends) {
  await selectBackend(backend as BackendName);
  for (const [name, run, steps] of [
    ['ppo', ppo, 3 * 256 * 20],
    ['rppo (regime-v0)', rppo, 3 * 256 * 20],
    ['dqn', dqn, 6000],
  ] as const) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await timeRun(run, steps));
    rows.push([backend, name, `${median(runs.map((x) => x.stepsPerSecond)).toFixed(0)}`, `${median(runs.map((x) => x.stepsPerCpuSecond)).toFixed(0)}`, `${median(runs.map((x) => x.updatesPerSecond)).toFixed(1)}`]);
  }
}
printTable(['backend', 'agent', 'env steps/s', 'env steps/CPU s', 'updates/s'], rows);
console.log(`medians of ${RUNS} runs; load average (1, 5, 15 min): ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
const missing = BACKENDS.filter((b) => !loadable.includes(b));
if (missing.length > 0) console.log(`not available here: ${missing.join(', ')} (tensorflow needs @tensorflow/tfjs-node and its libtensorflow download)`);
