import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lobsterBarsSampleFile, lobsterLevel5LongSampleFile, lobsterLevel5SampleFile, xetraSampleFile } from '../env/data/sample-files.js';
import { resolveSpec } from '../env/registry.js';
import { runCli } from './helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'execgym-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ESTIMATES = ['sigma', 'S0', 'dailyVolume', 'halfSpread', 'volumeNoise', 'eta', 'beta', 'gamma'];

describe('execgym calibrate on the shipped Xetra sample', () => {
  const out = join(dir, 'sap');
  const run = runCli(['calibrate', '--data', xetraSampleFile(), '--format', 'xetra', '--symbol', 'SAP', '--step', '5m', '--out', out]);

  it('exits 0 and writes a spec that loads as an env', () => {
    expect(run.stderr).toMatch(/wrote/);
    expect(run.code).toBe(0);
    const spec = resolveSpec(join(out, 'spec.json'));
    expect(spec.horizon.N).toBe(102); // 08:00-16:30 UTC in 5-minute steps
    expect(spec.price.sigma).toBeGreaterThan(0);
  });

  it('writes a card whose estimates are all present, finite and say what they are', () => {
    const card = JSON.parse(readFileSync(join(out, 'card.json'), 'utf8'));
    expect(card.symbol).toBe('SAP');
    expect(card.source.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.sample.dates.from).toBe('2018-03-21');
    expect(card.sample.rowsRead).toBeGreaterThan(400);
    for (const key of ESTIMATES) {
      const e = card.estimates[key];
      expect(Number.isFinite(e.value), key).toBe(true);
      expect(['estimate', 'prior'], key).toContain(e.kind);
      expect(e.method.length, key).toBeGreaterThan(10);
      if (e.kind === 'prior') expect(e.source, key).toMatch(/\(\d{4}\)/);
      else expect(e.ci95.every(Number.isFinite) || Number.isFinite(e.se), key).toBe(true);
    }
    // Bars carry no quotes and no trade signs: the half-spread is Corwin–Schultz, impact priors.
    expect(card.estimates.halfSpread.method).toMatch(/Corwin/);
    expect(card.estimates.gamma.kind).toBe('prior');
    expect(readFileSync(join(out, 'card.md'), 'utf8')).toMatch(/read every "\$" below .* as EUR/);
    // The AC replay check ran on the afternoon's 30-minute windows (16 windows in the day, 8 held out).
    const replay = card.diagnostics.heldOut.replay;
    expect(replay.windows).toHaveLength(8);
    expect(replay.windows.every((w: { symbol: string; isBps: number }) => w.symbol === 'SAP' && Number.isFinite(w.isBps))).toBe(true);
    expect(replay.predicted.sdBps).toBeGreaterThan(0);
    expect(Number.isFinite(replay.z)).toBe(true);
  });

  it('refuses a file of several symbols without --symbol, and a step off the bar grid, in one line with exit 2', () => {
    const many = runCli(['calibrate', '--data', xetraSampleFile(), '--format', 'xetra', '--out', join(dir, 'x')]);
    expect(many.code).toBe(2);
    expect(many.stderr.trim()).toMatch(/^execgym: --symbol: the data holds 10 symbols \(.*\); name one$/);
    const step = runCli(['calibrate', '--data', xetraSampleFile(), '--format', 'xetra', '--symbol', 'SAP', '--step', '90s', '--out', join(dir, 'y')]);
    expect(step.code).toBe(2);
    expect(step.stderr.trim()).toBe("execgym: --step: must be a whole multiple of the data's 60-second bars, got 90 s");
    const regimes = runCli(['calibrate', '--data', xetraSampleFile(), '--format', 'xetra', '--symbol', 'SAP', '--regimes', 'many', '--out', join(dir, 'z')]);
    expect(regimes.code).toBe(2);
    expect(regimes.stderr.trim()).toBe('execgym: --regimes must be auto or an integer 1..5, got "many"');
  });
});

describe('execgym calibrate on the shipped LOBSTER extracts', () => {
  it('calibrates AAPL from its 10-second bars with quotes and signed volume: time-weighted spread, Kyle gamma, a loadable spec', () => {
    const out = join(dir, 'aapl');
    const run = runCli(['calibrate', '--data', lobsterBarsSampleFile('AAPL'), '--format', 'bars', '--symbol', 'AAPL', '--out', out]);
    expect(run.code).toBe(0);
    const card = JSON.parse(readFileSync(join(out, 'card.json'), 'utf8'));
    expect(card.estimates.halfSpread.method).toMatch(/time-weighted/);
    expect(card.estimates.gamma.kind).toBe('estimate');
    expect(card.estimates.gamma.method).toMatch(/Kyle/);
    for (const key of ESTIMATES) expect(Number.isFinite(card.estimates[key].value), key).toBe(true);
    expect(resolveSpec(join(out, 'spec.json')).horizon.N).toBe(78); // 09:30-16:00 in 5-minute steps
  });

  it('refuses the 5-minute level-5 slice as a trading day, in one line with exit 2', () => {
    const run = runCli(['calibrate', '--data', lobsterLevel5SampleFile(), '--format', 'lobster', '--step', '30s', '--out', join(dir, 'slice')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('execgym: calibrate: the data spans 300 s of 2012-06-21; a card needs at least 2 hours of a session (sigma, the volume profile and the daily volume are per trading day)');
  });
});

describe('execgym calibrate: --data DIR, symbols and card wording (issue 26)', () => {
  const long = lobsterLevel5LongSampleFile();
  const pair = (folder: string, symbol: string) => {
    mkdirSync(folder, { recursive: true });
    for (const kind of ['message', 'orderbook']) copyFileSync(long.replace('_message_', `_${kind}_`), join(folder, basename(long).replace('_message_', `_${kind}_`).replace(/^AMZN/, symbol)));
  };

  it("takes AAPL's LOBSTER pair from a folder that also holds other tickers' files, and from one holding only that pair", () => {
    const mixed = join(dir, 'lobster-mixed');
    pair(mixed, 'AAPL');
    pair(mixed, 'AMZN');
    copyFileSync(lobsterBarsSampleFile('GOOG'), join(mixed, basename(lobsterBarsSampleFile('GOOG'))));
    const run = runCli(['calibrate', '--data', mixed, '--format', 'lobster', '--symbol', 'AAPL', '--regimes', '1', '--step', '15m', '--out', join(dir, 'mixed-out')]);
    expect(run.stderr).toMatch(/wrote/);
    expect(run.code).toBe(0);
    const card = JSON.parse(readFileSync(join(dir, 'mixed-out', 'card.json'), 'utf8'));
    expect(card.symbol).toBe('AAPL');
    expect(card.source.files.map((f: { name: string }) => f.name)).toEqual(['AAPL_2012-06-21_36000000_46800000_message_5.csv.gz', 'AAPL_2012-06-21_36000000_46800000_orderbook_5.csv.gz']);
    expect(readFileSync(join(dir, 'mixed-out', 'card.md'), 'utf8')).toMatch(/bars of 1 s from LOBSTER/);

    const only = join(dir, 'lobster-only');
    pair(only, 'AAPL');
    const alone = runCli(['calibrate', '--data', only, '--format', 'lobster', '--regimes', '1', '--step', '15m', '--out', join(dir, 'only-out')]);
    expect(alone.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'only-out', 'card.json'), 'utf8')).symbol).toBe('AAPL');
  });

  it('refuses a folder without the symbol, or with two tickers and no --symbol, and an empty --symbol, in one line with exit 2', () => {
    const mixed = join(dir, 'lobster-mixed');
    const none = runCli(['calibrate', '--data', mixed, '--format', 'lobster', '--symbol', 'MSFT', '--out', join(dir, 'no')]);
    expect([none.code, none.stderr.trim()]).toEqual([2, `execgym: data: the folder ${mixed} holds LOBSTER files of AAPL, AMZN, none of "MSFT"`]);
    const two = runCli(['calibrate', '--data', mixed, '--format', 'lobster', '--out', join(dir, 'no')]);
    expect([two.code, two.stderr.trim()]).toEqual([2, `execgym: --symbol: the folder ${mixed} holds LOBSTER files of 2 tickers (AAPL, AMZN); name one`]);
    const empty = runCli(['calibrate', '--data', lobsterBarsSampleFile('AAPL'), '--format', 'bars', '--symbol', '', '--out', join(dir, 'no')]);
    expect([empty.code, empty.stderr.trim()]).toEqual([2, 'execgym: --symbol: must name a symbol, got ""']);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('refuses a LOBSTER day too short for the held-out check at the step asked, in one line instead of exit 70', () => {
    const run = runCli(['calibrate', '--data', long, '--format', 'lobster', '--step', '45m', '--out', join(dir, 'short')]);
    expect([run.code, run.stderr.trim()]).toEqual([2, 'execgym: --step: 2700 s leaves 2 steps in each half of the 1-day sample; the held-out check fits the volume profile to the first half and needs at least 3: use a shorter --step']);
  });

  it('takes a bars file without a symbol column as --symbol ZORB\'s, says so in the card, and still runs the held-out replay check', () => {
    const out = join(dir, 'zorb');
    const run = runCli(['calibrate', '--data', lobsterBarsSampleFile('AAPL'), '--format', 'bars', '--symbol', 'ZORB', '--regimes', '1', '--out', out]);
    expect(run.code).toBe(0);
    const card = JSON.parse(readFileSync(join(out, 'card.json'), 'utf8'));
    expect(card.symbol).toBe('ZORB');
    expect(card.sample.note).toBe("the file has no symbol column: its bars were taken as ZORB's (--symbol)");
    expect(card.diagnostics.heldOut.notDone).toBe('nothing');
    expect(card.diagnostics.heldOut.replay.windows.length).toBeGreaterThan(0);
    const md = readFileSync(join(out, 'card.md'), 'utf8');
    expect(md).toMatch(/bars of 10 s from a bars CSV/);
    expect(md).not.toMatch(/bars bars|not done: nothing/);
    expect(md).toMatch(/- every part of the check ran/);
    expect(md).toMatch(/## Sample\n\n- the file has no symbol column: its bars were taken as ZORB's \(--symbol\)\n/);
  });
});
