import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../experiments/benchmark/run-benchmark.js';
import { loadReportInput } from '../experiments/report/load-dirs.js';
import { settleResultDir } from '../experiments/io/result-dir.js';
import { BENCHMARK_FILES, inPool, killAt, leftovers, readFiles, spawnCli, timed, trialDelays, TRIALS } from './helpers/fault-injection.js';
import { tempDir } from './helpers/temp-dirs.js';

// Fault injection (issue 10) of `benchmark`; see test/helpers/fault-injection.ts.
const dir = tempDir('execgym-faults-');

describe('fault injection: SIGKILL at random moments', () => {
  const bench = (seed: number, out: string) => ['benchmark', '--env', 'ac-linear-v0', '--policies', 'twap,vwap', '--episodes', '100', '--seed', String(seed), '--out', out];
  let benchMs = 0;

  beforeAll(async () => {
    // References: the previous result (seed 0) and the new one (seed 1), each written uninterrupted.
    benchMs = await timed(bench(0, join(dir, 'bench-previous')));
    benchMs = Math.max(benchMs, await timed(bench(1, join(dir, 'bench-new'))));
  }, 120_000);

  it(`a killed benchmark leaves the previous complete result or the new one, never a mix; a re-run completes it (${TRIALS} trials)`, async () => {
    const previous = readFiles(join(dir, 'bench-previous'), BENCHMARK_FILES);
    const fresh = readFiles(join(dir, 'bench-new'), BENCHMARK_FILES);
    const seen = { previous: 0, new: 0, midCommit: 0 };
    const delays = trialDelays(0);
    await inPool(TRIALS, async (i) => {
      const out = join(dir, `bench-trial-${i}`);
      cpSync(join(dir, 'bench-previous'), out, { recursive: true });
      const aimAtCommit = i % 2 === 1;
      const child = spawnCli(bench(1, out), aimAtCommit ? { EXECGYM_FAULT_PAUSE_MS: '40' } : {});
      const journal = () => existsSync(join(out, '.execgym-commit.json'));
      await killAt(child, aimAtCommit ? 60_000 : delays[i] * benchMs * 1.2, aimAtCommit ? journal : undefined, delays[i] * 160);
      if (journal()) seen.midCommit += 1;
      settleResultDir(out);
      const now = readFiles(out, BENCHMARK_FILES);
      const which = now.every((f, j) => f === previous[j]) ? 'previous' : now.every((f, j) => f === fresh[j]) ? 'new' : 'mix';
      expect(which, `trial ${i}`).not.toBe('mix');
      seen[which as 'previous' | 'new'] += 1;
      expect(loadReportInput(out).kind).toBe('benchmark');
      await runBenchmark({ env: 'ac-linear-v0', policies: ['twap', 'vwap'], episodes: 100, seed: 1, outDir: out });
      expect(readFiles(out, BENCHMARK_FILES), `trial ${i} re-run`).toEqual(fresh);
      expect(leftovers(out), `trial ${i} leftovers`).toEqual([]);
    });
    console.log(`benchmark: ${TRIALS} kills; read back previous ${seen.previous}, new ${seen.new}; ${seen.midCommit} killed mid-commit`);
    expect(seen.midCommit).toBeGreaterThan(0);
  }, 300_000);
});
