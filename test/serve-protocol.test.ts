import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { make, makeVector } from '../env/registry.js';
import { decodeFrame, encodeFrame, FrameReader, type FrameArray } from '../experiments/serve/frame.js';
import { exchange, framesIn } from './helpers/serve-frames.js';

const CLI = fileURLToPath(new URL('../dist/experiments/cli/main.js', import.meta.url));

const request = (header: Record<string, unknown>, arrays: [string, FrameArray][] = []) => encodeFrame(header, arrays);
/** A frame whose header bytes are `text` as given (for malformed headers). */
function rawFrame(text: string, payload = Buffer.alloc(0)): Buffer {
  const head = Buffer.from(text, 'utf8');
  const lengths = Buffer.alloc(8);
  lengths.writeUInt32LE(head.length, 0);
  lengths.writeUInt32LE(payload.length, 4);
  return Buffer.concat([lengths, head, payload]);
}

describe('execgym serve', () => {
  it('a frame split into single bytes or pipelined with others decodes to the same arrays, bit for bit', () => {
    const values = Float64Array.of(-0, NaN, Infinity, 5e-324, 1 / 3);
    const frame = encodeFrame({ op: 'x' }, [['v', values], ['o', Float32Array.of(0.1, -0)], ['s', -0], ['m', Uint8Array.of(1, 0, 1)]]);
    const reader = new FrameReader();
    const got: Buffer[] = [];
    for (const byte of Buffer.concat([frame, frame])) {
      reader.push(Buffer.of(byte));
      const next = reader.next();
      if (next) got.push(next);
    }
    expect(got).toHaveLength(2);
    for (const bytes of got) {
      const { header, arrays } = decodeFrame(bytes);
      expect(header).toEqual({ op: 'x' });
      expect(Buffer.from(arrays.get('v')!.buffer)).toEqual(Buffer.from(values.buffer));
      expect(Array.from(arrays.get('m')!)).toEqual([1, 0, 1]);
      // A plain number travels as a one-element float64, sign of zero included.
      expect(arrays.get('s')).toBeInstanceOf(Float64Array);
      expect(Object.is(arrays.get('s')![0], -0)).toBe(true);
    }
  });

  it('serves a single and a vector env whose episodes equal the in-process envs bit for bit', async () => {
    const replies = await exchange([
      request({ op: 'make', env: 'regime-v0', overrides: { regimeInfo: 'belief' } }),
      request({ op: 'make', env: 'regime-v0', numEnvs: 3 }),
      request({ op: 'reset', handle: 1, seed: 9 }),
      request({ op: 'reset', handle: 2, seed: 9 }),
      ...Array.from({ length: 20 }, (_, k) => request({ op: 'step', handle: 1 }, [['action', Float64Array.of(0.1 * k)]])),
      ...Array.from({ length: 25 }, (_, k) => request({ op: 'step', handle: 2 }, [['action', Float64Array.of(0.1 * k, 1, 2)]])),
    ]);
    expect(replies.every((r) => r.header.ok === true)).toBe(true);
    expect(replies[0].header).toMatchObject({ handle: 1, vector: false, steps: 20, regimeNames: ['calm', 'volatile', 'illiquid'] });
    expect((replies[0].header.features as { name: string }[]).map((f) => f.name)).toContain('belief_calm');
    expect(replies[1].header).toMatchObject({ handle: 2, vector: true, numEnvs: 3 });

    const single = make('regime-v0', { regimeInfo: 'belief' });
    expect(Array.from(replies[2].arrays.get('observation')!)).toEqual(Array.from(single.reset({ seed: 9 }).observation));
    for (let k = 0; k < 20; k++) {
      const step = single.step(0.1 * k);
      const got = replies[4 + k].arrays;
      expect(Array.from(got.get('observation')!)).toEqual(Array.from(step.observation));
      expect(got.get('reward')![0]).toBe(step.reward);
      expect(got.get('terminated')![0]).toBe(step.terminated ? 1 : 0);
      expect(got.get('info.ledger.timing')![0]).toBe(step.info.ledger.timing);
      expect(got.get('info.ledger.riskPenalty')![0]).toBe(step.info.ledger.riskPenalty);
      expect(got.get('info.episode.shortfallBps')?.[0]).toBe(step.info.episode?.shortfallBps);
    }
    const vector = makeVector('regime-v0', 3);
    vector.reset({ seed: 9 });
    for (let t = 0; t < 25; t++) {
      const step = vector.step([0.1 * t, 1, 2]);
      const got = replies[24 + t].arrays;
      expect(Array.from(got.get('rewards')!)).toEqual(Array.from(step.reward));
      expect(Array.from(got.get('observations')!)).toEqual(Array.from(step.observation));
      expect(Array.from(got.get('info.finalObservations')!)).toEqual(Array.from(step.info.finalObservations));
      expect(Array.from(got.get('info.shortfall')!)).toEqual(Array.from(step.info.shortfall));
      expect(Array.from(got.get('info.episode.return')!)).toEqual(Array.from(step.info.episode.return));
    }
  });

  it('answers every bad request with a one-line error naming the problem, and goes on serving', async () => {
    const bad: [Buffer, RegExp][] = [
      [rawFrame('{oops'), /frame header is not valid JSON/],
      [rawFrame('[1,2]'), /frame header must be a JSON object/],
      [rawFrame('{"op":"make","env":"ac-linear-v0","arrays":[["a","f64",4]]}', Buffer.alloc(8)), /arrays need more than the 8 payload bytes/],
      [rawFrame('{"op":"make","arrays":[["a","f16",1]]}', Buffer.alloc(2)), /frame array entry must be/],
      [request({ op: 'jump' }), /request\.op: unknown op "jump"; one of make, spaces, reset, step, close, envs/],
      // Inherited names are no ops (Object.hasOwn, issue 25): "toString" once reached a prototype method.
      [request({ op: 'toString' }), /request\.op: unknown op "toString"/],
      [request({ op: '__proto__' }), /request\.op: unknown op "__proto__"/],
      [request({ op: 'step', handle: 3 }, [['action', Float64Array.of(1, 0.5)]]), /step needs 3 numbers \(3 per lane: multiplier, limit fraction, offset\) or 1 \(a taker's multiplier per lane\), got 2/],
      [request({ op: 'make', env: 'nope-v0' }), /env: unknown id "nope-v0"/],
      [request({ op: 'make', env: 'ac-linear-v0', numEnvs: 0 }), /request\.numEnvs: .*>=1 \(got 0\)/],
      [request({ op: 'make', env: 'ac-linear-v0', overrides: { horizon: { N: -3 } } }), /spec\.horizon\.N/],
      [request({ op: 'make', env: 'ac-linear-v0', colour: 'red' }), /request: .*colour/],
      [request({ op: 'reset', handle: 99 }), /no open env has handle 99/],
      [request({ op: 'reset', handle: 1, seed: 1.5 }), /request\.seed: .*expected int.*\(got 1\.5\)/],
      [request({ op: 'step', handle: 2 }, [['action', Float64Array.of(1, 1)]]), /step before reset/],
      [request({ op: 'step', handle: 1 }), /step takes one array "action" of 1 numbers, got none/],
      [request({ op: 'step', handle: 1 }, [['action', Float64Array.of(1, 1)]]), /step needs 1 action \(one per lane\), got 2/],
      [request({ op: 'step', handle: 1 }, [['action', Float64Array.of(99)]]), /action must be a multiplier in \[0, 4\].*got 99/],
      [request({ op: 'step', handle: 1 }, [['action', Float64Array.of(NaN)]]), /got NaN/],
      [request({ op: 'reset', handle: 1 }, [['x', Float64Array.of(1)]]), /reset takes no arrays/],
      [Buffer.from('GET / HTTP/1.1\r\n\r\n'), /frame lengths out of range.*input dropped/],
    ];
    const make = [request({ op: 'make', env: 'ac-linear-v0' }), request({ op: 'make', env: 'ac-linear-v0', numEnvs: 2 }), request({ op: 'reset', handle: 1, seed: 0 }), request({ op: 'make', env: 'passive-ac-linear-v0' }), request({ op: 'reset', handle: 3, seed: 0 })];
    const replies = await exchange([...make, ...bad.flatMap(([frame]) => [frame, request({ op: 'spaces', handle: 1 })]), request({ op: 'step', handle: 1 }, [['action', Float64Array.of(1)]])]);
    expect(replies).toHaveLength(make.length + 2 * bad.length + 1);
    bad.forEach(([, pattern], i) => {
      const reply = replies[make.length + 2 * i].header;
      expect(reply.ok, `${pattern}`).toBe(false);
      expect(reply.error).toMatch(pattern);
      expect(reply.error).not.toMatch(/\n/);
      expect(replies[make.length + 2 * i + 1].header.ok).toBe(true);
    });
    // The failed requests left the episode where it was: this is its first step.
    expect(replies.at(-1)!.arrays.get('info.step')![0]).toBe(1);
  });

  it('the execgym serve command answers on stdout with frames only and exits 0 when its input ends', () => {
    const input = Buffer.concat([request({ op: 'make', env: 'ac-linear-v0' }), request({ op: 'reset', handle: 1, seed: 4 }), request({ op: 'close', handle: 1 }), request({ op: 'spaces', handle: 1 })]);
    const result = spawnSync(process.execPath, [CLI, 'serve'], { input, timeout: 60_000 });
    expect(result.status, result.stderr.toString()).toBe(0);
    const replies = framesIn(result.stdout);
    expect(replies.map((r) => r.header.ok)).toEqual([true, true, true, false]);
    expect(replies[3].header.error).toMatch(/no open env has handle 1 \(open: none\)/);
    expect(Array.from(replies[1].arrays.get('observation')!)).toEqual(Array.from(make('ac-linear-v0').reset({ seed: 4 }).observation));
  });
});
