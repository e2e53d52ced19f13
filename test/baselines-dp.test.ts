import { beforeAll, describe, expect, it } from 'vitest';
import { ac } from '../baselines/ac.js';
import { acAdaptive } from '../baselines/ac-adaptive.js';
import { dpOptimal } from '../baselines/dp-optimal.js';
import { resolvePolicies } from '../baselines/registry.js';
import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { acSchedule } from '../env/analytics/almgren-chriss.js';
import { solveRegimeDp, staticScheduleObjective } from '../env/analytics/regime-dp.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { resolveSpec } from '../env/registry.js';
import { evaluatePolicies } from '../experiments/benchmark/evaluate-policies.js';
import { column } from '../experiments/benchmark/summarize.js';
import { pairedDifference } from '../experiments/stats/paired.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';

const envOf = (id: string) => compileEnv(resolveSpec(id));

describe('dp-optimal and ac-adaptive', () => {
  it('on the one-regime ac-linear-v0 both reproduce the ac schedule, trade by trade and cost by cost', () => {
    const env = envOf('ac-linear-v0');
    const reference = evaluatePolicy(ac(env), env, { episodes: 20, seed: 9, trajectories: 20 });
    for (const policy of [dpOptimal(env), acAdaptive(env)]) {
      expect(policy.usesHiddenState).toBe(false);
      const run = evaluatePolicy(policy, env, { episodes: 20, seed: 9, trajectories: 20 });
      run.trajectories.forEach((row, i) => expect(Math.abs(row.trade - reference.trajectories[i].trade)).toBeLessThan(1e-6));
      run.episodes.forEach((record, i) => expect(record.objectiveBps).toBeCloseTo(reference.episodes[i].objectiveBps, 8));
    }
  });

  it('dp-optimal is an oracle on regime-v0 (hidden regime) and not on regime-observed-v0, where it acts the same', () => {
    const hidden = envOf('regime-v0');
    const observed = envOf('regime-observed-v0');
    expect(dpOptimal(hidden).usesHiddenState).toBe(true);
    expect(dpOptimal(observed).usesHiddenState).toBe(false);
    expect(acAdaptive(hidden).usesHiddenState).toBe(false);
    // Same market, same seeds: reading the observed one-hot gives exactly the oracle's trades.
    const a = evaluatePolicy(dpOptimal(hidden), hidden, { episodes: 50, seed: 4 }).episodes;
    const b = evaluatePolicy(dpOptimal(observed), observed, { episodes: 50, seed: 4 }).episodes;
    a.forEach((record, i) => expect(record.objectiveBps).toBeCloseTo(b[i].objectiveBps, 9));
  });

  it('dp-optimal refuses non-linear impact with a message naming the model', () => {
    expect(() => dpOptimal(envOf('sqrt-volume-v0'))).toThrow(/linear impact.*got impact sqrt-volume/);
  });

  describe('on regime-observed-v0 over 2,000 common-random-number episodes', () => {
    const env = envOf('regime-observed-v0');
    const p = env.params;
    let objective = new Map<string, Float64Array>();
    let dp: Float64Array;
    let staticAc: Float64Array;
    beforeAll(async () => {
      const runs = await evaluatePolicies(env, await resolvePolicies(['all'], env), { episodes: 2000, seed: 20_000 });
      objective = new Map(runs.map((r) => [r.policy.name, column(r.episodes, 'objectiveBps')]));
      dp = objective.get('dp-optimal')!;
      staticAc = objective.get('ac')!;
    });

    it('dp-optimal has the lowest mean objective of all baselines, each paired gap significant (optimal is the same DP, episode for episode; belief-optimal ignores the observed regime)', () => {
      expect(objective.size).toBe(10);
      objective.get('optimal')!.forEach((v, i) => expect(v).toBeCloseTo(dp[i], 9));
      for (const [name, values] of objective) {
        if (name === 'dp-optimal' || name === 'optimal') continue;
        const gap = pairedDifference(values, dp);
        expect(gap.low, `${name} - dp-optimal`).toBeGreaterThan(0);
      }
    });

    it('its paired advantage over static ac is significant, material, and matches the exact 24% within 3 SE', () => {
      const advantage = pairedDifference(dp, staticAc);
      const acMean = sampleStats(staticAc).mean;
      expect(advantage.high).toBeLessThan(-0.1 * acMean);
      // The exact expected objectives: the DP's value function and static AC under the regime marginals.
      const exactDp = solveRegimeDp(p).expectedObjective * p.bpsPerDollar;
      const exactAc = staticScheduleObjective(p, acSchedule(acInputsFor(p)).x) * p.bpsPerDollar;
      expect(1 - exactDp / exactAc).toBeCloseTo(0.24, 2);
      expect(Math.abs(advantage.mean - (exactDp - exactAc))).toBeLessThan(3 * advantage.se);
    });
  });
});

describe('vwap against twap on sqrt-volume-v0', () => {
  it('vwap has the lower mean IS: the paired 95% interval of vwap - twap lies below 0 (4,000 episodes)', async () => {
    const env = envOf('sqrt-volume-v0');
    const runs = await evaluatePolicies(env, await resolvePolicies(['twap', 'vwap'], env), { episodes: 4000, seed: 30_000 });
    const [twapIs, vwapIs] = runs.map((r) => column(r.episodes, 'isBps'));
    expect(pairedDifference(vwapIs, twapIs).high).toBeLessThan(0);
  });
});
