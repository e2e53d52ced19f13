import { describe, expect, it } from 'vitest';
import { compileEnv } from '../env/core/compile-env.js';
import { replayWindowAt } from '../env/data/replay-sets.js';
import { resolveSpec } from '../env/registry.js';
import { clustersBySeed } from '../experiments/benchmark/replay-sample.js';
import { runBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { clusteredMeanInterval } from '../experiments/stats/cluster-robust.js';
import { differences } from '../experiments/stats/paired.js';
import { readEpisodes } from '../experiments/io/benchmark-dir.js';
import { tempDir } from './helpers/tiny-runs.js';

const table = compileEnv(resolveSpec('lobster-replay-v0')).params.replay!;
const testSymbols = new Set(Array.from(table.sets.test, (w) => table.windows[w].symbol));

describe('benchmark intervals on a replay market', () => {
  it('clusters episodes by symbol-day, records the distinct windows, and warns of nothing when each window plays once', async () => {
    const lines: string[] = [];
    const summary = await runBenchmark({ env: 'lobster-replay-v0', policies: ['twap', 'ac'], episodes: table.sets.test.length, seed: 0, log: (l) => lines.push(l) });
    // All LOBSTER windows are of 2012-06-21, so the clusters are the test windows' symbols.
    expect(summary.replay).toEqual({ windows: table.sets.test.length, clusters: testSymbols.size, clusterBy: 'symbol-day' });
    expect(summary.design).toMatch(/cluster-robust/);
    const twap = summary.policies.find((p) => p.policy === 'twap')!;
    expect((twap.vsAc!.isBps as { clusters?: number }).clusters).toBe(testSymbols.size);
    expect(lines.filter((l) => l.startsWith('warning'))).toEqual([]);
  });

  it('warns in one line, and counts windows not episodes, when the episodes outnumber the windows', async () => {
    const lines: string[] = [];
    const episodes = 3 * table.sets.test.length;
    const summary = await runBenchmark({ env: 'lobster-replay-v0', policies: ['twap', 'ac'], episodes, seed: 0, log: (l) => lines.push(l) });
    const warnings = lines.filter((l) => l.startsWith('warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${episodes} episodes on lobster-replay-v0 replay only ${table.sets.test.length} distinct recorded windows`);
    expect(summary.replay?.windows).toBe(table.sets.test.length);
    // Episode i plays test window i mod 7: the three copies of a window are one window's evidence.
    expect(replayWindowAt(table, 2, table.sets.test.length)).toBe(table.sets.test[0]);
  });

  it('keeps the plain intervals, and no replay record, on a synthetic market', async () => {
    const summary = await runBenchmark({ env: 'ac-linear-v0', policies: ['twap', 'ac'], episodes: 50, seed: 0 });
    expect(summary.replay).toBeUndefined();
    expect(summary.design).toMatch(/95% intervals are mean \+- 1\.96 sd \/ sqrt\(n\)$/);
    expect('clusters' in summary.policies[0].vsAc!.isBps).toBe(false);
  });

  it('clustersBySeed recomputes from a summary the cluster of each market seed, the very labels of its intervals, even when windows repeat', async () => {
    const dir = tempDir();
    const episodes = 2 * table.sets.test.length;
    const summary = await runBenchmark({ env: 'lobster-replay-v0', policies: ['twap', 'ac'], episodes, seed: 0, outDir: dir, log: () => {} });
    const clusters = clustersBySeed(summary)!;
    expect([...clusters.keys()]).toEqual([...Array(episodes).keys()]);
    expect(new Set(clusters.values()).size).toBe(testSymbols.size);
    // A window's repeat (market seed m + 7) is in the same cluster.
    expect(clusters.get(table.sets.test.length)).toBe(clusters.get(0));
    const rows = readEpisodes(dir, summary)!;
    const of = (p: string) => Float64Array.from(rows.filter((r) => r.policy === p).sort((a, b) => a.seed - b.seed), (r) => r.objectiveBps);
    const labels = Int32Array.from({ length: episodes }, (_, m) => clusters.get(m)!);
    const recomputed = clusteredMeanInterval(differences(of('twap'), of('ac')), labels);
    const written = summary.policies.find((p) => p.policy === 'twap')!.vsAc!.objectiveBps;
    expect(recomputed.se).toBeCloseTo(written.se, 12);
    expect(recomputed.low).toBeCloseTo(written.low, 12);
    // No clusters off a replay; a summary whose data no longer give its sample is refused.
    expect(clustersBySeed({ ...summary, replay: undefined })).toBeNull();
    expect(() => clustersBySeed({ ...summary, replay: { ...summary.replay!, clusters: 9 } })).toThrow(/replayed 7 windows in 9 clusters by symbol-day, its spec now gives 7 windows in \d clusters/);
  });
});
