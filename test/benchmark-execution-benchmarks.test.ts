import { describe, expect, it } from 'vitest';
import { twap } from '../baselines/twap.js';
import { compileEnv, type CompiledEnv } from '../env/core/compile-env.js';
import { MARKOUT_COST_STEPS, PWP_RATE } from '../env/episode/episode-paths.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { participationWeightedPrice, slippageBps } from '../env/episode/execution-benchmarks.js';
import { ExecutionVectorEnv } from '../env/core/execution-vector-env.js';
import { registeredIds, resolveSpec } from '../env/registry.js';
import { runBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A registered market with its costs switched off: the compiled params with epsilon, eta and gamma
 * 0 in every regime (the spec refuses eta = 0, rightly for a user; here it isolates the benchmarks).
 */
function zeroImpact(id: string): CompiledEnv {
  const compiled = compileEnv(resolveSpec(id));
  const zeros = () => new Float64Array(compiled.params.K);
  return { ...compiled, params: { ...compiled.params, epsilon: zeros(), eta: zeros(), gamma: zeros() } };
}

describe('execution benchmarks of simulated episodes', () => {
  it("twap's TWAP slippage is 0 on a zero-impact market: it trades X / N at every step's price", () => {
    const env = zeroImpact('ac-linear-v0');
    const { episodes } = evaluatePolicy(twap(env), env, { episodes: 50, seed: 3 });
    for (const e of episodes) expect(Math.abs(e.benchmarks!.twapSlippageBps)).toBeLessThan(1e-9);
    // and its VWAP slippage is not 0 (volumes vary), so the two benchmarks are not the same number.
    expect(episodes.some((e) => Math.abs(e.vwapSlippageBps) > 1e-3)).toBe(true);
  });

  it('on a recorded replay, a TWAP schedule scores as hand-computed from the replay table', () => {
    const compiled = zeroImpact('xetra-replay-v0');
    const p = compiled.params;
    const { N, side, X } = p;
    const vec = new ExecutionVectorEnv(compiled, 1, { benchmarks: true });
    const w = vec.reset({ seed: 7 }).info.replayWindow![0];
    const policy = twap(compiled);
    const actions = new Float64Array(1);
    let last;
    for (let k = 0; k < N; k++) {
      policy.act(vec.policyInput, actions);
      last = vec.step(actions);
    }
    const b = last!.info.episode.benchmarks!;
    // Zero impact: step k fills X / N at the recorded mid S_k = price[w (N+1) + k]; the bar price is
    // the recorded step VWAP vwap[w N + k]; the close is the mid after the last step.
    const mid = Array.from({ length: N + 1 }, (_, k) => p.replay!.price[w * (N + 1) + k]);
    const bar = Array.from({ length: N }, (_, k) => p.replay!.vwap[w * N + k]);
    const volume = Array.from({ length: N }, (_, k) => p.replay!.volume[w * N + k]);
    const average = mid.slice(0, N).reduce((a, v) => a + v, 0) / N;
    const twapPrice = bar.reduce((a, v) => a + v, 0) / N;
    expect(b.twapSlippageBps[0]).toBeCloseTo((1e4 * side * (twapPrice - average)) / twapPrice, 8);
    expect(b.closeSlippageBps[0]).toBeCloseTo((1e4 * side * (mid[N] - average)) / mid[N], 8);
    const pwp = participationWeightedPrice(bar, volume, X, PWP_RATE);
    expect(b.pwpSlippageBps[0]).toBeCloseTo(slippageBps(side, average, pwp.price), 8);
    const markout1 = mid.slice(0, N).reduce((a, m, k) => a + (1e4 * side * (mid[k + 1] - m)) / mid[k + 1], 0) / N;
    expect(b.markoutCost1Bps[0]).toBeCloseTo(markout1, 8);
    const h = MARKOUT_COST_STEPS[2];
    const markout5 = mid.slice(0, N - h + 1).reduce((a, m, k) => a + (1e4 * side * (mid[k + h] - m)) / mid[k + h], 0) / (N - h + 1);
    expect(b.markoutCost5Bps[0]).toBeCloseTo(markout5, 8);
  });

  it('recording benchmarks leaves every episode of every registered env as it was', () => {
    for (const id of registeredIds()) {
      const compiled = compileEnv(resolveSpec(id));
      const run = (benchmarks: boolean) => {
        const vec = new ExecutionVectorEnv(compiled, 3, { benchmarks });
        vec.reset({ seed: 11 });
        const policy = twap(compiled);
        const actions = new Float64Array(3 * (policy.actionSize ?? 1));
        const rewards: number[] = [];
        for (let k = 0; k < compiled.params.N; k++) {
          policy.act(vec.policyInput, actions);
          rewards.push(...vec.step(actions).reward);
        }
        return rewards;
      };
      expect(run(true)).toEqual(run(false));
    }
  });

  it('the benchmark summary pairs every benchmark against ac: ac minus itself is exactly 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    await runBenchmark({ env: 'ac-linear-v0', policies: ['twap', 'ac'], episodes: 40, seed: 0, outDir: dir, trajectories: 0 });
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const ac = summary.policies.find((p: { policy: string }) => p.policy === 'ac').benchmarks;
    for (const key of ['arrivalBps', 'vwapBps', 'twapBps', 'closeBps', 'pwpBps']) expect(ac[key].vsAc.mean).toBe(0);
    const tw = summary.policies.find((p: { policy: string }) => p.policy === 'twap').benchmarks;
    expect(tw.arrivalBps.mean.mean).toBeCloseTo(summary.policies.find((p: { policy: string }) => p.policy === 'twap').isBps.mean, 12);
    const header = readFileSync(join(dir, 'episodes.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('episode,seed,policy,is_bps,risk_penalty_bps,objective_bps,return,vwap_slippage_bps,completion,twap_slippage_bps,close_slippage_bps,pwp_slippage_bps,pwp_complete,markout_cost_1_bps,markout_cost_2_bps,markout_cost_5_bps');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('## Execution benchmarks');
  });
});
