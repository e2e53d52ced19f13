import { describe, expect, it } from 'vitest';
import { resolvePolicies, resolvePolicy } from '../baselines/registry.js';
import { compileEnv } from '../env/core/compile-env.js';
import { resolveSpec } from '../env/registry.js';
import { evaluatePolicies } from '../experiments/benchmark/evaluate-policies.js';
import { clusteredMeanInterval } from '../experiments/stats/cluster-robust.js';
import { differences, pairedDifference, Z95 } from '../experiments/stats/paired.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';
import { t975 } from '../experiments/stats/t-interval.js';
import { twoLevelInterval } from '../experiments/stats/two-level.js';
import { compareTrained, gapClosedAcrossSeeds, gapFraction, vsBaseline, type EpisodeObjective } from '../experiments/suite/paired-rows.js';
import { loadSuite } from '../experiments/suite/run-suite.js';
import { headlineMarkdown, type TrainedResult } from '../experiments/suite/headline.js';
import { summarizeBenchmark } from '../experiments/benchmark/run-benchmark.js';
import type { SweepAggregate } from '../experiments/sweep/aggregate.js';
import { parseSeeds } from '../experiments/sweep/sweep-plan.js';
import { loadConfig } from '../experiments/run-config/load-config.js';

const rowsOf = (runs: Awaited<ReturnType<typeof evaluatePolicies>>, rename?: string): EpisodeObjective[] =>
  runs.flatMap((r) => r.episodes.map((e) => ({ seed: e.seed, policy: rename ?? r.policy.name, objectiveBps: e.objectiveBps })));

describe('headline rows are paired against the rows they are displayed with', () => {
  it("a Discrete-action row is paired with the displayed Box ac, not with ac rounded to its own levels", async () => {
    const box = compileEnv(resolveSpec('regime-v0'));
    const discrete = compileEnv(resolveSpec('regime-v0', { action: { type: 'discrete', levels: [0, 0.5, 1, 1.5, 2, 3, 4, 6, 8] } }));
    const displayed = await evaluatePolicies(box, await resolvePolicies(['ac', 'optimal'], box), { episodes: 300, seed: 0 });
    // The "agent": ac acting through the Discrete levels (what the run's own benchmark would call ac).
    const agentRuns = await evaluatePolicies(discrete, [await resolvePolicy('ac', discrete)], { episodes: 300, seed: 0 });
    const c = compareTrained('agent', [0], [rowsOf(agentRuns, 'agent')], rowsOf(displayed));
    const agent = Float64Array.from(agentRuns[0].episodes, (e) => e.objectiveBps);
    const boxAc = Float64Array.from(displayed[0].episodes, (e) => e.objectiveBps);
    const expected = pairedDifference(agent, boxAc);
    expect(c.perSeed[0].vsAcBps!.mean).toBeCloseTo(expected.mean, 12);
    expect(c.perSeed[0].vsAcBps!.se).toBeCloseTo(expected.se, 12);
    // Against its own rounded ac the difference would be exactly 0; against the displayed row it is not.
    expect(Math.abs(c.perSeed[0].vsAcBps!.mean)).toBeGreaterThan(0.01);
    expect(c.perSeed[0].regretBps!.low).toBeGreaterThan(0);
  });

  it('gap closed is mean(ac - policy) / mean(ac - optimum), with a delta-method interval that covers it', () => {
    const ac = Float64Array.from({ length: 400 }, (_, i) => 100 + Math.sin(i) * 10);
    const opt = Float64Array.from(ac, (v, i) => v - 20 + Math.cos(3 * i));
    const half = Float64Array.from(ac, (v, i) => v - 10 + Math.sin(7 * i));
    const g = gapFraction(half, ac, opt)!;
    let gained = 0;
    let gap = 0;
    for (let i = 0; i < ac.length; i++) {
      gained += ac[i] - half[i];
      gap += ac[i] - opt[i];
    }
    expect(g.mean).toBeCloseTo(gained / gap, 12);
    expect(g.low).toBeLessThan(g.mean);
    expect(g.high).toBeGreaterThan(g.mean);
    expect(gapFraction(opt, ac, opt)!.mean).toBeCloseTo(1, 12);
    expect(gapFraction(ac, ac, ac)).toBeNull();
    // ac is the optimum up to rounding (the same schedule computed two ways): no gap, no ratio of noise.
    const rounded = Float64Array.from(ac, (v, i) => v - (i % 3) * 1e-13);
    expect(gapFraction(half, ac, rounded)).toBeNull();
  });

  it('across seeds it adds the spread between seeds to the paired se over the episodes (two-level), and keeps each seed\'s paired CI', () => {
    const benchmark: EpisodeObjective[] = [];
    for (let s = 0; s < 50; s++) benchmark.push({ seed: s, policy: 'ac', objectiveBps: 100 + (s % 7) }, { seed: s, policy: 'optimal', objectiveBps: 80 + (s % 7) });
    const run = (shift: number) => Array.from({ length: 50 }, (_, s) => ({ seed: s, policy: 'agent', objectiveBps: 100 + (s % 7) - shift + (s % 3) * 0.1 + (s % 5) * 0.01 * shift }));
    const c = compareTrained('agent', [0, 1, 2], [run(5), run(10), run(15)], benchmark);
    expect(c.perSeed.map((p) => p.seed)).toEqual([0, 1, 2]);
    expect(c.vsAcBps!.seeds).toBe(3);
    const perSeedMeans = c.perSeed.map((p) => p.vsAcBps!.mean);
    expect(c.vsAcBps!.mean).toBeCloseTo(sampleStats(perSeedMeans).mean, 12);
    // Seed term: sd of the per-seed means / sqrt 3 on 2 df. Sample term: the paired se of the
    // seed-averaged differences over the 50 episodes, normal quantile. Banerjee: each with its own quantile.
    const averaged = Float64Array.from({ length: 50 }, (_, s) => -10 + (s % 3) * 0.1 + (s % 5) * 0.1);
    const seedSe = sampleStats(perSeedMeans).se;
    const sampleSe = sampleStats(averaged).se;
    expect(c.vsAcBps!.seedSe).toBeCloseTo(seedSe, 12);
    expect(c.vsAcBps!.sampleSe).toBeCloseTo(sampleSe, 12);
    expect(c.vsAcBps!.high - c.vsAcBps!.mean).toBeCloseTo(Math.hypot(t975(2) * seedSe, Z95 * sampleSe), 12);
    // Wider than the interval over training seeds alone, which treats the 50 episodes as fixed.
    expect(c.vsAcBps!.high - c.vsAcBps!.mean).toBeGreaterThan(t975(2) * seedSe);
    expect(c.regretBps!.high - c.regretBps!.mean).toBeCloseTo(c.vsAcBps!.high - c.vsAcBps!.mean, 12);
    expect(c.objectiveBps.sampleSe).toBeGreaterThan(sampleSe);
    expect(c.gapClosed!.mean).toBeCloseTo((c.perSeed[0].gapClosed!.mean + c.perSeed[1].gapClosed!.mean + c.perSeed[2].gapClosed!.mean) / 3, 12);
    // Each seed's paired CI is its own, the plain paired interval over the episodes.
    const agent0 = Float64Array.from(run(5), (r) => r.objectiveBps);
    const ac = Float64Array.from({ length: 50 }, (_, s) => 100 + (s % 7));
    expect(c.perSeed[0].vsAcBps!.low).toBeCloseTo(pairedDifference(agent0, ac).low, 12);
  });

  it('the gap closed over seeds is the mean of the per-seed ratios, with the two-level interval of the delta-method terms; one seed gives that seed\'s interval', () => {
    const n = 400;
    const ac = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i) * 10);
    const opt = Float64Array.from(ac, (v, i) => v - 20 + Math.cos(3 * i));
    const agents = [8, 10, 13].map((k) => Float64Array.from(ac, (v, i) => v - k + Math.sin(7 * i + k)));
    const g = gapClosedAcrossSeeds(agents, ac, opt)!;
    const perSeed = agents.map((a) => gapFraction(a, ac, opt)!);
    expect(g.mean).toBeCloseTo(sampleStats(perSeed.map((p) => p.mean)).mean, 12);
    const gap = sampleStats(differences(ac, opt)).mean;
    const u = agents.map((a) => Float64Array.from(a, (v, i) => (ac[i] - v - g.mean * (ac[i] - opt[i])) / gap));
    const expected = twoLevelInterval(u);
    expect(g.high - g.mean).toBeCloseTo(expected.high - expected.mean, 12);
    expect(g.high - g.mean).toBeGreaterThan(t975(2) * sampleStats(perSeed.map((p) => p.mean)).se);
    const one = gapClosedAcrossSeeds([agents[0]], ac, opt)!;
    expect(one).toEqual(perSeed[0]);
  });

  it('on a replay env (cluster labels by market seed) each seed\'s paired CI is cluster-robust as the benchmark\'s, and the interval over seeds clusters the windows too', () => {
    const labelOf = (m: number) => Math.floor(m / 4);
    const clusters = new Map(Array.from({ length: 20 }, (_, m) => [m, labelOf(m)]));
    const benchmark: EpisodeObjective[] = Array.from({ length: 20 }, (_, m) => ({ seed: m, policy: 'twap', objectiveBps: 10 + labelOf(m) }));
    // The agent gains more on some symbol-days than on others: the windows of a day move together.
    const run = (shift: number) => Array.from({ length: 20 }, (_, m) => ({ seed: m, policy: 'agent', objectiveBps: 10 + labelOf(m) - shift - ((labelOf(m) * 7) % 5) + (m % 3) * 0.2 }));
    const runs = [run(1), run(1.5), run(2)];
    const labels = Int32Array.from({ length: 20 }, (_, m) => labelOf(m));
    const d = runs.map((r) => Float64Array.from(r, (x, m) => x.objectiveBps - (10 + labelOf(m))));
    const vs = vsBaseline('agent', [0, 1, 2], runs, benchmark, 'twap', clusters)!;
    const expected = twoLevelInterval(d, labels);
    expect(vs.low).toBeCloseTo(expected.low, 12);
    expect(vs.high).toBeCloseTo(expected.high, 12);
    expect(vs.sampleSe).toBeCloseTo(clusteredMeanInterval(Float64Array.from({ length: 20 }, (_, w) => (d[0][w] + d[1][w] + d[2][w]) / 3), labels).se, 12);
    // The clustered se is wider than the plain one here (the day effects), so the labels matter.
    expect(vs.sampleSe).toBeGreaterThan(1.5 * twoLevelInterval(d).sampleSe);
    const withAc = benchmark.map((r) => ({ ...r, policy: 'ac' }));
    const c = compareTrained('agent', [0, 1, 2], runs, withAc, clusters);
    const own = clusteredMeanInterval(d[0], labels);
    expect(c.perSeed[0].vsAcBps!.low).toBeCloseTo(own.low, 12);
    expect(c.perSeed[0].vsAcBps!.high - own.mean).toBeCloseTo(t975(4) * own.se, 12);
    expect(compareTrained('agent', [0], [runs[0]], withAc, clusters).vsAcBps!.high).toBeCloseTo(own.high, 12);
    // A window the labels do not know, or seeds that played other windows, are errors.
    expect(() => compareTrained('agent', [0], [runs[0]], withAc, new Map([[0, 0]]))).toThrow(/market seed 1 has no cluster label/);
    expect(() => compareTrained('agent', [0, 1], [runs[0], runs[1].slice(1)], withAc, clusters)).toThrow(/seed 1 played other market seeds than seed 0/);
  });

  it('a trained episode whose market seed is not in the benchmark is an error, not dropped', () => {
    const benchmark: EpisodeObjective[] = [{ seed: 0, policy: 'ac', objectiveBps: 1 }, { seed: 1, policy: 'ac', objectiveBps: 2 }];
    const run = [{ seed: 0, policy: 'agent', objectiveBps: 1 }, { seed: 5, policy: 'agent', objectiveBps: 1 }];
    expect(() => compareTrained('agent', [0], [run], benchmark)).toThrow(/market seed 5 is not in the benchmark/);
  });
});

describe('the quick suite trains every learned headline row with several seeds', () => {
  it('every training of suite quick has at least 3 seeds, and the ablation arms differ only in what they observe', () => {
    const quick = loadSuite('quick');
    for (const t of quick.trainings) expect(parseSeeds(t.seeds).length, t.config).toBeGreaterThanOrEqual(3);
    const configs = quick.trainings.map((t) => loadConfig(t.config));
    const names = configs.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['ppo-regime', 'ppo-regime-belief', 'ppo-regime-shuffled', 'ppo-regime-observed', 'ppo-transient', 'ppo-sqrt-volume']));
    const arm = (name: string) => configs.find((c) => c.name === name)!;
    for (const name of ['ppo-regime-belief', 'ppo-regime-shuffled', 'ppo-regime-observed']) expect(arm(name).agent).toEqual(arm('ppo-regime').agent);
    const budgets = quick.trainings.filter((t) => t.config.includes('ppo-regime')).map((t) => t.set.join());
    expect(new Set(budgets).size).toBe(1);
    expect(resolveSpec('regime-v0', arm('ppo-regime-belief').env.overrides ?? {}).regimeInfo).toBe('belief');
    expect(resolveSpec('regime-v0', arm('ppo-regime-shuffled').env.overrides ?? {}).regimeInfo).toBe('shuffled');
    expect(resolveSpec(arm('ppo-regime-observed').env.id!).regimeInfo).toBe('oracle');
  });
});

describe('the headline table', () => {
  it('shows regret against optimal labelled as an oracle bound on regime-v0, each learned row paired with the displayed rows, and the ablation by regimeInfo', async () => {
    const env = compileEnv(resolveSpec('regime-v0'));
    const bench = await evaluatePolicies(env, await resolvePolicies(['ac', 'optimal', 'belief-optimal'], env), { episodes: 60, seed: 0 });
    const summary = summarizeBenchmark(env, bench, { episodes: 60, seed: 0 });
    const arm = (name: string, info: 'hidden' | 'belief', shift: number): TrainedResult => {
      const rows = bench[0].episodes.map((e) => ({ seed: e.seed, policy: name, objectiveBps: e.objectiveBps - shift - (e.seed % 2) }));
      return {
        name,
        env: 'regime-v0',
        seeds: [0, 1, 2],
        aggregate: {} as SweepAggregate,
        summaries: [{ ...summary, spec: { ...summary.spec, regimeInfo: info } }],
        comparison: compareTrained(name, [0, 1, 2], [rows, rows.map((r) => ({ ...r, objectiveBps: r.objectiveBps + 1 })), rows], rowsOf(bench)),
        vsTakerAndPassive: null,
        simToReal: null,
        learning: [0, 1, 2].map(() => ({ selectedEnvSteps: 500, vsInitialBps: { n: 60, mean: -3, sd: 1, se: 0.1, low: -3.2, high: -2.8 }, learned: true })),
        selectedSteps: [500, 500, 500],
        tuned: null,
        envSteps: 1000,
        wallSeconds: [1, 2, 3],
        hiddenState: false,
      };
    };
    const md = headlineMarkdown('quick', 'test', [summary], [arm('agent-belief', 'belief', 20), arm('agent-hidden', 'hidden', 5)], []);
    expect(md).toMatch(/\| regime-v0 \| optimal † \|.*oracle bound \(regime-dp; E = 366\.85\)/);
    expect(md).toMatch(/regret vs optimal \[95% CI\]/);
    expect(md).toMatch(/\*\*agent-belief\*\* .*learned, 3 seeds \(each selected checkpoint beats its initial policy on validation, paired 95% CI\) \(mean \[95% interval over training seeds and test episodes\]\); per seed \(paired, objective − ac\): 0: /);
    // The row shows the two-level intervals of its comparison.
    const belief = arm('agent-belief', 'belief', 20).comparison;
    const text = (i: { mean: number; low: number; high: number }) => `${i.mean.toFixed(2)} [${i.low.toFixed(2)}, ${i.high.toFixed(2)}]`;
    expect(md).toContain(`| ${text(belief.objectiveBps)} | `);
    expect(md).toContain(` | ${text(belief.vsAcBps!)} |  | ${text(belief.regretBps!)} | `);
    expect(belief.vsAcBps!.sampleSe).toBeGreaterThan(0);
    expect(md).toMatch(/### Regime-information ablation/);
    // Hidden first, then belief, whatever the order of the trainings.
    expect(md.indexOf('| hidden | agent-hidden')).toBeLessThan(md.indexOf('| belief | agent-belief'));
    expect(md).not.toMatch(/exact optimum \(/);
    expect(md).toMatch(/\| regime-v0 \| belief-optimal \|.*the best policy that does not read the regime \(belief DP, numerical; E = 425\.95\)/);
  });

  it('the ablation measures the arms that do not observe the regime against belief-optimal too, paired on the same episodes', async () => {
    const env = compileEnv(resolveSpec('regime-v0'));
    const bench = await evaluatePolicies(env, await resolvePolicies(['ac', 'optimal', 'belief-optimal'], env), { episodes: 200, seed: 0 });
    const summary = summarizeBenchmark(env, bench, { episodes: 200, seed: 0 });
    const [acRows, , beliefRows] = bench.map((r) => Float64Array.from(r.episodes, (e) => e.objectiveBps));
    // An "agent" halfway between ac and belief-optimal on every episode closes exactly half of that gap.
    const rows = bench[0].episodes.map((e, i) => ({ seed: e.seed, policy: 'agent', objectiveBps: (acRows[i] + beliefRows[i]) / 2 }));
    const comparison = compareTrained('agent', [0, 1], [rows, rows], rowsOf(bench));
    expect(comparison.perSeed[0].gapClosedBelief!.mean).toBeCloseTo(0.5, 12);
    expect(comparison.perSeed[0].gapClosed!.mean).toBeLessThan(0.5);
    const arm = (name: string, hiddenState: boolean): TrainedResult => ({
      name, env: 'regime-v0', seeds: [0, 1], aggregate: {} as SweepAggregate, summaries: [{ ...summary, spec: { ...summary.spec, regimeInfo: hiddenState ? 'oracle' : 'belief' } }],
      comparison, vsTakerAndPassive: null, simToReal: null, envSteps: 1000, wallSeconds: [1, 2], hiddenState, learning: [], selectedSteps: [], tuned: null,
    });
    const md = headlineMarkdown('quick', 'test', [summary], [arm('agent', false), arm('agent-observed', true)], []);
    expect(md).toMatch(/\| gap closed \(ac → optimal\) \| gap closed \(ac → belief-optimal\) \|/);
    expect(md).toMatch(/\| belief \| agent \(selected steps \) \| regime-v0 \| 2 \| .* \| 50\.0% \[50\.0%, 50\.0%\] \|\n/);
    // An arm that observes the regime is not bounded by the belief optimum: the cell stays empty.
    expect(md).toMatch(/\| oracle \| agent-observed \(selected steps \) \| regime-v0 \| 2 \| .* \|  \|\n/);
  });

  it('the ablation pairs each arm with ac-adaptive, and the shuffled control with the hidden arm of the same agent (each config\'s seeds independent)', async () => {
    const env = compileEnv(resolveSpec('regime-v0'));
    const bench = await evaluatePolicies(env, await resolvePolicies(['ac', 'ac-adaptive', 'optimal'], env), { episodes: 100, seed: 0 });
    const summary = summarizeBenchmark(env, bench, { episodes: 100, seed: 0 });
    const adaptive = Float64Array.from(bench[1].episodes, (e) => e.objectiveBps);
    // The hidden arm's seeds sit 3, 4 and 3 bps above ac-adaptive on every episode; the shuffled control 2 bps above the hidden arm.
    const runs = (shift: number) => [3, 4, 3].map((d) => bench[0].episodes.map((e, i) => ({ seed: e.seed, policy: 'agent', objectiveBps: adaptive[i] + d + shift })));
    const arm = (name: string, info: 'hidden' | 'shuffled', shift: number): TrainedResult => ({
      name, env: 'regime-v0', seeds: [0, 1, 2], aggregate: {} as SweepAggregate, summaries: [{ ...summary, spec: { ...summary.spec, regimeInfo: info } }],
      comparison: compareTrained('agent', [0, 1, 2], runs(shift), rowsOf(bench)), vsTakerAndPassive: null, simToReal: null, envSteps: 1000, wallSeconds: [1, 2, 3], hiddenState: false, learning: [], selectedSteps: [], tuned: null,
    });
    const hidden = arm('ppo-x', 'hidden', 0);
    expect(hidden.comparison.vsAcAdaptiveBps!.mean).toBeCloseTo(10 / 3, 10);
    // Constant per-episode differences: only the seeds' spread is left in the interval (t with 2 df).
    expect(hidden.comparison.vsAcAdaptiveBps!.sampleSe).toBeCloseTo(0, 10);
    expect(hidden.comparison.vsAcAdaptiveBps!.high - hidden.comparison.vsAcAdaptiveBps!.mean).toBeCloseTo(4.303 * Math.sqrt(1 / 9), 3);
    const md = headlineMarkdown('quick', 'test', [summary], [arm('ppo-x-shuffled', 'shuffled', 2), hidden], []);
    expect(md).toMatch(/\| objective − ac \| objective − ac-adaptive \| regret vs optimal \|/);
    expect(md).toMatch(/\| hidden \| ppo-x \(selected steps \) \| regime-v0 \| 3 \| [^|]+ \| 3\.33 \[/);
    // Two configs' seeds each add their spread: sqrt(2) times one config's half-width.
    const half = 4.303 * Math.sqrt(1 / 9) * Math.SQRT2;
    expect(md).toContain(`ppo-x-shuffled − ppo-x (the shuffled control against the hidden arm, same test episodes, each config's seeds independent): 2.00 [${(2 - half).toFixed(2)}, ${(2 + half).toFixed(2)}] bps.`);
    // A recurrent arm (it has belief probes) against the feed-forward arms without and with the belief.
    const probes = [0, 1, 2].map(() => ({ hiddenR2: 0.8, observationR2: 0.5 }) as unknown as NonNullable<TrainedResult['beliefProbes']>[number]);
    const recurrent = { ...arm('rppo-x', 'hidden', -1), beliefProbes: probes };
    const belief = { ...arm('ppo-x-belief', 'hidden', -3), summaries: [{ ...summary, spec: { ...summary.spec, regimeInfo: 'belief' as const } }] };
    // The suite gives a feed-forward run a null probe: those arms are not paired against anything.
    const feedForward = (a: TrainedResult): TrainedResult => ({ ...a, beliefProbes: [null, null, null] });
    const withMemory = headlineMarkdown('quick', 'test', [summary], [feedForward(hidden), recurrent, feedForward(belief)], []);
    expect(withMemory.match(/memory against/g)).toHaveLength(2);
    expect(withMemory).toContain(`rppo-x − ppo-x (memory against no memory, same test episodes, each config's seeds independent): -1.00 [${(-1 - half).toFixed(2)}, ${(-1 + half).toFixed(2)}] bps.`);
    expect(withMemory).toContain(`rppo-x − ppo-x-belief (memory against the filter's belief as a feature, same test episodes, each config's seeds independent): 2.00 [`);
  });

  it('shows the passive section on a passive env: limit-order numbers per policy and each learned row paired against the taker and the passive twap rows', async () => {
    const env = compileEnv(resolveSpec('passive-ac-linear-v0'));
    const bench = await evaluatePolicies(env, await resolvePolicies(['twap', 'passive-twap', 'ac'], env), { episodes: 200, seed: 0 });
    const summary = summarizeBenchmark(env, bench, { episodes: 200, seed: 0 });
    const passiveTwap = summary.policies.find((p) => p.policy === 'passive-twap')!;
    expect(passiveTwap.passive?.fillRate).toBeGreaterThan(0);
    // A "learned" row: passive-twap's own episodes shifted by 3 bps on seed 0 and 5 on seed 1.
    const agentRows = (shift: number) => rowsOf([bench[1]], 'agent').map((r) => ({ ...r, objectiveBps: r.objectiveBps - shift }));
    const runs = [agentRows(3), agentRows(5)];
    const vsPassive = vsBaseline('agent', [0, 1], runs, rowsOf(bench), 'passive-twap');
    expect(vsPassive?.mean).toBeCloseTo(-4, 10);
    const vsTwap = vsBaseline('agent', [0, 1], runs, rowsOf(bench), 'twap');
    expect(vsTwap?.mean).toBeCloseTo(passiveTwap.passive!.objectiveVsTwapBps!.mean - 4, 8);
    // Seeds 1 apart (se 1, t on 1 df) plus the paired se of passive-twap - twap over the episodes.
    expect(vsTwap!.high - vsTwap!.mean).toBeCloseTo(Math.hypot(t975(1) * 1, Z95 * passiveTwap.passive!.objectiveVsTwapBps!.se), 8);
    const agentSummary = { ...summary, policies: [{ ...passiveTwap, policy: 'agent' }] };
    const md = headlineMarkdown('quick', 'test', [summary], [{
      name: 'agent', env: 'passive-ac-linear-v0', seeds: [0, 1], aggregate: {} as SweepAggregate, summaries: [agentSummary, agentSummary],
      comparison: compareTrained('agent', [0, 1], runs, rowsOf(bench)), vsTakerAndPassive: { twap: vsTwap, passiveTwap: vsPassive },
      simToReal: null, envSteps: 1000, wallSeconds: [1, 2], hiddenState: false, learning: [], selectedSteps: [], tuned: null,
    }], []);
    expect(md).toMatch(/### Passive execution: limit orders/);
    const fill = `${(100 * passiveTwap.passive!.fillRate!).toFixed(1)}%`;
    expect(md).toContain(`| passive-ac-linear-v0 | passive-twap | | ${passiveTwap.objectiveBps.mean.toFixed(2)} |`);
    expect(md).toMatch(new RegExp(`\\| passive-ac-linear-v0 \\| \\*\\*agent\\*\\* \\(selected steps \\) \\| 2 \\| .* \\| -4\\.00 \\[-16\\.71, 8\\.71\\] \\| ${fill.replace('.', '\\.')} \\|`));
    // A taker policy posts nothing: no fill rate, and it pays the whole half-spread on every share.
    expect(md).toMatch(/\| passive-ac-linear-v0 \| twap \| \| [\d.]+ \| 0\.00 \[0\.00, 0\.00\] \| \|  \| 0\.0% \| -100\.0% \|/);
  }, 60_000);
});
