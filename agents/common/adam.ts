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

const f32 = Math.fround;

/**
 * Adam (Kingma & Ba 2015) in PyTorch's form, w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps),
 * over a fixed list of variables.
 *
 * Why not tf.train.adam: its setWeights() recomputes the bias-correction powers with pow() instead
 * of restoring the products it accumulated, so a resumed run would differ from an uninterrupted
 * one in the last bits; and its learning rate is protected, so it cannot be annealed. Here the
 * bias corrections are float64 functions of the step count and the rate is a public field.
 *
 * Why in JavaScript: the update is a dozen element-wise ops per variable, and as tfjs kernels their
 * dispatch cost dominated a small network's training step. Each float32 op is emulated with
 * Math.fround (exact: a float32 +, -, *, / or sqrt computed in float64 and rounded once is the
 * correctly rounded float32 result), in the order the kernels ran, so the weights are bit for bit
 * those of the former tf-op update on every backend.
 */
export class Adam {
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;

  constructor(
    private readonly variables: readonly tf.Variable[],
    options: AdamOptions,
  ) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.m = variables.map((w) => new Float32Array(w.size));
    this.v = variables.map((w) => new Float32Array(w.size));
  }

  get step(): number {
    return this.t;
  }

  /**
   * One update with `grads[i]` the gradient of `variables[i]` (not disposed here), each first
   * multiplied by `gradScale` (the factor of {@link gradientClipScale}).
   */
  apply(grads: readonly tf.Tensor[], gradScale = 1): void {
    this.t += 1;
    const scale = f32(gradScale);
    const b1 = f32(this.beta1);
    const c1 = f32(1 - this.beta1);
    const b2 = f32(this.beta2);
    const c2 = f32(1 - this.beta2);
    const eps = f32(this.epsilon);
    const stepSize = f32(this.learningRate / (1 - this.beta1 ** this.t));
    const sqrtBias2 = f32(Math.sqrt(1 - this.beta2 ** this.t));
    this.variables.forEach((w, i) => {
      const g = grads[i].dataSync();
      const old = w.dataSync();
      const m = this.m[i];
      const v = this.v[i];
      const next = new Float32Array(old.length);
      for (let j = 0; j < next.length; j++) {
        const gj = f32(g[j] * scale);
        const mj = f32(f32(m[j] * b1) + f32(gj * c1));
        const vj = f32(f32(v[j] * b2) + f32(f32(gj * gj) * c2));
        m[j] = mj;
        v[j] = vj;
        const denom = f32(f32(f32(Math.sqrt(vj)) / sqrtBias2) + eps);
        next[j] = old[j] - f32(f32(mj / denom) * stepSize);
      }
      tf.tidy(() => w.assign(tf.tensor(next, w.shape, 'float32')));
    });
  }

  /** A copy of the moments (the caller disposes the tensors). */
  getState(): AdamState {
    const shaped = (x: Float32Array, i: number) => tf.tensor(x.slice(), this.variables[i].shape, 'float32');
    return { t: this.t, moments: [...this.m.map(shaped), ...this.v.map(shaped)] };
  }

  setState(state: AdamState): void {
    const n = this.variables.length;
    if (state.moments.length !== 2 * n) throw new RangeError(`Adam state has ${state.moments.length} moments, expected ${2 * n}`);
    this.t = state.t;
    for (let i = 0; i < n; i++) {
      this.m[i].set(state.moments[i].dataSync());
      this.v[i].set(state.moments[n + i].dataSync());
    }
  }
}

/**
 * The global L2 norm of `grads` and the factor min(1, maxNorm / (norm + 1e-6)) that rescales them
 * to norm at most `maxNorm` (PyTorch's clip_grad_norm_), as scalars the caller disposes; the
 * factor goes to {@link Adam.apply}.
 */
export function gradientClipScale(grads: readonly tf.Tensor[], maxNorm: number): { norm: tf.Scalar; scale: tf.Scalar } {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
    return { norm, scale: tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6))) as tf.Scalar };
  });
}
