import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExecutionEnv } from '../env/check/check-execution-env.js';
import { compileEnv } from '../env/core/compile-env.js';
import { UserError } from '../env/errors/errors.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { make, registeredIds, resolveSpec } from '../env/registry.js';
import { runCalibrateTwin } from '../experiments/calibrate/run-twin.js';
import { runConfigSchema } from '../experiments/run-config/run-config.js';
import { transferEnv } from '../experiments/run-config/transfer-env.js';
import { readCsv } from '../experiments/io/read-csv.js';
import { headlineMarkdown } from '../experiments/suite/headline.js';
import { simToRealTable } from '../experiments/benchmark/sim-to-real-table.js';
import type { TrainedComparison } from '../experiments/suite/paired-rows.js';
import type { SweepAggregate } from '../experiments/sweep/aggregate.js';
import { readTransferRun, simToReal, type TransferRun } from '../experiments/benchmark/sim-to-real.js';
import { clusteredMeanInterval } from '../experiments/stats/cluster-robust.js';
import { differences, Z95 } from '../experiments/stats/paired.js';
import { sampleStats } from '../experiments/stats/sample-stats.js';
import { acrossSeeds, t975 } from '../experiments/stats/t-interval.js';
import { twoLevelInterval } from '../experiments/stats/two-level.js';
import { trainRun } from '../experiments/train/train-run.js';
import { runMain } from './helpers/cli-in-process.js';
import { tempDir } from './helpers/tiny-runs.js';
import pkg from '../package.json' with { type: 'json' };

const TWINS = [
  { twin: 'xetra-twin-v0', replay: 'xetra-replay-v0' },
  { twin: 'xetra-twin-2017-07-28-v0', replay: 'xetra-replay-2017-07-28-v0' },
  { twin: 'lobster-twin-v0', replay: 'lobster-replay-v0' },
];

describe('the calibrated twins', () => {
  it('are registered, pass the env checker, and pose their replay\'s problem in its units', () => {
    for (const { twin, replay } of TWINS) {
      expect(registeredIds()).toContain(twin);
      checkExecutionEnv(make(twin));
      const t = resolveSpec(twin);
      const r = resolveSpec(replay);
      expect(t.horizon).toEqual(r.horizon);
      expect(t.order).toEqual(r.order);
      expect(t.action).toEqual(r.action);
      expect(t.price.S0).toBe(r.price.S0);
      expect(t.volume.daily).toBe(r.volume.daily);
      // The transfer env is the replay with the twin's costs: it compiles and passes the checker too.
      const transfer = transferEnv(compileEnv(t), replay, 'test');
      expect(transfer.spec.impact).toEqual(t.impact);
      checkExecutionEnv(new ExecutionEnv(transfer));
    }
  });

  it('are what `npm run twins` writes: re-running calibrate on the shipped samples gives the shipped files, number for number', () => {
    // The commands are read from the npm script itself, so the script and the shipped files cannot drift apart.
    const commands = [...pkg.scripts.twins.matchAll(/--twin-of (\S+) --step (\d+)m --out (\S+)/g)];
    expect(commands.map((c) => c[1])).toEqual(TWINS.map((t) => t.replay));
    for (const [, replay, minutes, out] of commands) {
      const dir = tempDir();
      runCalibrateTwin({ replay, stepSeconds: Number(minutes) * 60, regimes: 'auto', seed: 0, outDir: dir });
      for (const file of ['spec.json', 'card.json', 'twin.json']) {
        expect(JSON.parse(readFileSync(join(dir, file), 'utf8')), `${out}/${file}`).toEqual(JSON.parse(readFileSync(join(out, file), 'utf8')));
      }
      expect(readFileSync(join(dir, 'card.md'), 'utf8')).toBe(readFileSync(join(out, 'card.md'), 'utf8'));
    }
  }, 120_000);

  it("twin.json's AC check: the twin's predicted AC cost and the replay's realised one agree within the replay's spread", () => {
    for (const { twin } of TWINS) {
      const record = JSON.parse(readFileSync(`env/specs/twins/${twin}/twin.json`, 'utf8'));
      const { twin: predicted, replay } = record.acCheck;
      // Same problem, same units: the realised mean is within 3 replay standard errors plus the twin's own se.
      expect(Math.abs(replay.objectiveBps.mean - predicted.objectiveBps.mean)).toBeLessThan(3 * Math.hypot(replay.objectiveBps.se, predicted.objectiveBps.se));
      expect(Object.keys(record.sources)).toEqual(expect.arrayContaining(['price.sigma', 'impact.epsilon', 'impact.eta', 'impact.gamma', 'volume.noise']));
    }
  });
});

describe('transfer evaluation', () => {
  it('an env whose observation differs is a one-line error naming the field and both spaces', () => {
    const belief = compileEnv(resolveSpec('xetra-twin-v0', { regimeInfo: 'belief' }));
    expect(() => transferEnv(belief, 'xetra-replay-v0', 'config.evaluation.transfer.env')).toThrow(UserError);
    expect(() => transferEnv(belief, 'xetra-replay-v0', 'config.evaluation.transfer.env')).toThrow(/^config\.evaluation\.transfer\.env: "xetra-replay-v0" does not pose the problem xetra-twin-v0 was trained on: observation space \[.*"belief_low-vol".*\] vs \[.*\]$/);
    expect(() => transferEnv(compileEnv(resolveSpec('xetra-twin-v0')), 'lobster-replay-v0', 'f')).toThrow(/horizon/);
    expect(() => transferEnv(compileEnv(resolveSpec('xetra-twin-v0')), 'no-such-env', 'f')).toThrow(/^f: env: unknown id "no-such-env"/);
  });

  it('`execgym train` refuses a transfer env of another problem before training, with exit code 2 and one line', async () => {
    const dir = tempDir();
    const config = join(dir, 'bad.json');
    const base = JSON.parse(readFileSync('experiments/configs/ppo-xetra-twin.json', 'utf8'));
    const text = JSON.stringify({ ...base, $schema: undefined, evaluation: { ...base.evaluation, transfer: { env: 'ac-linear-v0' } } });
    writeFileSync(config, text);
    const result = await runMain(['train', config, '--out', join(dir, 'run')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/config\.evaluation\.transfer\.env: "ac-linear-v0" does not pose the problem xetra-twin-v0 was trained on: observation space|horizon/);
  });

  it('pairs every policy on the same held-out replay windows, and the sim-to-real table is computed from the run\'s files', async () => {
    const dir = tempDir();
    const config = runConfigSchema.parse({
      name: 'tiny-twin',
      env: { id: 'xetra-twin-v0' },
      agent: { type: 'ppo', numEnvs: 16, hidden: [16], updateEpochs: 1, numMinibatches: 1 },
      train: { steps: 960 },
      evaluation: { every: 960, validation: { episodes: 20 }, test: { episodes: 200 }, transfer: { env: 'xetra-replay-v0' } },
    });
    const result = await trainRun({ config, runDir: dir });
    const replay = transferEnv(compileEnv(resolveSpec('xetra-twin-v0')), 'xetra-replay-v0', 'test');
    const test = replay.params.replay!.sets.test;
    const rows = readCsv(join(dir, 'transfer', 'episodes.csv'));
    const policies = [...new Set(rows.map((r) => r.policy))];
    expect(policies).toEqual(expect.arrayContaining(['ac', 'twap', 'vwap', 'tiny-twin']));
    // Every policy played market seeds 0..n-1, one per test window, and those seeds are the test windows.
    for (const policy of policies) expect(rows.filter((r) => r.policy === policy).map((r) => Number(r.seed))).toEqual([...test.keys()]);
    const env = new ExecutionEnv(replay);
    const windows = [...test.keys()].map((seed) => env.reset({ seed }).info.replayWindow!);
    expect(new Set(windows.map((w) => `${w.symbol} ${w.startSeconds}`)).size).toBe(test.length);
    expect(windows).toEqual([...test].map((w) => expect.objectContaining({ symbol: replay.params.replay!.windows[w].symbol, startSeconds: replay.params.replay!.windows[w].startSeconds })));
    expect(result.transfer!.env).toBe('xetra-replay-v0');

    // The table from the files, against the numbers recomputed here from the same CSVs.
    const run = readTransferRun(dir, 0)!;
    const s = simToReal('tiny-twin', { twin: 'xetra-twin-v0', replay: 'xetra-replay-v0' }, [run, { ...run, seed: 1 } as TransferRun]);
    const agentOn = (r: readonly { policy: string; objectiveBps: number }[], p: string) => r.filter((x) => x.policy === p).map((x) => x.objectiveBps);
    const agentReplay = agentOn(run.replay, 'tiny-twin');
    const twap = agentOn(run.replay, 'twap');
    // The windows' clusters are the transfer benchmark's symbol-days, recomputed from its summary.
    const summary = JSON.parse(readFileSync(join(dir, 'transfer', 'summary.json'), 'utf8'));
    const labels = Int32Array.from(test.keys(), (seed) => run.clusters!.get(seed)!);
    expect(new Set(labels).size).toBe(summary.replay.clusters);
    expect(s.clusters).toBe(summary.replay.clusters);
    // Each seed's paired difference is cluster-robust, as the benchmark's own: CR1 with t on G - 1 df.
    const d = clusteredMeanInterval(agentReplay.map((v, i) => v - twap[i]), labels);
    expect(s.perSeed[0].vs.twap.mean).toBeCloseTo(d.mean, 10);
    expect(s.perSeed[0].vs.twap.high - d.mean).toBeCloseTo(t975(d.clusters - 1) * d.se, 10);
    const agentVsAc = summary.policies.find((p: { policy: string }) => p.policy === 'tiny-twin').vsAc.objectiveBps;
    expect(s.perSeed[0].vs.ac.low).toBeCloseTo(agentVsAc.low, 8);
    expect(s.perSeed[0].vs.ac.high).toBeCloseTo(agentVsAc.high, 8);
    const twin = sampleStats(agentOn(run.twin, 'tiny-twin'));
    const replayCi = clusteredMeanInterval(agentReplay, labels);
    expect(s.perSeed[0].gapBps.mean).toBeCloseTo(replayCi.mean - twin.mean, 10);
    expect(s.perSeed[0].gapBps.high - s.perSeed[0].gapBps.mean).toBeCloseTo(Math.hypot(t975(replayCi.clusters - 1) * replayCi.se, Z95 * twin.se), 10);
    // Two identical seeds: no spread between seeds, so the interval is the windows' alone, not of no width.
    expect(s.gapBps.low).toBeCloseTo(s.perSeed[0].gapBps.low, 10);
    expect(s.vs.twap.high).toBeCloseTo(d.high, 10);
    expect(s.vs.twap.high - s.vs.twap.low).toBeGreaterThan(0);
    const table = simToRealTable([s]);
    expect(table.rows[0].slice(0, 4)).toEqual(['**tiny-twin**', 'xetra-twin-v0 → xetra-replay-v0', '2', `${test.length} in ${summary.replay.clusters} clusters`]);
    expect(table.rows.map((r) => r[0])).toEqual(['**tiny-twin**', 'ac', 'twap', 'vwap', expect.stringMatching(/^pov/)]);
    // results/README.md gets the table under its own heading, row for row.
    const md = headlineMarkdown('quick', 'test', [], [{ name: 'tiny-twin', env: 'xetra-twin-v0', seeds: [0, 1], aggregate: {} as SweepAggregate, summaries: [], comparison: {} as TrainedComparison, vsTakerAndPassive: null, simToReal: s, envSteps: 960, wallSeconds: [1], hiddenState: false, learning: [], selectedSteps: [], tuned: null }], []);
    expect(md).toContain('### Sim-to-real: trained on the calibrated twin, tested on the real paths');
    expect(md).toContain(`| ${table.rows[0].join(' | ')} |`);
    // A baseline that played other windows is not paired silently.
    const shifted = { ...run, replay: run.replay.map((r) => (r.policy === 'twap' ? { ...r, seed: r.seed + 1 } : r)) };
    expect(() => simToReal('tiny-twin', { twin: 'a', replay: 'b' }, [shifted])).toThrow(/twap played market seeds .* not paired/);
  }, 300_000);

  it('across seeds each replay column is a two-level interval over the seeds and the clustered windows, and the gap adds the twin episodes', () => {
    // 3 seeds, 12 windows in 4 symbol-days (market seeds 0..11), 40 twin episodes.
    const clusters = new Map(Array.from({ length: 12 }, (_, m) => [m, Math.floor(m / 3)]));
    const labels = Int32Array.from({ length: 12 }, (_, m) => Math.floor(m / 3));
    const day = [3, -2, 5, 0];
    const rows = (policy: string, n: number, value: (m: number) => number) => Array.from({ length: n }, (_, m) => ({ seed: m, policy, objectiveBps: value(m) }));
    const run = (seed: number, skill: number): TransferRun => ({
      seed,
      twin: [...rows('agent', 40, (m) => 7 + skill + Math.sin(m)), ...['ac', 'twap', 'vwap', 'pov:0.1'].flatMap((b, k) => rows(b, 40, (m) => 7.5 + k + Math.sin(m)))],
      replay: [
        ...rows('agent', 12, (m) => 13 + day[labels[m]] + skill + 0.3 * Math.cos(m * (seed + 1))),
        ...['ac', 'twap', 'vwap', 'pov:0.1'].flatMap((b, k) => rows(b, 12, (m) => 14 + k + 1.5 * day[labels[m]])),
      ],
      clusters,
    });
    const runs = [run(0, 0), run(1, 0.4), run(2, -0.3)];
    const s = simToReal('agent', { twin: 'twin', replay: 'replay' }, runs);
    const agent = runs.map((r) => Float64Array.from(r.replay.filter((x) => x.policy === 'agent'), (x) => x.objectiveBps));
    const twap = Float64Array.from(runs[0].replay.filter((x) => x.policy === 'twap'), (x) => x.objectiveBps);
    const expected = twoLevelInterval(agent.map((a) => differences(a, twap)), labels);
    expect(s.vs.twap.low).toBeCloseTo(expected.low, 12);
    expect(s.vs.twap.high).toBeCloseTo(expected.high, 12);
    // The symbol-days move the agent and twap differently: the windows' term is there, and the
    // interval over seeds alone (the suite's before) is narrower.
    expect(s.vs.twap.sampleSe).toBeGreaterThan(0.1);
    const seedsOnly = acrossSeeds(s.perSeed.map((p) => p.vs.twap.mean));
    expect(s.vs.twap.high - s.vs.twap.mean).toBeGreaterThan(seedsOnly.high - seedsOnly.mean);
    expect(s.replayBps.high).toBeCloseTo(twoLevelInterval(agent, labels).high, 12);
    const twin = runs.map((r) => Float64Array.from(r.twin.filter((x) => x.policy === 'agent'), (x) => x.objectiveBps));
    expect(s.twinBps.high).toBeCloseTo(twoLevelInterval(twin).high, 12);
    // Gap: the per-seed gaps' spread (2 df), the clustered windows (3 df) and the twin episodes (normal).
    const gaps = s.perSeed.map((p) => p.gapBps.mean);
    const averaged = (m: Float64Array[]) => Float64Array.from(m[0], (_, i) => (m[0][i] + m[1][i] + m[2][i]) / 3);
    const windows = clusteredMeanInterval(averaged(agent), labels);
    const episodes = sampleStats(averaged(twin));
    expect(s.gapBps.mean).toBeCloseTo(sampleStats(gaps).mean, 12);
    expect(s.gapBps.high - s.gapBps.mean).toBeCloseTo(Math.sqrt((t975(2) * sampleStats(gaps).se) ** 2 + (t975(3) * windows.se) ** 2 + (Z95 * episodes.se) ** 2), 10);
    expect(s.baselines[1].gapBps.high - s.baselines[1].gapBps.mean).toBeGreaterThan(0);
    expect(s.clusters).toBe(4);
    // A seed that played other windows, or a window without a cluster, is not paired silently.
    const other = { ...runs[1], replay: runs[1].replay.filter((x) => !(x.policy === 'agent' && x.seed === 11)) };
    expect(() => simToReal('agent', { twin: 'a', replay: 'b' }, [runs[0], other])).toThrow(/agent seed 1: agent played market seeds .* not paired/);
    expect(() => simToReal('agent', { twin: 'a', replay: 'b' }, [{ ...runs[0], clusters: new Map([[0, 0]]) }])).toThrow(/replay market seed 1 has no cluster label/);
  });
});
