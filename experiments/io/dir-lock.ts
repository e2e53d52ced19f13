import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../env/errors/errors.js';

/** The lock file of a result directory: one writer at a time. */
export const LOCK_FILE = '.execgym.lock';

interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  readonly command: string;
}

/**
 * The command holding a lock, for the message a second writer gets: `execgym sweep`. The name only:
 * any further argument may be a secret (`--redis=redis://:PASSWORD@host`), and the lock file is
 * world-readable and outlives a killed process (issue 25).
 */
export function commandName(argv: readonly string[]): string {
  const word = argv[2];
  return word !== undefined && /^[a-z][a-z-]{0,30}$/.test(word) ? `execgym ${word}` : 'execgym';
}

/** Whether process `pid` is alive on this host (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    // Half-written (its writer died between open and write) or gone: nobody holds it.
    return null;
  }
}

/** Whether the lock's owner is gone: a dead process on this host, or an unreadable lock. */
function isStale(owner: LockOwner | null): boolean {
  return owner === null || (owner.hostname === hostname() && !alive(owner.pid));
}

/** A held lock; `release` removes the lock file (only if it is still ours). */
export interface DirLock {
  readonly path: string;
  release(): void;
}

/**
 * Takes the lock of directory `dir` (which must exist): creates `dir/.execgym.lock` exclusively,
 * holding pid, hostname and start time. A lock whose process is dead (same host) is taken over,
 * so a crash never leaves a directory stuck; a live one is refused.
 * @param what how to name the directory in the message (`--out`)
 * @throws UserError when another live process holds the lock
 */
export function lockDir(dir: string, what: string): DirLock {
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), command: commandName(process.argv) };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (owner?.pid === process.pid && owner.hostname === me.hostname) throw new UserError(`${what} ${JSON.stringify(dir)} is already being written by this process`);
      if (!isStale(owner)) {
        throw new UserError(`${what} ${JSON.stringify(dir)} is being written by another execgym (pid ${owner!.pid} on ${owner!.hostname} since ${owner!.startedAt}); wait for it, or choose another ${what}`);
      }
      rmSync(path, { force: true });
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    return {
      path,
      release() {
        const owner = readOwner(path);
        if (owner?.pid === me.pid && owner.startedAt === me.startedAt) rmSync(path, { force: true });
      },
    };
  }
  throw new UserError(`${what} ${JSON.stringify(dir)}: could not take its lock ${path} (contended); try again`);
}

/** Whether a live process holds the lock of `dir`. */
export function isLocked(dir: string): boolean {
  const path = join(dir, LOCK_FILE);
  try {
    readFileSync(path);
  } catch {
    return false;
  }
  return !isStale(readOwner(path));
}
