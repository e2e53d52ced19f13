import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gymnasiumPython } from './helpers/python.js';
import { tempDir } from './helpers/temp-dirs.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const venv = gymnasiumPython();
// The venv sees the system's site-packages: Debian's python3-torch (test/setup/system-deps.sh).
const python = 'python' in venv && spawnSync(venv.python, ['-c', 'import importlib.util, sys; sys.exit(importlib.util.find_spec("torch") is None)'], { stdio: 'ignore' }).status === 0 ? venv.python : null;
if (python === null) console.warn(`python-ppo-example: skipped, no Python with PyTorch (${'unavailable' in venv ? venv.unavailable : 'torch not found'}; Debian: apt-get install python3-torch)`);

describe.skipIf(python === null)('the PyTorch PPO example (python/examples/ppo_torch.py)', () => {
  it('trains over the bridge for 5,120 steps, its greedy policy beats its untrained self and TWAP on the same 128 seeded test episodes, and execgym benchmark scores the saved policy (proc:) at the same mean on those seeds', () => {
    const dir = tempDir('execgym-ppo-example-');
    const SERVE = `${process.execPath} ${join(REPO, 'dist/experiments/serve/main.js')}`;
    const result = spawnSync(python!, [join(REPO, 'python/examples/ppo_torch.py'), '--total-steps', '5120', '--test-episodes', '128', '--save', join(dir, 'policy.pt')], {
      encoding: 'utf8',
      env: { ...process.env, EXECGYM_SERVE_COMMAND: SERVE },
      timeout: 110_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { steps: number; seconds: number; return_before: number; return_after: number; return_twap: number };
    expect(run.steps).toBe(5120);
    // Returns are minus the objective in bps (~-400 for TWAP here); the untrained policy is TWAP plus a little.
    expect(Math.abs(run.return_before - run.return_twap)).toBeLessThan(5);
    expect(run.return_after).toBeGreaterThan(run.return_twap + 10);
    console.info(`python-ppo-example: ${result.stderr.trim().split('\n').at(-1)}`);

    // The README's way to score a Python policy: the test episodes are seeds 1,000,000 + i, as --seed 1000000 plays them.
    const policy = `proc:${python} ${join(REPO, 'python/examples/torch_policy.py')} ${join(dir, 'policy.pt')}`;
    const bench = spawnSync(process.execPath, [join(REPO, 'dist/experiments/cli/main.js'), 'benchmark', '--env', 'ac-linear-v0', '--episodes', '128', '--seed', '1000000', '--policies', `twap,${policy}`, '--out', join(dir, 'bench')], { encoding: 'utf8', timeout: 110_000 });
    expect(bench.status, bench.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'bench', 'summary.json'), 'utf8')) as { policies: { policy: string; objectiveBps: { mean: number } }[] };
    const objective = (name: string) => summary.policies.find((p) => p.policy === name)!.objectiveBps.mean;
    expect(objective('twap')).toBeCloseTo(-run.return_twap, 9);
    expect(objective(policy)).toBeCloseTo(-run.return_after, 9);
  });
});
