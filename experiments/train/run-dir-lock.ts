import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { lockDir, LOCK_FILE } from '../io/dir-lock.js';
import { ensureDir } from '../../env/io/ensure-dir.js';

/**
 * Locks a run directory for one training process (a second `train` on the same --out is refused;
 * a killed one's lock is taken over). A directory this call created and that stays empty is
 * removed on release, so a run that failed before writing anything leaves nothing behind.
 * @throws UserError when another live process trains in `runDir`, or `runDir` is not a usable path
 */
export function lockRunDir(runDir: string): { release(): void } {
  const created = !existsSync(runDir);
  ensureDir(runDir, '--out');
  const lock = lockDir(runDir, '--out');
  return {
    release() {
      lock.release();
      if (created && readdirSync(runDir).filter((f) => f !== LOCK_FILE).length === 0) rmdirSync(runDir);
    },
  };
}
