import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { weightsHash } from '../agents/common/checkpoint.js';
import { loadReportInput } from '../experiments/report/load-dirs.js';
import { loadConfig } from '../experiments/run-config/load-config.js';
import { isCompleteRun, latestCheckpoint } from '../experiments/io/run-dir.js';
import { trainRun } from '../experiments/train/train-run.js';
import { curveRows, inPool, killAt, spawnCli, timed, TINY, trialDelays, TRIALS } from './helpers/fault-injection.js';
import { tempDir } from './helpers/temp-dirs.js';

// Fault injection (issue 10) of `train`; see test/helpers/fault-injection.ts.
const dir = tempDir('execgym-faults-');

describe('fault injection: SIGKILL at random moments', () => {
  let trainMs = 0;
  const configPath = join(dir, 'tiny.json');

  beforeAll(async () => {
    writeFileSync(configPath, JSON.stringify(TINY));
    // The reference: the run written uninterrupted.
    trainMs = await timed(['train', configPath, '--out', join(dir, 'train-ref')]);
  }, 120_000);

  it(`a killed train is complete and identical to an uninterrupted run, or incomplete and refused; resuming loses and duplicates no row (${TRIALS} trials)`, async () => {
    const ref = join(dir, 'train-ref');
    const refCurve = curveRows(ref);
    const refSummary = readFileSync(join(ref, 'benchmark', 'summary.json'), 'utf8');
    const refHash = weightsHash(join(ref, 'policy'));
    const config = loadConfig(configPath);
    const seen = { complete: 0, incomplete: 0, nothing: 0 };
    const delays = trialDelays(1);
    // Each kill follows a moment of the run (then a random 0-300 ms), so that every phase is hit
    // whatever the machine's load: start-up, the first row, a checkpoint, the final policy, its benchmark.
    const moments: ((out: string) => boolean)[] = [
      () => false,
      (out) => existsSync(join(out, 'manifest.json')),
      (out) => existsSync(join(out, 'learning_curve.csv')) && readFileSync(join(out, 'learning_curve.csv'), 'utf8').split('\n').length > 2,
      (out) => existsSync(join(out, 'checkpoints', 'latest.json')),
      (out) => existsSync(join(out, 'policy')),
      (out) => existsSync(join(out, 'benchmark')),
    ];
    await inPool(TRIALS, async (i) => {
      const out = join(dir, `train-trial-${i}`);
      const moment = moments[i % moments.length];
      await killAt(spawnCli(['train', configPath, '--out', out], { EXECGYM_FAULT_PAUSE_MS: '20' }), i % moments.length === 0 ? delays[i] * trainMs : 60_000, () => moment(out), delays[i] * 300);
      if (!existsSync(join(out, 'manifest.json'))) seen.nothing += 1;
      else if (isCompleteRun(out)) seen.complete += 1;
      else {
        seen.incomplete += 1;
        expect(() => loadReportInput(out), `trial ${i}: report refuses an incomplete run`).toThrow(/incomplete/);
      }
      const started = existsSync(join(out, 'manifest.json'));
      if (!isCompleteRun(out)) await trainRun({ config, runDir: out, resume: started && latestCheckpoint(out) !== null ? true : started });
      expect(curveRows(out), `trial ${i} learning curve`).toEqual(refCurve);
      expect(weightsHash(join(out, 'policy')), `trial ${i} weights`).toBe(refHash);
      expect(readFileSync(join(out, 'benchmark', 'summary.json'), 'utf8'), `trial ${i} summary`).toBe(refSummary);
    });
    console.log(`train: ${TRIALS} kills; complete ${seen.complete}, incomplete ${seen.incomplete}, not started ${seen.nothing}`);
  }, 300_000);
});
