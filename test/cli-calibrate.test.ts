import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lobsterBarsSampleFile, lobsterLevel5SampleFile, xetraSampleFile } from '../env/data/sample-files.js';
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
