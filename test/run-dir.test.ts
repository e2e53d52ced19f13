import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasBenchmark, readBenchmarkSummary } from '../experiments/io/benchmark-dir.js';
import { readCard } from '../experiments/io/card-dir.js';
import { hasRun, readCurve, readManifest, readRunBenchmark, readRunPortfolioBenchmark, readTransfer, runPaths } from '../experiments/io/run-dir.js';
import { readSweepAggregate, sweepAggregatePath } from '../experiments/io/sweep-dir.js';
import { buildReport } from '../experiments/report/build-report.js';
import { reproduceRun } from '../experiments/train/reproduce.js';
import { modelDirFor } from '../experiments/train/run-policy.js';
import { trainRun } from '../experiments/train/train-run.js';
import { tempDir, tinyPpo } from './helpers/tiny-runs.js';

const RESULTS = new URL('../results/', import.meta.url).pathname;

/** Every directory under `root` (itself included). */
function dirsUnder(root: string): string[] {
  return [root, ...readdirSync(root).flatMap((name) => (statSync(join(root, name)).isDirectory() ? dirsUnder(join(root, name)) : []))];
}

/** The message a call throws, or '' when it does not. */
function thrown(call: () => unknown): string {
  try {
    call();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the run directory module', () => {
  it('reads every manifest, learning curve, summary and aggregate that results/ commits', () => {
    let runs = 0;
    let benchmarks = 0;
    for (const dir of dirsUnder(RESULTS)) {
      if (hasRun(dir)) {
        expect(readManifest(dir).result?.completed).toBe(true);
        expect(readCurve(dir).rows.length).toBeGreaterThan(0);
        // A portfolio run's final benchmark is its portfolio summary (issue 24).
        expect(readRunBenchmark(dir) ?? readRunPortfolioBenchmark(dir)).not.toBeNull();
        readTransfer(dir);
        runs++;
      } else if (hasBenchmark(dir)) {
        expect(readBenchmarkSummary(dir).policies.length).toBeGreaterThan(0);
        benchmarks++;
      }
      if (existsSync(sweepAggregatePath(dir))) expect(readSweepAggregate(dir).settings.length).toBeGreaterThan(0);
    }
    expect(runs).toBeGreaterThanOrEqual(48);
    expect(benchmarks).toBeGreaterThanOrEqual(9);
  });

  describe('damaged files are a one-line error naming the file and the field', () => {
    const dir = tempDir();
    const run = join(dir, 'run');
    beforeAll(() => cpSync(join(RESULTS, 'runs', 'ppo-ac-linear', readdirSync(join(RESULTS, 'runs', 'ppo-ac-linear')).find((d) => !d.includes('.'))!, 'seed-0'), run, { recursive: true }));
    const damage = (file: string, text: string) => {
      const original = readFileSync(file);
      writeFileSync(file, text);
      return () => writeFileSync(file, original);
    };

    it('a zero-byte manifest.json', () => {
      const restore = damage(runPaths(run).manifest, '');
      expect(thrown(() => readManifest(run))).toMatch(/manifest\.json.*the file is empty/);
      restore();
    });

    it('a manifest.json whose result has a number for its weights hash', () => {
      const manifest = JSON.parse(readFileSync(runPaths(run).manifest, 'utf8'));
      const restore = damage(runPaths(run).manifest, JSON.stringify({ ...manifest, result: { ...manifest.result, weightsHash: 3 } }));
      const message = thrown(() => readManifest(run));
      expect(message).toMatch(/manifest\.json/);
      expect(message).toMatch(/result\.weightsHash/);
      expect(message.split('\n')).toHaveLength(1);
      restore();
    });

    it('a garbage learning curve, a zero-byte one, and a summary with null for a mean', () => {
      const curve = readFileSync(runPaths(run).curve, 'utf8').split('\n');
      const header = curve[0].split(',');
      const row = curve[1].split(',');
      row[header.indexOf('eval_objective_bps_mean')] = 'abc';
      let restore = damage(runPaths(run).curve, `${[curve[0], row.join(','), ...curve.slice(2)].join('\n')}`);
      expect(thrown(() => readCurve(run))).toMatch(/learning_curve\.csv" row 2 column eval_objective_bps_mean: expected a number, got "abc"/);
      restore();
      restore = damage(runPaths(run).curve, '');
      expect(thrown(() => readCurve(run))).toMatch(/learning_curve\.csv" is empty/);
      restore();
      const summaryPath = join(runPaths(run).benchmark, 'summary.json');
      const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
      summary.policies[1].objectiveBps.mean = null;
      restore = damage(summaryPath, JSON.stringify(summary));
      expect(thrown(() => readRunBenchmark(run))).toMatch(/summary\.json": field\.policies\.1\.objectiveBps\.mean/);
      restore();
    });

    it('a damaged market card (report used to crash in a chart)', () => {
      const card = join(dir, 'card');
      // A shipped twin's directory is a calibrate directory (card.json beside spec.json).
      cpSync(new URL('../env/specs/twins/xetra-twin-v0', import.meta.url).pathname, card, { recursive: true });
      expect(readCard(card).symbol).toBeTruthy();
      const parsed = JSON.parse(readFileSync(join(card, 'card.json'), 'utf8'));
      delete parsed.diagnostics.signature;
      writeFileSync(join(card, 'card.json'), JSON.stringify(parsed));
      expect(thrown(() => readCard(card))).toMatch(/card\.json": field\.diagnostics\.signature/);
    });
  });

  it('report renders results/ run directories (no episodes.csv there) and draws no NaN for a learning curve without rows', async () => {
    const dir = tempDir();
    const sweep = join(RESULTS, 'runs', 'ppo-ac-linear');
    const run = join(dir, 'run');
    const setting = readdirSync(sweep).find((d) => !d.includes('.'))!;
    cpSync(join(sweep, setting, 'seed-0'), run, { recursive: true });
    writeFileSync(runPaths(run).curve, `${readFileSync(runPaths(run).curve, 'utf8').split('\n')[0]}\n`);
    const report = await buildReport([join(sweep, setting, 'seed-1'), run], join(dir, 'out', 'report.html'), ['svg']);
    expect(report.figures.length).toBeGreaterThan(0);
    for (const figure of report.figures) expect(readFileSync(figure, 'utf8')).not.toMatch(/NaN/);
    expect(readFileSync(report.html, 'utf8')).toMatch(/No learning-curve row has an evaluation objective yet/);
  }, 120_000);
});

describe('a run records and checks every file its policy is rebuilt from', () => {
  const dir = tempDir();
  const run = join(dir, 'run');
  beforeAll(async () => {
    await trainRun({ config: tinyPpo({ train: { steps: 1000 }, evaluation: { every: 1000, validation: { episodes: 20 }, test: { episodes: 20 } } }), runDir: run, backend: 'cpu' });
  }, 120_000);

  const copy = (name: string) => {
    const to = join(dir, name);
    rmSync(to, { recursive: true, force: true });
    cpSync(run, to, { recursive: true });
    return to;
  };

  it('the manifest hashes the weights and model.json (which holds the observation statistics)', () => {
    expect(Object.keys(readManifest(run).result!.policyFiles!).sort()).toEqual(['model.json', 'model.weights.bin']);
  });

  it('benchmark run:DIR and reproduce refuse a model.json whose normalisation statistics were edited, naming the file', async () => {
    const edited = copy('edited');
    const path = join(runPaths(edited).policy, 'model.json');
    const model = JSON.parse(readFileSync(path, 'utf8'));
    model.modelTopology.obsNorm.mean[0] += 1;
    writeFileSync(path, JSON.stringify(model));
    expect(thrown(() => modelDirFor(edited))).toMatch(/policy\/model\.json" is not the file the run wrote/);
    await expect(reproduceRun(edited)).rejects.toThrow(/policy\/model\.json" is not the file the run wrote/);
    writeFileSync(path, '{"garbage');
    await expect(reproduceRun(edited)).rejects.toThrow(/model\.json" is not the file the run wrote/);
  });

  it('an old manifest (weights hash only) with edited statistics is not called identical', async () => {
    const old = copy('old');
    const manifest = readManifest(old);
    const { policyFiles: _, ...result } = manifest.result!;
    writeFileSync(runPaths(old).manifest, JSON.stringify({ ...manifest, result }));
    const path = join(runPaths(old).policy, 'model.json');
    const model = JSON.parse(readFileSync(path, 'utf8'));
    model.modelTopology.obsNorm.mean[0] += 1;
    writeFileSync(path, JSON.stringify(model));
    const report = await reproduceRun(old, { backend: 'cpu' });
    expect(report.identical).toBe(false);
    expect(report.differences.join('\n')).toMatch(/policy\/model\.json: recorded sha256/);
  }, 120_000);

  it('reproduce of a run without its policy files (as results/ commits it) says which are missing and compares with the recorded hashes', async () => {
    const bare = copy('bare');
    rmSync(runPaths(bare).policy, { recursive: true });
    expect(thrown(() => modelDirFor(bare))).toMatch(/policy\/model\.(json|weights\.bin)" is missing/);
    const report = await reproduceRun(bare, { backend: 'cpu' });
    expect(report.notes.join('\n')).toMatch(/model\.weights\.bin" is missing/);
    expect(report.notes.join('\n')).toMatch(/model\.json" is missing/);
    expect(report.identical).toBe(true);
  }, 120_000);
});
