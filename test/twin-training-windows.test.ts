import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { barPrices } from '../env/calibration/calibration-input.js';
import { csvFields } from '../env/data/csv-fields.js';
import { describeReplaySets } from '../env/data/replay-sets.js';
import { buildReplayTable } from '../env/data/replay-table.js';
import { loadReplayBars } from '../env/data/replay-source.js';
import { xetraSampleFile } from '../env/data/sample-files.js';
import { makeRng } from '../env/random/rng.js';
import { resolveSpec } from '../env/registry.js';
import type { EnvSpec, ReplayPriceSpec } from '../env/spec/schema.js';
import { runCalibrateTwin } from '../experiments/calibrate/run-twin.js';
import { trainingSessions } from '../experiments/calibrate/training-sessions.js';
import { dataDir } from './helpers/data-files.js';

const files = dataDir('twin-leak');
afterAll(files.cleanup);

const replaySpec = (id: string) => resolveSpec(id) as EnvSpec & { price: ReplayPriceSpec };

/** Seconds after midnight of each training window's bars, by symbol. */
function trainingMinutes(spec: EnvSpec & { price: ReplayPriceSpec }): Map<string, Set<number>> {
  const table = buildReplayTable(spec, loadReplayBars(spec.price.data));
  const bars = (table.stepSeconds / 60) * spec.horizon.N;
  const out = new Map<string, Set<number>>();
  for (const w of table.sets.training) {
    const { symbol, startSeconds } = table.windows[w];
    if (!out.has(symbol)) out.set(symbol, new Set());
    for (let b = 0; b < bars; b++) out.get(symbol)!.add(startSeconds + 60 * b);
  }
  return out;
}

/**
 * The shipped Xetra day with every row outside a training window (validation and test windows,
 * the opening auction, the last minutes) given wild prices and volumes: each row's OHLC scaled by
 * one factor drawn in [0.2, 5], its volume by another.
 */
function scrambledXetra(spec: EnvSpec & { price: ReplayPriceSpec }): string {
  const training = trainingMinutes(spec);
  const rng = makeRng(7, 'scramble');
  const lines = readFileSync(xetraSampleFile(), 'utf8').trimEnd().split('\n');
  let changed = 0;
  const out = lines.map((line, i) => {
    if (i === 0) return line;
    const f = csvFields(line)!;
    const [hh, mm] = f[7].split(':').map(Number);
    if (training.get(f[1])?.has(hh * 3600 + mm * 60)) return line;
    changed++;
    const p = 0.2 + 4.8 * rng.uniform();
    const v = 0.2 + 4.8 * rng.uniform();
    const price = (x: string) => String(Number(x) * p);
    const quoted = line.split(',').slice(0, 7);
    return [...quoted, f[7], price(f[8]), price(f[9]), price(f[10]), price(f[11]), String(Math.round(Number(f[12]) * v)), f[13]].join(',');
  });
  expect(changed).toBeGreaterThan(1500); // 64 of 160 windows and the minutes outside any window
  return files.write('scrambled.csv', out);
}

describe('a twin is fitted to its replay\'s training windows only (issue 19, finding 5)', () => {
  it('the calibration sessions hold every training window of the replay and no other', () => {
    for (const id of ['xetra-replay-v0', 'lobster-replay-v0', 'xetra-replay-2017-07-28-v0']) {
      const spec = replaySpec(id);
      const sessions = trainingSessions(spec, id);
      const training = describeReplaySets(buildReplayTable(spec, loadReplayBars(spec.price.data))).training;
      expect(new Set(sessions.windows)).toEqual(new Set(training));
      expect(sessions.windows.length - sessions.repeated.length).toBe(training.length);
      // Whole sessions of the replay's length, each window rebased onto the last close.
      for (const day of sessions.days) expect(day.start.length * day.barSeconds).toBe(buildReplayTable(spec, loadReplayBars(spec.price.data)).sessionSeconds);
      for (const day of sessions.days) expect(barPrices(day)[0]).toBeCloseTo(spec.price.S0, 9);
    }
  });

  it('wild prices and volumes outside the training windows leave the twin\'s spec and card estimates identical', () => {
    const original = replaySpec('xetra-replay-v0');
    const scrambled = { ...original, price: { ...original.price, data: { ...original.price.data, files: [scrambledXetra(original)] } } };
    const specFile = files.write('replay.json', [JSON.stringify(scrambled)]);
    const a = runCalibrateTwin({ replay: 'xetra-replay-v0', stepSeconds: 180, regimes: 'auto', seed: 0, outDir: files.path('a') });
    const b = runCalibrateTwin({ replay: specFile, stepSeconds: 180, regimes: 'auto', seed: 0, outDir: files.path('b') });
    expect(b.spec).toEqual(a.spec);
    expect(b.card.estimates).toEqual(a.card.estimates);
    expect(readFileSync(join(files.path('b'), 'spec.json'), 'utf8')).toBe(readFileSync(join(files.path('a'), 'spec.json'), 'utf8'));
    // The replay itself did change: its test windows' paths are the scrambled ones.
    expect(b.record.acCheck.replay.isBps.mean).not.toBe(a.record.acCheck.replay.isBps.mean);
  }, 60_000);
});
