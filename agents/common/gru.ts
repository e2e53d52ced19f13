// A gated recurrent unit (Cho et al. 2014) in PyTorch's form, as plain tf.Variables: the memory
// core of recurrent PPO (agents/recurrent-ppo.ts).
import * as tf from '@tensorflow/tfjs-core';
import { initializers } from '@tensorflow/tfjs';
import type { Rng } from '../../env/random/rng.js';
import { dense, initSeed } from './mlp.js';

/** What rebuilds a GRU: saved in the model topology. */
export interface GruSpec {
  readonly kind: 'gru';
  readonly inputSize: number;
  readonly hiddenSize: number;
}

/**
 * A GRU as variables [wx [in, 3H], bx [3H], wh [H, 3H], bh [3H]], gate columns in the order
 * reset r, update z, candidate n:
 *   r = σ(x·Wxr + bxr + h·Whr + bhr),  z = σ(x·Wxz + bxz + h·Whz + bhz),
 *   n = tanh(x·Wxn + bxn + r ⊙ (h·Whn + bhn)),  h' = (1 − z) ⊙ n + z ⊙ h.
 */
export interface Gru {
  readonly name: string;
  readonly spec: GruSpec;
  readonly weights: readonly tf.Variable[];
  /** One step on a batch: h' from x [B, in] and h [B, H] (call inside tf.tidy). */
  step(x: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D;
  /**
   * The hidden states of a time-major sequence x [T, B, in] from h0 [B, H], where `starts` [T, B]
   * (1 where a lane's episode starts at t) zeroes the state before step t, as CleanRL's
   * ppo_atari_lstm does with its done mask. Returns [T, B, H] (call inside tf.tidy).
   */
  unroll(x: tf.Tensor3D, h0: tf.Tensor2D, starts: tf.Tensor2D): tf.Tensor3D;
}

/** A GRU with Glorot-uniform kernels seeded from `rng` and zero biases. */
export function createGru(name: string, spec: GruSpec, rng: Rng): Gru {
  const { inputSize, hiddenSize } = spec;
  const kernel = (rows: number) => {
    const init = initializers.varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: initSeed(rng) });
    return tf.tidy(() => tf.variable(init.apply([rows, 3 * hiddenSize]) as tf.Tensor2D, true));
  };
  const bias = () => tf.tidy(() => tf.variable(tf.zeros([3 * hiddenSize]), true));
  const wx = kernel(inputSize);
  const bx = bias();
  const wh = kernel(hiddenSize);
  const bh = bias();
  return gruFromWeights(name, spec, [wx, bx, wh, bh]);
}

/** Wraps existing variables (a loaded checkpoint) as a GRU. */
export function gruFromWeights(name: string, spec: GruSpec, weights: tf.Variable[]): Gru {
  if (weights.length !== 4) throw new RangeError(`${name}: expected 4 weight tensors, got ${weights.length}`);
  const [wx, bx, wh, bh] = weights as [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>, tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>];
  const H = spec.hiddenSize;
  // One step from the input's projection gx = x·Wx + bx, already split by gate [B, H] each;
  // products through `dense`, whose gradient avoids tfjs-backend-wasm's naive transposed MatMul (see mlp.ts).
  const cell = ([xr, xz, xn]: tf.Tensor2D[], h: tf.Tensor2D): tf.Tensor2D => {
    const gh = tf.add(dense(h, wh), bh) as tf.Tensor2D;
    const [hr, hz, hn] = tf.split(gh, 3, 1);
    const r = tf.sigmoid(tf.add(xr, hr));
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    return tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D;
  };
  return {
    name,
    spec,
    weights,
    step: (x, h) => cell(tf.split(tf.add(dense(x, wx), bx), 3, 1) as tf.Tensor2D[], h),
    unroll(x, h0, starts) {
      const [T, B] = x.shape;
      // The input projection of every step in one product, split by gate once, each gate's block
      // into steps with one Unpack (its gradient is one Pack): a tf.slice per step would cost a
      // PadV2 of the whole [T, B, 3H] tensor per step in the backward pass, quadratic in T.
      const gx = tf.add(dense(tf.reshape(x, [T * B, spec.inputSize]), wx), bx);
      const gates = tf.split(gx, 3, 1).map((g) => tf.unstack(tf.reshape(g, [T, B, H])) as tf.Tensor2D[]);
      const keep = tf.unstack(tf.reshape(tf.sub(1, starts), [T, B, 1])) as tf.Tensor2D[];
      const out: tf.Tensor2D[] = [];
      let h = h0;
      for (let t = 0; t < T; t++) {
        h = cell([gates[0][t], gates[1][t], gates[2][t]], tf.mul(h, keep[t]) as tf.Tensor2D);
        out.push(h);
      }
      return tf.stack(out) as tf.Tensor3D;
    },
  };
}

export function disposeGru(gru: Gru): void {
  for (const w of gru.weights) w.dispose();
}
