import { describe, expect, it } from 'vitest';
import { ac } from '../baselines/ac.js';
import { constant } from '../baselines/constant.js';
import { pegCross } from '../baselines/peg-cross.js';
import { baselineNames, resolvePolicy } from '../baselines/registry.js';
import { compileEnv, type CompiledEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { sharesFor } from '../env/market/step.js';
import type { PolicyInput } from '../env/policy/policy.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';
import { VALIDATION_SEED_SPACE } from '../env/random/seeds.js';
import { gridSearch } from '../experiments/tune/grid-search.js';
import { tuneBaseline } from '../experiments/tune/tune.js';

const envOf = (id: string, overrides: SpecOverrides = {}) => compileEnv(resolveSpec(id, overrides));

/** One lane at step k with holdings x (observations unused by these baselines). */
function oneLane(env: CompiledEnv, k: number, x: number): PolicyInput {
  return { observations: new Float32Array(env.observationSpace.shape[0]), obsDim: env.observationSpace.shape[0], lanes: 1, step: Int32Array.of(k), inventory: Float64Array.of(x), lastVolume: Float64Array.of(NaN), regime: Int32Array.of(0) };
}

describe('parametric baseline families', () => {
  it('const:a trades a x_k / (N - k) at every step (the env action a itself on a Box env), and const:1 is twap to the bit', async () => {
    const env = envOf('ac-linear-v0');
    const policy = constant(env, 2.5);
    const actions = new Float64Array(1);
    policy.act(oneLane(env, 7, 400_000), actions);
    expect(actions[0]).toBe(2.5);
    expect(sharesFor(env.params, 7, 400_000, actions[0])).toBeCloseTo((2.5 * 400_000) / 13, 6);
    const twap = evaluatePolicy(await resolvePolicy('twap', env), env, { episodes: 50, seed: 3 }).episodes.map((e) => e.objectiveBps);
    const one = evaluatePolicy(await resolvePolicy('const:1', env), env, { episodes: 50, seed: 3 }).episodes.map((e) => e.objectiveBps);
    expect(one).toEqual(twap);
  });

  it('const and peg-cross validate their parameters at the edge in one line, and are never part of all', async () => {
    const env = envOf('ac-linear-v0');
    await expect(resolvePolicy('const:9', env)).rejects.toThrow(/^policy "const:9": const: a must be a multiplier in \[0, 4\]/);
    await expect(resolvePolicy('const', env)).rejects.toThrow(/const needs its parameters: const:<a>/);
    await expect(resolvePolicy('const:two', env)).rejects.toThrow(/a must be a number, got "two"/);
    const passive = envOf('passive-ac-linear-v0');
    await expect(resolvePolicy('peg-cross:1:0', passive)).rejects.toThrow(/peg-cross takes 3 numbers peg-cross:<k>:<offset>:<behind>, got "1:0"/);
    await expect(resolvePolicy('peg-cross:1:9:0', passive)).rejects.toThrow(/offset must be in \[0, 5\] ticks/);
    await expect(resolvePolicy('peg-cross:1:0:0', env)).rejects.toThrow(/needs a passive env/);
    expect(baselineNames(passive)).not.toContain('const');
    expect(baselineNames(passive)).not.toContain('peg-cross');
  });

  it('peg-cross crosses what lags the step target by more than its band and posts k slices at its offset (hand-built case)', () => {
    const env = envOf('passive-ac-linear-v0');
    const policy = pegCross(env, { k: 2, offset: 1, behind: 10_000 });
    expect(policy.name).toBe('peg-cross:2:1:10000');
    // At step 3 holding 700k: the ac target after the step is H_4; lag = 700k - H_4.
    const sched = resolveAcHoldings(env);
    const x = 700_000;
    const actions = new Float64Array(3);
    policy.act(oneLane(env, 3, x), actions);
    const [a, fraction, offset] = actions;
    const traded = sharesFor(env.params, 3, x, a);
    const market = x - sched[4] - 10_000;
    const posted = 2 * (sched[3] - sched[4]);
    const cap = sharesFor(env.params, 3, x, 4);
    expect(traded).toBeCloseTo(Math.min(cap, market + posted), 3);
    expect(fraction * traded).toBeCloseTo(Math.min(cap - market, posted), 3);
    expect(offset).toBe(1);
    // Ahead of the band: nothing crossed, only the posting.
    policy.act(oneLane(env, 3, sched[4] + 5_000), actions);
    expect(actions[1]).toBeCloseTo(1, 12);
  });
});

function resolveAcHoldings(env: CompiledEnv): Float64Array {
  // The ac schedule as the env executes it on a path where every trade is made (a Box env, no cap binding here).
  const out = new Float64Array(env.params.N + 1);
  const { trajectories } = evaluatePolicy(ac(env), env, { episodes: 1, seed: 0, trajectories: 1 });
  for (const row of trajectories) out[row.step] = row.inventory;
  return out;
}

describe('tune', () => {
  it('grid + compass search finds the minimum of a smooth function to the rounding and stays within its budget', () => {
    const points = gridSearch([{ name: 'a', low: 0, high: 4, scale: 'linear' }], 30, ([a]) => (a - 2.37) ** 2);
    expect(points.length).toBeLessThanOrEqual(30);
    const best = points.reduce((x, y) => (y.score < x.score ? y : x));
    expect(Math.abs(best.values[0] - 2.37)).toBeLessThan(0.02);
  });

  it('on ac-linear-v0, ac-lambda selects the env risk aversion (where ac is the exact optimum) and records its seeds: training and validation, never test', () => {
    const env = envOf('ac-linear-v0');
    const r = tuneBaseline(env, { family: 'ac-lambda', budget: 20, seed: 0, trainEpisodes: 200, validation: { seed: VALIDATION_SEED_SPACE, episodes: 200 }, finalists: 3 });
    const lambda = r.selected.values[0];
    expect(Math.abs(Math.log10(lambda / env.params.lambda))).toBeLessThan(0.2);
    expect(r.seeds.training.seed).toBeGreaterThanOrEqual(1e9);
    expect(r.seeds.validation.seed).toBeGreaterThanOrEqual(VALIDATION_SEED_SPACE);
    expect(r.seeds.test).toBe('never evaluated');
    expect(() => tuneBaseline(env, { family: 'const', budget: 3, seed: 0, trainEpisodes: 10, validation: { seed: 0, episodes: 10 }, finalists: 1 })).toThrow(/validation seeds must lie in \[1000000, 1000000000\)/);
    expect(() => tuneBaseline(env, { family: 'peg-cross', budget: 3, seed: 0, trainEpisodes: 10, finalists: 1 })).toThrow(/--family peg-cross needs a passive env/);
  });

  it('on a replay market, scrambling the test windows prices changes a test episode but not the tuned selection', async () => {
    const env = envOf('xetra-replay-v0');
    const table = env.params.replay!;
    const N = env.params.N;
    const price = table.price.slice();
    for (const w of table.sets.test) for (let k = 1; k <= N; k++) price[w * (N + 1) + k] *= 1 + 0.05 * Math.sin(7 * k + w);
    const scrambled: CompiledEnv = { ...env, params: { ...env.params, replay: { ...table, price } } };
    const testScore = (e: CompiledEnv) => evaluatePolicy(constant(e, 2), e, { episodes: 4, seed: 0 }).episodes.map((x) => x.objectiveBps);
    expect(testScore(scrambled)).not.toEqual(testScore(env));
    const options = { family: 'const', budget: 8, seed: 0, trainEpisodes: 96, validation: { seed: VALIDATION_SEED_SPACE, episodes: 32 }, finalists: 3 };
    expect(tuneBaseline(scrambled, options)).toEqual(tuneBaseline(env, options));
  });
});
