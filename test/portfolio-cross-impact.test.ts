import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { kyleCrossImpactShape, realizedCovariance } from '../env/portfolio/calibration/kyle-cross-impact.js';
import { blockBootstrapRows } from '../env/portfolio/calibration/block-bootstrap.js';
import { makeRng } from '../env/random/rng.js';
import { runMain } from './helpers/cli-in-process.js';
import { cleanupTempDirs, tempDir } from './helpers/temp-dirs.js';

const XETRA = 'env/data/samples/xetra-pds-2018-03-21/xetra_2018-03-21_top10_dax_1min.csv';
const HELD_OUT = '/work/shared/data/xetra-pds-2017-07-28/xetra_2017-07-28_top10_dax_1min.csv';

afterAll(cleanupTempDirs);

/** Lambda from the shape and the diagonal it was normalised by, for the fluctuation-response check. */
function lambdaOf(sigma: Float64Array, omega: number[], m: number): Matrix {
  const D = Matrix.diag(omega);
  const S = new Matrix(Array.from({ length: m }, (_, i) => Array.from(sigma.slice(i * m, (i + 1) * m))));
  const e = new EigenvalueDecomposition(D.mmul(S).mmul(D), { assumeSymmetric: true });
  const root = e.eigenvectorMatrix.mmul(Matrix.diag(e.realEigenvalues.map(Math.sqrt))).mmul(e.eigenvectorMatrix.transpose());
  const Dinv = Matrix.diag(omega.map((w) => 1 / w));
  return Dinv.mmul(root).mmul(Dinv);
}

describe('cross-impact estimation', () => {
  const sigma = Float64Array.from([1.0, 0.3, 0.2, 0.3, 0.64, 0.1, 0.2, 0.1, 2.25]);
  const omega = [1e4, 3e4, 5e3];

  it('the Kyle cross-impact satisfies Lambda Omega Lambda = Sigma and its shape ignores a common scale of the flows', () => {
    const L = lambdaOf(sigma, omega, 3);
    const back = L.mmul(Matrix.diag(omega.map((w) => w * w))).mmul(L).to1DArray();
    back.forEach((v, i) => expect(v).toBeCloseTo(sigma[i], 10));
    const shape = kyleCrossImpactShape(sigma, omega, 3);
    const scaled = kyleCrossImpactShape(sigma, omega.map((w) => 7 * w), 3);
    shape.forEach((v, i) => expect(v).toBeCloseTo(scaled[i], 12));
    expect(shape[0]).toBeCloseTo(1, 12);
  });

  it('uncorrelated prices give no cross-impact (the shape is the identity)', () => {
    const shape = kyleCrossImpactShape(Float64Array.from([1, 0, 0, 4]), [1e4, 2e4], 2);
    expect(Array.from(shape)).toEqual([1, 0, 0, 1]);
  });

  it('realised covariance of all steps is the sum of outer products, and a bootstrap sample of the same steps gives the same', () => {
    const dP = Float64Array.from([1, -2, 0.5, 3, 0.5, -1, 1, 1]);
    const rc = realizedCovariance(dP, 2, 4);
    expect(rc[0]).toBeCloseTo(1 + 4 + 0.25 + 9, 12);
    expect(rc[1]).toBeCloseTo(0.5 + 2 + 0.5 + 3, 12);
    expect(Array.from(realizedCovariance(dP, 2, 4, [0, 1, 2, 3]))).toEqual(Array.from(rc));
  });

  it('the block bootstrap is reproducible by seed and keeps blocks of consecutive steps', () => {
    const a = blockBootstrapRows(makeRng(1, 'b'), 100, 6);
    expect(Array.from(a)).toEqual(Array.from(blockBootstrapRows(makeRng(1, 'b'), 100, 6)));
    expect(a[1] - a[0]).toBe(1);
    expect(Math.max(...a)).toBeLessThan(100);
  });

  it('calibrate --format xetra --symbols writes a card with intervals, a held-out check and a portfolio spec the optimum solves', async () => {
    const out = join(tempDir(), 'card');
    const args = ['calibrate', '--format', 'xetra', '--data', XETRA, '--symbols', 'SAP,SIE,BAS', '--sides', 'sell,buy,sell', '--out', out];
    if (existsSync(HELD_OUT)) args.push('--held-out', HELD_OUT);
    const run = await runMain(args);
    expect(run.code, run.stderr).toBe(0);
    const card = JSON.parse(readFileSync(join(out, 'card.json'), 'utf8'));
    expect(card.crossImpactShape).toHaveLength(3);
    for (const c of card.crossImpactShape) expect(c.ci95[0]).toBeLessThanOrEqual(c.value);
    if (existsSync(HELD_OUT)) expect(card.heldOut.crossImpactShapeCovered).toMatch(/of 3/);
    expect(readFileSync(join(out, 'card.md'), 'utf8')).toContain('What 1-minute bars without trade signs can identify');
    const optimal = await runMain(['optimal', '--env', join(out, 'spec.json'), '--json']);
    expect(optimal.code, optimal.stderr).toBe(0);
    const o = JSON.parse(optimal.stdout);
    expect(o.exact).toBe(true);
    expect(o.sides).toEqual(['sell', 'buy', 'sell']);
    expect(o.holdings).toHaveLength(3);
  });

  it('calibrate --symbols rejects one symbol, an unknown one and a non-xetra format in one line', async () => {
    const out = join(tempDir(), 'bad');
    for (const [args, message] of [
      [['--format', 'xetra', '--symbols', 'SAP'], /at least 2 symbols/],
      [['--format', 'xetra', '--symbols', 'SAP,XXX'], /no rows for symbol "XXX"/],
      [['--format', 'bars', '--symbols', 'SAP,SIE'], /needs --format xetra/],
      [['--format', 'xetra', '--symbols', 'SAP,SIE', '--sides', 'sell,hold'], /--sides must list sell or buy/],
    ] as const) {
      const run = await runMain(['calibrate', '--data', XETRA, ...args, '--out', out]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.split('\n').filter((l) => l.trim() !== '')).toHaveLength(1);
    }
  });
});

describe('execgym optimal and benchmark on portfolio envs', () => {
  it('optimal --env portfolio-ac-v0 --json gives the m x (N + 1) holdings, objective, E[IS], risk penalty, exact', async () => {
    const run = await runMain(['optimal', '--env', 'portfolio-ac-v0', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const o = JSON.parse(run.stdout);
    expect(o.exact).toBe(true);
    expect(o.holdings).toHaveLength(4);
    expect(o.holdings[0]).toHaveLength(21);
    expect(o.objectiveBps).toBeCloseTo(o.expectedCostBps + o.riskPenaltyBps, 12);
    for (const b of Object.values(o.baselines) as { objectiveBps: number }[]) expect(b.objectiveBps).toBeGreaterThan(o.objectiveBps);
  });

  it('benchmark --env portfolio-transition-v0 pairs every baseline against the optimum', async () => {
    const run = await runMain(['benchmark', '--env', 'portfolio-transition-v0', '--episodes', '200', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const b = JSON.parse(run.stdout);
    expect(b.rows.map((r: { policy: string }) => r.policy)).toEqual(['optimal', 'twap', 'vwap', 'ac-per-asset']);
    expect(b.rows[1].vsReferenceBps.n).toBe(200);
  });
});
