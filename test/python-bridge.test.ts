import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBridgeReferences } from './helpers/bridge-reference.js';
import { gymnasiumPython, pythonWithNumpy } from './helpers/python.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
// Real Gymnasium where it can be installed; else the bridge's stand-in base classes.
const venv = gymnasiumPython();
const python = 'python' in venv ? venv.python : pythonWithNumpy();
const dir = mkdtempSync(join(tmpdir(), 'execgym-bridge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Python bridge', () => {
  it('python/tests (unittest) pass: seeded episodes through Python equal the TypeScript episodes bit for bit, ledger included', () => {
    const cases = writeBridgeReferences(dir);
    expect(cases.length).toBeGreaterThanOrEqual(4);
    const result = spawnSync(python, ['-m', 'unittest', '-v', 'tests.test_bridge'], {
      cwd: join(REPO, 'python'),
      encoding: 'utf8',
      env: { ...process.env, EXECGYM_BRIDGE_REFERENCE: dir, EXECGYM_SERVE_COMMAND: `${process.execPath} ${join(REPO, 'dist/experiments/serve/main.js')}` },
      timeout: 110_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    // A skipped reference test would pass silently: every test must have run.
    expect(output).toMatch(/Ran (8|9|1[0-9]) tests/);
    expect(output).not.toMatch(/skipped/i);
  });
});
