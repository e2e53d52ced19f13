import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BookEvents } from '../env/data/book-events.js';
import { lobsterBookEvents } from '../env/data/lobster-day.js';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { lobsterLevel5SampleFile } from '../env/data/sample-files.js';
import { LobsterReplay } from '../env/lob/lobster-replay.js';
import { readQrCard, readQrParams } from '../experiments/io/qr-card-dir.js';
import { rowMismatches } from './helpers/book-rows.js';
import { runMain } from './helpers/cli-in-process.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tiny-runs.js';

const dir = tempDir('execgym-cli-lob-flow-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one line a refused command prints (run in-process), after checking it exits non-zero and writes nothing. */
async function refused(args: string[], out?: string): Promise<string> {
  const { code, stdout, stderr } = await runMain(args);
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

  it('refuses a missing data file, a bad or empty span and an --out that is a file, in one line each, writing nothing', async () => {
    const out = join(dir, 'refused');
    expect(await refused(['lob', 'calibrate', '--data', join(dir, 'nope_2012-06-21_1_2_message_5.csv'), '--out', out], out)).toMatch(/nope_2012-06-21_1_2_message_5\.csv/);
    expect(await refused(['lob', 'calibrate', '--data', data, '--from', 'ten', '--out', out], out)).toMatch(/--from must be seconds after midnight.*"ten"/);
    expect(await refused(['lob', 'calibrate', '--data', data, '--from', '36200', '--to', '36100', '--out', out], out)).toMatch(/--from must be before --to/);
    expect(await refused(['lob', 'calibrate', '--data', data, '--from', '40000', '--to', '41000', '--out', out], out)).toMatch(/misses the data/);
    expect(await refused(['lob', 'calibrate', '--training-windows-of', 'ac-linear-v0', '--out', out], out)).toMatch(/--training-windows-of: "ac-linear-v0" is not a replay of one LOBSTER day/);
    expect(await refused(['lob', 'calibrate', '--training-windows-of', 'lob-replay-v0', '--from', '36000', '--out', out], out)).toMatch(/--training-windows-of: .*leave out --data, --from and --to/);
    expect(await refused(['lob', 'calibrate', '--training-windows-of', 'lob-replay-v0', '--data', data, '--out', out], out)).toMatch(/--training-windows-of: .*leave out --data/);
    expect(await refused(['lob', 'calibrate', '--out', out], out)).toMatch(/give --data .* or --training-windows-of/);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a-file'), 'x');
    expect(await refused(['lob', 'calibrate', '--data', data, '--out', join(dir, 'a-file')])).toMatch(/--out .*is an existing file/);
    expect(existsSync(out)).toBe(false);
  });

  it("rebuilds the shipped card byte for byte from lob-replay-v0's training windows (npm run lob-qr-card)", () => {
    const out = join(dir, 'shipped');
    const { code, stdout, stderr } = runCli(['lob', 'calibrate', '--training-windows-of', 'lob-replay-v0', '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^AMZN 2012-06-21 the 71 training windows of lob-replay-v0 \(180 s each\): 42562 limit orders/);
    for (const file of ['card.json', 'card.md']) expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join('env/specs/lob-qr/amzn-2012-06-21', file), 'utf8'));
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

/** Replays `events` from its first row and counts the (event, level) cells that differ from its own book rows. */
function replayMismatches(events: BookEvents): { compared: number; mismatches: number; corrections: number; orphans: number } {
  const replay = new LobsterReplay(events);
  replay.startAfter(0);
  let mismatches = 0;
  for (let i = 1; i < events.count; i++) {
    replay.step();
    mismatches += rowMismatches(replay.book, events, i);
  }
  return { compared: (events.count - 1) * 2 * events.levels, mismatches, corrections: replay.corrections, orphans: replay.orphans };
}

describe('execgym lob simulate', () => {
  const out = join(dir, 'sim-a');
  const name = 'AMZN_2012-06-21_34570000_35170000';

  it('writes a LOBSTER pair that the LOBSTER reader reads and whose message file, replayed, reproduces its orderbook file at every level after every message', () => {
    const { code, stdout, stderr } = runCli(['lob', 'simulate', '--env', 'lob-qr-v0', '--seconds', '600', '--seed', '1', '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(new RegExp(`${name}_message_5\\.csv`));
    const events = lobsterBookEvents(readLobsterDay(join(out, `${name}_message_5.csv`)));
    expect(events.count).toBeGreaterThan(2000);
    const r = replayMismatches(events);
    expect(r).toEqual({ compared: (events.count - 1) * 10, mismatches: 0, corrections: 0, orphans: 0 });
    const record = JSON.parse(readFileSync(join(out, 'simulation.json'), 'utf8'));
    expect(record).toMatchObject({ kind: 'lob-qr-simulation', seed: 1, seconds: 600, messages: events.count });
  });

  it('writes the same bytes for the same seed and other bytes for another seed', () => {
    const again = join(dir, 'sim-b');
    const other = join(dir, 'sim-c');
    expect(runCli(['lob', 'simulate', '--env', 'lob-qr-v0', '--seconds', '600', '--seed', '1', '--out', again]).code).toBe(0);
    expect(runCli(['lob', 'simulate', '--env', 'lob-qr-v0', '--seconds', '600', '--seed', '2', '--out', other]).code).toBe(0);
    for (const file of [`${name}_message_5.csv`, `${name}_orderbook_5.csv`, 'simulation.json']) {
      expect(readFileSync(join(again, file)).equals(readFileSync(join(out, file))), file).toBe(true);
    }
    expect(readFileSync(join(other, `${name}_message_5.csv`)).equals(readFileSync(join(out, `${name}_message_5.csv`)))).toBe(false);
  });

  it('is read by lob replay (the book at a time equals the orderbook row) and by lob calibrate (every message a model event)', () => {
    const message = join(out, `${name}_message_5.csv`);
    const events = lobsterBookEvents(readLobsterDay(message));
    const i = Math.floor(events.count / 2);
    const { code, stdout, stderr } = runCli(['lob', 'replay', '--data', message, '--at', String(events.time[i]), '--json']);
    expect(code, stderr).toBe(0);
    let last = i;
    while (last + 1 < events.count && events.time[last + 1] <= events.time[i]) last++;
    const snapshot = JSON.parse(stdout);
    expect(snapshot.bids.map((l: { price: number; size: number }) => [l.price, l.size])).toEqual([0, 1, 2, 3, 4].filter((k) => events.bidSize[last * 5 + k] > 0).map((k) => [events.bidPriceE4[last * 5 + k], events.bidSize[last * 5 + k]]));
    const cardDir = join(dir, 'sim-card');
    const cal = runCli(['lob', 'calibrate', '--data', message, '--out', cardDir]);
    expect(cal.code, cal.stderr).toBe(0);
    const card = readQrCard(cardDir);
    expect(card.sample.outside).toEqual({ limit: 0, cancel: 0, market: 0 });
  });

  it('refuses a missing or doubled flow, an unknown env, a bad --seconds or --seed and a span past midnight, in one line each', async () => {
    const bad = join(dir, 'sim-refused');
    expect(await refused(['lob', 'simulate', '--seconds', '10', '--out', bad])).toMatch(/give one of --env .* or --card/);
    expect(await refused(['lob', 'simulate', '--env', 'lob-qr-v0', '--card', join(dir, 'card'), '--seconds', '10', '--out', bad])).toMatch(/give one of --env/);
    expect(await refused(['lob', 'simulate', '--env', 'lob-qr-v9', '--seconds', '10', '--out', bad])).toMatch(/--env must be a generated order flow \(lob-qr-v0, lob-qr-hawkes-v0\), got "lob-qr-v9"/);
    expect(await refused(['lob', 'simulate', '--env', 'lob-qr-v0', '--seconds', '-5', '--out', bad])).toMatch(/--seconds must be a number of seconds > 0, got "-5"/);
    expect(await refused(['lob', 'simulate', '--env', 'lob-qr-v0', '--seconds', '10', '--seed', '1.5', '--out', bad])).toMatch(/--seed must be an integer >= 0, got "1.5"/);
    expect(await refused(['lob', 'simulate', '--env', 'lob-qr-v0', '--seconds', '60000', '--out', bad])).toMatch(/--seconds must be at most 51830, got 60000/);
    expect(await refused(['lob', 'simulate', '--card', join(dir, 'no-card'), '--seconds', '10', '--out', bad])).toMatch(/no-card.*card\.json/);
    expect(existsSync(bad)).toBe(false);
  });
});

describe('execgym lob facts', () => {
  it('prints the stylised facts of a LOBSTER day as JSON, and refuses a bad --tick or span in one line', async () => {
    const data = lobsterLevel5SampleFile();
    const { code, stdout, stderr } = await runMain(['lob', 'facts', '--data', data, '--json']);
    expect(code, stderr).toBe(0);
    const facts = JSON.parse(stdout);
    expect(facts.from).toBe(36_000);
    expect(facts.spreadTicks.mean).toBeGreaterThan(1);
    expect(facts.ratesPerHour.market).toBeGreaterThan(0);
    expect(facts.signAutocorrelation[0].lag).toBe(1);
    expect(await refused(['lob', 'facts', '--data', data, '--tick', '0'])).toMatch(/--tick must be a positive integer.*"0"/);
    expect(await refused(['lob', 'facts', '--data', data, '--from', '36200', '--to', '36100'])).toMatch(/--from must be before --to/);
  });
});
