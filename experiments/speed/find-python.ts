import { spawnSync } from 'node:child_process';

/**
 * A Python 3 interpreter that imports numpy, for the bridge's bench and tests: `$EXECGYM_PYTHON`,
 * else `python3` on the PATH, else Debian's `/usr/bin/python3` (where test/setup/system-deps.sh
 * installs python3-numpy).
 * @throws Error naming what was tried, when none does
 */
export function pythonWithNumpy(): string {
  const candidates = [process.env.EXECGYM_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  for (const python of candidates) {
    if (spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0) return python;
  }
  throw new Error(`no Python 3 with numpy (tried ${candidates.join(', ')}); install python3-numpy or set EXECGYM_PYTHON`);
}
