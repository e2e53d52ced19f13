import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { buildReport } from '../experiments/report/build-report.js';
import { tempDir } from './helpers/temp-dirs.js';

describe('benchmark on a passive env', () => {
  it('reports limit-order columns for every policy, pairs them against taker twap, and writes them to episodes.csv; no regret reference', async () => {
    const out = join(tempDir(), 'bench');
    const summary = await runBenchmark({ env: 'passive-ac-linear-v0', policies: ['twap', 'passive-twap', 'ac-passive'], episodes: 200, seed: 0, outDir: out });
    expect(summary.optimum).toBeNull();
    expect(summary.bugSignals).toEqual([]);
    const byName = new Map(summary.policies.map((p) => [p.policy, p]));
    const taker = byName.get('twap')!.passive!;
    expect(taker.fillRate).toBeNull();
    expect(taker.spreadCapture.mean).toBeCloseTo(-1, 12);
    expect(taker.objectiveVsTwapBps!.mean).toBe(0);
    const passive = byName.get('passive-twap')!.passive!;
    expect(passive.fillRate).toBeGreaterThan(0.8);
    expect(passive.passiveShare.mean).toBeGreaterThan(0.5);
    // IS passive + IS aggressive = IS, episode by episode, so in the means.
    expect(passive.passiveShortfallBps + passive.aggressiveShortfallBps).toBeCloseTo(byName.get('passive-twap')!.isBps.mean, 9);
    // N = 20 steps: nothing is 60 steps before the horizon.
    expect(passive.markout60Bps).toBeNull();
    expect(passive.markout1Bps!.n).toBeGreaterThan(100);
    const csv = readFileSync(join(out, 'episodes.csv'), 'utf8').split('\n');
    expect(csv[0]).toContain('fill_rate,passive_share,spread_capture');
    // twap posts nothing: its fill rate and mark-outs are empty cells, not NaN.
    // (then the seven execution-benchmark columns every env's episodes.csv ends with)
    expect(csv[1]).toMatch(/^0,0,twap,.*,,0,-1,0,0,[-0-9.e]+,,,(,[-0-9.e]*){7}$/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('## Limit orders (passive env)');
    // The report shows the same columns under the benchmark's section.
    const report = await buildReport([out], join(out, '..', 'report.html'), ['svg']);
    const html = readFileSync(report.html, 'utf8');
    expect(html).toContain('Limit orders (passive env).');
    expect(html).toContain(`${(100 * passive.fillRate!).toFixed(1)}%`);
  }, 60_000);

  it('a taker env summary has no passive columns', async () => {
    const summary = await runBenchmark({ env: 'ac-linear-v0', policies: ['twap'], episodes: 50, seed: 0 });
    expect(summary.policies.every((p) => !('passive' in p))).toBe(true);
  });
});
