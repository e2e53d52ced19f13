import { UserError } from '../../env/errors/errors.js';
import { NonFiniteResultError } from '../../env/io/finite-guard.js';

/** Exit codes: 2 a user's mistake; 74 the file system refused (sysexits EX_IOERR); 70 a refused non-finite result. */
export const EXIT_USAGE = 2;
export const EXIT_IO = 74;
export const EXIT_SOFTWARE = 70;

/** Thrown instead of calling process.exit, so that the CLI can run in-process (tests) too. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Errors of the machine, not of the user: a full disk, a read-only or refusing file system. */
const IO_CODES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENOENT: 'no such file or directory (the file system refused to create it)',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  EXDEV: 'crosses file systems',
  ENAMETOOLONG: 'name too long',
};

/** The one line and exit code of an error that the user or the machine caused, or null for a bug. */
export function describeFailure(error: unknown): { line: string; code: number } | null {
  if (error instanceof UserError || error instanceof RangeError) return { line: error.message, code: EXIT_USAGE };
  if (error instanceof NonFiniteResultError) return { line: error.message, code: EXIT_SOFTWARE };
  const errno = error as NodeJS.ErrnoException | null;
  if (errno && typeof errno.code === 'string' && errno.code in IO_CODES) {
    const where = errno.path ? ` ${JSON.stringify(errno.path)}` : '';
    return { line: `cannot ${errno.syscall ?? 'write'}${where}: ${IO_CODES[errno.code]} (${errno.code})`, code: EXIT_IO };
  }
  return null;
}

/**
 * Runs a CLI command body: a {@link UserError} (or a RangeError from validated inputs) prints as one
 * line on stderr with exit code 2, a file-system fault as one line with exit code 74; anything else
 * is a bug and keeps its stack trace.
 * @throws CliExit carrying the exit code
 */
export async function runCommand(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof CliExit) throw error;
    const failure = describeFailure(error);
    if (failure === null) throw error;
    console.error(`execgym: ${failure.line.replace(/\s*\n\s*/g, ' ')}`);
    throw new CliExit(failure.code);
  }
}
