import { describe, expect, it } from 'vitest';
import { compileEnv } from '../env/core/compile-env.js';
import { resolveSpec } from '../env/registry.js';
import { evaluatePolicies } from '../experiments/benchmark/evaluate-policies.js';
import { summarizeBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { resolvePolicies } from '../baselines/registry.js';
import { headlineMarkdown, learningVerdict, meanIsOverSeeds, type TrainedResult } from '../experiments/suite/headline.js';
import { compareTrained, vsBaseline } from '../experiments/suite/paired-rows.js';
import type { SweepAggregate } from '../experiments/sweep/aggregate.js';
import { learningCheck } from '../experiments/train/learning-check.js';
import { bestTuned, tunedFamilies } from '../experiments/suite/tuned-baselines.js';
import type { TuneResult } from '../experiments/tune/tune.js';
import { passiveColumns } from '../experiments/benchmark/passive-columns.js';
import { withinDayLines } from '../experiments/suite/headline.js';
import type { BenchmarkSummary } from '../experiments/benchmark/benchmark-summary.js';
import type { EpisodeRecord } from '../env/policy/evaluate-policy.js';

const rowsOf = (bench: { policy: { name: string }; episodes: { seed: number; objectiveBps: number }[] }[]) => bench.flatMap((b) => b.episodes.map((e) => ({ seed: e.seed, policy: b.policy.name, objectiveBps: e.objectiveBps })));

async function fixture() {
  const env = compileEnv(resolveSpec('ac-linear-v0'));
  const bench = await evaluatePolicies(env, await resolvePolicies(['ac', 'optimal', 'const:1.5'], env), { episodes: 80, seed: 0 });
  const summary = summarizeBenchmark(env, bench, { episodes: 80, seed: 0 });
  const ac = bench[0].episodes;
  // An "agent" 2 bps worse than ac on every episode of seed 0 and 4 worse on seed 1.
  const runs = [2, 4].map((d) => ac.map((e) => ({ seed: e.seed, policy: 'agent', objectiveBps: e.objectiveBps + d })));
  const agentRow = (isMean: number) => ({ ...summary.policies[0], policy: 'agent', isBps: { ...summary.policies[0].isBps, mean: isMean } });
  return { summary, runs, bench, agentRow };
}

function trained(f: Awaited<ReturnType<typeof fixture>>, learning: TrainedResult['learning'], tuned: TrainedResult['tuned']): TrainedResult {
  return {
    name: 'agent', env: 'ac-linear-v0', seeds: [0, 1], aggregate: {} as SweepAggregate,
    summaries: [{ ...f.summary, policies: [f.agentRow(10)] }, { ...f.summary, policies: [f.agentRow(20)] }],
    comparison: compareTrained('agent', [0, 1], f.runs, rowsOf(f.bench)), vsTakerAndPassive: null, simToReal: null,
    learning, selectedSteps: learning.map((l) => l?.selectedEnvSteps ?? null), tuned, envSteps: 1000, wallSeconds: [1, 2], hiddenState: false,
  };
}

describe('the suite labels what did not learn and what a tuned baseline beats', () => {
  it('a learned row whose seed kept its step-0 policy is labelled "did not learn" in the table and in a sentence under it, with each seed\'s selected step', async () => {
    const f = await fixture();
    const initial = [5, 6, 7, 8];
    const t = trained(f, [learningCheck(initial, initial, 0), learningCheck(initial.map((v) => v - 1), initial, 3000)], null);
    expect(learningVerdict(t)).toBe('did not learn');
    const md = headlineMarkdown('quick', 'test', [f.summary], [t], []);
    expect(md).toMatch(/\| ac-linear-v0 \| \*\*agent\*\* \(did not learn\) \|/);
    expect(md).toMatch(/\| 0 \/ 3000 \| 1000 \|/);
    expect(md).toMatch(/\*\*agent on ac-linear-v0 did not learn:\*\* did not learn: seed 0 of 2 not better than the initial policy/);
    expect(md).not.toMatch(/learned, 2 seeds/);
  });

  it('a row is learned only when every seed beats its initial policy', async () => {
    const f = await fixture();
    const initial = [5, 6, 7, 8];
    const ok = learningCheck(initial.map((v) => v - 1), initial, 3000);
    expect(learningVerdict(trained(f, [ok, ok], null))).toBe('learned');
    expect(learningVerdict(trained(f, [ok, null], null))).toBe('unchecked');
  });

  it('the mean IS of a learned row is the mean over its seeds, not seed 0', async () => {
    const f = await fixture();
    const t = trained(f, [null, null], null);
    expect(meanIsOverSeeds(t)).toBe(15);
    expect(headlineMarkdown('quick', 'test', [f.summary], [t], [])).toMatch(/\| \*\*agent\*\* \| [^|]+ \| 15\.00 \|/);
  });

  it('every learned row is paired against its env\'s best tuned baseline, and the README says so where the agent does not beat it', async () => {
    const f = await fixture();
    const vs = vsBaseline('agent', [0, 1], f.runs, rowsOf(f.bench), 'const:1.5');
    const t = trained(f, [null, null], { name: 'const:1.5', family: 'const', vsBps: vs });
    const md = headlineMarkdown('quick', 'test', [f.summary], [t], []);
    expect(md).toContain('objective − best tuned [95% CI]');
    expect(md).toContain(`${vs!.mean.toFixed(2)} [${vs!.low.toFixed(2)}, ${vs!.high.toFixed(2)}]`);
    if (vs!.high >= 0) expect(md).toMatch(/\*\*agent (does not beat|is worse than) the tuned baseline const:1\.5 on ac-linear-v0:\*\*/);
    // An agent 100 bps better than the tuned baseline on every episode gets no such sentence.
    const better = trained(f, [null, null], { name: 'const:1.5', family: 'const', vsBps: { ...vs!, mean: -100, low: -101, high: -99 } });
    expect(headlineMarkdown('quick', 'test', [f.summary], [better], [])).not.toMatch(/the tuned baseline/);
  });

  it('tunes the taker families on a taker env and peg-cross on a passive env, and picks the family with the lowest validation objective', () => {
    expect(tunedFamilies(compileEnv(resolveSpec('ac-linear-v0')))).toEqual(['const', 'ac-lambda']);
    expect(tunedFamilies(compileEnv(resolveSpec('passive-ac-linear-v0')))).toEqual(['peg-cross']);
    const r = (family: string, v: number) => ({ family, selected: { name: `${family}:x`, values: [1], trainMeanBps: v, validationMeanBps: v, rule: '' } }) as unknown as TuneResult;
    expect(bestTuned([r('const', 5), r('ac-lambda', 3)]).name).toBe('ac-lambda:x');
  });
});

describe('intervals on replays', () => {
  const passive = { posted: 1, filled: 1, passiveShare: 0.5, spreadCapture: 0.2, spreadEarnedBps: 1, passiveShortfallBps: 1, aggressiveShortfallBps: 1, markout1Bps: 0, markout10Bps: 0, markout60Bps: Number.NaN };
  const episode = (objectiveBps: number) => ({ objectiveBps, passive }) as unknown as EpisodeRecord;

  it('the passive table\'s objective − twap is cluster-robust on a replay: two days whose windows move together are two units, not six', () => {
    const agent = [1, 1.1, 0.9, 3, 3.1, 2.9].map(episode);
    const twap = [0, 0, 0, 0, 0, 0].map(episode);
    const naive = passiveColumns(agent, twap)!.objectiveVsTwapBps!;
    const clustered = passiveColumns(agent, twap, [0, 0, 0, 1, 1, 1])!.objectiveVsTwapBps!;
    expect(clustered.mean).toBeCloseTo(naive.mean, 12);
    expect(clustered.high - clustered.mean).toBeGreaterThan(3 * (naive.high - naive.mean));
  });

  it('a replay whose data hold one symbol-day gets the within-day caveat under its tables, a synthetic env none', () => {
    const oneDay = { env: 'lobster-queue-v0', replay: { windows: 15, clusters: 15, clusterBy: 'window' } } as unknown as BenchmarkSummary;
    const days = { env: 'xetra-replay-v0', replay: { windows: 40, clusters: 10, clusterBy: 'symbol-day' } } as unknown as BenchmarkSummary;
    const lines = withinDayLines([oneDay, days, { env: 'ac-linear-v0' } as unknown as BenchmarkSummary]);
    expect(lines.filter((l) => l !== '')).toEqual([expect.stringMatching(/^\*\*Within-day only on lobster-queue-v0:\*\* .*15 test windows .*t with 14 df.*not another day/)]);
  });
});

describe('the pooled day split', () => {
  it('concatenates each seed\'s windows of both directions, the second day\'s clusters shifted past the first\'s', async () => {
    const { pooledDaySplit } = await import('../experiments/benchmark/pooled-day-split.js');
    const run = (seed: number, shift: number, clusters: number[]) => {
      const rows = clusters.flatMap((_, w) => [
        { seed: w, policy: 'agent', objectiveBps: 10 + shift + w },
        ...['ac', 'twap', 'vwap', 'pov:0.1'].map((policy) => ({ seed: w, policy, objectiveBps: 10 + w })),
      ]);
      return { seed, twin: [], replay: rows, clusters: new Map(clusters.map((g, w) => [w, g])) };
    };
    // Direction A: 4 windows in 2 symbol-days; direction B: 3 windows in 2 symbol-days, labelled 0 and 1 again.
    const a = [run(0, 1, [0, 0, 1, 1]), run(1, 2, [0, 0, 1, 1])];
    const b = [run(0, 3, [0, 1, 1]), run(1, 4, [0, 1, 1])];
    const p = pooledDaySplit('split', [{ config: 'a', agent: 'agent', runs: a }, { config: 'b', agent: 'agent', runs: b }]);
    expect(p.windows).toBe(7);
    expect(p.clusters).toBe(4);
    // Seed 0: 4 windows at +1 and 3 at +3; seed 1: +2 and +4; mean over both.
    expect(p.vs.twap.mean).toBeCloseTo(((4 * 1 + 3 * 3) / 7 + (4 * 2 + 3 * 4) / 7) / 2, 12);
    expect(() => pooledDaySplit('split', [{ config: 'a', agent: 'agent', runs: a }, { config: 'b', agent: 'agent', runs: [b[0]] }])).toThrow(/not pooled/);
  });
});
