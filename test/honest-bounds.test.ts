import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../baselines/registry.js';
import { solveGridDpRefined } from '../env/analytics/inventory-grid-dp.js';
import { solveOptimal } from '../env/analytics/optimal.js';
import { optimumLabel, TAKER_ONLY } from '../env/analytics/optimum-label.js';
import { solveRegimeDp } from '../env/analytics/regime-dp.js';
import { compileEnv } from '../env/core/compile-env.js';
import { resolveSpec } from '../env/registry.js';
import { evaluatePolicies } from '../experiments/benchmark/evaluate-policies.js';
import { formatSummaryMarkdown } from '../experiments/benchmark/format-summary.js';
import { summarizeBenchmark } from '../experiments/benchmark/run-benchmark.js';

const envOf = (id: string) => compileEnv(resolveSpec(id));

describe('bounds that are bounds', () => {
  it('on a passive env the solvers optimum is labelled the taker-only optimum, not a bound; on ac-linear-v0 the exact optimum; on regime-v0 an oracle bound', () => {
    for (const [id, kind, isBound] of [
      ['passive-ac-linear-v0', 'taker-only', false],
      ['passive-regime-v0', 'taker-only', false],
      ['ac-linear-v0', 'exact optimum', true],
      ['regime-v0', 'oracle bound', true],
    ] as const) {
      const env = envOf(id);
      const label = optimumLabel(env.params, solveOptimal(env.params, env.spec.action));
      expect([id, label.kind, label.isBound]).toEqual([id, kind, isBound]);
    }
    const passive = envOf('passive-ac-linear-v0');
    expect(optimumLabel(passive.params, solveOptimal(passive.params, passive.spec.action)).short).toBe(TAKER_ONLY);
  });

  it('the refined grid DP settles on linear regime-v0 within its stated error of the exact regime DP, and refuses (not converged, not a bound) when the work cap stops it', () => {
    const p = envOf('regime-v0').params;
    const exact = solveRegimeDp(p, 8).expectedObjective * p.bpsPerDollar;
    const r = solveGridDpRefined(p, 8);
    expect(r.converged).toBe(true);
    expect(r.errorBps!).toBeLessThanOrEqual(0.01);
    const value = r.history[r.history.length - 1].objectiveBps;
    // The grid policy is executable: at or above the optimum, by less than three times its last change (error ~ 1/G^2).
    expect(value).toBeGreaterThanOrEqual(exact - 1e-9);
    expect(value - exact).toBeLessThan(3 * r.errorBps! + 1e-4);
    const capped = solveGridDpRefined(p, 8, { startPoints: 50, toleranceBps: 1e-9, maxWork: 2e5 });
    expect(capped.converged).toBe(false);
    expect(capped.stopped).toMatch(/past the cap of 2\.00e\+5/);
    const solution = { ...solveOptimal(p, { type: 'box', aMax: 8, mode: 'strict' }), method: 'inventory-grid-dp' as const, discretisation: { ...capped, solution: undefined } };
    expect(optimumLabel(p, solution)).toMatchObject({ kind: 'not converged', short: 'not converged, not a bound', isBound: false });
  });

  it('the benchmark flags a policy that beats a printed bound by more than its CI as a bug signal, and one that beats the taker-only optimum of a passive env as expected', async () => {
    const env = envOf('ac-linear-v0');
    const ac = await resolvePolicy('ac', env);
    const evaluations = await evaluatePolicies(env, [ac, await resolvePolicy('optimal', env)], { episodes: 300, seed: 0 });
    const cheat = { ...evaluations[0], policy: { ...ac, name: 'too-good' }, episodes: evaluations[0].episodes.map((e) => ({ ...e, policy: 'too-good', objectiveBps: e.objectiveBps - 60 })) };
    const summary = summarizeBenchmark(env, [...evaluations, cheat], { episodes: 300, seed: 0 });
    expect(summary.boundFlags!.map((f) => [f.policy, f.reference, f.isBound])).toEqual([['too-good', 'optimal', true]]);
    expect(formatSummaryMarkdown(summary)).toMatch(/\*\*Beats a bound:\*\* too-good .* below `optimal`'s printed 315\.75 \(exact optimum\)/);

    const passive = envOf('passive-ac-linear-v0');
    const rows = await evaluatePolicies(passive, [await resolvePolicy('ac', passive), await resolvePolicy('ac-passive', passive), await resolvePolicy('optimal', passive)], { episodes: 300, seed: 0 });
    const s = summarizeBenchmark(passive, rows, { episodes: 300, seed: 0 });
    expect(s.optimum).toBeNull();
    expect(s.bugSignals).toEqual([]);
    expect(s.boundFlags!.map((f) => [f.policy, f.kind, f.isBound])).toEqual([['ac-passive', TAKER_ONLY, false]]);
    expect(formatSummaryMarkdown(s)).toMatch(/\*\*Beats a reference that is not a bound:\*\* ac-passive .*the taker-only optimum: not a bound here/);
  });
});
