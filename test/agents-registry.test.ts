import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileHandler, saveTensors } from '../agents/common/checkpoint.js';
import { MODEL_FILES } from '../agents/common/model-files.js';
import { ReplayBuffer } from '../agents/common/replay-buffer.js';
import { loadAgentModel } from '../agents/load-agent-model.js';
import { AGENT_TYPES, agentConfigSchema, agentEntry } from '../agents/registry.js';
import { UserError } from '../env/errors/errors.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import type { Policy } from '../env/policy/policy.js';
import { makeRng } from '../env/random/rng.js';
import { STREAMS } from '../env/random/seeds.js';
import { twap } from '../baselines/twap.js';
import { checkRunnable } from '../experiments/run-config/check-runnable.js';
import { resolveRunEnv } from '../experiments/run-config/resolve-env.js';
import { runConfigSchema } from '../experiments/run-config/run-config.js';
import { CURVE_COLUMNS, curveColumns } from '../experiments/train/learning-curve.js';
import { tempDir, TINY_ENV } from './helpers/tiny-runs.js';
import * as tf from '@tensorflow/tfjs';

describe('the agent registry', () => {
  it('registers ppo, dqn and rppo, each with a config schema whose defaults parse, diagnostics and the model files', () => {
    expect(AGENT_TYPES).toEqual(['ppo', 'dqn', 'rppo']);
    for (const type of AGENT_TYPES) {
      const entry = agentEntry(type);
      expect(entry.type).toBe(type);
      expect(entry.schema.parse({ type }).type).toBe(type);
      expect(new Set(entry.diagnostics).size).toBe(entry.diagnostics.length);
      expect(entry.policyFiles).toEqual(MODEL_FILES);
    }
  });

  it("every algorithm's seed streams are distinct from each other's and from the env's", () => {
    const envStreams = Object.values(STREAMS);
    const agentStreams = AGENT_TYPES.flatMap((t) => Object.values(agentEntry(t).streams));
    expect(new Set([...envStreams, ...agentStreams]).size).toBe(envStreams.length + agentStreams.length);
    expect(agentEntry('ppo').streams).toEqual({ init: 'ppo-init', action: 'ppo-action', minibatch: 'ppo-minibatch' });
    expect(agentEntry('dqn').streams).toEqual({ init: 'dqn-init', explore: 'dqn-explore', replay: 'dqn-replay' });
  });

  it('a run config takes any registered algorithm, and an unknown one is refused naming them', () => {
    for (const type of AGENT_TYPES) expect(agentConfigSchema.parse({ type }).type).toBe(type);
    const bad = runConfigSchema.safeParse({ name: 'x', env: { id: 'ac-linear-v0' }, agent: { type: 'sac' }, train: { steps: 10 } });
    expect(bad.success).toBe(false);
    expect(() => agentEntry('sac')).toThrow(/agent must be one of ppo, dqn, rppo, got "sac"/);
  });

  it("the learning curve's columns are the common ones, then the algorithm's registered diagnostics", () => {
    for (const type of AGENT_TYPES) expect(curveColumns(type)).toEqual([...CURVE_COLUMNS, ...agentEntry(type).diagnostics]);
  });

  it("the runnable check is each algorithm's own: dqn needs a Discrete env, ppo a batch at least as large as its minibatches", () => {
    const base = { name: 'x', env: TINY_ENV, train: { steps: 100 } };
    expect(() => checkRunnable(runConfigSchema.parse({ ...base, agent: { type: 'dqn' } }))).toThrow(/dqn needs a Discrete action space/);
    expect(() => checkRunnable(runConfigSchema.parse({ ...base, agent: { type: 'ppo', numEnvs: 1, numMinibatches: 6 } }))).toThrow(/numMinibatches must be <= .* = 5, got 6/);
    for (const type of ['ppo', 'rppo']) {
      expect(() => checkRunnable(runConfigSchema.parse({ ...base, agent: { type, numEnvs: 7, pairLanes: true, numMinibatches: 1 } }))).toThrow(/^config.agent.numEnvs must be even with pairLanes \(lanes play in twins\), got 7$/);
    }
    const env = resolveRunEnv({ ...TINY_ENV });
    expect(agentEntry('ppo').runnableProblem(agentConfigSchema.parse({ type: 'ppo' }), env)).toBeNull();
  });

  it('a saved model of an unregistered algorithm is refused by name, not rebuilt as an MLP', async () => {
    const dir = tempDir();
    await saveTensors(fileHandler(join(dir, 'm')), { format: 'execgym-agent/1', agent: 'sac', head: { kind: 'q', dueling: false }, nets: {} }, [{ name: 'x', tensor: tf.zeros([1]) }]);
    await expect(loadAgentModel(fileHandler(join(dir, 'm')))).rejects.toThrow(UserError);
    await expect(loadAgentModel(fileHandler(join(dir, 'm')))).rejects.toThrow(/got "sac"/);
  });
});

describe('the replay buffer', () => {
  it('stores int32 action indices by default and float32 action values when asked, through a checkpoint round trip', () => {
    const ints = new ReplayBuffer(4, 2);
    ints.add([0, 1], 3.7, 1, [1, 2], false, 1);
    expect(ints.actions[0]).toBe(3);
    const floats = new ReplayBuffer(4, 2, 'float32');
    floats.add([0, 1], 0.25, 1, [1, 2], false, 1);
    floats.add([1, 2], 1.5, 2, [2, 3], true, 1);
    const restored = new ReplayBuffer(4, 2, 'float32');
    restored.restore(floats.serialize());
    expect(Array.from(restored.actions.subarray(0, 2))).toEqual([0.25, 1.5]);
    const sample = restored.sample(makeRng(0, 'test'), 8);
    expect(sample.actions).toBeInstanceOf(Float32Array);
    expect([...sample.actions].every((a) => a === 0.25 || a === 1.5)).toBe(true);
  });
});

describe('the episode-start hook of a policy', () => {
  it('evaluatePolicy calls it before the first action of every batch of episodes, for exactly the lanes that start', () => {
    const env = resolveRunEnv({ id: 'ac-linear-v0', overrides: {} });
    const inner = twap(env);
    const calls: number[][] = [];
    let actsSinceStart = 0;
    const stateful: Policy = {
      name: 'stateful-twap',
      usesHiddenState: false,
      act(input, actions) {
        actsSinceStart++;
        inner.act(input, actions);
      },
      episodeStart(starting, lanes) {
        calls.push([lanes, starting.subarray(0, lanes).reduce((a, b) => a + b, 0), actsSinceStart]);
        actsSinceStart = 0;
      },
    };
    const withHook = evaluatePolicy(stateful, env, { episodes: 10, seed: 0, batch: 4 });
    expect(calls.map(([lanes, starting]) => [lanes, starting])).toEqual([[4, 4], [4, 4], [2, 2]]);
    // Every batch of episodes runs its N steps between two calls.
    expect(calls.slice(1).map((c) => c[2])).toEqual([env.params.N, env.params.N]);
    // The hook changes nothing for a stateless policy: the same episodes as without it.
    expect(withHook.episodes).toEqual(evaluatePolicy(inner, env, { episodes: 10, seed: 0, batch: 4 }).episodes.map((e) => ({ ...e, policy: 'stateful-twap' })));
  });
});
