import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePolicies } from '../baselines/registry.js';
import { compileEnv } from '../env/core/compile-env.js';
import { resolveSpec } from '../env/registry.js';
import { evaluatePolicies } from '../experiments/benchmark/evaluate-policies.js';
import { summarizeBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { readBeliefProbe, runPaths, RUN_SUMMARY_FILES, type BeliefProbeFile } from '../experiments/io/run-dir.js';
import { probeRun } from '../experiments/suite/belief-probes.js';
import { headlineMarkdown, type TrainedResult } from '../experiments/suite/headline.js';
import { compareTrained } from '../experiments/suite/paired-rows.js';
import type { SweepAggregate } from '../experiments/sweep/aggregate.js';
import { trainRun } from '../experiments/train/train-run.js';
import { tempDir, tinyPpo, tinyRppo } from './helpers/tiny-runs.js';

// The suite's belief probe (issue 22): experiments/suite/belief-probes.ts and its column in the ablation table.

const REGIME = { id: 'regime-v0', overrides: {} };
const short = { env: REGIME, train: { steps: 2560 }, evaluation: { every: 1280, validation: { episodes: 50 }, test: { episodes: 300 } } };

describe('the belief probe as a suite step', () => {
  it('probes a recurrent run on the hidden regime on its test seeds and writes belief-probe.json, which results/ commits', async () => {
    const config = tinyRppo(short);
    const runDir = join(tempDir('probe-'), 'rppo');
    await trainRun({ config, runDir, backend: 'cpu' });
    const probe = await probeRun(runDir, config, 'cpu');
    expect(probe).not.toBeNull();
    expect(readBeliefProbe(runDir)).toEqual(probe);
    // 300 test episodes of N = 20 steps, split in halves by episode.
    expect(probe).toMatchObject({ seed: config.evaluation.test.seed, episodes: 300, fitRows: 150 * 20, testRows: 150 * 20, policy: 'policy' });
    for (const r2 of [probe!.hiddenR2, probe!.observationR2]) {
      expect(Number.isFinite(r2)).toBe(true);
      expect(r2).toBeLessThanOrEqual(1);
    }
    // The same policy on the same seeds: the same figures.
    expect(await probeRun(runDir, config, 'cpu')).toEqual(probe);
    expect(RUN_SUMMARY_FILES).toContain('belief-probe.json');
  }, 120_000);

  it('writes nothing for a feed-forward policy, a market without regimes or one that shows the regime', async () => {
    const ppo = tinyPpo(short);
    const runDir = join(tempDir('probe-'), 'ppo');
    await trainRun({ config: ppo, runDir, backend: 'cpu' });
    expect(await probeRun(runDir, ppo, 'cpu')).toBeNull();
    expect(existsSync(runPaths(runDir).beliefProbe)).toBe(false);
    // Decided from the config alone: no run directory is read.
    expect(await probeRun('/nonexistent', tinyRppo(), 'cpu')).toBeNull();
    expect(await probeRun('/nonexistent', tinyRppo({ ...short, env: { id: 'regime-v0', overrides: { regimeInfo: 'belief' } } }), 'cpu')).toBeNull();
  }, 120_000);

  it('the ablation table shows each recurrent arm\'s probe R², its mean and per seed, beside the observation alone; other arms leave the cell empty', async () => {
    const env = compileEnv(resolveSpec('regime-v0'));
    const bench = await evaluatePolicies(env, await resolvePolicies(['ac', 'optimal', 'belief-optimal'], env), { episodes: 50, seed: 0 });
    const summary = summarizeBenchmark(env, bench, { episodes: 50, seed: 0 });
    const rows = bench.flatMap((r) => r.episodes.map((e) => ({ seed: e.seed, policy: r.policy.name, objectiveBps: e.objectiveBps })));
    const agentRows = bench[2].episodes.map((e) => ({ seed: e.seed, policy: 'agent', objectiveBps: e.objectiveBps + 1 }));
    const probe = (hiddenR2: number, observationR2: number): BeliefProbeFile => ({ hiddenR2, observationR2, fitRows: 10, testRows: 10, seed: 0, episodes: 1, policy: 'policy' });
    const arm = (name: string, beliefProbes?: (BeliefProbeFile | null)[]): TrainedResult => ({
      name, env: 'regime-v0', seeds: [0, 1, 2], aggregate: {} as SweepAggregate, summaries: [{ ...summary, spec: { ...summary.spec, regimeInfo: 'hidden' } }],
      comparison: compareTrained('agent', [0, 1, 2], [agentRows, agentRows, agentRows], rows), vsTakerAndPassive: null, simToReal: null, envSteps: 1000, wallSeconds: [1, 2, 3], hiddenState: false, learning: [], selectedSteps: [], tuned: null, beliefProbes,
    });
    const md = headlineMarkdown('quick', 'test', [summary], [arm('ppo-x'), arm('rppo-x', [probe(0.8, 0.5), probe(0.85, 0.55), probe(0.9, 0.6)])], []);
    expect(md).toMatch(/\| gap closed \(ac → belief-optimal\) \| belief probe R² \(memory → belief\) \|\n/);
    expect(md).toMatch(/\| hidden \| rppo-x \(selected steps \) \|.*\| 0\.850 \(per seed 0\.800 \/ 0\.850 \/ 0\.900; observation alone 0\.550\) \|\n/);
    expect(md).toMatch(/\| hidden \| ppo-x \(selected steps \) \|.*\|  \|\n/);
    // Without a probe in any arm the table keeps its columns.
    expect(headlineMarkdown('quick', 'test', [summary], [arm('ppo-x')], [])).not.toContain('belief probe');
  }, 60_000);
});
