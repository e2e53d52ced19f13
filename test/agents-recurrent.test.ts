import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../agents/common/backend.js';
import { agentPolicy } from '../agents/common/agent-policy.js';
import type { AgentModel } from '../agents/common/agent-model.js';
import { createGru, disposeGru, type Gru } from '../agents/common/gru.js';
import { createMlp, disposeMlp } from '../agents/common/mlp.js';
import { RolloutBuffer } from '../agents/common/rollout-buffer.js';
import { sequenceMinibatch } from '../agents/common/sequence-minibatch.js';
import { resolveRunEnv } from '../experiments/run-config/resolve-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { makeRng } from '../env/random/rng.js';
import { TINY_ENV } from './helpers/tiny-runs.js';

beforeAll(async () => {
  await selectBackend('auto');
});

/** The GRU step written with tfjs's own ops (tf.matMul and its built-in gradient): the reference. */
function referenceUnroll(gru: Gru, x: tf.Tensor3D, h0: tf.Tensor2D, starts: tf.Tensor2D): tf.Tensor {
  const [wx, bx, wh, bh] = gru.weights;
  const [T, B] = x.shape;
  let h: tf.Tensor = h0;
  const out: tf.Tensor[] = [];
  for (let t = 0; t < T; t++) {
    h = tf.mul(h, tf.sub(1, tf.reshape(tf.slice(starts, [t, 0], [1, B]), [B, 1])));
    const gx = tf.add(tf.matMul(tf.reshape(tf.slice(x, [t, 0, 0], [1, B, x.shape[2]]), [B, x.shape[2]]), wx), bx);
    const gh = tf.add(tf.matMul(h as tf.Tensor2D, wh as tf.Tensor2D), bh);
    const [xr, xz, xn] = tf.split(gx, 3, 1);
    const [hr, hz, hn] = tf.split(gh, 3, 1);
    const r = tf.sigmoid(tf.add(xr, hr));
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
    out.push(h);
  }
  return tf.stack(out);
}

/** A random recurrent policy model (untrained GRU and heads) for `obsDim` observations. */
function randomRecurrentModel(obsDim: number, H: number): AgentModel {
  const rng = makeRng(3, 'test-init');
  const core = createGru('core', { kind: 'gru', inputSize: obsDim, hiddenSize: H }, rng);
  const spec = (outputs: number) => ({ sizes: [obsDim + H, 16, outputs], activation: 'tanh' as const, activateOutput: false });
  const actor = createMlp('actor', spec(1), rng, 1);
  const critic = createMlp('critic', spec(1), rng, 1);
  const env = resolveRunEnv(TINY_ENV);
  return {
    topology: { format: 'execgym-agent/1', agent: 'rppo', head: { kind: 'gaussian', mapping: 'squash' }, nets: { actor: actor.spec, critic: critic.spec }, core: core.spec, action: env.spec.action, features: env.features.map((f) => f.name), hiddenStateFeatures: [] },
    nets: { actor, critic },
    core,
    logStd: null,
    obsNorm: null,
  };
}

describe('recurrent PPO', () => {
  it('the GRU unrolled through time has the gradient of the same GRU written with tfjs\'s own MatMul gradient, episode resets included', () => {
    const gru = createGru('g', { kind: 'gru', inputSize: 3, hiddenSize: 4 }, makeRng(1, 'g'));
    const rng = makeRng(2, 'data');
    const [T, B] = [5, 2];
    const x = tf.tensor3d(Float32Array.from({ length: T * B * 3 }, () => rng.normal()), [T, B, 3]);
    const h0 = tf.tensor2d(Float32Array.from({ length: B * 4 }, () => 0.5 * rng.normal()), [B, 4]);
    const starts = tf.tensor2d([0, 0, 0, 1, 0, 0, 1, 0, 0, 0], [T, B]);
    const target = tf.tensor3d(Float32Array.from({ length: T * B * 4 }, () => rng.normal()), [T, B, 4]);
    const loss = (f: () => tf.Tensor) => () => tf.sum(tf.mul(f(), target)) as tf.Scalar;
    const ours = tf.variableGrads(loss(() => gru.unroll(x, h0, starts)), gru.weights as tf.Variable[]);
    const theirs = tf.variableGrads(loss(() => referenceUnroll(gru, x, h0, starts)), gru.weights as tf.Variable[]);
    expect(ours.value.dataSync()[0]).toBeCloseTo(theirs.value.dataSync()[0], 5);
    for (const w of gru.weights) {
      const a = ours.grads[w.name].dataSync();
      const b = theirs.grads[w.name].dataSync();
      expect(a.length).toBe(b.length);
      // Both non-trivial, and equal up to float32 summation order.
      expect(Math.max(...Array.from(b, Math.abs))).toBeGreaterThan(1e-3);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5 * (1 + Math.abs(b[i])));
    }
    tf.dispose([x, h0, starts, target, ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads)]);
    disposeGru(gru);
  });

  it('a sequence minibatch holds each chosen lane\'s consecutive steps in time order, with its episode starts and initial hidden state', () => {
    const [numSteps, numEnvs, d, H, L] = [6, 3, 2, 2, 3];
    const buffer = new RolloutBuffer(numSteps, numEnvs, d);
    // Step t of lane i carries the number 10 t + i everywhere.
    for (let t = 0; t < numSteps; t++) {
      for (let i = 0; i < numEnvs; i++) {
        const at = t * numEnvs + i;
        buffer.actions[at] = 10 * t + i;
        buffer.observations.set([10 * t + i, -(10 * t + i)], at * d);
        buffer.advantages[at] = 10 * t + i;
      }
    }
    const starts = new Uint8Array(numSteps * numEnvs);
    starts[3 * numEnvs + 1] = 1;
    const hidden = Float32Array.from({ length: 6 * H }, (_, k) => k);
    // Sequences: s = lane * 2 + chunk. Take s = 3 (lane 1, steps 3..5) then s = 4 (lane 2, steps 0..2).
    const mb = sequenceMinibatch(buffer, starts, hidden, H, L, Uint32Array.from([5, 3, 4]), 1, 2, false);
    expect(Array.from(mb.actions)).toEqual([31, 2, 41, 12, 51, 22]);
    expect(Array.from(mb.observations.subarray(0, 4))).toEqual([31, -31, 2, -2]);
    expect(Array.from(mb.starts)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(mb.initialHidden)).toEqual([6, 7, 8, 9]);
    expect(Array.from(mb.advantages)).toEqual(Array.from(mb.actions));
  });

  it('a recurrent policy on M lanes acts exactly as M single-lane runs: its memory resets at each lane\'s episode start', () => {
    const env = resolveRunEnv(TINY_ENV);
    const model = randomRecurrentModel(env.features.length, 6);
    const policy = agentPolicy(model, 'rnn', env);
    const M = 6;
    const together = evaluatePolicy(policy, env, { episodes: M, seed: 40, batch: M }).episodes.map((e) => e.objectiveBps);
    const alone = Array.from({ length: M }, (_, i) => evaluatePolicy(policy, env, { episodes: 1, seed: 40 + i, batch: 1 }).episodes[0].objectiveBps);
    expect(alone).toEqual(together);
    // Twice in a row (the memory left from the last batch is cleared), and in batches of 4 + 2.
    expect(evaluatePolicy(policy, env, { episodes: M, seed: 40, batch: 4 }).episodes.map((e) => e.objectiveBps)).toEqual(together);
    expect(new Set(together).size).toBe(M);
    disposeGru(model.core!);
    disposeMlp(model.nets.actor);
    disposeMlp(model.nets.critic);
  });

  it('episodeStart zeroes the memory of exactly the starting lanes, and the memory changes the actions', () => {
    const env = resolveRunEnv(TINY_ENV);
    const model = randomRecurrentModel(env.features.length, 6);
    const policy = agentPolicy(model, 'rnn', env);
    const obs = Float32Array.from({ length: 2 * env.features.length }, (_, k) => 0.3 + 0.1 * (k % env.features.length));
    const input = { observations: obs, obsDim: env.features.length, lanes: 2, step: new Int32Array(2), inventory: new Float64Array(2).fill(1e6), lastVolume: new Float64Array(2), regime: new Int32Array(2) };
    const act = () => {
      const a = new Float64Array(2);
      policy.act(input, a);
      return Array.from(a);
    };
    policy.episodeStart!(Uint8Array.from([1, 1]), 2);
    const first = act();
    expect(first[0]).toBe(first[1]);
    const second = act();
    expect(second[0]).not.toBe(first[0]);
    policy.episodeStart!(Uint8Array.from([0, 1]), 2);
    const third = act();
    expect(third[1]).toBe(first[1]);
    expect(third[0]).not.toBe(first[0]);
    disposeGru(model.core!);
    disposeMlp(model.nets.actor);
    disposeMlp(model.nets.critic);
  });
});
