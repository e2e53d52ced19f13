import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UserError } from '../../env/errors.js';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import { lockDir, isLocked, type DirLock } from './dir-lock.js';
import { ensureDir } from '../../env/io/ensure-dir.js';

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

function readList(path: string): string[] {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
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
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
    rollForward(dir, journal);
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
