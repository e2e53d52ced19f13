import { describe, expect, it } from 'vitest';
import { make, makeVector, registeredIds } from '../env/registry.js';
import { makeRng, restoreRng } from '../env/random/rng.js';

/** Actions for lane `lane` at step k: a deterministic but irregular multiplier in [0, 3]. */
const actionAt = (lane: number, k: number) => ((lane * 7 + k * 13) % 10) * 0.3;

describe('determinism', () => {
  it('the same seed gives the same episode bit for bit, a different seed a different one', () => {
    const run = (seed: number) => {
      const env = make('regime-v0', { regimeInfo: 'belief' });
      const trace: number[] = Array.from(env.reset({ seed }).observation);
      for (let k = 0, done = false; !done; k++) {
        const step = env.step(actionAt(0, k));
        trace.push(step.reward, step.info.fill.price, step.info.marketVolume, ...step.observation);
        done = step.terminated;
      }
      return trace;
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  for (const id of registeredIds()) {
    for (const regimeInfo of ['hidden', 'belief', 'shuffled', 'oracle'] as const) {
      it(`${id} (${regimeInfo}): vector lane i equals the single env seeded with seed + i, across autoresets`, () => {
        const lanes = 5;
        const seed = 40;
        const vec = makeVector(id, lanes, { regimeInfo });
        const first = vec.reset({ seed }).observation.slice();
        const singles = Array.from({ length: lanes }, (_, i) => make(id, { regimeInfo }));
        singles.forEach((env, i) => {
          const { observation } = env.reset({ seed: seed + i });
          expect(Array.from(first.subarray(i * vec.obsDim, (i + 1) * vec.obsDim))).toEqual(Array.from(observation));
        });
        const N = vec.params.N;
        for (let t = 0; t < 2 * N + 3; t++) {
          const actions = Float64Array.from({ length: lanes }, (_, i) => actionAt(i, t));
          const result = vec.step(actions);
          singles.forEach((env, i) => {
            const step = env.step(actions[i]);
            expect(result.reward[i]).toBe(step.reward);
            expect(result.info.price[i]).toBe(step.info.fill.price);
            expect(result.info.regime[i]).toBe(step.info.stepRegime);
            const row = (buffer: Float32Array) => Array.from(buffer.subarray(i * vec.obsDim, (i + 1) * vec.obsDim));
            if (step.terminated) {
              expect(result.terminated[i]).toBe(1);
              expect(row(result.info.finalObservations)).toEqual(Array.from(step.observation));
              expect(result.info.episode.shortfallBps[i]).toBe(step.info.episode!.shortfallBps);
              // Autoreset continues the lane's stream, as reset() without a seed does.
              expect(row(result.observation)).toEqual(Array.from(env.reset().observation));
            } else {
              expect(row(result.observation)).toEqual(Array.from(step.observation));
            }
          });
        }
      });
    }
  }

  it('a restored generator continues the same stream of uniforms and normals, tails included', () => {
    const rng = makeRng(3, 'x');
    // Past a draw from the ziggurat's tail (beyond R = 3.44, reached only by the slow path), whose extra uniforms the state must count.
    while (Math.abs(rng.normal()) <= 3.442619855899);
    const snapshot = rng.state();
    const expected = [rng.normal(), rng.uniform(), rng.normal()];
    const restored = restoreRng(snapshot);
    expect([restored.normal(), restored.uniform(), restored.normal()]).toEqual(expected);
  });

  it('named child streams of one seed are independent of each other', () => {
    const a = makeRng(1, 'env');
    const b = makeRng(1, 'exploration');
    const xs = Array.from({ length: 2000 }, () => a.normal());
    const ys = Array.from({ length: 2000 }, () => b.normal());
    const corr = xs.reduce((acc, x, i) => acc + x * ys[i], 0) / 2000;
    // |corr| of independent standard normals has sd 1/sqrt(2000) ~ 0.022.
    expect(Math.abs(corr)).toBeLessThan(0.07);
  });
});
