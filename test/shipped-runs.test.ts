import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../baselines/registry.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { resolveSpec } from '../env/registry.js';
import { copyCommittedRun } from '../experiments/suite/run-suite.js';
import { reproduceRun } from '../experiments/train/reproduce.js';
import { trainRun } from '../experiments/train/train-run.js';
import { registerRunPolicy } from '../experiments/train/register-run-policy.js';
import { tempDir, tinyPpo } from './helpers/tiny-runs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/experiments/cli/main.js');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/**
 * The README's quoted commands that finish within a minute on the shipped data. Each must appear
 * verbatim in README.md, so the list and the text cannot drift apart; `reproduce` of a shipped run
 * retrains it (minutes) and is covered by the fresh-copy test below instead.
 */
const QUICK_COMMANDS = [
  'npx execgym benchmark --env xetra-replay-v0 --policies twap,vwap,pov,ac,immediate --episodes 32 --seed 0 --out out/xetra',
  // The committed headline run as run:DIR from a fresh clone (issue 19, finding 7).
  'npx execgym benchmark --env ac-linear-v0 --policies run:results/runs/ppo-ac-linear/base/seed-0,ac --episodes 200 --seed 0 --out out/shipped',
];

describe('the shipped runs are usable from a fresh clone', () => {
  it('a run copied as the suite copies it into results/ reproduces bit for bit from that copy alone, and benchmarks as run:DIR', async () => {
    const runDir = join(tempDir(), 'run');
    const config = tinyPpo({ train: { steps: 1600 }, evaluation: { every: 800, validation: { episodes: 20 }, test: { episodes: 20 } } });
    await trainRun({ config, runDir, backend: 'cpu' });
    // What a fresh clone of results/ holds: the committed files only (no checkpoints, no best/ or last/).
    const shipped = join(tempDir(), 'results', 'runs', 'tiny', 'seed-0');
    copyCommittedRun(runDir, shipped, 'ppo');
    expect(existsSync(join(shipped, 'policy', 'model.weights.bin'))).toBe(true);
    expect(existsSync(join(shipped, 'checkpoints'))).toBe(false);
    const report = await reproduceRun(shipped, { backend: 'cpu' });
    expect(report.differences).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.identical).toBe(true);
    const env = compileEnv(resolveSpec(config.env.id!, config.env.overrides ?? {}));
    registerRunPolicy();
    const policy = await resolvePolicy(`run:${shipped}`, env);
    expect(evaluatePolicy(policy, env, { seed: 0, episodes: 3 }).episodes).toHaveLength(3);
  });

  it.each(QUICK_COMMANDS)('the README command `%s` is quoted in README.md and succeeds within a minute', (command) => {
    expect(README).toContain(command);
    const args = command.replace(/^npx execgym /, '').split(' ').map((a) => (a.startsWith('out/') ? join(tempDir(), a) : a));
    execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 60_000, stdio: 'pipe' });
  });
});
