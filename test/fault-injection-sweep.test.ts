import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { settleResultDir } from '../experiments/io/result-dir.js';
import { finishSweep, prepareSweep } from '../experiments/sweep/sweep.js';
import { trainRun } from '../experiments/train/train-run.js';
import { curveRows, inPool, killAt, leftovers, readFiles, spawnCli, timed, TINY, trialDelays, TRIALS } from './helpers/fault-injection.js';
import { tempDir } from './helpers/temp-dirs.js';

// Fault injection (issue 10) of `sweep`; see test/helpers/fault-injection.ts.
const dir = tempDir('execgym-faults-');

describe('fault injection: SIGKILL at random moments', () => {
  let sweepMs = 0;
  const configPath = join(dir, 'tiny.json');

  beforeAll(async () => {
    writeFileSync(configPath, JSON.stringify(TINY));
    // The reference: the sweep written uninterrupted.
    sweepMs = await timed(['sweep', configPath, '--seeds', '0', '--workers', '1', '--out', join(dir, 'sweep-ref')]);
  }, 120_000);

  it(`a killed sweep leaves no aggregate or the complete one; resuming it gives the uninterrupted aggregate (${TRIALS} trials)`, async () => {
    const ref = join(dir, 'sweep-ref');
    // aggregate.md carries wall times, which differ between runs: the JSON is compared, the .md must come with it.
    const refAggregate = readFiles(ref, ['aggregate.json'])[0];
    const refCurve = curveRows(join(ref, 'base', 'seed-0'));
    const seen = { none: 0, complete: 0, midCommit: 0 };
    const delays = trialDelays(2);
    await inPool(TRIALS, async (i) => {
      const out = join(dir, `sweep-trial-${i}`);
      const aimAtCommit = i % 2 === 1;
      const journal = () => existsSync(join(out, '.execgym-commit.json'));
      const child = spawnCli(['sweep', configPath, '--seeds', '0', '--workers', '1', '--out', out], aimAtCommit ? { EXECGYM_FAULT_PAUSE_MS: '60' } : {});
      await killAt(child, aimAtCommit ? 60_000 : delays[i] * sweepMs, aimAtCommit ? journal : undefined, delays[i] * 100);
      if (journal()) seen.midCommit += 1;
      if (existsSync(out)) settleResultDir(out);
      const now = existsSync(out) ? readFiles(out, ['aggregate.json', 'aggregate.md']) : [null, null];
      expect(now[0] === null, `trial ${i}: aggregate.json and aggregate.md together`).toBe(now[1] === null);
      if (now[0] === null) seen.none += 1;
      else {
        expect(now[0], `trial ${i}: the aggregate is whole`).toBe(refAggregate);
        seen.complete += 1;
      }
      // Resume as `execgym sweep` does (the worker's `train --resume` run in this process).
      const sweep = prepareSweep({ configPath, seeds: [0], axes: [], outDir: out });
      for (const task of sweep.tasks) {
        const runDir = task.args[task.args.indexOf('--out') + 1];
        await trainRun({ config: sweep.plan.settings[0].config, runDir, resume: task.args.includes('--resume') });
      }
      finishSweep(sweep);
      expect(readFiles(out, ['aggregate.json'])[0], `trial ${i} resumed aggregate`).toBe(refAggregate);
      expect(curveRows(join(out, 'base', 'seed-0')), `trial ${i} learning curve`).toEqual(refCurve);
      expect(leftovers(out), `trial ${i} leftovers`).toEqual([]);
    });
    console.log(`sweep: ${TRIALS} kills; no aggregate ${seen.none}, complete ${seen.complete}; ${seen.midCommit} killed mid-commit`);
    expect(seen.midCommit).toBeGreaterThan(0);
  }, 300_000);
});
