/**
 * The wire format of `execgym serve` and of `proc:` policies: one frame per message,
 *
 *   u32 LE header length H | u32 LE payload length P | H bytes UTF-8 JSON header | P bytes payload
 *
 * The header lists the payload's arrays in order as `[name, dtype, length]`; the payload is their
 * raw little-endian bytes back to back, without padding. Numbers travel as IEEE bytes, so
 * observations, rewards, actions and the ledger round-trip bit for bit (JSON would lose -0, NaN,
 * Infinity and cost a float formatting per number).
 */
import { endianness } from 'node:os';

if (endianness() !== 'LE') throw new Error('execgym serve frames are little-endian; this machine is big-endian');

/** The dtypes a frame carries, named as numpy's `<f8`, `<f4`, `<i4`, `u1`. */
export const DTYPES = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u8: Uint8Array,
} as const;
export type Dtype = keyof typeof DTYPES;
export type FrameArray = Float64Array | Float32Array | Int32Array | Uint8Array;
/**
 * A named array to send; a plain number is a one-element float64 array (written in place, which
 * spares the step reply a dozen tiny ArrayBuffers: V8 allocates and collects those slowly).
 */
export type FrameEntry = readonly [string, FrameArray | number];

/** A decoded frame: the JSON header (minus `arrays`) and the named arrays of the payload. */
export interface Frame {
  readonly header: Record<string, unknown>;
  readonly arrays: Map<string, FrameArray>;
}

/**
 * Largest header and payload accepted: beyond these the stream is taken to be out of sync (the
 * lengths are checked before anything is buffered for them, so a prefix of 2^31 allocates nothing).
 * The largest request is a step of 2^20 lanes (the most `numEnvs` allows) x 3 float64s: 24 MiB.
 */
export const MAX_HEADER_BYTES = 1 << 20;
export const MAX_PAYLOAD_BYTES = 1 << 27;

/** A framing problem: the message names what is wrong with the bytes received. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

function dtypeOf(array: FrameArray | number): Dtype {
  if (typeof array === 'number' || array instanceof Float64Array) return 'f64';
  if (array instanceof Float32Array) return 'f32';
  if (array instanceof Int32Array) return 'i32';
  return 'u8';
}

/** One frame's bytes: `header` as JSON (with the array table added) and `arrays` as payload. */
export function encodeFrame(header: Record<string, unknown>, arrays: ReadonlyMap<string, FrameArray> | readonly FrameEntry[] = []): Buffer {
  const entries = [...arrays];
  const table = entries.map(([name, array]) => [name, dtypeOf(array), typeof array === 'number' ? 1 : array.length]);
  const headerBytes = Buffer.from(JSON.stringify(entries.length > 0 ? { ...header, arrays: table } : header), 'utf8');
  const payloadBytes = entries.reduce((sum, [, array]) => sum + (typeof array === 'number' ? 8 : array.byteLength), 0);
  const frame = Buffer.allocUnsafe(8 + headerBytes.length + payloadBytes);
  frame.writeUInt32LE(headerBytes.length, 0);
  frame.writeUInt32LE(payloadBytes, 4);
  headerBytes.copy(frame, 8);
  let offset = 8 + headerBytes.length;
  for (const [, array] of entries) {
    if (typeof array === 'number') {
      frame.writeDoubleLE(array, offset);
      offset += 8;
    } else {
      frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
      offset += array.byteLength;
    }
  }
  return frame;
}

/**
 * The frame in `bytes` (exactly one frame: the lengths, header and payload).
 * @throws FrameError when the header is not a JSON object or its array table does not match the payload
 */
export function decodeFrame(bytes: Buffer): Frame {
  const headerLength = bytes.readUInt32LE(0);
  const payloadLength = bytes.readUInt32LE(4);
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength));
  } catch (error) {
    throw new FrameError(`frame header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new FrameError(`frame header must be a JSON object, got ${JSON.stringify(header)?.slice(0, 60)}`);
  const { arrays: table = [], ...rest } = header as Record<string, unknown>;
  const arrays = new Map<string, FrameArray>();
  if (!Array.isArray(table)) throw new FrameError(`frame header "arrays" must be a list of [name, dtype, length], got ${JSON.stringify(table).slice(0, 60)}`);
  let offset = 8 + headerLength;
  const end = offset + payloadLength;
  for (const entry of table) {
    const [name, dtype, length] = Array.isArray(entry) ? entry : [];
    if (typeof name !== 'string' || !(typeof dtype === 'string' && Object.hasOwn(DTYPES, dtype)) || !Number.isSafeInteger(length) || length < 0) {
      throw new FrameError(`frame array entry must be [name, "f64"|"f32"|"i32"|"u8", length >= 0], got ${JSON.stringify(entry).slice(0, 60)}`);
    }
    const Type = DTYPES[dtype as Dtype];
    const byteLength = length * Type.BYTES_PER_ELEMENT;
    if (offset + byteLength > end) throw new FrameError(`frame arrays need more than the ${payloadLength} payload bytes sent (at array "${name}")`);
    // Copied: a typed array needs an offset aligned to its element size, a socket chunk has none.
    const array = new Type(length);
    new Uint8Array(array.buffer).set(bytes.subarray(offset, offset + byteLength));
    arrays.set(name, array);
    offset += byteLength;
  }
  if (offset !== end) throw new FrameError(`frame payload has ${payloadLength} bytes but its arrays take ${offset - 8 - headerLength}`);
  return { header: rest, arrays };
}

/**
 * Cuts a byte stream into frames. Chunks are kept until a whole frame has arrived and then joined
 * once, so a large frame arriving in many chunks costs one copy.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds received bytes. */
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /**
   * The next whole frame's bytes, or undefined until it has arrived.
   * @throws FrameError when the lengths exceed the limits: the stream cannot be resynchronised, so
   *   the buffered bytes are dropped
   */
  next(): Buffer | undefined {
    if (this.buffered < 8) return undefined;
    const head = this.chunks[0].length >= 8 ? this.chunks[0] : this.join();
    const headerLength = head.readUInt32LE(0);
    const payloadLength = head.readUInt32LE(4);
    if (headerLength > MAX_HEADER_BYTES || payloadLength > MAX_PAYLOAD_BYTES) {
      this.chunks = [];
      this.buffered = 0;
      throw new FrameError(`frame lengths out of range (header ${headerLength} bytes, max ${MAX_HEADER_BYTES}; payload ${payloadLength}, max ${MAX_PAYLOAD_BYTES}): not an execgym frame; input dropped`);
    }
    const size = 8 + headerLength + payloadLength;
    if (this.buffered < size) return undefined;
    const all = this.join();
    const frame = all.subarray(0, size);
    const rest = all.subarray(size);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }

  /** Bytes received that do not make a whole frame yet (at the end of input: a truncated frame). */
  get pending(): number {
    return this.buffered;
  }

  private join(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0];
  }
}
