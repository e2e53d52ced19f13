import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tiny-runs.js';
import { writeTinyConfig } from './helpers/tiny-sweep-config.js';

const CLI = fileURLToPath(new URL('../dist/experiments/cli/main.js', import.meta.url));
const complete = (runDir: string) => existsSync(join(runDir, 'manifest.json')) && JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')).result?.completed === true;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('execgym sweep', () => {
  it('resumes a sweep killed half-way: only the remaining runs run, and the aggregate equals an uninterrupted one', async () => {
    const dir = tempDir();
    const config = writeTinyConfig(dir);
    const args = ['sweep', config, '--seeds', '0-2', '--workers', '1'];

    const full = runCli([...args, '--out', join(dir, 'full')]);
    expect(full.code).toBe(0);

    // Start the same sweep in its own process group and kill the whole group (sweep and its
    // workers) once the first run is complete and the second has started.
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, [CLI, ...args, '--out', out], { detached: true, stdio: 'ignore' });
    for (let waited = 0; !(complete(join(out, 'base', 'seed-0')) && existsSync(join(out, 'base', 'seed-1.log'))); waited += 50) {
      if (waited > 60_000) throw new Error('the first run of the sweep did not complete in 60 s');
      await sleep(50);
    }
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(existsSync(join(out, 'aggregate.json'))).toBe(false);
    const completedBefore = [0, 1, 2].filter((s) => complete(join(out, 'base', `seed-${s}`)));
    expect(completedBefore.length).toBeGreaterThanOrEqual(1);
    expect(completedBefore.length).toBeLessThan(3);

    const resumed = runCli([...args, '--out', out]);
    expect(resumed.code).toBe(0);
    const skipped = resumed.stderr.match(/^skip base\/seed-\d: complete$/gm) ?? [];
    const ran = resumed.stderr.match(/^(start|resume) base\/seed-\d$/gm) ?? [];
    expect(skipped).toHaveLength(completedBefore.length);
    expect(ran).toHaveLength(3 - completedBefore.length);

    const aggregate = (d: string) => readFileSync(join(d, 'aggregate.json'), 'utf8');
    expect(aggregate(out)).toBe(aggregate(join(dir, 'full')));
    const parsed = JSON.parse(aggregate(out));
    expect(parsed.settings[0].seeds).toEqual([0, 1, 2]);
    expect(parsed.settings[0].curve.length).toBeGreaterThan(1);
    expect(parsed.settings[0].final.objectiveBps.n).toBe(3);
    // Regret is each run's own paired regret against `optimal`, averaged across the seeds.
    const regrets = [0, 1, 2].map((seed) => JSON.parse(readFileSync(join(out, 'base', `seed-${seed}`, 'manifest.json'), 'utf8')).result.test.regretBps.mean as number);
    expect(parsed.settings[0].final.perSeed.map((s: { regretBps: { mean: number } }) => s.regretBps.mean)).toEqual(regrets);
    expect(parsed.settings[0].final.regretBps.mean).toBeCloseTo(regrets.reduce((a, b) => a + b) / 3, 12);
    expect(readFileSync(join(out, 'aggregate.md'), 'utf8')).toMatch(/regret vs optimal, paired/);
  });

  it('refuses to keep a complete run of a config edited since: one line naming the run, nothing written', () => {
    const dir = tempDir();
    const config = writeTinyConfig(dir);
    const out = join(dir, 'sweep');
    expect(runCli(['sweep', config, '--seeds', '0', '--workers', '1', '--out', out]).code).toBe(0);
    const before = readFileSync(join(out, 'aggregate.json'), 'utf8');
    // the same name, another field (as a transfer env added to a shipped config)
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), agent: { type: 'ppo', numEnvs: 32, updateEpochs: 2, numMinibatches: 2, learningRate: 0.001, hidden: [16] } }));
    const again = runCli(['sweep', config, '--seeds', '0', '--workers', '1', '--out', out]);
    expect(again.code).not.toBe(0);
    expect(again.stderr.trim().split('\n').at(-1)).toMatch(/base\/seed-0 is a complete run of another config \(hash [0-9a-f]{12}, the sweep's [0-9a-f]{12}\): move it away to train it anew, or give the sweep another --out$/);
    expect(readFileSync(join(out, 'aggregate.json'), 'utf8')).toBe(before);
  });

  it('sweeps the product of --set values and names a bad swept value in one line', () => {
    const dir = tempDir();
    const config = writeTinyConfig(dir);
    const bad = runCli(['sweep', config, '--seeds', '0', '--set', 'agent.learningRate=0.01,-1', '--out', join(dir, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^execgym: config\.agent\.learningRate: .*\(got -1\)/);
    expect(runCli(['sweep', config, '--seeds', '3-1', '--out', join(dir, 'bad')]).stderr).toMatch(/--seeds must look like 0-9 or 0,3,7/);
    const ok = runCli(['sweep', config, '--seeds', '0', '--set', 'agent.learningRate=0.003,0.001', '--set', 'agent.hidden=[8],[16]', '--workers', '2', '--out', join(dir, 'grid')]);
    expect(ok.code).toBe(0);
    const aggregate = JSON.parse(readFileSync(join(dir, 'grid', 'aggregate.json'), 'utf8'));
    expect(aggregate.settings.map((s: { setting: string }) => s.setting)).toEqual([
      'agent.learningRate=0.003+agent.hidden=8',
      'agent.learningRate=0.003+agent.hidden=16',
      'agent.learningRate=0.001+agent.hidden=8',
      'agent.learningRate=0.001+agent.hidden=16',
    ]);
  });
});
