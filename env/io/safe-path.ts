import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors/errors.js';

/**
 * Names that become paths, checked where they enter (issue 25). A job id, a journal's file list,
 * `checkpoints/latest.json`, a sweep's run names: each is data that someone else may have written
 * (a queue writer, whoever handed over a directory), and each is joined to a directory of ours.
 * Every such join goes through here, so "stays inside its directory" has one definition.
 */

/** One path segment: a letter or digit first, then letters, digits and `._=+-` (never `.` or `..`). */
export const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._=+-]*$/;

/** A printable form of untrusted text for a message: JSON-quoted (control characters escaped), cut to 80 characters. */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? typeof value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * `value` if it is a string matching `pattern` (default {@link SEGMENT}) and at most 200 characters.
 * @param what the field, for the message (`job id`, `commit journal "kind"`)
 * @throws UserError naming the field, the value and what is allowed
 */
export function checkName(value: unknown, what: string, pattern: RegExp = SEGMENT): string {
  if (typeof value !== 'string' || value.length > 200 || !pattern.test(value) || value === '.' || value === '..') {
    throw new UserError(`${what} must match ${pattern.source} (a name, not a path), got ${quote(value)}`);
  }
  return value;
}

/**
 * `value` if it is a relative `/`-separated path whose every segment is a name: no absolute path,
 * no `..` or `.`, no empty segment, no backslash, NUL or control character.
 * @throws UserError naming the field, the value and what is allowed
 */
export function checkRelativePath(value: unknown, what: string): string {
  const ok = typeof value === 'string' && value !== '' && value.length <= 1000 && !isAbsolute(value) && value.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !/[\u0000-\u001f\u007f\\]/.test(s));
  if (!ok) throw new UserError(`${what} must be a relative path without "..", ".", empty parts or control characters, got ${quote(value)}`);
  return value;
}

/** Whether `path` is `dir` or lies below it (both absolute and normalised; resolve links first where they matter). */
export function within(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of `path`'s nearest existing ancestor (itself if it exists), symbolic links resolved. */
function realAncestor(path: string): string {
  for (let p = path; ; p = dirname(p)) {
    try {
      return realpathSync(p);
    } catch {
      if (dirname(p) === p) return p;
    }
  }
}

/**
 * `join(dir, relPath)` after checking that it lies inside `dir`: `relPath` passes
 * {@link checkRelativePath}, and no symbolic link on the way (in the parts that exist) leads out
 * of `dir`. The last part itself may be a link: renaming over it or removing it does not follow it.
 * @throws UserError naming the field and the value
 */
export function pathInside(dir: string, relPath: unknown, what: string): string {
  const rel = checkRelativePath(relPath, what);
  const path = join(dir, rel);
  const root = realAncestor(resolve(dir));
  if (!within(resolve(dir), resolve(path)) || !within(root, realAncestor(dirname(resolve(path))))) {
    throw new UserError(`${what} ${quote(rel)} leads out of ${JSON.stringify(dir)}`);
  }
  return path;
}

/**
 * Whether `path` is a directory of its own (not a symbolic link to one). A directory that data
 * names and that is then renamed from or removed must not be a link to someone else's folder.
 */
export function isRealDir(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
