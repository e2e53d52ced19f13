import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export { pythonWithNumpy } from '../../experiments/speed/find-python.js';

const VENV_SCRIPT = fileURLToPath(new URL('../setup/python-venv.sh', import.meta.url));

/**
 * The python of the private venv with real Gymnasium (test/setup/python-venv.sh builds it once, from
 * the machine's wheel store or the package index), or why there is none.
 */
export function gymnasiumPython(): { readonly python: string } | { readonly unavailable: string } {
  const result = spawnSync('bash', [VENV_SCRIPT], { encoding: 'utf8', timeout: 300_000 });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status === 0 && line.startsWith('/')) return { python: line };
  return { unavailable: line.replace(/^unavailable: /, '') || `test/setup/python-venv.sh failed: ${result.stderr.trim()}` };
}
