import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors/errors.js';

/** What stands at `path`: nothing, a directory, or something else (a file, a device...). */
function kindAt(path: string): 'none' | 'dir' | 'other' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a part of the path is a file; the walk up to the parents finds which.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'none';
    throw error;
  }
}

/**
 * Creates directory `path` and its missing parents, one level at a time. Node's
 * `mkdirSync(p, { recursive: true })` spins forever under /proc (mkdir says ENOENT, the parent
 * exists, and it retries); here the OS's refusal surfaces at once as its error (EACCES, EROFS,
 * ENOENT, ENOSPC...), which the CLI prints as an environment fault.
 * @param what how to name the path in a message (`--out`)
 * @throws UserError when `path` is empty, is a file, or lies under a file
 */
export function ensureDir(path: string, what = 'directory'): void {
  for (const d of missingDirs(path, what)) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Checks, without creating anything, that `path` is or can become a directory: not empty, not a
 * file, not under a file. Commands call it before their work, so a bad --out fails at once.
 * @throws UserError naming `what` and the path
 */
export function checkDirPath(path: string, what = 'directory'): void {
  missingDirs(path, what);
}

/** The directories to create for `path`, outermost first. */
function missingDirs(path: string, what: string): string[] {
  if (path === '') throw new UserError(`${what} must be a path, got ""`);
  const missing: string[] = [];
  let dir = resolve(path);
  for (;;) {
    const kind = kindAt(dir);
    if (kind === 'dir') break;
    if (kind === 'other') {
      const where = missing.length === 0 ? 'is an existing file, not a directory' : `lies under ${JSON.stringify(dir)}, which is a file`;
      throw new UserError(`${what} ${JSON.stringify(path)} ${where}`);
    }
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return missing.reverse();
}

/**
 * Checks that a file can be written at `path` (its parent made if missing): not empty, not a
 * directory, not under a file.
 * @throws UserError naming `what` and the path
 */
export function ensureFileParent(path: string, what = 'file'): void {
  if (path === '') throw new UserError(`${what} must be a file path, got ""`);
  if (kindAt(path) === 'dir') throw new UserError(`${what} ${JSON.stringify(path)} is a directory; give a file path`);
  ensureDir(dirname(resolve(path)), `${what} ${JSON.stringify(path)}: its folder`);
}
