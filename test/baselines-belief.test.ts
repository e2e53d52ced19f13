import { beforeAll, describe, expect, it } from 'vitest';
import { ac } from '../baselines/ac.js';
import { beliefOptimal, type BeliefOptimalPolicy } from '../baselines/belief-optimal.js';
import { baselineNames, resolvePolicies, resolvePolicy } from '../baselines/registry.js';
import { solveRegimeDp } from '../env/analytics/regime-dp.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { ExecutionVectorEnv } from '../env/core/execution-vector-env.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';
import { evaluatePolicies } from '../experiments/benchmark/evaluate-policies.js';
import { formatSummaryMarkdown } from '../experiments/benchmark/format-summary.js';
import { summarizeBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { column } from '../experiments/benchmark/summarize.js';
import { pairedDifference } from '../experiments/stats/paired.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';

const envOf = (id: string, overrides: SpecOverrides = {}) => compileEnv(resolveSpec(id, overrides));
/** One solve of regime-v0's belief DP for the tests that only need a policy (its market is the same whatever the observation). */
let regimeSolution: BeliefOptimalPolicy['solution'] | undefined;
const beliefPolicy = (env: ReturnType<typeof envOf>) => {
  regimeSolution ??= beliefOptimal(envOf('regime-v0')).solution;
  return beliefOptimal(env, regimeSolution);
};

describe('belief-optimal on regime-v0 over 10,000 common-random-number episodes', () => {
  const env = envOf('regime-v0');
  const p = env.params;
  const episodes = 10_000;
  let objective = new Map<string, Float64Array>();
  let predicted = 0;
  beforeAll(async () => {
    const policies = await resolvePolicies(['belief-optimal', 'optimal', 'ac-adaptive'], env);
    predicted = (policies[0] as BeliefOptimalPolicy).solution.objectiveBps;
    const runs = await evaluatePolicies(env, policies, { episodes, seed: 30_000 });
    objective = new Map(runs.map((r) => [r.policy.name, column(r.episodes, 'objectiveBps')]));
  });

  it("its mean objective agrees with the belief DP's value within 3 SE, plain and paired against the oracle DP whose value is exact", () => {
    const belief = objective.get('belief-optimal')!;
    const plain = sampleStats(belief);
    expect(Math.abs(plain.mean - predicted)).toBeLessThan(3 * plain.se);
    // mean(belief - oracle) + the oracle's exact value: the same expectation, with the paths' noise paired out (se ~0.7 bps, not ~2.8).
    const oracleExact = solveRegimeDp(p, 8).expectedObjective * p.bpsPerDollar;
    const paired = pairedDifference(belief, objective.get('optimal')!);
    expect(paired.se).toBeLessThan(plain.se / 2);
    expect(Math.abs(oracleExact + paired.mean - predicted)).toBeLessThan(3 * paired.se);
  });

  it('it beats ac-adaptive and loses to the oracle, both paired and significant', () => {
    const belief = objective.get('belief-optimal')!;
    expect(pairedDifference(belief, objective.get('ac-adaptive')!).high).toBeLessThan(0);
    expect(pairedDifference(belief, objective.get('optimal')!).low).toBeGreaterThan(0);
  });
});

describe('belief-optimal reads only public information', () => {
  it("its own filter on the hidden regime-v0 acts as the env's published belief on the same paths (within float32 rounding of the columns)", () => {
    const hidden = envOf('regime-v0');
    const published = envOf('regime-v0', { regimeInfo: 'belief' });
    const a = beliefPolicy(hidden);
    const b = beliefPolicy(published);
    expect(a.usesHiddenState).toBe(false);
    expect(b.usesHiddenState).toBe(false);
    const ra = evaluatePolicy(a, hidden, { episodes: 400, seed: 11 }).episodes;
    const rb = evaluatePolicy(b, published, { episodes: 400, seed: 11 }).episodes;
    ra.forEach((record, i) => expect(Math.abs(record.objectiveBps - rb[i].objectiveBps)).toBeLessThan(1e-3));
  });

  it('on the one-regime ac-linear-v0 it trades the ac schedule, trade by trade', () => {
    const env = envOf('ac-linear-v0');
    const reference = evaluatePolicy(ac(env), env, { episodes: 5, seed: 2, trajectories: 5 }).trajectories;
    const run = evaluatePolicy(beliefOptimal(env), env, { episodes: 5, seed: 2, trajectories: 5 }).trajectories;
    run.forEach((row, i) => expect(Math.abs(row.trade - reference[i].trade)).toBeLessThan(1e-6));
  });

  it('its filter refuses to skip a step of an episode (it would miss an observation)', () => {
    const env = envOf('regime-v0');
    const policy = beliefPolicy(env);
    const vec = new ExecutionVectorEnv(env, 1);
    vec.reset({ seed: 0 });
    const actions = new Float64Array(1);
    policy.act(vec.policyInput, actions);
    vec.step(actions);
    vec.step(actions);
    expect(() => policy.act(vec.policyInput, actions)).toThrow(/every step of an episode in order: lane 0 went from step 0 to 2/);
    vec.close();
  });
});

describe('belief-optimal in the registry and the benchmark', () => {
  it('is a built-in baseline where the belief DP applies, and is refused elsewhere with the premise named', async () => {
    expect(baselineNames(envOf('regime-v0'))).toContain('belief-optimal');
    expect(baselineNames(envOf('sqrt-volume-v0'))).not.toContain('belief-optimal');
    await expect(resolvePolicy('belief-optimal', envOf('sqrt-volume-v0'))).rejects.toThrow(/policy "belief-optimal": the belief DP needs linear impact/);
  });

  it('the summary labels it as no oracle, with its numerical DP value next to the simulated one', async () => {
    const env = envOf('regime-v0');
    const runs = await evaluatePolicies(env, await resolvePolicies(['ac', 'optimal', 'belief-optimal'], env), { episodes: 50, seed: 0 });
    const summary = summarizeBenchmark(env, runs, { episodes: 50, seed: 0 });
    const row = summary.policies.find((q) => q.policy === 'belief-optimal')!;
    expect(row.usesHiddenState).toBe(false);
    expect(row.exact?.expectedObjectiveBps).toBeCloseTo(425.95, 2);
    expect(row.exact?.source).toMatch(/^belief DP value \(numerical: simplex grid m = 96, trapezoid step 0\.25; a lower bound/);
    const md = formatSummaryMarkdown(summary);
    expect(md).toMatch(/\| belief-optimal \|/);
    expect(md).not.toMatch(/belief-optimal †/);
  });
});
