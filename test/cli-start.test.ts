import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../env/errors/errors.js';
import { loadConfig } from '../experiments/run-config/load-config.js';
import { applySetOverrides, parseSetFlag } from '../experiments/run-config/set-overrides.js';
import type { RunResult } from '../experiments/io/run-dir.js';
import { learnedVerdict } from '../experiments/train/learned-verdict.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dirs.js';

/** A quickstart shrunk to seconds: the same command and files, a tiny budget. */
const TINY = ['--set', 'train.steps=512', '--set', 'evaluation.every=256', '--set', 'evaluation.validation.episodes=20', '--set', 'agent.numEnvs=16', '--test-episodes', '40'];

describe('execgym start (npm start)', () => {
  it('trains, prints the paired table against ac, twap and vwap with a learned verdict, writes a report; run again it reuses the run', () => {
    const dir = tempDir();
    const runDir = join(dir, 'quick');
    const first = runCli(['start', '--out', runDir, ...TINY], { timeoutMs: 600_000 });
    expect(first.stderr).toMatch(/training a small PPO on ac-linear-v0/);
    expect(first.code).toBe(0);
    for (const name of ['quickstart', 'ac', 'twap', 'vwap']) expect(first.stdout).toMatch(new RegExp(`^\\| ${name}( \\(= [^|]+\\))? \\| [\\d.]+ \\| [\\d.-]+ \\| `, 'm'));
    expect(first.stdout).toMatch(/^quickstart (learned|did not learn): /m);
    expect(first.stdout).toMatch(/40 test episodes/);
    const report = `${runDir}-report.html`;
    expect(existsSync(report)).toBe(true);
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/NaN/);
    // The report answers "did it beat AC?": objective histograms, the paired difference against ac,
    // the selected checkpoint on the curve, the hyperparameters, the AC aliases folded.
    const figures = readdirSync(`${runDir}-report-figures`);
    for (const suffix of ['final-costs.svg', 'final-vs-ac.svg', 'learning-curve.svg', 'final-frontier.svg']) expect(figures.some((f) => f.endsWith(suffix)), suffix).toBe(true);
    for (const f of figures.filter((f) => f.endsWith('.svg'))) expect(readFileSync(join(`${runDir}-report-figures`, f), 'utf8'), f).not.toMatch(/NaN/);
    const spec = (suffix: string) => readFileSync(join(`${runDir}-report-figures`, figures.find((f) => f.endsWith(suffix))!), 'utf8');
    expect(spec('final-costs.vl.json')).toMatch(/objective: IS \+ risk penalty/);
    expect(spec('final-vs-ac.vl.json')).toMatch(/quickstart − ac/);
    expect(spec('learning-curve.vl.json')).toMatch(/selected \(step \d+\)/);
    expect(html).toMatch(/Hyperparameters of quickstart/);
    expect(html).toMatch(/agent\.learningRate/);
    expect(html).toMatch(/ac \(= ac-adaptive, dp-optimal, belief-optimal, optimal\)/);
    const second = runCli(['start', '--out', runDir, ...TINY], { timeoutMs: 600_000 });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/reusing the trained run/);
    expect(second.stderr).not.toMatch(/training ppo/);
    // The same run, so the same table.
    expect(second.stdout.split('\n').filter((l) => l.startsWith('|'))).toEqual(first.stdout.split('\n').filter((l) => l.startsWith('|')));
    // Another config over the same directory is refused, naming the way out.
    const other = runCli(['start', '--out', runDir, ...TINY, '--set', 'seed=1']);
    expect(other.code).toBe(2);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    expect(other.stderr).toMatch(/holds a run of another config .*--fresh/);
  }, 900_000);
});

describe('train --set and --test-episodes', () => {
  it('a --set value is JSON where it parses, else text, at a dotted path', () => {
    expect(parseSetFlag('train.steps=51200')).toEqual({ path: ['train', 'steps'], value: 51200 });
    expect(parseSetFlag('agent.hidden=[32,32]')).toEqual({ path: ['agent', 'hidden'], value: [32, 32] });
    expect(parseSetFlag('env.id=regime-v0')).toEqual({ path: ['env', 'id'], value: 'regime-v0' });
    const config = loadConfig('ppo-ac-linear', undefined, [parseSetFlag('train.steps=51200'), parseSetFlag('agent.learningRate=1e-3'), parseSetFlag('evaluation.test.episodes=100')]);
    expect(config.train.steps).toBe(51200);
    expect(config.agent.type === 'ppo' && config.agent.learningRate).toBe(1e-3);
    expect(config.evaluation.test.episodes).toBe(100);
  });

  it('an unknown key is a one-line error listing the valid keys at its level, the agent resolved by its type', () => {
    expect(() => applySetOverrides({ train: { steps: 1 } }, [parseSetFlag('train.stepz=5')])).toThrow(/^--set train.stepz: train has no key "stepz" \(valid keys: steps\)$/);
    const agent = () => loadConfig('ppo-ac-linear', undefined, [parseSetFlag('agent.lr=0.1')]);
    expect(agent).toThrow(UserError);
    expect(agent).toThrow(/agent has no key "lr" \(valid keys: type, .*learningRate/);
    expect(() => loadConfig('ppo-ac-linear', undefined, [parseSetFlag('nme=x')])).toThrow(/the run config has no key "nme" \(valid keys: name, description, seed/);
    expect(() => parseSetFlag('train.steps')).toThrow(/--set needs key=value/);
  });

  it('a value the schema refuses is its one-line error naming the field; env.overrides takes any key', () => {
    expect(() => loadConfig('ppo-ac-linear', undefined, [parseSetFlag('train.steps=-5')])).toThrow(/^config\.train\.steps: .*\(got -5\)/);
    expect(loadConfig('ppo-ac-linear', undefined, [parseSetFlag('env.overrides.riskAversion=0')]).env.overrides).toEqual({ riskAversion: 0 });
  });

  it('the CLI reports a bad --set or --test-episodes on one line with exit 2, before writing anything', () => {
    const dir = tempDir();
    const bad = runCli(['train', 'ppo-ac-linear', '--out', join(dir, 'r'), '--set', 'agent.learningrate=1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/valid keys: .*learningRate/);
    const episodes = runCli(['train', 'ppo-ac-linear', '--out', join(dir, 'r'), '--test-episodes', '2']);
    expect(episodes.code).toBe(2);
    expect(episodes.stderr).toMatch(/--test-episodes must be an integer >= 3, got "2"/);
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });

  it('a config key typo in a file lists the valid keys', () => {
    expect(() => loadConfig('ppo-ac-linear', undefined, [])).not.toThrow();
    const dir = tempDir();
    const path = join(dir, 'typo.json');
    writeFileSync(path, JSON.stringify({ name: 'x', env: { id: 'ac-linear-v0' }, agent: { type: 'ppo' }, train: { steps: 10, stepz: 3 } }));
    expect(() => loadConfig(path)).toThrow(/^config\.train: Unrecognized key: "stepz" \(valid keys: steps\)$/);
  });
});

describe('sweep takes a shipped config name as train does', () => {
  it('sweep quickstart runs the shipped config, logging each run as it starts and ends; a misspelt name lists the shipped configs in one line', () => {
    const dir = tempDir();
    const tiny = ['train.steps=512', 'evaluation.every=256', 'evaluation.validation.episodes=20', 'evaluation.test.episodes=20', 'agent.numEnvs=16'].flatMap((s) => ['--set', s]);
    const ok = runCli(['sweep', 'quickstart', '--seeds', '0-1', ...tiny, '--workers', '1', '--out', join(dir, 'sweep')], { timeoutMs: 600_000 });
    expect(ok.code).toBe(0);
    // With one worker the log reads in the order things happen: start, done, start, done.
    expect(ok.stderr.split('\n').filter((l) => /^(start|done) /.test(l)).map((l) => l.replace(/ .*\//, ' '))).toEqual(['start seed-0', 'done seed-0', 'start seed-1', 'done seed-1']);
    expect(JSON.parse(readFileSync(join(dir, 'sweep', 'aggregate.json'), 'utf8')).settings).toHaveLength(1);
    const bad = runCli(['sweep', 'quikstart', '--seeds', '0', '--out', join(dir, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/no shipped config of that name \(shipped: .*quickstart/);
  }, 900_000);
});

describe('the learned verdict', () => {
  const curve = (rows: [number, number][]) => ({ path: 'x', columns: ['env_steps', 'eval_objective_bps_mean'], rows: rows.map(([s, o]) => ({ env_steps: String(s), eval_objective_bps_mean: String(o) })) });
  const result = (envSteps: number, bps: number) => ({ selected: { rule: 'best', envSteps, validationObjectiveBps: bps } }) as unknown as RunResult;

  it('a selected policy better than the step-0 row learned; the step-0 policy itself or a worse one did not', () => {
    expect(learnedVerdict(curve([[0, 320], [100, 312]]), result(100, 312))).toMatchObject({ learned: true, initialBps: 320, selectedBps: 312 });
    expect(learnedVerdict(curve([[0, 320], [100, 325]]), result(0, 320))!.sentence).toMatch(/^did not learn: /);
    expect(learnedVerdict(curve([[0, 320], [100, 320]]), result(100, 320))!.learned).toBe(false);
    expect(learnedVerdict(curve([[100, 312]]), result(100, 312))).toBeNull();
  });

  it('where the run recorded its paired learning check, that check decides: a lower mean whose interval crosses zero did not learn', () => {
    const interval = (mean: number, low: number, high: number) => ({ n: 100, mean, sd: 1, se: 0.1, low, high });
    const checked = (learned: boolean, low: number, high: number) => ({ ...result(100, 312), learning: { selectedEnvSteps: 100, vsInitialBps: interval(-8, low, high), learned } }) as unknown as RunResult;
    const noisy = learnedVerdict(curve([[0, 320], [100, 312]]), checked(false, -20, 4))!;
    expect(noisy.learned).toBe(false);
    expect(noisy.sentence).toMatch(/^did not learn: selected step 100, selected − initial policy on validation -8\.00 bps \[-20\.00, 4\.00\]/);
    expect(learnedVerdict(curve([[0, 320], [100, 312]]), checked(true, -10, -6))!.sentence).toMatch(/^learned: selected step 100/);
  });
});
