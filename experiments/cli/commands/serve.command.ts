import type { Argv } from 'yargs';
import { serveStdio } from '../../serve/serve.js';
import { runCommand } from '../errors.js';

/** `execgym serve`: hosts envs for another process (the Python bridge) over stdin/stdout. */
export function serveCommand(yargs: Argv) {
  return yargs.command(
    'serve',
    'host single or vector envs over stdin/stdout (length-prefixed frames: JSON header + raw little-endian arrays; see python/README.md)',
    (y) => y.example('python3 -c "import execgym_bridge as eg; env = eg.make(\'ac-linear-v0\')"', 'the Python bridge spawns it for you'),
    () =>
      runCommand(async () => {
        await serveStdio();
      }),
  );
}
