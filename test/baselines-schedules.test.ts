import { describe, expect, it } from 'vitest';
import { ac } from '../baselines/ac.js';
import { immediate } from '../baselines/immediate.js';
import { lastMinute } from '../baselines/last-minute.js';
import { baselineNames, resolvePolicy } from '../baselines/registry.js';
import { twap } from '../baselines/twap.js';
import { vwap } from '../baselines/vwap.js';
import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { acSchedule } from '../env/analytics/almgren-chriss.js';
import { compileEnv, type CompiledEnv } from '../env/core/compile-env.js';
import { evaluatePolicy, type TrajectoryRow } from '../env/policy/evaluate-policy.js';
import type { Policy } from '../env/policy/policy.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';

const envOf = (id: string, overrides: SpecOverrides = {}) => compileEnv(resolveSpec(id, overrides));

/** Trades of episode 0..episodes-1 as rows [episode][step]. */
function trades(policy: Policy, env: CompiledEnv, episodes = 3, seed = 11): number[][] {
  const { trajectories } = evaluatePolicy(policy, env, { episodes, seed, trajectories: episodes });
  const out = Array.from({ length: episodes }, () => new Array<number>(env.params.N).fill(NaN));
  for (const row of trajectories as TrajectoryRow[]) out[row.episode][row.step] = row.trade;
  return out;
}

describe('static baselines trade their schedules through the action interface', () => {
  it('twap sells X / N at every step, whatever the market path', () => {
    const env = envOf('ac-linear-v0');
    const { X, N } = env.params;
    for (const episode of trades(twap(env), env)) for (const n of episode) expect(n / (X / N)).toBeCloseTo(1, 10);
  });

  it('vwap slices are proportional to the published volume forecast, not to the realised volumes', () => {
    const env = envOf('sqrt-volume-v0');
    const p = env.params;
    const total = p.expectedVolume.reduce((a, v) => a + v, 0);
    const [first, second] = trades(vwap(env), env, 2);
    for (let k = 0; k < p.N; k++) {
      expect(first[k] / ((p.X * p.expectedVolume[k]) / total)).toBeCloseTo(1, 10);
      expect(second[k]).toBeCloseTo(first[k], 6);
    }
    // The u-shape makes the profile far from flat, so this is not TWAP in disguise.
    expect(first[0] / first[Math.floor(p.N / 2)]).toBeGreaterThan(3);
  });

  it('ac trades equal the closed-form discrete Almgren–Chriss trades n_k', () => {
    for (const id of ['ac-linear-v0', 'regime-v0', 'sqrt-volume-v0']) {
      const env = envOf(id);
      const schedule = acSchedule(acInputsFor(env.params));
      for (const episode of trades(ac(env), env, 2)) {
        for (let k = 0; k < env.params.N; k++) expect(Math.abs(episode[k] - schedule.n[k])).toBeLessThan(1e-6 * env.params.X);
      }
    }
  });

  it('ac:<lambda> uses that risk aversion, and ac:0 is the straight line', () => {
    const env = envOf('ac-linear-v0');
    const steep = acSchedule({ ...acInputsFor(env.params), lambda: 2e-6 });
    const [episode] = trades(ac(env, 2e-6), env, 1);
    for (let k = 0; k < env.params.N; k++) expect(episode[k]).toBeCloseTo(steep.n[k], 3);
    for (const n of trades(ac(env, 0), env, 1)[0]) expect(n / (env.params.X / env.params.N)).toBeCloseTo(1, 9);
  });

  it('immediate sells at the largest multiplier aMax every step; last-minute sells everything in the last step', () => {
    const env = envOf('ac-linear-v0');
    const { X, N } = env.params;
    const aMax = 4;
    const [fast] = trades(immediate(env), env, 1);
    let x = X;
    for (let k = 0; k < N; k++) {
      const expected = Math.min(x, (aMax * x) / (N - k));
      expect(fast[k]).toBeCloseTo(expected, 6);
      x -= expected;
    }
    // With aMax = 4 the multiplier covers what remains at k = N - 4: nothing is left after it.
    expect(fast[N - aMax]).toBeGreaterThan(0);
    expect(fast.slice(N - aMax + 1).every((n) => n === 0)).toBe(true);
    const [slow] = trades(lastMinute(env), env, 1);
    expect(slow.slice(0, N - 1).every((n) => n === 0)).toBe(true);
    expect(slow[N - 1]).toBe(X);
  });
});

describe('every baseline on every registered env and action space', () => {
  const variants: [string, SpecOverrides][] = [
    ['box strict', {}],
    ['box squash', { action: { type: 'box', aMax: 8, mode: 'squash' } }],
    ['discrete', { action: { type: 'discrete', levels: [0, 0.5, 1, 2, 4] } }],
  ];
  for (const id of ['ac-linear-v0', 'regime-v0', 'regime-observed-v0', 'sqrt-volume-v0', 'transient-v0']) {
    for (const [label, overrides] of variants) {
      it(`${id} (${label}): every supported baseline acts inside the action space and completes the order`, async () => {
        const env = envOf(id, overrides);
        for (const name of baselineNames(env)) {
          const policy = await resolvePolicy(name, env);
          // evaluatePolicy would throw (UserError) on an action outside the space.
          const { episodes } = evaluatePolicy(policy, env, { episodes: 4, seed: 3 });
          for (const record of episodes) expect(record.completion).toBe(1);
        }
      });
    }
  }

  it('on a Discrete env twap picks the level 1 exactly, and vwap trades only at levels and completes', () => {
    const levels = [0, 0.5, 1, 2, 4];
    const env = envOf('sqrt-volume-v0', { action: { type: 'discrete', levels } });
    const { X, N } = env.params;
    for (const n of trades(twap(env), env, 1)[0]) expect(n / (X / N)).toBeCloseTo(1, 9);
    const [episode] = trades(vwap(env), env, 1);
    let x = X;
    for (let k = 0; k < N - 1; k++) {
      const multiplier = (episode[k] * (N - k)) / x;
      expect(levels.some((level) => Math.abs(level - multiplier) < 1e-9)).toBe(true);
      x -= episode[k];
    }
    expect(episode[N - 1]).toBeCloseTo(x, 6);
  });
});
