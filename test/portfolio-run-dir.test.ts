import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { portfolioBenchmarkPaths } from '../experiments/io/portfolio-benchmark-dir.js';
import { readRunEpisodes, readRunPortfolioBenchmark, RUN_SUMMARY_FILES } from '../experiments/io/run-dir.js';
import { buildReport } from '../experiments/report/build-report.js';
import { reproduceRun } from '../experiments/train/reproduce.js';
import { trainRun } from '../experiments/train/train-run.js';
import { runMain } from './helpers/cli-in-process.js';
import { threeNameSpec, tinyPortfolioPpo } from './helpers/tiny-portfolio.js';
import { tempDir } from './helpers/tiny-runs.js';

describe('a portfolio run directory (issue 24) works with reproduce, report and run:DIR', () => {
  let envPath: string;
  let runDir: string;
  beforeAll(async () => {
    envPath = threeNameSpec();
    runDir = join(tempDir(), 'run');
    await trainRun({ config: tinyPortfolioPpo(envPath), runDir });
  });

  it('the run writes its portfolio episodes, one row per policy and test episode, which readRunEpisodes returns', () => {
    const summary = readRunPortfolioBenchmark(runDir)!;
    const episodes = readRunEpisodes(runDir)!;
    expect(episodes).toHaveLength(5 * 40);
    const agent = episodes.filter((e) => e.policy === 'tiny-portfolio-ppo');
    expect(agent.map((e) => e.seed)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const mean = agent.reduce((a, e) => a + e.objectiveBps, 0) / agent.length;
    expect(mean).toBeCloseTo(summary.rows.find((r) => r.policy === 'tiny-portfolio-ppo')!.objectiveBps.mean, 9);
    expect(RUN_SUMMARY_FILES).toContain('benchmark/portfolio-summary.json');
  });

  it('reproduce retrains it and finds the learning curve, policy files and portfolio summary identical bit for bit', async () => {
    const report = await reproduceRun(runDir);
    expect(report.differences).toEqual([]);
    expect(report.identical && report.ok).toBe(true);
  });

  it('reproduce reports an edited portfolio summary as a difference, naming the file', async () => {
    const copy = join(tempDir(), 'edited');
    await trainRun({ config: tinyPortfolioPpo(envPath), runDir: copy });
    const path = portfolioBenchmarkPaths(join(copy, 'benchmark')).summary;
    const summary = JSON.parse(readFileSync(path, 'utf8'));
    summary.rows.at(-1).objectiveBps.mean += 1;
    writeFileSync(path, JSON.stringify(summary));
    const report = await reproduceRun(copy);
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual([expect.stringMatching(/^benchmark portfolio-summary\.json differs: test objective of tiny-portfolio-ppo recorded /)]);
  });

  it('execgym benchmark --policies run:DIR on the portfolio scores the trained agent exactly as its own final benchmark did on the same seeds', async () => {
    const { code, stdout } = await runMain(['benchmark', '--env', envPath, '--policies', `run:${runDir},ac-per-asset`, '--episodes', '40', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout).rows as { policy: string; objectiveBps: { mean: number } }[];
    expect(rows.map((r) => r.policy)).toEqual(['run:run', 'ac-per-asset']);
    const recorded = readRunPortfolioBenchmark(runDir)!.rows;
    expect(rows[0].objectiveBps.mean).toBe(recorded.find((r) => r.policy === 'tiny-portfolio-ppo')!.objectiveBps.mean);
    expect(rows[1].objectiveBps.mean).toBe(recorded.find((r) => r.policy === 'ac-per-asset')!.objectiveBps.mean);
  });

  it('run:DIR on a portfolio with other names is a one-line error naming both observations', async () => {
    const { code, stderr } = await runMain(['benchmark', '--env', 'portfolio-ac-v0', '--policies', `run:${runDir}`, '--episodes', '10']);
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^execgym: run:run was trained on observation \[time_left, inventory_SAP, inventory_SIE, inventory_ALV, .*\] but this portfolio observes \[.*inventory_BAS/)]);
  });

  it('execgym report on the run shows its learning curve and the portfolio benchmark table', async () => {
    const out = join(tempDir(), 'report.html');
    await buildReport([runDir], out, ['svg']);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/Learning curve: tiny-portfolio-ppo/);
    expect(html).toMatch(/Portfolio benchmark on portfolio-three-v0/);
    expect(html).toMatch(/tiny-portfolio-ppo minus per-asset AC, paired: /);
  });
});
