import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UserError } from '../../env/errors/errors.js';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import { lockDir, isLocked, type DirLock } from './dir-lock.js';
import { ensureDir } from '../../env/io/ensure-dir.js';
import { checkName, checkRelativePath, isRealDir, pathInside } from '../../env/io/safe-path.js';

/**
 * Complete-or-absent result files in a shared directory.
 *
 * A command writes its files into a staging folder inside the target directory, then commits:
 * it writes a journal naming every file, renames them into place, and deletes the journal. A
 * process killed mid-commit leaves the journal, and the next command that opens or reads the
 * directory rolls it forward first, so a reader sees the previous complete result or the new one,
 * never a mix. Files are moved one by one (not the directory swapped), so files that other
 * commands wrote there stay; each kind of result keeps an index of the files it wrote, and a
 * commit removes only its own earlier files that the new result no longer has.
 */

const JOURNAL = '.execgym-commit.json';
const STAGING_PREFIX = '.staging-';
/** A kind names an index file (`.execgym-<kind>.files.json`) and a staging folder: any file name, never a path. */
const KIND = /^[^/\\\u0000-\u001f\u007f]+$/;
const indexFile = (kind: string) => `.execgym-${kind}.files.json`;

interface Journal {
  readonly kind: string;
  readonly staging: string;
  readonly files: string[];
  readonly remove: string[];
}

/** Every file under `dir`, relative to it (but the bookkeeping of a result written inside it). */
function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((entry) => !entry.name.startsWith('.execgym')).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path, base) : [relative(base, path)];
  });
}

/**
 * The files an earlier result of a kind wrote (its index), which a commit may remove. The index is
 * data in a directory someone may have handed over: a name leading out of the directory is refused.
 * @throws UserError naming the index file and the entry
 */
function readList(path: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return [];
  }
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  list.forEach((file, i) => checkRelativePath(file, `${JSON.stringify(path)}[${i}]`));
  return list;
}

/**
 * A commit journal as read from disk, checked field by field before any of it becomes a path: a
 * journal in a handed-over directory is not ours (issue 25), and `rollForward` renames and removes
 * what it names.
 * @throws UserError naming the journal, the field and the value
 */
function parseJournal(dir: string, value: unknown): Journal {
  const where = `commit journal ${JSON.stringify(join(dir, JOURNAL))}`;
  const j = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const kind = checkName(j.kind, `${where} "kind"`, KIND);
  const staging = checkName(j.staging, `${where} "staging"`, new RegExp(`^\\${STAGING_PREFIX}${KIND.source.slice(1)}`));
  const list = (field: 'files' | 'remove') => {
    if (!Array.isArray(j[field])) throw new UserError(`${where} "${field}" must be a list of relative paths, got ${JSON.stringify(j[field]) ?? 'nothing'}`);
    return (j[field] as unknown[]).map((file, i) => pathInsideOrThrow(dir, file, `${where} "${field}"[${i}]`));
  };
  const files = list('files');
  const remove = list('remove');
  const stagingPath = join(dir, staging);
  if (existsSync(stagingPath) && !isRealDir(stagingPath)) throw new UserError(`${where} "staging" ${JSON.stringify(staging)} is not a directory of its own (a link?)`);
  for (const file of files) pathInsideOrThrow(stagingPath, file, `${where} "files"`);
  return { kind, staging, files, remove };
}

/** `file` (relative to `dir`) if it lies inside `dir`, links resolved. */
function pathInsideOrThrow(dir: string, file: unknown, what: string): string {
  pathInside(dir, file, what);
  return file as string;
}

/**
 * Fault-injection hook for tests: EXECGYM_FAULT_PAUSE_MS pauses this long before each rename of a
 * commit, so that a test can kill a writer in the middle of one. Unset (0) in normal use.
 */
function faultPause(): void {
  const ms = Number(process.env.EXECGYM_FAULT_PAUSE_MS ?? 0);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Moves a journal's files into place (idempotent: a file already moved is skipped). */
function rollForward(dir: string, journal: Journal): void {
  const staging = join(dir, journal.staging);
  for (const file of journal.files) {
    const from = join(staging, file);
    if (!existsSync(from)) continue;
    faultPause();
    ensureDir(dirname(join(dir, file)));
    renameSync(from, join(dir, file));
  }
  for (const file of journal.remove) rmSync(join(dir, file), { force: true });
  writeJsonAtomic(join(dir, indexFile(journal.kind)), journal.files);
  rmSync(staging, { recursive: true, force: true });
  rmSync(join(dir, JOURNAL), { force: true });
}

/** `<name>.<pid>.tmp` files of writers that are gone (the lock holder is the only writer). */
function isStaleTemp(name: string): boolean {
  const match = /\.(\d+)\.tmp$/.exec(name);
  return match !== null && Number(match[1]) !== process.pid;
}

/**
 * With the lock held: finishes an interrupted commit, and removes staging folders and temporary
 * files that dead writers left behind.
 */
function recover(dir: string): void {
  const journalPath = join(dir, JOURNAL);
  if (existsSync(journalPath)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(journalPath, 'utf8'));
    } catch {
      throw new UserError(`commit journal ${JSON.stringify(journalPath)} is not valid JSON: not a journal execgym wrote; remove it if the directory is yours`);
    }
    rollForward(dir, parseJournal(dir, raw));
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith(STAGING_PREFIX)) rmSync(join(dir, entry.name), { recursive: true, force: true });
    else if (entry.isFile() && isStaleTemp(entry.name)) rmSync(join(dir, entry.name), { force: true });
  }
}

/** An open result directory: write into `staging`, then `commit` (or `abandon`). */
export interface ResultDir {
  readonly dir: string;
  readonly staging: string;
  /** Moves the staged files into place, complete or not at all, and releases the lock. */
  commit(): void;
  /** Drops the staged files and releases the lock (after a failure). */
  abandon(): void;
}

/**
 * Opens `dir` for writing one result of `kind` (`benchmark`, `frontier`, `report-x`...): creates it,
 * takes its lock (a second writer is refused in one line), finishes any interrupted commit and
 * cleans leftovers, and makes an empty staging folder.
 * @param what how to name the directory in messages (`--out`)
 * @throws UserError for an empty path, a file in the way, or a live writer holding the lock
 */
export function openResultDir(dir: string, kind: string, what = '--out'): ResultDir {
  ensureDir(dir, what);
  const lock: DirLock = lockDir(dir, what);
  try {
    recover(dir);
    // The index names files this result will remove: checked now, before the work, not at the commit.
    readList(join(dir, indexFile(kind)));
    const stagingName = `${STAGING_PREFIX}${kind}-${process.pid}`;
    const staging = join(dir, stagingName);
    mkdirSync(staging);
    return {
      dir,
      staging,
      commit() {
        try {
          const files = listFiles(staging);
          const previous = readList(join(dir, indexFile(kind)));
          const journal: Journal = { kind, staging: stagingName, files, remove: previous.filter((f) => !files.includes(f)) };
          writeJsonAtomic(join(dir, JOURNAL), journal);
          rollForward(dir, journal);
        } finally {
          lock.release();
        }
      },
      abandon() {
        rmSync(staging, { recursive: true, force: true });
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Writes one result into `dir` through {@link openResultDir}: `write` fills the staging folder,
 * then the files are committed together. On an error nothing of this result reaches `dir`.
 */
export async function writeResultDir<T>(dir: string, kind: string, write: (staging: string) => Promise<T> | T, what = '--out'): Promise<T> {
  const result = openResultDir(dir, kind, what);
  let value: T;
  try {
    value = await write(result.staging);
  } catch (error) {
    result.abandon();
    throw error;
  }
  result.commit();
  return value;
}

/**
 * Before reading `dir`: finishes a commit that a killed writer left half done, so the reader sees
 * a complete result. Refused while a live writer holds the directory.
 * @throws UserError while another process is writing `dir`
 */
export function settleResultDir(dir: string): void {
  if (!existsSync(join(dir, JOURNAL))) return;
  if (isLocked(dir)) throw new UserError(`${JSON.stringify(dir)} is being written by another execgym; read it when that finishes`);
  const lock = lockDir(dir, 'directory');
  try {
    recover(dir);
  } finally {
    lock.release();
  }
}
