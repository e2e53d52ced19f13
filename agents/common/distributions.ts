import * as tf from '@tensorflow/tfjs-core';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log pi(a | s) of level indices `actions` under a categorical policy with `logits` [B, n]. */
export function categoricalLogProb(logits: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
  const logp = tf.logSoftmax(logits);
  return tf.sum(tf.mul(logp, tf.oneHot(tf.cast(actions, 'int32'), logits.shape[1])), 1);
}

/** Entropy of each row of a categorical policy, [B]. */
export function categoricalEntropy(logits: tf.Tensor2D): tf.Tensor1D {
  const logp = tf.logSoftmax(logits);
  return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
}

/** log N(u; mean, exp(logStd)^2) of one-dimensional actions `u`, [B]. */
export function gaussianLogProb(mean: tf.Tensor2D, logStd: tf.Tensor1D, u: tf.Tensor1D): tf.Tensor1D {
  const mu = tf.reshape(mean, [-1]);
  const z = tf.div(tf.sub(u, mu), tf.exp(logStd));
  return tf.sub(tf.sub(tf.mul(tf.square(z), -0.5), logStd), LOG_SQRT_2PI);
}

/**
 * log N(u; mean, diag(exp(logStd))^2) of m-dimensional actions `u` [B, m] under a diagonal
 * Gaussian with means [B, m] and a state-independent log-std [m]: the per-dimension
 * log-densities summed over the m dimensions, [B] (a portfolio's one multiplier per name).
 */
export function diagonalGaussianLogProb(mean: tf.Tensor2D, logStd: tf.Tensor1D, u: tf.Tensor2D): tf.Tensor1D {
  const z = tf.div(tf.sub(u, mean), tf.exp(logStd));
  return tf.sum(tf.sub(tf.sub(tf.mul(tf.square(z), -0.5), logStd), LOG_SQRT_2PI), 1);
}

/** Entropy of a diagonal Gaussian with log-std `logStd` [m] (state-independent; m = 1 for one-dimensional actions), a scalar. */
export function gaussianEntropy(logStd: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.add(logStd, 0.5 + LOG_SQRT_2PI));
}

/** The same log-density in float64 JavaScript, for the sample drawn at collection time. */
export function gaussianLogProbJs(mean: number, logStd: number, u: number): number {
  const z = (u - mean) / Math.exp(logStd);
  return -0.5 * z * z - logStd - LOG_SQRT_2PI;
}
