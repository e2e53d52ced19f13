import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xetraSampleFile } from '../env/data/sample-files.js';
import { runCalibrate } from '../experiments/calibrate/run-calibrate.js';
import { buildReport } from '../experiments/report/build-report.js';

const dir = mkdtempSync(join(tmpdir(), 'execgym-card-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the report of a market card', () => {
  it('draws the volume profile, signature plot, regime posterior and held-out charts with the estimates table', async () => {
    const cardDir = join(dir, 'dbk');
    // DBK on the sample day: BIC picks two regimes (a calm morning, a busy afternoon).
    runCalibrate({ data: xetraSampleFile(), format: 'xetra', symbol: 'DBK', stepSeconds: 300, regimes: 'auto', seed: 0, shares: undefined, riskAversion: 1e-6, profile: 'u-shape', outDir: cardDir });
    const out = join(dir, 'report.html');
    const result = await buildReport([cardDir], out, ['svg', 'vl.json']);
    const names = result.figures.map((f) => f.split('/').pop());
    for (const chart of ['volume-profile', 'signature', 'regimes', 'held-out']) expect(names).toContain(`1-dbk-${chart}.svg`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/Market card: DBK 2018-03-21/);
    expect(html).toMatch(/Corwin–Schultz/);
    const spec = JSON.parse(readFileSync(result.figures.find((f) => f.endsWith('signature.vl.json'))!, 'utf8'));
    expect(spec.data.values.length).toBeGreaterThan(4);
    expect(existsSync(join(cardDir, 'card.md'))).toBe(true);
  });
});
