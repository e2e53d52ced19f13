import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, gradientClipScale } from '../agents/common/adam.js';
import { selectBackend } from '../agents/common/backend.js';
import type { AgentModel } from '../agents/common/agent-model.js';
import type { LaneStep } from '../agents/common/lane-env.js';
import { copyWeights, createMlp, disposeMlp, mlpFromWeights } from '../agents/common/mlp.js';
import { NStepLane } from '../agents/common/n-step.js';
import { PpoRunState } from '../agents/common/ppo-run-state.js';
import { ReplayBuffer } from '../agents/common/replay-buffer.js';
import { RolloutBuffer } from '../agents/common/rollout-buffer.js';
import { RunningNorm } from '../env/wrappers/running-norm.js';
import { linearSchedule } from '../agents/common/schedules.js';
import { permutation } from '../agents/common/shuffle.js';
import { explainedVariance } from '../agents/common/stats.js';
import { makeRng } from '../env/random/rng.js';

beforeAll(async () => {
  await selectBackend('auto');
});

describe('running observation statistics', () => {
  it('batch updates give the mean and population variance of everything seen (Chan et al.)', () => {
    const rng = makeRng(1, 'test');
    const data = Float64Array.from({ length: 3 * 500 }, (_, i) => (i % 3) * 10 + rng.normal() * (1 + (i % 3)));
    const norm = new RunningNorm(3);
    for (let start = 0; start < 500; start += 37) {
      const rows = Math.min(37, 500 - start);
      norm.update(data.subarray(start * 3, (start + rows) * 3), rows);
    }
    for (let j = 0; j < 3; j++) {
      const column = Array.from({ length: 500 }, (_, i) => data[i * 3 + j]);
      const mean = column.reduce((a, b) => a + b, 0) / 500;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / 500;
      expect(norm.mean[j]).toBeCloseTo(mean, 4);
      expect(norm.var[j]).toBeCloseTo(variance, 3);
    }
  });

  it('normalises with clipping and survives a save/restore unchanged', () => {
    const norm = new RunningNorm(1, 2);
    norm.update(Float64Array.of(0, 2), 2);
    const out = norm.normalize(Float64Array.of(1, 100), 2, new Float32Array(2));
    expect(out[0]).toBeCloseTo(0, 3);
    expect(out[1]).toBe(2);
    const copy = RunningNorm.fromState(JSON.parse(JSON.stringify(norm.state())), 2);
    expect(Array.from(copy.normalize(Float64Array.of(0.3), 1, new Float32Array(1)))).toEqual(Array.from(norm.normalize(Float64Array.of(0.3), 1, new Float32Array(1))));
  });
});

describe('schedules, shuffles and statistics', () => {
  it('linearSchedule interpolates then holds the end value', () => {
    expect(linearSchedule(1, 0.05, 1000, 0)).toBe(1);
    expect(linearSchedule(1, 0.05, 1000, 500)).toBeCloseTo(0.525, 12);
    expect(linearSchedule(1, 0.05, 1000, 5000)).toBeCloseTo(0.05, 12);
    expect(linearSchedule(3e-4, 0, 10, 10)).toBe(0);
  });

  it('permutation is a permutation, fixed by the seed', () => {
    const a = permutation(makeRng(3, 'mb'), 100);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(permutation(makeRng(3, 'mb'), 100))).toEqual(Array.from(a));
    expect(Array.from(permutation(makeRng(4, 'mb'), 100))).not.toEqual(Array.from(a));
  });

  it('explained variance is 1 for a perfect critic, 0 for the mean, negative for worse', () => {
    const y = [1, 2, 3, 4];
    expect(explainedVariance(y, y)).toBe(1);
    expect(explainedVariance([2.5, 2.5, 2.5, 2.5], y)).toBe(0);
    expect(explainedVariance([4, 3, 2, 1], y)).toBeLessThan(0);
  });
});

describe('replay buffer and n-step returns', () => {
  it('is a ring: the oldest transitions are overwritten, and serialisation round-trips', () => {
    const buffer = new ReplayBuffer(3, 1);
    for (let i = 0; i < 5; i++) buffer.add([i], i, i, [i + 1], false, 1);
    expect(buffer.size).toBe(3);
    expect(Array.from(buffer.actions).sort()).toEqual([2, 3, 4]);
    const copy = new ReplayBuffer(3, 1);
    copy.restore(buffer.serialize());
    expect(copy.pos).toBe(buffer.pos);
    const a = buffer.sample(makeRng(0, 'r'), 8);
    const b = copy.sample(makeRng(0, 'r'), 8);
    expect(Array.from(b.actions)).toEqual(Array.from(a.actions));
    expect(Array.from(b.rewards)).toEqual(Array.from(a.rewards));
  });

  it('n-step transitions sum discounted rewards, and flush with done at the episode end', () => {
    const buffer = new ReplayBuffer(10, 1);
    const lane = new NStepLane(2, 0.5, 1);
    const rewards = [1, 2, 4, 8];
    for (let t = 0; t < 4; t++) lane.push(buffer, [t], t, rewards[t], [t + 1], t === 3);
    expect(lane.empty).toBe(true);
    expect(buffer.size).toBe(4);
    // s0: 1 + 0.5 * 2, next s2, gamma^2; s1: 2 + 0.5 * 4, next s3; s2: 4 + 0.5 * 8, done; s3: 8, done.
    expect(Array.from(buffer.rewards.subarray(0, 4))).toEqual([2, 4, 8, 8]);
    expect(Array.from(buffer.nextObservations.subarray(0, 4))).toEqual([2, 3, 4, 4]);
    expect(Array.from(buffer.dones.subarray(0, 4))).toEqual([0, 0, 1, 1]);
    expect(Array.from(buffer.discounts.subarray(0, 2))).toEqual([0.25, 0.25]);
  });
});

describe('PPO run state and rollout storage', () => {
  const streams = { init: 't-init', action: 't-action', minibatch: 't-minibatch' };

  it("the run's streams are the seed's named child streams, and observations pass unchanged without normObs", () => {
    const run = new PpoRunState(5, streams, 2, false);
    expect([run.initRng.uniform(), run.actionRng.uniform(), run.minibatchRng.uniform()]).toEqual([makeRng(5, 't-init').uniform(), makeRng(5, 't-action').uniform(), makeRng(5, 't-minibatch').uniform()]);
    expect(run.obsNorm).toBeNull();
    const obs = Float32Array.of(1, 2, 3, 4, 9, 9);
    expect(Array.from(run.normalized(obs, 2, new Float32Array(4)))).toEqual([1, 2, 3, 4]);
    const normed = new PpoRunState(5, streams, 2, true);
    normed.obsNorm!.update(obs, 3);
    expect(Array.from(normed.normalized(obs, 2, new Float32Array(4)))).toEqual(Array.from(normed.obsNorm!.normalize(obs, 2, new Float32Array(4))));
  });

  it('a checkpoint saved through the handle restores the counters, both streams mid-sequence and the observation statistics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppo-run-state-'));
    const makeModel = (run: PpoRunState) => {
      const actor = createMlp('actor', { sizes: [2, 3, 1], activation: 'tanh', activateOutput: false }, run.initRng);
      const optimizer = new Adam(actor.weights, { learningRate: 1e-3 });
      const model = (): AgentModel => ({ topology: { format: 'execgym-agent/1', agent: 'ppo', head: { kind: 'categorical' }, nets: { actor: actor.spec }, action: { type: 'discrete', levels: [0, 1] }, features: ['a', 'b'], hiddenStateFeatures: [] } as unknown as AgentModel['topology'], nets: { actor }, logStd: null, obsNorm: run.obsNorm });
      return { actor, optimizer, model };
    };
    try {
      const run = new PpoRunState(7, streams, 2, true);
      const saved = makeModel(run);
      run.actionRng.normal();
      run.minibatchRng.uniform();
      run.obsNorm!.update(Float32Array.of(1, 2, 3, 5), 2);
      run.advance(20, 3, 4);
      run.advance(20, 1, 4);
      expect(run.progress).toEqual({ envSteps: 40, episodes: 4, updates: 8, rounds: 2 });
      await run.handle(saved.model, saved.optimizer).saveCheckpoint(dir);
      expect(Object.keys(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')))).toEqual(['progress', 'rngs']);

      const resumed = new PpoRunState(7, streams, 2, true);
      const live = makeModel(resumed);
      await resumed.restore(dir, live.model(), live.optimizer);
      expect(resumed.progress).toEqual(run.progress);
      expect(resumed.obsNorm!.state()).toEqual(run.obsNorm!.state());
      expect([resumed.actionRng.uniform(), resumed.minibatchRng.uniform()]).toEqual([run.actionRng.uniform(), run.minibatchRng.uniform()]);
      expect(Array.from(live.actor.weights[0].dataSync())).toEqual(Array.from(saved.actor.weights[0].dataSync()));
      disposeMlp(saved.actor);
      disposeMlp(live.actor);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("storeEnvStep writes the step's scaled rewards and episode ends, and collects the ended lanes' returns in lane order", () => {
    const buffer = new RolloutBuffer(2, 3, 1);
    const step = (terminated: number[], truncated: number[]): LaneStep => ({
      observation: new Float32Array(3),
      reward: Float64Array.of(1, -2, 4),
      terminated: Uint8Array.from(terminated),
      truncated: Uint8Array.from(truncated),
      info: { finalObservations: new Float32Array(3), episode: { return: Float64Array.of(10, 20, 30) } },
    });
    const finished = new Float64Array(3);
    expect(buffer.storeEnvStep(0, step([0, 0, 0], [0, 0, 0]), 0.5, finished)).toEqual({ ended: 0, truncatedAny: false });
    expect(buffer.storeEnvStep(1, step([1, 0, 0], [0, 0, 1]), 0.5, finished)).toEqual({ ended: 2, truncatedAny: true });
    expect(Array.from(buffer.rewards)).toEqual([0.5, -1, 2, 0.5, -1, 2]);
    expect(Array.from(buffer.terminated)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(Array.from(buffer.truncated)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(Array.from(finished.subarray(0, 2))).toEqual([10, 30]);
  });
});

describe('Adam and gradient clipping', () => {
  it('one Adam step moves each weight by lr against the sign of its gradient (bias-corrected)', () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const adam = new Adam([w], { learningRate: 0.1 });
    const g = tf.tensor1d([3, -0.5]);
    adam.apply([g]);
    const after = Array.from(w.dataSync());
    expect(after[0]).toBeCloseTo(0.9, 5);
    expect(after[1]).toBeCloseTo(-1.9, 5);
    const state = adam.getState();
    expect(state.t).toBe(1);
    tf.dispose([w, g, ...state.moments]);
  });

  it('restoring the saved state continues exactly as if never interrupted', () => {
    const run = (interrupt: boolean) => {
      const w = tf.variable(tf.tensor1d([0.3, 0.7, -1]));
      let adam = new Adam([w], { learningRate: 0.01 });
      for (let step = 0; step < 6; step++) {
        if (interrupt && step === 3) {
          const state = adam.getState();
          adam = new Adam([w], { learningRate: 0.01 });
          adam.setState(state);
          tf.dispose(state.moments);
        }
        const g = tf.tidy(() => tf.mul(w, tf.scalar(step + 1)));
        adam.apply([g]);
        g.dispose();
      }
      const out = Array.from(w.dataSync());
      w.dispose();
      return out;
    };
    expect(run(true)).toEqual(run(false));
  });

  it('gradientClipScale gives the global norm and the factor that rescales to the maximum norm, 1 for small gradients', () => {
    const grads = [tf.tensor1d([3, 0]), tf.tensor1d([4])];
    const { norm, scale } = gradientClipScale(grads, 1);
    expect(norm.dataSync()[0]).toBeCloseTo(5, 5);
    expect(scale.dataSync()[0]).toBeCloseTo(0.2, 6);
    const small = gradientClipScale(grads, 10);
    expect(small.scale.dataSync()[0]).toBe(1);
    tf.dispose([...grads, norm, scale, small.norm, small.scale]);
  });

  // The JavaScript Adam and Polyak averaging replaced chains of tfjs kernels; training results must
  // not move by one bit, so they are compared with those kernels, exactly, on both pure backends.
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`Adam with clipping equals the tf-op update bit for bit (${backend})`, async () => {
      await selectBackend(backend);
      const rng = makeRng(3, 'adam-bits');
      const shape = [7, 5];
      const init = Float32Array.from({ length: 35 }, () => rng.normal());
      const w = tf.variable(tf.tensor(init, shape));
      const ref = tf.variable(tf.tensor(init, shape));
      const m = tf.variable(tf.zeros(shape));
      const v = tf.variable(tf.zeros(shape));
      const [lr, b1, b2, eps] = [3e-4, 0.9, 0.999, 1e-5];
      const adam = new Adam([w], { learningRate: lr, epsilon: eps });
      for (let t = 1; t <= 20; t++) {
        // Gradients over several magnitudes, some steps clipped.
        const g = tf.tensor(Float32Array.from({ length: 35 }, () => rng.normal() * 10 ** (rng.uniform() * 6 - 4)), shape);
        const { norm, scale } = gradientClipScale([g], 0.5);
        adam.apply([g], scale.dataSync()[0]);
        tf.tidy(() => {
          const gc = tf.mul(g, scale);
          const mt = tf.add(tf.mul(m, b1), tf.mul(gc, 1 - b1));
          const vt = tf.add(tf.mul(v, b2), tf.mul(tf.square(gc), 1 - b2));
          m.assign(mt);
          v.assign(vt);
          const denom = tf.add(tf.div(tf.sqrt(vt), Math.sqrt(1 - b2 ** t)), eps);
          ref.assign(tf.sub(ref, tf.mul(tf.div(mt, denom), lr / (1 - b1 ** t))));
        });
        tf.dispose([g, norm, scale]);
      }
      expect(Array.from(w.dataSync())).toEqual(Array.from(ref.dataSync()));
      const state = adam.getState();
      expect(Array.from(state.moments[0].dataSync())).toEqual(Array.from(m.dataSync()));
      expect(Array.from(state.moments[1].dataSync())).toEqual(Array.from(v.dataSync()));
      tf.dispose([w, ref, m, v, ...state.moments]);
      await selectBackend('auto');
    });

    it(`the MLP's gradients equal tfjs's own MatMul gradients up to float32 summation order (${backend})`, async () => {
      await selectBackend(backend);
      const rng = makeRng(5, 'dense-grad');
      const spec = { sizes: [5, 64, 64, 1], activation: 'tanh' as const, activateOutput: false };
      const weights = [5, 64, 64, 64, 64, 1].flatMap((rows, l, sizes) => (l % 2 === 1 ? [] : [[rows, sizes[l + 1]], [sizes[l + 1]]]))
        .map((shape) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 0.3 * rng.normal()), shape)));
      const net = mlpFromWeights('n', spec, weights);
      const x = tf.tensor2d(Float32Array.from({ length: 300 * 5 }, () => rng.normal()), [300, 5]);
      const target = tf.tensor2d(Float32Array.from({ length: 300 }, () => rng.normal()), [300, 1]);
      // The reference: the same network through tf.matMul, whose gradient is tfjs-core's.
      const plain = (input: tf.Tensor2D): tf.Tensor2D =>
        tf.tidy(() => weights.reduce<tf.Tensor2D>((h, w, i) => (i % 2 === 0 ? tf.matMul(h, w as tf.Tensor2D) : i < weights.length - 1 ? tf.tanh(tf.add(h, w)) : tf.add(h, w)) as tf.Tensor2D, input));
      const lossOf = (apply: (x: tf.Tensor2D) => tf.Tensor2D) => () => tf.mean(tf.square(tf.sub(apply(x), target))) as tf.Scalar;
      const ours = tf.variableGrads(lossOf((input) => net.apply(input)), weights);
      const theirs = tf.variableGrads(lossOf(plain), weights);
      expect(ours.value.dataSync()[0]).toBe(theirs.value.dataSync()[0]);
      for (const w of weights) {
        const a = ours.grads[w.name].dataSync();
        const b = theirs.grads[w.name].dataSync();
        const scale = Math.max(...Array.from(b, Math.abs));
        // float32 sums of <= 300 terms in another order: a few ulps of the largest entry.
        for (let j = 0; j < a.length; j++) expect(Math.abs(a[j] - b[j])).toBeLessThanOrEqual(1e-5 * scale);
      }
      tf.dispose([x, target, ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads), ...weights]);
      await selectBackend('auto');
    });

    it(`Polyak averaging of a target network equals the tf-op form bit for bit (${backend})`, async () => {
      await selectBackend(backend);
      const rng = makeRng(4, 'polyak-bits');
      const spec = { sizes: [3, 4], activation: 'relu' as const, activateOutput: false };
      const values = () => [Float32Array.from({ length: 12 }, () => rng.normal()), Float32Array.from({ length: 4 }, () => rng.normal())];
      const [k, b] = values();
      const source = mlpFromWeights('s', spec, [tf.variable(tf.tensor(k, [3, 4])), tf.variable(tf.tensor(b, [4]))]);
      const [tk, tb] = values();
      const target = mlpFromWeights('t', spec, [tf.variable(tf.tensor(tk, [3, 4])), tf.variable(tf.tensor(tb, [4]))]);
      const tau = 0.005;
      const expected = tf.tidy(() => target.weights.map((w, i) => tf.add(tf.mul(source.weights[i], tau), tf.mul(w, 1 - tau))));
      copyWeights(target, source, tau);
      target.weights.forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(expected[i].dataSync())));
      tf.dispose([...expected, ...source.weights, ...target.weights]);
      await selectBackend('auto');
    });
  }
});

describe('backend selection', () => {
  it('three selections of wasm at once in a fresh process each get wasm (none sees WebAssembly mid-initialisation as unavailable)', () => {
    // A fresh process: in this one a backend is already initialised. dist/ is what npm test builds first.
    const backend = new URL('../dist/agents/common/backend.js', import.meta.url).href;
    const script = `import { selectBackend } from ${JSON.stringify(backend)};
const results = await Promise.allSettled([selectBackend('wasm'), selectBackend('wasm'), selectBackend('wasm')]);
console.log(JSON.stringify(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.message))));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(['wasm', 'wasm', 'wasm']);
  });
});
