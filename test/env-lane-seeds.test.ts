import { describe, expect, it } from 'vitest';
import { RolloutBuffer } from '../agents/common/rollout-buffer.js';
import { subtractTwinAdvantages, twinSeeds } from '../agents/common/twin-lanes.js';
import { make, makeVector } from '../env/registry.js';
import { makePortfolioVector } from '../env/portfolio/registry.js';
import { makeRng } from '../env/random/rng.js';

/** Lane `lane`'s action at step k: a deterministic but irregular multiplier in [0, 3]. */
const actionAt = (lane: number, k: number) => ((lane * 7 + k * 13) % 10) * 0.3;

describe('a seed per lane (common random numbers)', () => {
  it('reset with one seed per lane: lane i equals the single env on seeds[i]; twins under different actions see the same market', () => {
    const seeds = [7, 7, 3, 7];
    const vec = makeVector('regime-v0', seeds.length);
    const first = vec.reset({ seed: seeds }).observation.slice();
    const singles = seeds.map((seed) => make('regime-v0'));
    const markets = seeds.map(() => [] as number[]);
    singles.forEach((env, i) => expect(Array.from(first.subarray(i * vec.obsDim, (i + 1) * vec.obsDim))).toEqual(Array.from(env.reset({ seed: seeds[i] }).observation)));
    for (let k = 0; k < vec.params.N; k++) {
      const actions = Float64Array.from(seeds, (_, i) => actionAt(i, k));
      const result = vec.step(actions);
      singles.forEach((env, i) => {
        const step = env.step(actions[i]);
        expect(result.reward[i]).toBe(step.reward);
        expect(result.info.regime[i]).toBe(step.info.stepRegime);
        markets[i].push(result.info.regime[i], result.info.volume[i]);
      });
    }
    // Lanes 0, 1 and 3 share seed 7: the same regimes and market volumes whatever they traded.
    expect(markets[1]).toEqual(markets[0]);
    expect(markets[3]).toEqual(markets[0]);
    expect(markets[2]).not.toEqual(markets[0]);
  });

  it('the portfolio vector env takes a seed per lane too: twins on the same actions are identical', () => {
    const vec = makePortfolioVector('portfolio-ac-v0', 2);
    const { observation } = vec.reset({ seed: [5, 5] });
    const d = observation.length / 2;
    expect(Array.from(observation.subarray(d))).toEqual(Array.from(observation.subarray(0, d)));
    const m = vec.params.m;
    const result = vec.step(new Float64Array(2 * m).fill(1));
    expect(result.reward[1]).toBe(result.reward[0]);
  });

  it('refuses a seed array of the wrong length or with a bad seed, in one line naming the value', () => {
    const vec = makeVector('regime-v0', 3);
    expect(() => vec.reset({ seed: [1, 2] })).toThrow(/^reset: seed must be one integer or an array of 3 \(one per lane\), got an array of 2$/);
    expect(() => vec.reset({ seed: [1, -1, 2] })).toThrow(/^reset: seed\[1\] must be an integer in \[0, 9007199254740991\], got -1$/);
    expect(() => vec.reset({ seed: [1, 2, 2.5] })).toThrow(/^reset: seed\[2\] must be an integer .*, got 2.5$/);
    expect(() => vec.reset({ seed: [1, 2, '3'] as unknown as number[] })).toThrow(/^reset: seed\[2\] must be an integer .*, got "3"$/);
  });

  it('twins: lanes 2j and 2j + 1 take base + j, and each advantage becomes its own minus its twin\'s at the same step', () => {
    expect(twinSeeds(10, 6)).toEqual([10, 10, 11, 11, 12, 12]);
    const advantages = Float64Array.from([1, 4, -2, 3, 0.5, 0.25, 7, 7]);
    subtractTwinAdvantages(advantages, 2, 4);
    expect(Array.from(advantages)).toEqual([-3, 3, -5, 5, 0.25, -0.25, 0, 0]);
  });

  it('on regime-v0 the twin difference removes most of the market noise in the advantages of a randomised policy', () => {
    // Every lane trades an independent random multiplier each step; a zero critic, gamma = lambda = 1,
    // so an advantage is the reward to go, whose variance is almost all market (price moves x inventory).
    const lanes = 512;
    const N = 20;
    const rollout = (seeds: number[]) => {
      const vec = makeVector('regime-v0', lanes);
      const buffer = new RolloutBuffer(N, lanes, vec.obsDim);
      const rng = makeRng(1, 'test-actions');
      vec.reset({ seed: seeds });
      for (let k = 0; k < N; k++) {
        const result = vec.step(Float64Array.from({ length: lanes }, () => 0.5 + 1.5 * rng.uniform()));
        buffer.storeEnvStep(k, result, 0.01, new Float64Array(lanes));
      }
      buffer.computeReturnsAndAdvantages(new Float64Array(lanes), 1, 1);
      subtractTwinAdvantages(buffer.advantages, N, lanes);
      // Variance of the differences at the first step, where every pair of lanes starts alike.
      const first = buffer.advantages.subarray(0, lanes);
      return first.reduce((sum, a) => sum + a * a, 0) / lanes;
    };
    const twins = rollout(twinSeeds(1_000, lanes));
    const strangers = rollout(Array.from({ length: lanes }, (_, i) => 1_000 + i));
    expect(twins / strangers).toBeLessThan(0.05); // 0.015 measured
  });
});
