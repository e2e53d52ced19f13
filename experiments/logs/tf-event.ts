/**
 * The few fields of TensorFlow's `Event` protobuf (tensorflow/core/util/event.proto) that a
 * scalar log needs, encoded by hand: a dependency for five fields would outweigh them.
 *
 *   Event    { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary  { repeated Value value = 1; }
 *   Value    { string tag = 1; float simple_value = 2; }
 */

/** A scalar to log: TensorBoard's simple_value is a float32, so values are rounded to it. */
export interface Scalar {
  readonly tag: string;
  readonly value: number;
}

const utf8 = new TextEncoder();

/** Protobuf wire format: a field key (number << 3 | wire type) and values, appended to a byte list. */
class ProtoWriter {
  private readonly bytes: number[] = [];

  varint(value: bigint | number): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }

  key(field: number, wireType: 0 | 1 | 2 | 5): this {
    return this.varint((field << 3) | wireType);
  }

  double(field: number, value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.key(field, 1).bytes.push(...b);
    return this;
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.key(field, 5).bytes.push(...b);
    return this;
  }

  int64(field: number, value: number): this {
    return this.key(field, 0).varint(value);
  }

  lengthDelimited(field: number, data: Uint8Array): this {
    this.key(field, 2).varint(data.length).bytes.push(...data);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** The first event of every event file: TensorBoard reads the format version from it. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return new ProtoWriter().double(1, wallTime).lengthDelimited(3, utf8.encode('brain.Event:2')).finish();
}

/** An event holding `scalars` at global step `step`. */
export function scalarsEvent(wallTime: number, step: number, scalars: readonly Scalar[]): Uint8Array {
  const summary = new ProtoWriter();
  for (const { tag, value } of scalars) {
    summary.lengthDelimited(1, new ProtoWriter().lengthDelimited(1, utf8.encode(tag)).float(2, value).finish());
  }
  return new ProtoWriter().double(1, wallTime).int64(2, step).lengthDelimited(5, summary.finish()).finish();
}
