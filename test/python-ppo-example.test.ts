import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gymnasiumPython } from './helpers/python.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const venv = gymnasiumPython();
// The venv sees the system's site-packages: Debian's python3-torch (test/setup/system-deps.sh).
const python = 'python' in venv && spawnSync(venv.python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0 ? venv.python : null;
if (python === null) console.warn(`python-ppo-example: skipped, no Python with PyTorch (${'unavailable' in venv ? venv.unavailable : 'import torch failed'}; Debian: apt-get install python3-torch)`);

describe.skipIf(python === null)('the PyTorch PPO example (python/examples/ppo_torch.py)', () => {
  it('trains over the bridge for 5,120 steps and its greedy policy beats its untrained self and TWAP on the same 128 seeded test episodes', () => {
    const result = spawnSync(python!, [join(REPO, 'python/examples/ppo_torch.py'), '--total-steps', '5120', '--test-episodes', '128'], {
      encoding: 'utf8',
      env: { ...process.env, EXECGYM_SERVE_COMMAND: `${process.execPath} ${join(REPO, 'dist/experiments/serve/main.js')}` },
      timeout: 110_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { steps: number; seconds: number; return_before: number; return_after: number; return_twap: number };
    expect(run.steps).toBe(5120);
    // Returns are minus the objective in bps (~-400 for TWAP here); the untrained policy is TWAP plus a little.
    expect(Math.abs(run.return_before - run.return_twap)).toBeLessThan(5);
    expect(run.return_after).toBeGreaterThan(run.return_twap + 10);
    console.info(`python-ppo-example: ${result.stderr.trim().split('\n').at(-1)}`);
  });
});
