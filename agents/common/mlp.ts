// Types and ops from tfjs-core (what the published declarations reference: the umbrella package's
// layers declarations do not compile under a strict consumer without skipLibCheck); the
// initialisers live in tfjs-layers, reached through the umbrella package.
import * as tf from '@tensorflow/tfjs-core';
import { initializers } from '@tensorflow/tfjs';
import type { Rng } from '../../env/random/rng.js';

export type Activation = 'tanh' | 'relu';

/** What rebuilds an MLP: saved as the model topology of a checkpoint. */
export interface MlpSpec {
  /** Layer widths, input first: [obsDim, 64, 64, outputs]. */
  readonly sizes: readonly number[];
  readonly activation: Activation;
  /** Apply the activation after the last layer too (a torso feeding separate heads). */
  readonly activateOutput: boolean;
}

/** A multilayer perceptron as plain tf.Variables: `weights` alternates kernel, bias per layer. */
export interface Mlp {
  readonly name: string;
  readonly spec: MlpSpec;
  readonly weights: readonly tf.Variable[];
  /** Forward pass on a batch [rows, sizes[0]] (call inside tf.tidy). */
  apply(x: tf.Tensor2D): tf.Tensor2D;
}

/** A 31-bit integer seed for a tfjs initialiser, drawn from a named stream. */
export function initSeed(rng: Rng): number {
  return Math.floor(rng.uniform() * 2 ** 31);
}

/**
 * An MLP with Glorot-uniform kernels seeded from `rng` and zero biases; the last kernel is scaled by
 * `outputGain` (CleanRL initialises the policy head at 0.01 so that the first policy is nearly
 * uniform / centred, and the value head at 1).
 * @example const actor = createMlp('actor', { sizes: [5, 64, 64, 1], activation: 'tanh', activateOutput: false }, makeRng(0, 'init'), 0.01);
 */
export function createMlp(name: string, spec: MlpSpec, rng: Rng, outputGain = 1): Mlp {
  const weights: tf.Variable[] = [];
  const layers = spec.sizes.length - 1;
  for (let l = 0; l < layers; l++) {
    const shape: [number, number] = [spec.sizes[l], spec.sizes[l + 1]];
    const gain = l === layers - 1 ? outputGain : 1;
    const init = initializers.varianceScaling({ scale: gain * gain, mode: 'fanAvg', distribution: 'uniform', seed: initSeed(rng) });
    // Unnamed: tfjs names variables uniquely, so two nets (a run and a loaded checkpoint) can coexist.
    weights.push(tf.tidy(() => tf.variable(init.apply(shape), true)));
    weights.push(tf.tidy(() => tf.variable(tf.zeros([spec.sizes[l + 1]]), true)));
  }
  return mlpFromWeights(name, spec, weights);
}

/**
 * h · w, with a gradient that transposes explicitly: tfjs-core's MatMul gradient asks the backend
 * for dy · w^T and h^T · dy, and tfjs-backend-wasm sends any transposed product to a naive loop
 * instead of XNNPACK (measured on [1280, 64] x [64, 64]: 3.9-5.0 ms against 0.6-1.1 ms with a
 * transpose kernel first). Same products, so the same gradients up to summation order.
 */
export const dense = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [h, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([h, w]);
  return {
    value: tf.matMul(h, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input, kernel] = saved as tf.Tensor2D[];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(kernel)), tf.matMul(tf.transpose(input), dy as tf.Tensor2D)];
    },
  };
}) as (h: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

/** Wraps existing variables (a loaded checkpoint) as an MLP. */
export function mlpFromWeights(name: string, spec: MlpSpec, weights: tf.Variable[]): Mlp {
  const layers = spec.sizes.length - 1;
  if (weights.length !== 2 * layers) throw new RangeError(`${name}: expected ${2 * layers} weight tensors, got ${weights.length}`);
  const act = spec.activation === 'tanh' ? tf.tanh : tf.relu;
  return {
    name,
    spec,
    weights,
    apply(x: tf.Tensor2D): tf.Tensor2D {
      let h = x;
      for (let l = 0; l < layers; l++) {
        h = tf.add(dense(h, weights[2 * l] as tf.Tensor2D), weights[2 * l + 1]);
        if (l < layers - 1 || spec.activateOutput) h = act(h);
      }
      return h;
    },
  };
}

/**
 * target <- tau * source + (1 - tau) * target; tau = 1 is the hard copy of a DQN target network.
 * Polyak averaging runs in JavaScript (three kernel launches per weight cost more than the
 * arithmetic), each float32 op emulated exactly with Math.fround in the order
 * tf.add(tf.mul(s, tau), tf.mul(w, 1 - tau)) would compute it.
 */
export function copyWeights(target: Mlp, source: Mlp, tau = 1): void {
  const a = Math.fround(tau);
  const b = Math.fround(1 - tau);
  target.weights.forEach((w, i) => {
    const s = source.weights[i];
    if (tau === 1) {
      w.assign(s);
      return;
    }
    const sv = s.dataSync();
    const wv = w.dataSync();
    const next = new Float32Array(wv.length);
    for (let j = 0; j < next.length; j++) next[j] = Math.fround(sv[j] * a) + Math.fround(wv[j] * b);
    tf.tidy(() => w.assign(tf.tensor(next, w.shape, 'float32')));
  });
}

export function disposeMlp(net: Mlp): void {
  for (const w of net.weights) w.dispose();
}
