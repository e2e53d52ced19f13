import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * A directory as one gzipped buffer, for carrying run directories and checkpoints through Redis
 * (workers share no file system). Layout before gzip: a magic line, a 4-byte big-endian header
 * length, a JSON header `[{ path, size }]` (paths relative, `/`-separated, sorted) and the files'
 * bytes in header order. A tar stream would do the same, but needs a dependency or a tar writer
 * of our own; this is the whole format.
 */
const MAGIC = Buffer.from('execgym-bundle-1\n');

/** The regular files under `dir` (relative `/` paths, sorted) that `include` keeps. */
export function listFiles(dir: string, include: (path: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((p) => p.split(sep).join('/'))
    .filter((p) => include(p) && statSync(join(dir, p)).isFile())
    .sort();
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

/** A path that stays inside the directory it is unpacked to (a bundle comes over the network). */
function safePath(path: unknown): string {
  if (typeof path !== 'string' || path === '' || isAbsolute(path) || normalize(path).split(/[\\/]/).includes('..') || path.includes('\0')) {
    throw new Error(`bundle: refusing the file path ${JSON.stringify(path)}`);
  }
  return path;
}

/** The files of a bundle, by relative path. @throws Error for a corrupt bundle or a path leaving the directory */
export function unpackBundle(bundle: Buffer): Map<string, Buffer> {
  const raw = gunzipSync(bundle);
  if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('bundle: not an execgym bundle');
  const headerLength = raw.readUInt32BE(MAGIC.length);
  let offset = MAGIC.length + 4;
  const header = JSON.parse(raw.subarray(offset, offset + headerLength).toString('utf8')) as { path: string; size: number }[];
  offset += headerLength;
  const files = new Map<string, Buffer>();
  for (const { path, size } of header) {
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
