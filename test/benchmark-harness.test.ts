import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerPolicyResolver, resolvePolicy } from '../baselines/registry.js';
import { twap } from '../baselines/twap.js';
import { compileEnv } from '../env/core/compile-env.js';
import type { Policy } from '../env/policy/policy.js';
import { resolveSpec } from '../env/registry.js';
import { evaluatePolicies } from '../experiments/benchmark/evaluate-policies.js';
import { runFrontier } from '../experiments/benchmark/frontier.js';
import { runBenchmark, summarizeBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { formatSummaryMarkdown } from '../experiments/benchmark/format-summary.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'execgym-bench-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A policy another module could register: a constant multiplier (`test-const:1` is TWAP). */
registerPolicyResolver('test-const', (arg, env) => {
  const a = Number(arg);
  const policy: Policy = {
    name: `test-const:${arg}`,
    usesHiddenState: false,
    act: (input, actions) => actions.fill(a, 0, input.lanes),
  };
  return env.spec.action.type === 'box' ? policy : Promise.reject(new RangeError('box only'));
});

function csv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i], v])));
}

describe('runBenchmark', () => {
  it('writes episodes.csv (one row per episode and policy), trajectories.csv, summary.json and summary.md, and no temp files', async () => {
    const outDir = tempDir();
    const summary = await runBenchmark({ env: 'ac-linear-v0', policies: ['twap', 'pov:0.2'], episodes: 50, seed: 3, outDir, trajectories: 2 });
    // Besides the results, only the commit's index of the files it wrote (.execgym-benchmark.files.json).
    expect(readdirSync(outDir).sort()).toEqual(['.execgym-benchmark.files.json', 'episodes.csv', 'summary.json', 'summary.md', 'trajectories.csv']);
    const episodes = csv(join(outDir, 'episodes.csv'));
    // ac and optimal were added as the references for paired differences and regret.
    expect(summary.policies.map((p) => p.policy)).toEqual(['twap', 'pov:0.2', 'ac', 'optimal']);
    expect(episodes).toHaveLength(50 * 4);
    expect(Object.keys(episodes[0])).toEqual(expect.arrayContaining(['episode', 'seed', 'policy', 'is_bps', 'risk_penalty_bps', 'return', 'vwap_slippage_bps', 'completion']));
    expect(episodes.filter((r) => r.episode === '7').map((r) => r.seed)).toEqual(['10', '10', '10', '10']);
    const trajectories = csv(join(outDir, 'trajectories.csv'));
    expect(trajectories).toHaveLength(2 * 4 * 20);
    expect(Object.keys(trajectories[0])).toEqual(['episode', 'policy', 'step', 'inventory', 'trade', 'exec_price', 'market_volume', 'regime']);
    expect(JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(readFileSync(join(outDir, 'summary.md'), 'utf8')).toMatch(/\| twap \|/);
  });

  it('runs every policy on the same market: at each episode and step all policies see the same market volume', async () => {
    const env = compileEnv(resolveSpec('regime-v0'));
    const runs = await evaluatePolicies(env, [twap(env), await resolvePolicy('pov:0.3', env), await resolvePolicy('last-minute', env)], { episodes: 6, seed: 40, trajectories: 6 });
    const key = (r: { episode: number; step: number }) => `${r.episode}/${r.step}`;
    const first = new Map(runs[0].trajectories.map((r) => [key(r), r]));
    for (const run of runs.slice(1)) {
      for (const row of run.trajectories) {
        expect(row.marketVolume).toBe(first.get(key(row))!.marketVolume);
        expect(row.regime).toBe(first.get(key(row))!.regime);
      }
    }
  });

  it('chunking the evaluation does not change a single record', async () => {
    const env = compileEnv(resolveSpec('regime-v0'));
    const policies = [await resolvePolicy('ac-adaptive', env)];
    const whole = await evaluatePolicies(env, policies, { episodes: 30, seed: 1, trajectories: 5 });
    const chunked = await evaluatePolicies(env, policies, { episodes: 30, seed: 1, trajectories: 5, chunk: 7 });
    expect(chunked[0].episodes).toEqual(whole[0].episodes);
    expect(chunked[0].trajectories).toEqual(whole[0].trajectories);
  });

  it('on ac-linear-v0: simulated means within 3 SE of the AC closed forms, and the control variate narrows the CI', async () => {
    const summary = await runBenchmark({ env: 'ac-linear-v0', policies: ['twap', 'vwap', 'ac', 'immediate'], episodes: 2000, seed: 500, trajectories: 0 });
    expect(summary.optimum).toMatchObject({ policy: 'optimal', exactOptimum: true, oracle: false, method: 'quadratic-programme' });
    expect(summary.controlVariate.used).toBe(true);
    for (const p of summary.policies) {
      const exact = p.exact!;
      expect(Math.abs(p.isBps.mean - exact.expectedIsBps!)).toBeLessThan(3 * p.isBps.se);
      // The CV estimate of a static schedule is unbiased for the exact E too, with its own (smaller) se.
      const cv = p.controlVariate!.isBps;
      expect(Math.abs(cv.mean - exact.expectedIsBps!)).toBeLessThan(3 * cv.se + 1e-9);
      expect(cv.se).toBeLessThanOrEqual(p.isBps.se);
    }
    const twapRow = summary.policies.find((p) => p.policy === 'twap')!;
    expect(twapRow.exact!.expectedObjectiveBps).toBeCloseTo(414.9, 1);
    expect(twapRow.controlVariate!.isBps.ratio).toBeLessThan(0.5);
    // Regret against the exact optimum is positive for TWAP and zero for AC itself.
    expect(twapRow.regretBps!.low).toBeGreaterThan(0);
    // AC and the KKT solution agree to ~1e-14 relative, so AC's paired regret is 0 up to rounding.
    expect(Math.abs(summary.policies.find((p) => p.policy === 'ac')!.regretBps!.mean)).toBeLessThan(1e-9);
  });

  it('a registered resolver makes its names usable in the benchmark', async () => {
    const summary = await runBenchmark({ env: 'ac-linear-v0', policies: ['test-const:1', 'twap'], episodes: 10, seed: 0, trajectories: 0 });
    const [constant, even] = summary.policies;
    expect(constant.policy).toBe('test-const:1');
    // Multiplier 1 at every step is TWAP, so the two rows agree.
    expect(constant.isBps.mean).toBeCloseTo(even.isBps.mean, 9);
    expect(() => registerPolicyResolver('twap', () => twap(compileEnv(resolveSpec('ac-linear-v0'))))).toThrow(/already registered/);
    await expect(resolvePolicy('test-const:1', compileEnv(resolveSpec('ac-linear-v0', { action: { type: 'discrete', levels: [0, 1] } })))).rejects.toThrow(/policy "test-const:1": box only/);
  });

  it('rejects bad options with the option, the value and what is allowed', async () => {
    await expect(runBenchmark({ env: 'ac-linear-v0', episodes: 2, seed: 0 })).rejects.toThrow(/episodes must be an integer in \[3, 10000000\], got 2/);
    await expect(runBenchmark({ env: 'ac-linear-v0', episodes: 10, seed: -1 })).rejects.toThrow(/seed must be an integer in \[0, 9007199254740991\], got -1/);
    await expect(runBenchmark({ env: 'ac-linear-v0', policies: ['twap', 'twap'], episodes: 10, seed: 0 })).rejects.toThrow(/listed twice/);
  });
});

describe('runFrontier', () => {
  it('on ac-linear-v0 the AC points are exact, fall as lambda rises in sd and rise in E, and no placed policy beats the frontier', async () => {
    const outDir = tempDir();
    const result = await runFrontier({ env: 'ac-linear-v0', lambdas: [0, 1e-7, 1e-6, 2e-6], rhos: [0.05, 0.2], episodes: 400, seed: 0, outDir });
    expect(readdirSync(outDir).sort()).toEqual(['.execgym-frontier.files.json', 'frontier.csv', 'frontier.json']);
    const curve = result.points.filter((p) => p.curve === 'ac');
    expect(curve.every((p) => p.method === 'exact' && p.followsSchedule)).toBe(true);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i].expectedIsBps).toBeGreaterThan(curve[i - 1].expectedIsBps);
      expect(curve[i].sdIsBps).toBeLessThan(curve[i - 1].sdIsBps);
    }
    // TWAP is exactly the lambda = 0 end of the frontier.
    const twapPoint = result.points.find((p) => p.policy === 'twap')!;
    expect(twapPoint.expectedIsBps).toBeCloseTo(curve[0].expectedIsBps, 9);
    expect(twapPoint.sdIsBps).toBeCloseTo(curve[0].sdIsBps, 9);
    expect(result.points.filter((p) => p.rho !== null).map((p) => p.method)).toEqual(['simulated', 'simulated']);
    // AC(lambda) minimises E + lambda Var over static schedules, so VWAP cannot beat it at any lambda.
    const bps = compileEnv(resolveSpec('ac-linear-v0')).params.bpsPerDollar;
    const objective = (p: { expectedIsBps: number; sdIsBps: number }, lambda: number) => p.expectedIsBps / bps + lambda * (p.sdIsBps / bps) ** 2;
    const vwapPoint = result.points.find((p) => p.policy === 'vwap')!;
    for (const point of curve) expect(objective(vwapPoint, point.lambda!)).toBeGreaterThan(objective(point, point.lambda!));
  });
});

describe('runBenchmark as the training command will call it', () => {
  it('takes policy objects and names mixed, keeps their order, and marks a hidden-state policy as an oracle', async () => {
    const env = compileEnv(resolveSpec('regime-v0'));
    const learned: Policy = { name: 'learned', usesHiddenState: false, act: (input, actions) => actions.fill(1, 0, input.lanes) };
    const summary = await runBenchmark({ env, policies: [learned, 'twap', 'dp-optimal'], episodes: 20, seed: 0, trajectories: 0 });
    expect(summary.policies.map((p) => p.policy)).toEqual(['learned', 'twap', 'dp-optimal', 'ac', 'optimal']);
    expect(summary.policies.find((p) => p.policy === 'dp-optimal')!.usesHiddenState).toBe(true);
    expect(summary.policies[0].regretBps).not.toBeNull();
  });
});

describe('regret against optimal: honest about what the optimum is', () => {
  it('on a Discrete env the regret is paired against the continuous optimum on the same paths, and the rounded baselines say so', async () => {
    const env = compileEnv(resolveSpec('ac-linear-v0', { action: { type: 'discrete', levels: [0, 0.5, 1, 2, 4] } }));
    const summary = await runBenchmark({ env, policies: ['twap', 'ac'], episodes: 400, seed: 7, trajectories: 0 });
    expect(summary.optimum).toMatchObject({ policy: 'optimal', continuousRelaxation: true, exactOptimum: false });
    const acRow = summary.policies.find((p) => p.policy === 'ac')!;
    expect(acRow.rounded).toBe(true);
    // Rounded AC cannot beat the continuous optimum: its paired regret is >= 0 (positive here).
    expect(acRow.regretBps!.low).toBeGreaterThan(0);
    expect(summary.bugSignals).toEqual([]);
    const md = formatSummaryMarkdown(summary);
    // optimal, rounded to the levels, is ac rounded: the same episodes, one row.
    expect(md).toMatch(/\| ac \(rounded to the levels\) \(= optimal\) \|/);
    expect(md).toMatch(/regret vs optimal \(continuous optimum/);
    expect(md).not.toMatch(/exact optimum/);
  });

  it('on transient-v0 a policy that beats the exact optimum is reported as a bug signal', async () => {
    const env = compileEnv(resolveSpec('transient-v0'));
    const ac = await resolvePolicy('ac', env);
    // A "policy" that cheats: it is ac, but its episodes are credited 10 bps less afterwards.
    const evaluations = await evaluatePolicies(env, [ac, await resolvePolicy('optimal', env)], { episodes: 300, seed: 0 });
    const cheat = { ...evaluations[0], policy: { ...ac, name: 'too-good' }, episodes: evaluations[0].episodes.map((e) => ({ ...e, policy: 'too-good', objectiveBps: e.objectiveBps - 10 })) };
    const summary = summarizeBenchmark(env, [...evaluations, cheat], { episodes: 300, seed: 0 });
    expect(summary.optimum).toMatchObject({ exactOptimum: true });
    expect(summary.optimum!.acMarginBps).toBeCloseTo(2.5645, 3);
    expect(summary.bugSignals).toHaveLength(1);
    // Its paired regret is (ac - optimal) - 10 on these paths: -(10 - 2.56) within 3 SE (paired SE).
    const regret = summary.policies.find((p) => p.policy === 'too-good')!.regretBps!;
    expect(Math.abs(regret.mean - (summary.optimum!.acMarginBps - 10))).toBeLessThan(3 * regret.se);
    expect(summary.bugSignals[0]).toMatch(new RegExp(`^too-good beats the exact optimum by ${(-regret.mean).toFixed(2)} bps`));
    expect(formatSummaryMarkdown(summary)).toMatch(/\*\*Bug signal:\*\* too-good/);
  });
});
