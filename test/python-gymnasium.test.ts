import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registeredIds } from '../env/registry.js';
import { gymnasiumPython } from './helpers/python.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const venv = gymnasiumPython();
const SERVE = `${process.execPath} ${join(REPO, 'dist/experiments/serve/main.js')}`;
if ('unavailable' in venv) console.warn(`python-gymnasium: skipped, no Gymnasium to test against: ${venv.unavailable}`);

describe.skipIf('unavailable' in venv)('the Python bridge under real Gymnasium', () => {
  it('passes check_env on every registered env, runs under RecordEpisodeStatistics, NormalizeObservation, TimeLimit, SyncVectorEnv and AsyncVectorEnv, and leaves no server behind', () => {
    const started = performance.now();
    const result = spawnSync((venv as { python: string }).python, ['-m', 'unittest', '-v', 'tests.test_gymnasium'], {
      cwd: join(REPO, 'python'),
      encoding: 'utf8',
      env: { ...process.env, EXECGYM_SERVE_COMMAND: SERVE },
      timeout: 110_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    // Every env the registry holds, however many there are now.
    expect(output).toContain(`check_env passed on ${registeredIds().length} registered envs and 3 variants`);
    expect(output).toMatch(/Ran 7 tests/);
    expect(output).not.toMatch(/skipped/i);
    console.info(`python-gymnasium: 7 tests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});
