import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../baselines/registry.js';
import { compileEnv } from '../env/core/compile-env.js';
import { ExecutionEnv, type PassiveCostLedger, type StepInfo } from '../env/core/execution-env.js';
import { ExecutionVectorEnv, type VectorEpisodeInfo } from '../env/core/execution-vector-env.js';
import { resolveSpec } from '../env/registry.js';
import { runBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { readCsv } from '../experiments/io/read-csv.js';
import { tempDir } from './helpers/temp-dirs.js';

const SEED = 31;
const EPISODES = 4;

/** Adds each entry of `ledger` to `sums`, in step order (as the env sums them). */
function addLedger(sums: Record<string, number>, ledger: Record<string, number>): void {
  for (const [key, value] of Object.entries(ledger)) sums[key] = (sums[key] ?? 0) + value;
}

/**
 * The final info's episode totals (issue 26) against the steps they sum and against the benchmark's
 * episodes.csv for the same seeds: lane i of a vector env reset with SEED is the single env reset
 * with SEED + i, and benchmark episode i runs on market seed SEED + i.
 */
describe.each([
  ['ac-linear-v0', 'twap'],
  ['passive-ac-linear-v0', 'passive-twap'],
])('the episode totals in the final info on %s (%s)', (id, policyName) => {
  it('equal the sums of the steps\' ledger entries, single and vector, and the episode\'s row of episodes.csv', async () => {
    const env = compileEnv(resolveSpec(id));
    const passive = env.params.execution !== null;
    const { N, X } = env.params;
    const out = join(tempDir(), 'bench');
    await runBenchmark({ env: id, policies: [policyName], episodes: EPISODES, seed: SEED, outDir: out });
    const rows = readCsv(join(out, 'episodes.csv')).filter((r) => r.policy === policyName);
    expect(rows).toHaveLength(EPISODES);

    // Vector: the policy's actions, each lane's step ledgers summed, the final info's totals.
    const policy = await resolvePolicy(policyName, env);
    const size = policy.actionSize ?? 1;
    const vec = new ExecutionVectorEnv(env, EPISODES);
    vec.reset({ seed: SEED });
    policy.episodeStart?.(new Uint8Array(EPISODES).fill(1), EPISODES);
    const actions = new Float64Array(EPISODES * size);
    const played: Float64Array[] = [];
    const vectorSums: Record<string, number>[] = Array.from({ length: EPISODES }, () => ({}));
    let episode: VectorEpisodeInfo | null = null;
    for (let k = 0; k < N; k++) {
      policy.act({ ...vec.policyInput, lanes: EPISODES }, actions);
      played.push(actions.slice());
      const { info, terminated } = vec.step(actions);
      episode = info.episode;
      for (let i = 0; i < EPISODES; i++) {
        const ledger: Record<string, number> = { fixed: info.fixed[i], temporary: info.temporary[i], permanent: info.permanent[i], timing: info.timing[i], shortfall: info.shortfall[i], riskPenalty: info.riskPenalty[i] };
        if (info.limit) Object.assign(ledger, { spreadEarned: info.limit.spreadEarned[i], passiveShortfall: info.limit.passiveShortfall[i] });
        addLedger(vectorSums[i], ledger);
      }
      expect([...terminated].every((t) => t === (k === N - 1 ? 1 : 0))).toBe(true);
    }

    for (let i = 0; i < EPISODES; i++) {
      const row = rows.find((r) => Number(r.seed) === SEED + i)!;
      // The vector env's final info: the ledger is the steps' sums, the rest is the CSV's row.
      const vectorLedger = Object.fromEntries(Object.entries(episode!.ledger).map(([key, values]) => [key, values![i]]));
      expect(vectorLedger).toEqual(vectorSums[i]);
      expect(Object.keys(vectorLedger).sort()).toEqual(passive ? ['fixed', 'passiveShortfall', 'permanent', 'riskPenalty', 'shortfall', 'spreadEarned', 'temporary', 'timing'] : ['fixed', 'permanent', 'riskPenalty', 'shortfall', 'temporary', 'timing']);
      expect(episode!.shortfallBps[i]).toBe(Number(row.is_bps));
      expect(episode!.riskPenaltyBps[i]).toBe(Number(row.risk_penalty_bps));
      expect(episode!.objectiveBps[i]).toBe(Number(row.objective_bps));
      expect(episode!.return[i]).toBe(Number(row.return));
      expect(episode!.sharesExecuted[i]).toBe(X);

      // The single env on the same seed with the same actions: the same totals.
      const single = new ExecutionEnv(env);
      single.reset({ seed: SEED + i });
      const singleSums: Record<string, number> = {};
      let last: StepInfo | null = null;
      for (let k = 0; k < N; k++) {
        const action = Array.from(played[k].subarray(i * size, (i + 1) * size));
        const result = single.step(size === 1 ? action[0] : action);
        addLedger(singleSums, result.info.ledger as unknown as Record<string, number>);
        expect(result.info.episode === undefined).toBe(k < N - 1);
        last = result.info;
      }
      const total = last!.episode!;
      expect(total.ledger).toEqual(singleSums);
      expect(total.ledger).toEqual(vectorLedger);
      const parts = total.ledger.fixed + total.ledger.temporary + total.ledger.permanent + total.ledger.timing - ('spreadEarned' in total.ledger ? total.ledger.spreadEarned : 0);
      expect(Math.abs(parts - total.shortfall)).toBeLessThanOrEqual(1e-9 * X * env.params.S0);
      expect(total.shortfall).toBe(total.ledger.shortfall);
      expect(total.shortfallBps).toBe(Number(row.is_bps));
      expect(total.riskPenaltyBps).toBe(Number(row.risk_penalty_bps));
      expect(total.objectiveBps).toBe(Number(row.objective_bps));
      expect(total.sharesExecuted).toBe(X);
      expect(total.return).toBe(Number(row.return));
      if (passive) {
        // The fill split: the limit fills' and the market orders' parts of the shortfall, as episodes.csv has them.
        const split = last!.passive!;
        expect(split.passiveShortfallBps).toBe(Number(row.passive_is_bps));
        expect(split.aggressiveShortfallBps).toBe(Number(row.aggressive_is_bps));
        expect(split.passiveShortfallBps).toBe((total.ledger as PassiveCostLedger).passiveShortfall * env.params.bpsPerDollar);
        expect(episode!.passive!.passiveShortfallBps[i]).toBe(split.passiveShortfallBps);
        expect(split.filled).toBeGreaterThan(0);
      }
    }
  });
});
