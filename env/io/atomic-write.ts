import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertFiniteJson } from './finite-guard.js';
import { ensureDir } from './ensure-dir.js';

/** The temporary sibling a write goes through: `<path>.<pid>.tmp` (see {@link isStaleTemp}). */
export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

/**
 * Writes a file whole or not at all: to a temporary sibling, then renamed over the target (rename
 * is atomic on one file system), so an interrupted run never leaves a partial result file. A failed
 * write (ENOSPC...) removes its temporary before the error goes on.
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  ensureDir(dirname(path));
  const tmp = tempPathFor(path);
  try {
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * {@link writeFileAtomic} for JSON, pretty-printed with a final newline.
 * @throws NonFiniteResultError when the value holds NaN or ±Infinity (JSON would write null)
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  assertFiniteJson(value, path);
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
