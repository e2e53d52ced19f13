import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveSpec } from '../env/registry.js';
import { runCli } from './helpers/run-cli.js';
import { TINY_ENV, tempDir } from './helpers/tiny-runs.js';

const CLI = fileURLToPath(new URL('../dist/experiments/cli/main.js', import.meta.url));

/** A tiny run config and its env as a spec file, so that `benchmark --env` can use the same market. */
function tinyFiles(steps: number, every: number) {
  const dir = tempDir();
  const specPath = join(dir, 'tiny-env.json');
  writeFileSync(specPath, JSON.stringify({ ...resolveSpec(TINY_ENV.id, TINY_ENV.overrides), id: 'tiny-v0' }));
  const config = {
    name: 'tiny-cli',
    env: { id: specPath },
    agent: { type: 'ppo', numEnvs: 64, updateEpochs: 4, numMinibatches: 2, learningRate: 0.003 },
    train: { steps },
    evaluation: { every, validation: { episodes: 100 }, test: { episodes: 100 } },
  };
  const configPath = join(dir, 'tiny.json');
  writeFileSync(configPath, JSON.stringify(config));
  return { dir, specPath, configPath };
}

const curveWithoutWall = (runDir: string) =>
  readFileSync(join(runDir, 'learning_curve.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').filter((_, j) => j !== 3).join(','));

describe('execgym train, benchmark run:<dir>, reproduce', () => {
  it('train writes the run directory and prints the benchmark; benchmark takes the run as a policy; reproduce finds it identical', () => {
    const { dir, specPath, configPath } = tinyFiles(1920, 640);
    const runDir = join(dir, 'run');
    const train = runCli(['train', configPath, '--out', runDir]);
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/\| tiny-cli \|/);
    for (const file of ['config.json', 'manifest.json', 'learning_curve.csv', 'policy/model.json', 'benchmark/summary.json', 'benchmark/episodes.csv']) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
    const bench = runCli(['benchmark', '--env', specPath, '--policies', `ac,twap,run:${runDir}`, '--episodes', '100', '--out', join(dir, 'bench'), '--json']);
    expect(bench.code).toBe(0);
    const summary = JSON.parse(bench.stdout);
    const names = summary.policies.map((p: { policy: string }) => p.policy);
    expect(names).toEqual(['ac', 'twap', 'run:run', 'optimal']);
    // The benchmark's run:<dir> is the same policy on the same test seeds as the run's own benchmark.
    const own = JSON.parse(readFileSync(join(runDir, 'benchmark', 'summary.json'), 'utf8'));
    const ownAgent = own.policies.find((p: { policy: string }) => p.policy === 'tiny-cli');
    expect(summary.policies[2].objectiveBps.mean).toBe(ownAgent.objectiveBps.mean);
    const reproduce = runCli(['reproduce', runDir, '--out', join(dir, 'again')]);
    expect(reproduce.stdout).toMatch(/identical: learning curve, policy files \(weights, model.json\) and summary match bit for bit/);
    expect(reproduce.code).toBe(0);
  });

  it('Ctrl-C saves a checkpoint and exits 130; --resume finishes with the same learning curve as an uninterrupted run', async () => {
    const { dir, configPath } = tinyFiles(12800, 3200);
    const runDir = join(dir, 'stopped');
    const child = spawn(process.execPath, [CLI, 'train', configPath, '--out', runDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once the run has checkpointed its first evaluation.
    while (!existsSync(join(runDir, 'checkpoints', 'latest.json'))) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/stopping at the next episode boundary/);
    const rowsAtStop = curveWithoutWall(runDir).length;
    expect(rowsAtStop).toBeGreaterThanOrEqual(2);
    const resumed = runCli(['train', configPath, '--out', runDir, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resuming .* env steps/);
    const reference = runCli(['train', configPath, '--out', join(dir, 'reference')]);
    expect(reference.code).toBe(0);
    expect(curveWithoutWall(runDir)).toEqual(curveWithoutWall(join(dir, 'reference')));
  });

  it('bad configs and flags get one line and exit code 2', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'x', env: { id: 'ac-linear-v0' }, agent: { type: 'ppo', clipCoef: 3 }, train: { steps: 10 } }));
    const cases: [string[], RegExp][] = [
      [['train', bad], /^execgym: config\.agent\.clipCoef: Too big: expected number to be <=1 \(got 3\)\n$/],
      [['train', join(dir, 'none.json')], /^execgym: cannot read config file/],
      [['train', bad, '--backend', 'gpu'], /^execgym: --backend must be one of auto, tensorflow, wasm, cpu, got "gpu"/],
      [['reproduce', dir], /^execgym: .* is not a run directory/],
      [['benchmark', '--env', 'ac-linear-v0', '--policies', `run:${dir}`], /is neither a run directory nor a saved model/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
