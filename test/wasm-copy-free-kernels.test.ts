import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../agents/common/backend.js';

// The copy-free Identity, Cast, Slice, SplitV and Unpack (agents/common/wasm-copy-free-kernels.ts)
// against tfjs-backend-cpu's, on the same inputs: the same values, and shared data outlives its source.

const values = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i + 1) * 1000);

/** Runs `f` on the cpu backend and on wasm; returns both results' values and shapes. */
async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: unknown; wasm: unknown }> {
  const run = async (backend: 'cpu' | 'wasm') => {
    await selectBackend(backend);
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    const result = list.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
    tf.dispose(list);
    return result;
  };
  return { cpu: await run('cpu'), wasm: await run('wasm') };
}

describe('copy-free wasm kernels', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });
  afterAll(async () => {
    await selectBackend('wasm');
  });

  it('slices of 1- to 4-dimensional tensors, contiguous or not, hold what the cpu backend slices hold', async () => {
    const cases: [number[], number[], number[]][] = [
      [[10], [3], [4]],
      [[6, 7], [1, 2], [3, 4]],
      [[6, 7], [2, 0], [3, 7]],
      [[4, 5, 6], [1, 1, 2], [2, 3, 3]],
      [[4, 5, 6], [2, 0, 0], [1, 5, 6]],
      [[3, 4, 5, 6], [1, 0, 2, 1], [2, 3, 2, 4]],
      [[3, 4, 5, 6, 2], [0, 1, 0, 2, 0], [2, 2, 5, 3, 1]],
    ];
    for (const [shape, begin, size] of cases) {
      const { cpu, wasm } = await onBoth(() => tf.slice(tf.tensor(values(shape), shape), begin, size));
      expect(wasm, `slice of ${shape} at ${begin} size ${size}`).toEqual(cpu);
    }
  });

  it('split and unstack along every axis hold what the cpu backend gives', async () => {
    const sizes = [[1, 2, 1], [1, 2, 3], [2, 3, 4]];
    for (const axis of [0, 1, 2]) {
      const split = await onBoth(() => tf.split(tf.tensor(values([4, 6, 9]), [4, 6, 9]), sizes[axis], axis));
      expect(split.wasm).toEqual(split.cpu);
      const unstacked = await onBoth(() => tf.unstack(tf.tensor(values([4, 6, 9]), [4, 6, 9]), axis));
      expect(unstacked.wasm).toEqual(unstacked.cpu);
    }
    const int = await onBoth(() => tf.unstack(tf.tensor([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 1));
    expect(int.wasm).toEqual(int.cpu);
  });

  it('a clone and a same-dtype cast keep their values after the source is disposed, and a float-to-int cast still converts', async () => {
    await selectBackend('wasm');
    const source = tf.tensor(values([5, 3]), [5, 3]);
    const clone = tf.clone(source);
    const cast = tf.cast(source, 'float32');
    const ints = tf.cast(source, 'int32');
    source.dispose();
    expect(Array.from(clone.dataSync())).toEqual(Array.from(values([5, 3])));
    expect(Array.from(cast.dataSync())).toEqual(Array.from(values([5, 3])));
    expect(Array.from(ints.dataSync())).toEqual(Array.from(values([5, 3]), Math.trunc));
    tf.dispose([clone, cast, ints]);
  });

  it('gradients through split, unstack and saved tensors match the cpu backend', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor(values([3, 4, 6]), [3, 4, 6]).div(1000);
      const g = tf.grad((v: tf.Tensor) => {
        const [a, b] = tf.split(v, [2, 4], 2);
        const steps = tf.unstack(tf.tanh(a));
        return tf.sum(tf.mul(tf.stack(steps.map((s) => tf.sigmoid(s))), tf.sum(b)));
      });
      return g(x);
    });
    const [c, w] = [cpu, wasm] as { shape: number[]; values: number[] }[][];
    expect(w[0].shape).toEqual(c[0].shape);
    w[0].values.forEach((v, i) => expect(v).toBeCloseTo(c[0].values[i], 5));
  });
});
