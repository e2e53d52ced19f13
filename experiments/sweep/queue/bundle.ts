import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { UserError } from '../../../env/errors/errors.js';

/**
 * A directory as one gzipped buffer, for carrying run directories and checkpoints through Redis
 * (workers share no file system). Layout before gzip: a magic line, a 4-byte big-endian header
 * length, a JSON header `[{ path, size }]` (paths relative, `/`-separated, sorted) and the files'
 * bytes in header order. A tar stream would do the same, but needs a dependency or a tar writer
 * of our own; this is the whole format.
 */
const MAGIC = Buffer.from('execgym-bundle-1\n');

/**
 * execgym's own bookkeeping (`.execgym.lock`, `.execgym-commit.json`, result indexes): local to one
 * machine's directory, never carried, and refused in a bundle (a commit journal from elsewhere
 * would rename and remove files where `report` settles it: issue 25).
 */
const isControlFile = (path: string) => path.split('/').some((part) => part.startsWith('.execgym'));

/**
 * The regular files under `dir` (relative `/` paths, sorted) that `include` keeps, but execgym's
 * control files. Nothing is followed: a symbolic link (to a file or a folder) is refused, since a
 * handed-over run directory could point it at any file of the packer's (issue 25).
 * @throws UserError naming the link; or for a device, FIFO or socket
 */
export function listFiles(dir: string, include: (path: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((p) => p.split(sep).join('/'))
    .filter((p) => !isControlFile(p) && include(p) && isRegularFile(dir, p))
    .sort();
}

/** Whether `dir/path` is a regular file (false for a directory). @throws UserError for a link, a device, a FIFO or a socket */
function isRegularFile(dir: string, path: string): boolean {
  const stat = lstatSync(join(dir, path));
  if (stat.isSymbolicLink()) throw new UserError(`bundle: refusing ${JSON.stringify(join(dir, path))}: it is a symbolic link, and a bundle carries regular files only`);
  if (stat.isDirectory() || stat.isFile()) return stat.isFile();
  throw new UserError(`bundle: refusing ${JSON.stringify(join(dir, path))}: not a regular file (a device, FIFO or socket)`);
}

/** How large a bundle may be, packed and unpacked, and how many files it may hold. */
export interface BundleLimits {
  readonly maxBytes: number;
  readonly maxUnpackedBytes: number;
  readonly maxFiles: number;
}

/** The environment variable that sets each limit (a whole number; bytes for the sizes). */
export const BUNDLE_LIMIT_ENV = { maxBytes: 'EXECGYM_BUNDLE_MAX_BYTES', maxUnpackedBytes: 'EXECGYM_BUNDLE_MAX_UNPACKED_BYTES', maxFiles: 'EXECGYM_BUNDLE_MAX_FILES' } as const;

/**
 * Defaults well above a run directory (the README's 18 runs with their checkpoints take 3.4 MB),
 * far below what takes a machine down: a 510 KiB bomb used to unpack to 512 MiB (issue 25).
 */
const DEFAULT_LIMITS: BundleLimits = { maxBytes: 64 * 2 ** 20, maxUnpackedBytes: 256 * 2 ** 20, maxFiles: 10_000 };

/** The limits of the environment ({@link BUNDLE_LIMIT_ENV}), defaults for the unset ones. @throws UserError for a value that is not a whole number >= 1 */
export function bundleLimits(env: NodeJS.ProcessEnv = process.env): BundleLimits {
  const limit = (key: keyof BundleLimits): number => {
    const text = env[BUNDLE_LIMIT_ENV[key]];
    if (text === undefined || text === '') return DEFAULT_LIMITS[key];
    if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw new UserError(`${BUNDLE_LIMIT_ENV[key]} must be a whole number >= 1, got ${JSON.stringify(text)}`);
    return Number(text);
  };
  return { maxBytes: limit('maxBytes'), maxUnpackedBytes: limit('maxUnpackedBytes'), maxFiles: limit('maxFiles') };
}

/** Packs the files of `dir` that `include` keeps. Synchronous, so a caller can take a consistent snapshot between two writes. */
export function packDir(dir: string, include?: (path: string) => boolean): Buffer {
  return packFiles(new Map(listFiles(dir, include).map((path) => [path, readFileSync(join(dir, path))])));
}

/** Packs files given by relative path. */
export function packFiles(byPath: ReadonlyMap<string, Buffer>): Buffer {
  const files = [...byPath].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([path, data]) => ({ path: safePath(path), data }));
  const header = Buffer.from(JSON.stringify(files.map((f) => ({ path: f.path, size: f.data.length }))));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return gzipSync(Buffer.concat([MAGIC, length, header, ...files.map((f) => f.data)]));
}

/** A path that stays inside the directory it is unpacked to (a bundle comes over the network), and is none of execgym's control files. */
function safePath(path: unknown): string {
  if (typeof path !== 'string' || path === '' || isAbsolute(path) || normalize(path).split(/[\\/]/).includes('..') || path.includes('\0')) {
    throw new Error(`bundle: refusing the file path ${JSON.stringify(path)}`);
  }
  if (isControlFile(path)) throw new Error(`bundle: refusing ${JSON.stringify(path)}: execgym's control files (.execgym*) never travel in a bundle`);
  return path;
}

/** `bundle` gunzipped, never past `limits` (zlib stops at maxOutputLength, so a bomb costs no more memory than the limit). */
function gunzipWithin(bundle: Buffer, limits: BundleLimits): Buffer {
  if (bundle.length > limits.maxBytes) throw new Error(`bundle: ${bundle.length} bytes packed, over the limit of ${limits.maxBytes} (${BUNDLE_LIMIT_ENV.maxBytes})`);
  try {
    return gunzipSync(bundle, { maxOutputLength: limits.maxUnpackedBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`bundle: unpacks to more than the limit of ${limits.maxUnpackedBytes} bytes (${BUNDLE_LIMIT_ENV.maxUnpackedBytes})`);
    throw new Error(`bundle: not a gzip stream (${(error as Error).message})`);
  }
}

/**
 * The files of a bundle, by relative path.
 * @throws Error for a corrupt bundle, a path leaving the directory, a control file, or a bundle over `limits` (the limit named)
 */
export function unpackBundle(bundle: Buffer, limits: BundleLimits = bundleLimits()): Map<string, Buffer> {
  const raw = gunzipWithin(bundle, limits);
  if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('bundle: not an execgym bundle');
  const headerLength = raw.readUInt32BE(MAGIC.length);
  let offset = MAGIC.length + 4;
  let header: { path: string; size: number }[];
  try {
    header = JSON.parse(raw.subarray(offset, offset + headerLength).toString('utf8')) as typeof header;
  } catch {
    throw new Error('bundle: its header is not valid JSON');
  }
  if (!Array.isArray(header)) throw new Error('bundle: its header is not a list of files');
  if (header.length > limits.maxFiles) throw new Error(`bundle: ${header.length} files, over the limit of ${limits.maxFiles} (${BUNDLE_LIMIT_ENV.maxFiles})`);
  offset += headerLength;
  const files = new Map<string, Buffer>();
  for (const { path, size } of header) {
    if (!Number.isSafeInteger(size) || size < 0 || offset + size > raw.length) throw new Error(`bundle: the size of ${JSON.stringify(path)} is ${JSON.stringify(size)}, past the end of the bundle`);
    files.set(safePath(path), raw.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== raw.length) throw new Error(`bundle: ${raw.length - offset} bytes unaccounted for`);
  return files;
}

/**
 * Writes `files` as the whole directory `dir`, or not at all: into a temporary sibling that is
 * renamed over `dir`, so a reader never sees half a run.
 */
export function writeDirAtomic(dir: string, files: ReadonlyMap<string, Buffer>): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [path, data] of files) {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), data);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(tmp, dir);
}

/** The files of a bundle under `prefix/` (without it). */
export function filesUnder(files: ReadonlyMap<string, Buffer>, prefix: string): Map<string, Buffer> {
  return new Map([...files].filter(([p]) => p.startsWith(`${prefix}/`)).map(([p, d]) => [p.slice(prefix.length + 1), d]));
}
