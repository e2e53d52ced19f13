import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCalibrate, type CalibrateRequest } from '../experiments/calibrate/run-calibrate.js';
import { xetraSampleFile } from '../env/data/sample-files.js';
import { tempDir } from './helpers/temp-dirs.js';

// The injected failure: card.md is the last of the three files written, so when it throws,
// spec.json and card.json of the new result are already written (to the staging folder).
const fault = vi.hoisted(() => ({ on: false }));
vi.mock('../experiments/calibrate/card-markdown.js', async (original) => {
  const real = await original<typeof import('../experiments/calibrate/card-markdown.js')>();
  return {
    ...real,
    cardMarkdown: (...args: Parameters<typeof real.cardMarkdown>) => {
      if (fault.on) throw new Error('injected failure while writing card.md');
      return real.cardMarkdown(...args);
    },
  };
});

const dir = tempDir('execgym-calibrate-dir-');
const request = (outDir: string, stepSeconds: number): CalibrateRequest => ({
  data: xetraSampleFile(),
  format: 'xetra',
  symbol: 'SAP',
  stepSeconds,
  regimes: 1,
  seed: 0,
  shares: undefined,
  riskAversion: 1e-6,
  profile: 'u-shape',
  outDir,
});
const resultFiles = (out: string) => readdirSync(out).filter((f) => !f.startsWith('.execgym')).sort();
const contents = (out: string) => Object.fromEntries(resultFiles(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));

describe('execgym calibrate --out is one result, complete or absent', () => {
  it('leaves no file of a result whose writing fails midway, in a new directory', () => {
    const out = join(dir, 'new');
    fault.on = true;
    try {
      expect(() => runCalibrate(request(out, 300))).toThrow(/injected failure/);
    } finally {
      fault.on = false;
    }
    // Nothing but the directory's own bookkeeping (.execgym*): no result file, no staging folder.
    expect(existsSync(out) ? resultFiles(out) : []).toEqual([]);
  });

  it('keeps the previous complete card when a second calibration fails midway, and replaces it whole when it succeeds', () => {
    const out = join(dir, 'twice');
    runCalibrate(request(out, 300));
    expect(resultFiles(out)).toEqual(['card.json', 'card.md', 'spec.json']);
    const before = contents(out);
    fault.on = true;
    try {
      expect(() => runCalibrate(request(out, 600))).toThrow(/injected failure/);
    } finally {
      fault.on = false;
    }
    expect(contents(out)).toEqual(before);
    runCalibrate(request(out, 600));
    const after = contents(out);
    expect(JSON.parse(after['spec.json']).horizon.N).toBe(JSON.parse(before['spec.json']).horizon.N / 2);
    expect(resultFiles(out)).toEqual(['card.json', 'card.md', 'spec.json']);
  });
});
