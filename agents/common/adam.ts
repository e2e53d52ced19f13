import * as tf from '@tensorflow/tfjs-core';

export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  /** Added to sqrt(v-hat); CleanRL's PPO uses 1e-5. */
  readonly epsilon?: number;
}

/** Adam's moments and step count, for checkpoints. */
export interface AdamState {
  readonly t: number;
  /** m_0..m_{n-1}, v_0..v_{n-1}, one per variable, in the variables' order. */
  readonly moments: tf.Tensor[];
}

/**
 * Adam (Kingma & Ba 2015) in PyTorch's form, w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps),
 * over a fixed list of variables.
 *
 * Why not tf.train.adam: its setWeights() recomputes the bias-correction powers with pow() instead
 * of restoring the products it accumulated, so a resumed run would differ from an uninterrupted
 * one in the last bits; and its learning rate is protected, so it cannot be annealed. Here the
 * bias corrections are float64 functions of the step count and the rate is a public field.
 */
export class Adam {
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(
    private readonly variables: readonly tf.Variable[],
    options: AdamOptions,
  ) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    // In tidy: the zeros a variable starts from would otherwise outlive it.
    this.m = variables.map((w) => tf.tidy(() => tf.variable(tf.zerosLike(w), false)));
    this.v = variables.map((w) => tf.tidy(() => tf.variable(tf.zerosLike(w), false)));
  }

  get step(): number {
    return this.t;
  }

  /** One update with `grads[i]` the gradient of `variables[i]` (not disposed here). */
  apply(grads: readonly tf.Tensor[]): void {
    this.t += 1;
    const stepSize = this.learningRate / (1 - this.beta1 ** this.t);
    const sqrtBias2 = Math.sqrt(1 - this.beta2 ** this.t);
    tf.tidy(() => {
      this.variables.forEach((w, i) => {
        const g = grads[i];
        const m = tf.add(tf.mul(this.m[i], this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[i], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denom = tf.add(tf.div(tf.sqrt(v), sqrtBias2), this.epsilon);
        w.assign(tf.sub(w, tf.mul(tf.div(m, denom), stepSize)));
      });
    });
  }

  /** A copy of the moments (the caller disposes the tensors). */
  getState(): AdamState {
    return { t: this.t, moments: [...this.m, ...this.v].map((x) => tf.clone(x)) };
  }

  setState(state: AdamState): void {
    const n = this.variables.length;
    if (state.moments.length !== 2 * n) throw new RangeError(`Adam state has ${state.moments.length} moments, expected ${2 * n}`);
    this.t = state.t;
    for (let i = 0; i < n; i++) {
      this.m[i].assign(state.moments[i]);
      this.v[i].assign(state.moments[n + i]);
    }
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}

/**
 * Gradients of `loss` with respect to `variables`, rescaled so that their global L2 norm is at
 * most `maxNorm` (PyTorch's clip_grad_norm_). Returns the clipped gradients and the norm before
 * clipping, as tensors the caller disposes.
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): { clipped: tf.Tensor[]; norm: tf.Scalar } {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
    const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    return { clipped: grads.map((g) => tf.mul(g, scale)), norm };
  });
}
