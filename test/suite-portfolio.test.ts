import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { portfolioParams } from '../env/portfolio/registry.js';
import { readPortfolioBenchmark, readPortfolioEpisodes } from '../experiments/io/portfolio-benchmark-dir.js';
import { readRunEpisodes } from '../experiments/io/run-dir.js';
import { benchmarkPortfolioBaselines } from '../experiments/portfolio/portfolio-run-evaluation.js';
import { buildReport } from '../experiments/report/build-report.js';
import { differences, pairedDifference } from '../experiments/stats/paired.js';
import { twoLevelInterval } from '../experiments/stats/two-level.js';
import { headlineMarkdown } from '../experiments/suite/headline.js';
import { portfolioBenchmarkRows, portfolioTrainedResult, type PortfolioTrainedResult } from '../experiments/suite/portfolio-rows.js';
import { PORTFOLIO_TUNED_NOTE } from '../experiments/suite/portfolio-section.js';
import { loadSuite } from '../experiments/suite/run-suite.js';
import { finishSweep, prepareSweep } from '../experiments/sweep/sweep.js';
import type { SweepAggregate } from '../experiments/sweep/aggregate.js';
import { trainRun } from '../experiments/train/train-run.js';
import { learningCheck } from '../experiments/train/learning-check.js';
import { threeNameSpec, tinyPortfolioPpo } from './helpers/tiny-portfolio.js';
import { tempDir } from './helpers/tiny-runs.js';

/** The objectives of `policy` in episode rows, by market seed. */
const objectives = (rows: readonly { policy: string; seed: number; objectiveBps: number }[], policy: string) =>
  Float64Array.from(rows.filter((r) => r.policy === policy).sort((a, b) => a.seed - b.seed), (r) => r.objectiveBps);

describe('the suite on a portfolio env (issue 24): its benchmark, a trained config over seeds, the headline section', () => {
  let sweepDir: string;
  let benchmarkDir: string;
  let runDirs: string[];
  let result: PortfolioTrainedResult;
  let aggregate: SweepAggregate;
  beforeAll(async () => {
    const envPath = threeNameSpec();
    const configPath = join(tempDir(), 'tiny-portfolio-ppo.json');
    writeFileSync(configPath, JSON.stringify(tinyPortfolioPpo(envPath)));
    sweepDir = join(tempDir(), 'runs', 'tiny-portfolio-ppo');
    // The suite's sweep, its two seeds trained in this process instead of worker processes.
    const sweep = prepareSweep({ configPath, seeds: [0, 1], axes: [], outDir: sweepDir });
    for (const run of sweep.pending) await trainRun({ config: run.config, runDir: run.runDir });
    aggregate = finishSweep(sweep);
    runDirs = sweep.plan.runs.map((r) => join(sweepDir, r.dir));
    benchmarkDir = join(tempDir(), 'benchmarks', 'portfolio-three-v0');
    benchmarkPortfolioBaselines(portfolioParams(envPath), 'portfolio-three-v0', { seed: 0, episodes: 60 }, benchmarkDir);
    result = portfolioTrainedResult('tiny-portfolio-ppo', [0, 1], runDirs, benchmarkDir);
  }, 60_000);

  it('the suite benchmark of a portfolio env writes the four baselines and their episodes, which are the runs\' own baseline episodes on the same seeds', () => {
    const summary = readPortfolioBenchmark(benchmarkDir);
    expect(summary.rows.map((r) => r.policy)).toEqual(['optimal', 'ac-per-asset', 'twap', 'vwap']);
    const suiteRows = readPortfolioEpisodes(benchmarkDir, summary)!;
    const runRows = readRunEpisodes(runDirs[0])!;
    // 60 suite episodes cover the run's 40 test seeds; on those seeds the rows are the same numbers (common random numbers).
    expect(objectives(suiteRows, 'ac-per-asset').subarray(0, 40)).toEqual(objectives(runRows, 'ac-per-asset'));
  });

  it('a learned portfolio row is paired against per-asset AC and the joint optimum with the two-level interval over seeds and test episodes', () => {
    const bench = readPortfolioEpisodes(benchmarkDir, readPortfolioBenchmark(benchmarkDir))!;
    const agents = runDirs.map((d) => objectives(readRunEpisodes(d)!, 'tiny-portfolio-ppo'));
    const ac = objectives(bench, 'ac-per-asset').subarray(0, 40);
    const optimal = objectives(bench, 'optimal').subarray(0, 40);
    const c = result.comparison;
    expect(c.episodes).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(c.vsAcBps).toEqual(twoLevelInterval(agents.map((a) => differences(a, ac))));
    expect(c.regretBps).toEqual(twoLevelInterval(agents.map((a) => differences(a, optimal))));
    expect(c.perSeed[1].vsAcBps).toEqual(pairedDifference(agents[1], ac));
    expect(result.learning.every((l) => l !== null)).toBe(true);
    expect(result.selectedSteps).toEqual(result.learning.map((l) => l!.selectedEnvSteps));
    expect(result.envSteps).toBe(960);
    // The sweep's aggregate reads the portfolio runs too: their test IS across seeds.
    expect(aggregate.settings[0].final?.isBps?.mean).toBeCloseTo(result.isBpsMean, 9);
  });

  it('the baseline rows are each paired against per-asset AC on the suite benchmark\'s episodes', () => {
    const b = portfolioBenchmarkRows(benchmarkDir);
    const rows = readPortfolioEpisodes(benchmarkDir, b.summary)!;
    expect(b.vsAcBps.optimal).toEqual(pairedDifference(objectives(rows, 'optimal'), objectives(rows, 'ac-per-asset')));
    expect(Object.keys(b.vsAcBps)).toEqual(['optimal', 'twap', 'vwap']);
  });

  it('the headline has a Portfolio execution section with the baselines, the learned row\'s intervals, the learning check and why no tuned baseline is shown', () => {
    const portfolio = { benchmarks: [portfolioBenchmarkRows(benchmarkDir)], trained: [result] };
    const md = headlineMarkdown('tiny', 'test', [], [], [], { portfolio });
    const section = md.slice(md.indexOf('### Portfolio execution'));
    if (process.env.SHOW_SECTION) console.log(section);
    expect(section).toMatch(/\| portfolio-three-v0 \| optimal \| [\d.]+ \| [\d.]+ \| [\d.]+ \| -?[\d.]+ \[.*\] \| reference \|/);
    const v = result.comparison.vsAcBps!;
    const r = result.comparison.regretBps!;
    const row = section.split('\n').find((l) => l.includes('tiny-portfolio-ppo'))!;
    expect(row).toContain(`${v.mean.toFixed(2)} [${v.low.toFixed(2)}, ${v.high.toFixed(2)}] | ${r.mean.toFixed(2)} [${r.low.toFixed(2)}, ${r.high.toFixed(2)}]`);
    expect(row).toContain(result.selectedSteps.join(' / '));
    expect(section).toContain(PORTFOLIO_TUNED_NOTE);
  });

  it('a portfolio row whose seeds did not beat their initial policy is labelled "did not learn" and said so under the table', () => {
    const initial = [1, 2, 3, 4];
    const notLearned = { ...result, learning: [learningCheck(initial, initial, 0), learningCheck(initial, initial, 0)], selectedSteps: [0, 0] };
    const md = headlineMarkdown('tiny', 'test', [], [], [], { portfolio: { benchmarks: [portfolioBenchmarkRows(benchmarkDir)], trained: [notLearned] } });
    expect(md).toContain('| **tiny-portfolio-ppo** (did not learn) |');
    expect(md).toMatch(/\*\*tiny-portfolio-ppo on portfolio-three-v0 did not learn:\*\* did not learn: seeds 0, 1 of 2/);
  });

  it('the report renders the portfolio sweep and the portfolio benchmark directory', async () => {
    const out = join(tempDir(), 'report.html');
    await buildReport([sweepDir, benchmarkDir], out, ['svg']);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/Portfolio benchmark: portfolio-three-v0/);
    expect(html).toMatch(/Final benchmark of one seed: tiny-portfolio-ppo/);
  });

  it('the shipped quick and full suites benchmark the three portfolio envs and train ppo-portfolio on seeds 0-2 and 0-4', () => {
    for (const [name, seeds] of [['quick', '0-2'], ['full', '0-4']]) {
      const suite = loadSuite(name);
      expect(suite.benchmarks.map((b) => b.env)).toEqual(expect.arrayContaining(['portfolio-ac-v0', 'portfolio-transition-v0', 'portfolio-xetra-sap-sie-alv-bas']));
      expect(suite.trainings).toContainEqual({ config: 'experiments/configs/ppo-portfolio.json', seeds, set: [] });
    }
  });
});
