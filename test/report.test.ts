import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS } from '../experiments/report/screenshot.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tiny-runs.js';
import { writeTinyConfig } from './helpers/tiny-sweep-config.js';

// Debian's chromium (.ci/run installs it); playwright-core downloads no browser of its own.

describe('execgym report', () => {
  const dir = tempDir();
  const html = join(dir, 'report.html');

  beforeAll(() => {
    const config = writeTinyConfig(dir);
    expect(runCli(['sweep', config, '--seeds', '0-1', '--workers', '2', '--out', join(dir, 'sweep')]).code).toBe(0);
    expect(runCli(['benchmark', '--env', 'regime-observed-v0', '--episodes', '300', '--out', join(dir, 'bench')]).code).toBe(0);
    const report = runCli(['report', join(dir, 'sweep'), join(dir, 'sweep', 'base', 'seed-0'), join(dir, 'bench'), '--out', html]);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
  });

  it("the sweep's section says, for each seed, what its learning check found (learned or did not learn, with the selected step)", () => {
    const page = readFileSync(html, 'utf8');
    for (const seed of ['seed-0', 'seed-1']) expect(page).toMatch(new RegExp(`base/${seed}: (learned|did not learn): selected step \\d+, selected − initial policy on validation`));
  });

  it('writes every chart as SVG, PNG and a re-renderable vega-lite spec with its data', () => {
    const figures = join(dir, 'report-figures');
    for (const chart of ['1-sweep-learning-curves', '2-seed-0-learning-curve', '3-bench-costs', '3-bench-frontier', '3-bench-trajectories']) {
      for (const ext of ['svg', 'png', 'vl.json']) expect(statSync(join(figures, `${chart}.${ext}`)).size).toBeGreaterThan(1000);
      const spec = JSON.parse(readFileSync(join(figures, `${chart}.vl.json`), 'utf8'));
      expect(JSON.stringify(spec)).toMatch(/"values":\[\{/);
    }
  });

  it('opens in headless Chromium with every chart drawn, no console errors and no network', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`network request ${r.url()}`));
      await page.goto(pathToFileURL(html).href);
      const charts = await page.$$eval('figure[data-chart]', (figures) =>
        figures.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return { name: f.getAttribute('data-chart'), marks: svg?.querySelectorAll('path, rect, line, circle').length ?? 0, width: box?.width ?? 0, height: box?.height ?? 0 };
        }),
      );
      expect(charts.map((c) => c.name)).toEqual(expect.arrayContaining(['1-sweep-learning-curves', '3-bench-costs', '3-bench-frontier', '3-bench-trajectories']));
      for (const c of charts) {
        expect(c.marks, `${c.name} has no marks`).toBeGreaterThan(10);
        expect(c.width * c.height, `${c.name} has no area`).toBeGreaterThan(100 * 100);
      }
      expect(await page.locator('table').count()).toBeGreaterThanOrEqual(2);
      expect(await page.textContent('body')).toMatch(/observation includes the true regime \(regimeInfo: oracle\)/);
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(statSync(join(dir, 'report.png')).size).toBeGreaterThan(20_000);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
