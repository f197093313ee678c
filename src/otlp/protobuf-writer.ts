// The few protobuf encodings OTLP needs, written straight into one growing buffer: the backfill
// encodes millions of data points, and building an object per point for a generic serializer
// costs more than the encoding itself.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;

const textEncoder = new TextEncoder();
const TWO_32 = 4_294_967_296;

/** Bytes of a non-negative integer (< 2^53) as a varint. */
export function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

export class ProtobufWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private position = 0;

  constructor(capacity = 64 * 1024) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
  }

  get length(): number {
    return this.position;
  }

  varint(value: number): this {
    this.ensure(10);
    while (value >= 0x80) {
      // `& 0x7f` reads the low 32 bits, whose low 7 are the value's.
      this.buffer[this.position++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buffer[this.position++] = value;
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** An unsigned integer (< 2^53) as fixed64 (also sfixed64 for non-negative values). */
  fixed64(value: number): this {
    this.ensure(8);
    this.view.setUint32(this.position, value % TWO_32, true);
    this.view.setUint32(this.position + 4, Math.floor(value / TWO_32), true);
    this.position += 8;
    return this;
  }

  /** Epoch milliseconds (with a fraction to the microsecond) as fixed64 nanoseconds, exactly. */
  fixed64Nanos(ms: number): this {
    // ms × 10^6 exceeds 2^53: split into whole seconds (< 2^32) and the nanoseconds within the second.
    const seconds = Math.floor(ms / 1000);
    // To the microsecond: a double holds no finer fraction of an epoch millisecond.
    const withinNanos = Math.round((ms - seconds * 1000) * 1000) * 1000;
    // seconds × 10^9 + withinNanos = high16 × 10^9 × 2^16 + (low16 × 10^9 + withinNanos), every term exact.
    const high = Math.floor(seconds / 65536) * 1e9;
    const low = (seconds % 65536) * 1e9 + withinNanos;
    const lowSum = (high % 65536) * 65536 + low;
    this.ensure(8);
    this.view.setUint32(this.position, lowSum % TWO_32, true);
    this.view.setUint32(this.position + 4, Math.floor(high / 65536) + Math.floor(lowSum / TWO_32), true);
    this.position += 8;
    return this;
  }

  double(value: number): this {
    this.ensure(8);
    this.view.setFloat64(this.position, value, true);
    this.position += 8;
    return this;
  }

  bytes(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.position);
    this.position += bytes.length;
    return this;
  }

  /** A length-delimited field whose content is already encoded. */
  message(field: number, content: Uint8Array): this {
    return this.tag(field, WIRE_LENGTH_DELIMITED).varint(content.length).bytes(content);
  }

  string(field: number, text: string): this {
    return this.message(field, textEncoder.encode(text));
  }

  /** Bytes [from, to) written so far, not copied: valid until the writer is written to again. */
  subarrayView(from: number, to: number): Uint8Array {
    return this.buffer.subarray(from, to);
  }

  /** Everything written (a copy unless the buffer is exactly full); the writer can then be reset and reused. */
  finish(): Uint8Array {
    if (this.position === this.buffer.length) {
      const full = this.buffer;
      this.buffer = new Uint8Array(0);
      this.view = new DataView(this.buffer.buffer);
      this.position = 0;
      return full;
    }
    return this.buffer.slice(0, this.position);
  }

  reset(): void {
    this.position = 0;
  }

  private ensure(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.position + bytes) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.position));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** One encoded message: its fields, built by `build`. */
export function encodeMessage(build: (writer: ProtobufWriter) => void): Uint8Array {
  const writer = new ProtobufWriter(256);
  build(writer);
  return writer.finish();
}

/** OTLP `KeyValue` attributes (string, boolean, integer or double values) as repeated `field` entries. */
export function encodeAttributes(field: number, attributes: Readonly<Record<string, string | number | boolean>>): Uint8Array {
  return encodeMessage((writer) => {
    for (const [key, value] of Object.entries(attributes)) {
      const anyValue = encodeMessage((inner) => {
        if (typeof value === "string") inner.string(1, value);
        else if (typeof value === "boolean") inner.tag(2, WIRE_VARINT).varint(value ? 1 : 0);
        else if (Number.isInteger(value) && value >= 0) inner.tag(3, WIRE_VARINT).varint(value);
        else inner.tag(4, WIRE_FIXED64).double(value);
      });
      writer.message(field, encodeMessage((keyValue) => keyValue.string(1, key).message(2, anyValue)));
    }
  });
}
