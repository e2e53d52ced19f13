import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xetraSampleFile } from '../env/data/sample-files.js';
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
