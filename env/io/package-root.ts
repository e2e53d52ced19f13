import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The root of the installed execgym package (the folder of its package.json), whether this runs
 * from the TypeScript source or from dist/, in the repository or under a user's node_modules.
 * Files shipped beside the code (configs, the config schema) are found from here.
 */
export function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const path = join(dir, 'package.json');
    if (existsSync(path) && JSON.parse(readFileSync(path, 'utf8')).name === 'execgym') return dir;
    dir = dirname(dir);
  }
  return null;
}
