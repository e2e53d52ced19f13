type TypedArray = Float64Array | Uint8Array | Int8Array;
type TypedArrayConstructor<A extends TypedArray> = new (length: number) => A;

/**
 * A typed array that grows by doubling, for readers that do not know their row count before the
 * end of a streamed file. {@link GrowableColumn.toArray} returns the exact-length array.
 */
export class GrowableColumn<A extends TypedArray> {
  length = 0;
  private data: A;

  constructor(private readonly make: TypedArrayConstructor<A>, capacity = 1024) {
    this.data = new make(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** Empties the column, keeping its capacity. */
  clear(): void {
    this.length = 0;
  }

  /** The backing array, no copy: its first {@link length} entries are the column. */
  get raw(): A {
    return this.data;
  }

  toArray(): A {
    return this.data.slice(0, this.length) as A;
  }
}
