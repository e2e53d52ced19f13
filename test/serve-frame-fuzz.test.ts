import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameReader, MAX_PAYLOAD_BYTES, type Frame, type FrameArray } from '../experiments/serve/frame.js';
import { exchange, framesIn } from './helpers/serve-frames.js';

const SERVER = fileURLToPath(new URL('../dist/experiments/serve/main.js', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/experiments/cli/main.js', import.meta.url));

/** `bytes` cut at `cuts` (positions in [0, 1), sorted), as the chunks a pipe might deliver. */
function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => bytes.subarray(start, at[i] ?? bytes.length)).filter((chunk) => chunk.length > 0);
}

/** Every reply is `ok: true`, or `ok: false` with one line that is no internal error. */
function expectWellFormed(replies: readonly Frame[]): void {
  for (const { header } of replies) {
    expect(typeof header.ok).toBe('boolean');
    if (header.ok) continue;
    expect(header.error).toEqual(expect.any(String));
    expect(header.error).not.toMatch(/\n|internal error/);
  }
}

const arrayArb = fc.oneof(
  fc.float64Array({ maxLength: 12 }),
  fc.float32Array({ maxLength: 12 }),
  fc.int32Array({ maxLength: 12 }),
  fc.uint8Array({ maxLength: 12 }),
) as fc.Arbitrary<FrameArray>;
const headerArb = fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => k !== 'arrays'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) as fc.Arbitrary<Record<string, unknown>>;
const cutsArb = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 8 });

/** Valid requests that reach every op, to mutate. */
const REQUESTS = [
  encodeFrame({ op: 'make', env: 'ac-linear-v0' }),
  encodeFrame({ op: 'reset', handle: 1, seed: 3 }),
  encodeFrame({ op: 'step', handle: 1 }, [['action', Float64Array.of(1)]]),
  encodeFrame({ op: 'make', env: 'passive-ac-linear-v0', numEnvs: 2 }),
  encodeFrame({ op: 'reset', handle: 2, seed: 0 }),
  encodeFrame({ op: 'step', handle: 2 }, [['action', Float64Array.of(1, 0.5, 1, 2, 0, 0)]]),
  encodeFrame({ op: 'spaces', handle: 1 }),
  encodeFrame({ op: 'envs' }),
  encodeFrame({ op: 'close', handle: 1 }),
];

describe('the serve frame parser under fuzzing (fast-check)', () => {
  it('any header and arrays, cut into any chunks, decode to the same values bit for bit (300 runs)', () => {
    fc.assert(
      fc.property(headerArb, fc.array(fc.tuple(fc.string({ maxLength: 6 }), arrayArb), { maxLength: 4 }), cutsArb, (header, entries, cuts) => {
        const named = new Map(entries.map(([name, array], i) => [`${i}:${name}`, array] as const));
        const bytes = encodeFrame(header, named);
        const reader = new FrameReader();
        const frames: Buffer[] = [];
        for (const chunk of chunked(bytes, cuts)) {
          reader.push(chunk);
          for (let frame = reader.next(); frame; frame = reader.next()) frames.push(frame);
        }
        expect(frames).toHaveLength(1);
        expect(reader.pending).toBe(0);
        const decoded = decodeFrame(frames[0]);
        expect(decoded.header).toEqual(JSON.parse(JSON.stringify(header)));
        for (const [name, array] of named) {
          const got = decoded.arrays.get(name)!;
          expect(got.constructor).toBe(array.constructor);
          expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength)).toEqual(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
        }
      }),
      { numRuns: 300, seed: 26 },
    );
  });

  it('random bytes in random chunks get well-formed replies only: one-line errors, never an internal error or a crash (300 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), cutsArb, async (bytes, cuts) => {
        expectWellFormed(await exchange(chunked(Buffer.from(bytes), cuts)));
      }),
      { numRuns: 300, seed: 2026 },
    );
  });

  it('valid requests with bytes flipped, lengths rewritten, junk inserted or cut short get well-formed replies only (400 runs)', async () => {
    const mutation = fc.record({
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
      lengths: fc.option(fc.tuple(fc.nat({ max: REQUESTS.length - 1 }), fc.constantFrom(0, 4), fc.oneof(fc.nat(), fc.constantFrom(2 ** 31, 2 ** 32 - 1, MAX_PAYLOAD_BYTES + 1)))),
      junk: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }))),
      cutTo: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    });
    await fc.assert(
      fc.asyncProperty(mutation, cutsArb, async ({ flips, lengths, junk, cutTo }, cuts) => {
        const frames = REQUESTS.map((frame) => Buffer.from(frame));
        if (lengths) frames[lengths[0]].writeUInt32LE(lengths[2] % 2 ** 32, lengths[1]);
        let bytes = Buffer.concat(frames);
        for (const [at, xor] of flips) bytes[at % bytes.length] ^= xor;
        if (junk) bytes = Buffer.concat([bytes.subarray(0, junk[0] % bytes.length), Buffer.from(junk[1]), bytes.subarray(junk[0] % bytes.length)]);
        if (cutTo !== null) bytes = bytes.subarray(0, Math.floor(cutTo * bytes.length));
        const replies = await exchange(chunked(bytes, cuts));
        expectWellFormed(replies);
        expect(replies.length).toBeLessThanOrEqual(REQUESTS.length + 1 + (junk ? 1 : 0));
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('a length prefix of 2^31 gets one error line without buffering or allocating for it, and the server serves the next request', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const huge = Buffer.alloc(8);
    huge.writeUInt32LE(2 ** 31, 0);
    const big = Buffer.alloc(8);
    big.writeUInt32LE(2, 0);
    big.writeUInt32LE(2 ** 31, 4);
    // Each bad frame arrives with the start of what it announces, in its own chunk; a good request follows.
    const replies = await exchange([Buffer.concat([huge, Buffer.from('{}')]), Buffer.concat([big, Buffer.from('{}')]), encodeFrame({ op: 'envs' })]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
    expect(replies.map((r) => r.header.ok)).toEqual([false, false, true]);
    expect(replies[0].header.error).toMatch(/frame lengths out of range \(header 2147483648 bytes, max 1048576;.*input dropped/);
    expect(replies[1].header.error).toMatch(/payload 2147483648, max 134217728/);
    expect(replies[2].header.ids).toContain('passive-ac-linear-v0');
  });

  it('`execgym serve` answers a 2^31 prefix, and the bridge server a frame cut short, with one line each, then exit 0 when its input ends', () => {
    const huge = Buffer.alloc(8, 0);
    huge.writeUInt32LE(2 ** 31, 4);
    const cut = encodeFrame({ op: 'envs' }).subarray(0, 10);
    const first = spawnSync(process.execPath, [CLI, 'serve'], { input: huge, timeout: 30_000 });
    expect(first.status, first.stderr.toString()).toBe(0);
    expect(framesIn(first.stdout).map((r) => r.header.error)).toEqual([expect.stringMatching(/payload 2147483648, max 134217728\): not an execgym frame; input dropped/)]);
    const second = spawnSync(process.execPath, [SERVER], { input: Buffer.concat([encodeFrame({ op: 'envs' }), cut]), timeout: 30_000 });
    expect(second.status, second.stderr.toString()).toBe(0);
    const replies = framesIn(second.stdout);
    expect(replies.map((r) => r.header.ok)).toEqual([true, false]);
    expect(replies[1].header.error).toBe('input ended inside a frame (10 bytes of an incomplete frame received)');
  });
});
