import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lobsterLevel5SampleFile } from '../env/data/sample-files.js';
import { readQrCard, readQrParams } from '../experiments/io/qr-card-dir.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tiny-runs.js';

const dir = tempDir('execgym-cli-lob-flow-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one line a refused command prints, after checking it exits non-zero and writes nothing. */
function refused(args: string[], out?: string): string {
  const { code, stdout, stderr } = runCli(args);
  expect(code).not.toBe(0);
  expect(stdout).toBe('');
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  if (out) expect(existsSync(join(out, 'card.json'))).toBe(false);
  return lines[0];
}

describe('execgym lob calibrate', () => {
  const data = lobsterLevel5SampleFile();
  const cardDir = join(dir, 'card');

  it('writes a card whose intensities account for every model event of the span, each with its interval', () => {
    const { code, stdout, stderr } = runCli(['lob', 'calibrate', '--data', data, '--out', cardDir]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^AMZN 2012-06-21 36000\.\.36300 s: \d+ limit orders/);
    const card = readQrCard(cardDir);
    for (const event of ['limit', 'cancel', 'market'] as const) {
      const n = card.intensities.filter((x) => x.event === event).reduce((s, x) => s + x.n, 0);
      expect(n).toBe(card.sample.events[event]);
    }
    for (const x of card.intensities) {
      expect(x.rate).toBeCloseTo(x.n / x.exposureSeconds, 12);
      expect(x.ci95[0]).toBeLessThanOrEqual(x.rate);
      expect(x.ci95[1]).toBeGreaterThan(x.rate);
    }
    expect(card.sample.events.market).toBeGreaterThan(50);
    expect(readFileSync(join(cardDir, 'card.md'), 'utf8')).toMatch(/## Intensities/);
    expect(readQrParams(cardDir).params.rates.some((r) => r > 0)).toBe(true);
  });

  it('refuses a missing data file, a bad or empty span and an --out that is a file, in one line each, writing nothing', () => {
    const out = join(dir, 'refused');
    expect(refused(['lob', 'calibrate', '--data', join(dir, 'nope_2012-06-21_1_2_message_5.csv'), '--out', out], out)).toMatch(/nope_2012-06-21_1_2_message_5\.csv/);
    expect(refused(['lob', 'calibrate', '--data', data, '--from', 'ten', '--out', out], out)).toMatch(/--from must be seconds after midnight.*"ten"/);
    expect(refused(['lob', 'calibrate', '--data', data, '--from', '36200', '--to', '36100', '--out', out], out)).toMatch(/--from must be before --to/);
    expect(refused(['lob', 'calibrate', '--data', data, '--from', '40000', '--to', '41000', '--out', out], out)).toMatch(/misses the data/);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a-file'), 'x');
    expect(refused(['lob', 'calibrate', '--data', data, '--out', join(dir, 'a-file')])).toMatch(/--out .*is an existing file/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a damaged card naming the file and the field', () => {
    const bad = join(dir, 'bad-card');
    mkdirSync(bad, { recursive: true });
    const card = JSON.parse(readFileSync(join(cardDir, 'card.json'), 'utf8'));
    card.intensities[0].rate = -1;
    writeFileSync(join(bad, 'card.json'), JSON.stringify(card));
    expect(() => readQrParams(bad)).toThrow(/card\.json.*intensities\.0\.rate/);
  });
});
