import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import xetraReplay from '../env/specs/xetra-replay-v0.json' with { type: 'json' };
import { UserError } from '../env/errors/errors.js';
import { checkName, checkRelativePath, pathInside } from '../env/io/safe-path.js';
import { runConfigSchema, type RunConfig } from '../experiments/run-config/run-config.js';
import { printable } from '../experiments/io/printable.js';
import { redactUrl, redactUrls } from '../experiments/io/redact-url.js';
import type { ArtefactKind, ArtefactStore } from '../experiments/sweep/queue/artefact-store.js';
import { bundleLimits } from '../experiments/sweep/queue/bundle.js';
import { checkJobData } from '../experiments/sweep/queue/job-data.js';
import { queueKey, signBundle, signedStore, verifyBundle } from '../experiments/sweep/queue/signed-store.js';
import { tempDir } from './helpers/temp-dirs.js';
import { TINY_ENV } from './helpers/tiny-runs.js';

/** The guards of issue 25, one module at a time (the attacks themselves: security-attacks.test.ts and queue-hostile-jobs.test.ts). */

describe('safe-path: a name from data stays a name', () => {
  it('refuses ., .., separators, control characters and over-long names, naming the field and the value', () => {
    for (const bad of ['', '.', '..', '../x', 'a/b', 'a\\b', '/etc', 'x\u001b[2J', 'a'.repeat(201), 7, null]) {
      expect(() => checkName(bad, 'job id'), JSON.stringify(bad)).toThrow(UserError);
    }
    expect(() => checkName('../victim', 'job id')).toThrow(/^job id must match .*got "\.\.\/victim"$/);
    expect(checkName('3f9a0c', 'job id')).toBe('3f9a0c');
  });

  it('a relative path may be nested but never absolute, climbing, empty-segmented or with control characters', () => {
    expect(checkRelativePath('base/seed-0', 'run')).toBe('base/seed-0');
    expect(checkRelativePath('my report-figures/a b.svg', 'file')).toBe('my report-figures/a b.svg');
    for (const bad of ['/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a/.', 'a\u0000b', '']) expect(() => checkRelativePath(bad, 'file'), bad).toThrow(UserError);
  });

  it('pathInside refuses a path through a link that leads out of the directory, and accepts one that stays', () => {
    const root = tempDir();
    mkdirSync(join(root, 'dir', 'sub'), { recursive: true });
    mkdirSync(join(root, 'outside'));
    symlinkSync(join(root, 'outside'), join(root, 'dir', 'out'));
    symlinkSync(join(root, 'dir', 'sub'), join(root, 'dir', 'in'));
    expect(() => pathInside(join(root, 'dir'), 'out/file', 'journal "files"[0]')).toThrow(/^journal "files"\[0\] "out\/file" leads out of /);
    expect(pathInside(join(root, 'dir'), 'in/file', 'f')).toBe(join(root, 'dir', 'in', 'file'));
    expect(pathInside(join(root, 'dir'), 'new/deeper/file', 'f')).toBe(join(root, 'dir', 'new', 'deeper', 'file'));
  });
});

describe('redact-url: everything before the last @ of a URL goes', () => {
  it('masks passwords and secret keys holding /, : and @, in a value and in free text', () => {
    expect(redactUrl('redis://:S3cret/Pass@127.0.0.1:6379/0')).toBe('redis://***@127.0.0.1:6379/0');
    expect(redactUrl('rediss://user:p@ss/w:rd@queue.example.org:6380')).toBe('rediss://***@queue.example.org:6380');
    expect(redactUrl('s3://AKIA:wJal/rXU@bucket/prefix')).toBe('s3://***@bucket/prefix');
    expect(redactUrl(':no-scheme/pw@host')).toBe('***@host');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrls('connect redis://:a/b@h1:1 failed, then "http://k:s/e@h2/x" too')).toBe('connect redis://***@h1:1 failed, then "http://***@h2/x" too');
  });
});

describe('printable: strings from Redis cannot drive the terminal', () => {
  it('drops C0 and C1 controls, DEL and bidi overrides, keeping the text', () => {
    expect(printable('run\u001b[2K\r\u001b]0;title\u0007ok')).toBe('run[2K]0;titleok');
    expect(printable('a\u009b31mb\u007f\u202eevil\u2066')).toBe('a31mbevil');
    expect(printable('host-1:4242 ünïcode')).toBe('host-1:4242 ünïcode');
  });
});

/** A store in memory, for the signing wrapper. */
function memoryStore(): ArtefactStore & { raw: Map<string, Buffer> } {
  const raw = new Map<string, Buffer>();
  const key = (kind: ArtefactKind, id: string) => `${kind}:${id}`;
  return {
    raw,
    identity: 'memory',
    put: async (kind, id, bundle) => void raw.set(key(kind, id), bundle),
    get: async (kind, id) => raw.get(key(kind, id)) ?? null,
    has: async (kind, id) => raw.has(key(kind, id)),
    delete: async () => {},
    list: async () => [],
    close: async () => {},
  };
}

describe('signed-store: bundles carry an HMAC-SHA256 tag under EXECGYM_QUEUE_KEY', () => {
  const KEY = Buffer.from('0123456789abcdef-the-queue-key');
  const bundle = Buffer.from('a bundle');

  it('a signed bundle reads back with the same key, and is refused with another key, another job, another kind or one byte changed', async () => {
    const memory = memoryStore();
    await signedStore(memory, KEY).put('result', 'job-1', bundle);
    expect(await signedStore(memory, KEY).get('result', 'job-1')).toEqual(bundle);
    await expect(signedStore(memory, Buffer.from('another-key-of-16+chars')).get('result', 'job-1')).rejects.toThrow(/fails its integrity check/);
    const stored = memory.raw.get('result:job-1')!;
    expect(() => verifyBundle(KEY, 'result', 'job-2', stored)).toThrow(/result bundle of job job-2 fails its integrity check/);
    expect(() => verifyBundle(KEY, 'checkpoint', 'job-1', stored)).toThrow(/fails its integrity check/);
    const tampered = Buffer.from(stored);
    tampered[tampered.length - 1] ^= 1;
    expect(() => verifyBundle(KEY, 'result', 'job-1', tampered)).toThrow(/fails its integrity check/);
  });

  it('with a key set an unsigned bundle is refused; without one a signed bundle is refused and an unsigned one passes', () => {
    expect(() => verifyBundle(KEY, 'checkpoint', 'j', bundle)).toThrow(/carries no integrity tag, and EXECGYM_QUEUE_KEY is set/);
    expect(() => verifyBundle(null, 'checkpoint', 'j', signBundle(KEY, 'checkpoint', 'j', bundle))).toThrow(/is signed, but EXECGYM_QUEUE_KEY is not set here/);
    expect(verifyBundle(null, 'checkpoint', 'j', bundle)).toEqual(bundle);
  });

  it('the key is read from the environment and must be at least 16 characters', () => {
    expect(queueKey({})).toBeNull();
    expect(queueKey({ EXECGYM_QUEUE_KEY: 'x'.repeat(16) })).toEqual(Buffer.from('x'.repeat(16)));
    expect(() => queueKey({ EXECGYM_QUEUE_KEY: 'short' })).toThrow(/^EXECGYM_QUEUE_KEY must be at least 16 characters/);
  });
});

describe('bundle limits', () => {
  it('are read from the environment, with defaults, and a bad value is one line naming the variable', () => {
    expect(bundleLimits({})).toEqual({ maxBytes: 64 * 2 ** 20, maxUnpackedBytes: 256 * 2 ** 20, maxFiles: 10_000 });
    expect(bundleLimits({ EXECGYM_BUNDLE_MAX_FILES: '50' }).maxFiles).toBe(50);
    expect(() => bundleLimits({ EXECGYM_BUNDLE_MAX_UNPACKED_BYTES: '1e9' })).toThrow(/^EXECGYM_BUNDLE_MAX_UNPACKED_BYTES must be a whole number >= 1, got "1e9"$/);
  });
});

describe('job-data: a queued config reads only the samples and files below --data-root', () => {
  const config = (env: unknown): RunConfig =>
    runConfigSchema.parse({ name: 't', env, agent: { type: 'ppo', numEnvs: 4, hidden: [4] }, train: { steps: 10 } });
  const replay = (file: string) => ({ spec: { ...xetraReplay, price: { ...xetraReplay.price, data: { ...xetraReplay.price.data, files: [file] } } } });
  const root = tempDir();
  mkdirSync(join(root, 'data', 'xetra'), { recursive: true });
  copyFileSync(join('env', 'data', 'samples', 'xetra-pds-2018-03-21', 'xetra_2018-03-21_top10_dax_1min.csv'), join(root, 'data', 'xetra', 'day.csv'));
  writeFileSync(join(root, 'data', 'spec.json'), JSON.stringify(xetraReplay));
  writeFileSync(join(root, 'outside.json'), JSON.stringify(xetraReplay));
  symlinkSync(join(root, 'outside.json'), join(root, 'data', 'link.json'));
  const fifo = spawnSync('mkfifo', [join(root, 'data', 'fifo.csv')]).status === 0;
  const dataRoot = join(root, 'data');

  it('accepts registered envs, samples/ files and regular files below the data root', () => {
    expect(() => checkJobData(config(TINY_ENV), null)).not.toThrow();
    expect(() => checkJobData(config({ id: 'xetra-replay-v0' }), null)).not.toThrow();
    expect(() => checkJobData(config(replay('samples/xetra-pds-2018-03-21/xetra_2018-03-21_top10_dax_1min.csv')), null)).not.toThrow();
    expect(() => checkJobData(config(replay('xetra/day.csv')), dataRoot)).not.toThrow();
    expect(() => checkJobData(config({ id: 'spec.json' }), dataRoot)).not.toThrow();
  });

  it('refuses absolute paths, .., a path without --data-root, a link leading out, a FIFO and a missing file, in one line naming the field', () => {
    const refusal = (env: unknown, root: string | null) => {
      try {
        checkJobData(config(env), root);
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal({ id: join(root, 'outside.json') }, dataRoot)).toMatch(/^config\.env\.id: a queued config may not name the absolute path ".*outside\.json"/);
    expect(refusal({ id: '../outside.json' }, dataRoot)).toMatch(/^config\.env\.id must be a relative path without "\.\."/);
    expect(refusal(replay('/etc/passwd'), dataRoot)).toMatch(/^config\.env: price\.data\.files\[0\]: a queued config may not name the absolute path "\/etc\/passwd"/);
    expect(refusal(replay('samples/../../../../etc/passwd'), null)).toMatch(/price\.data\.files\[0\] must be a relative path without "\.\."/);
    expect(refusal({ id: 'spec.json' }, null)).toMatch(/this worker reads no other files \(start it with --data-root DIR\)/);
    expect(refusal({ id: 'link.json' }, dataRoot)).toMatch(/"link\.json" leads out of the worker's --data-root/);
    expect(refusal(replay('xetra/none.csv'), dataRoot)).toMatch(/no file "xetra\/none\.csv" in the worker's --data-root/);
    if (fifo) expect(refusal(replay('fifo.csv'), dataRoot)).toMatch(/"fifo\.csv" is not a regular file \(a device, FIFO or directory\)/);
  });
});
