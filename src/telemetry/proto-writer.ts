// A protobuf writer for OTLP requests, built for long strings: span attributes
// carry prompts and payloads of many kilobytes, and Node's own UTF-8 routines
// measure and copy those several times faster than a JavaScript loop does.
// One growing buffer is reused from request to request.

/** Wire types of the protobuf encoding. */
export const enum Wire {
  VARINT = 0,
  FIXED64 = 1,
  LEN = 2,
  FIXED32 = 5,
}

/** Below this many UTF-16 units a string is copied by a loop; above, by Node's UTF-8 writer. */
const SHORT_STRING = 48;

/** Writes one protobuf message; `finish()` returns a copy of the bytes. */
export class ProtoWriter {
  private buf: Buffer;
  pos = 0;

  constructor(initialSize = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Starts over, keeping the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** The bytes written, in a buffer of their own. */
  finish(): Uint8Array {
    return new Uint8Array(this.buf.subarray(0, this.pos));
  }

  private ensure(more: number): void {
    if (this.pos + more <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + more) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  tag(field: number, wire: Wire): void {
    this.varint((field << 3) | wire);
  }

  /** An unsigned or signed (two's complement, 10 bytes) integer. */
  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    if (value >= 0 && value <= 0xffffffff) {
      let v = value >>> 0;
      while (v > 0x7f) {
        buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buf[this.pos++] = v;
      return;
    }
    let [low, high] = split64(value);
    while (high > 0 || low > 0x7f) {
      buf[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buf[this.pos++] = low;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(low >>> 0, this.pos);
    this.buf.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.raw(value);
  }

  /** Bytes already encoded, as they are. */
  raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** A copy of what was written from `start` on. */
  copyFrom(start: number): Uint8Array {
    return new Uint8Array(this.buf.subarray(start, this.pos));
  }

  /** Hex text (a trace or span id) as its bytes. */
  hexBytes(hex: string): void {
    const n = hex.length >>> 1;
    this.varint(n);
    this.ensure(n);
    const written = this.buf.write(hex, this.pos, n, 'hex');
    // Node stops at the first character that is not hex; keep the length said above.
    this.buf.fill(0, this.pos + written, this.pos + n);
    this.pos += n;
  }

  string(value: string): void {
    const n = value.length;
    if (n < SHORT_STRING) {
      // Length fits one byte when ASCII; any other character goes the long way.
      this.ensure(n + 1);
      const buf = this.buf;
      let p = this.pos + 1;
      for (let i = 0; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c > 0x7f) return this.longString(value);
        buf[p++] = c;
      }
      buf[this.pos] = n;
      this.pos = p;
      return;
    }
    this.longString(value);
  }

  private longString(value: string): void {
    const length = Buffer.byteLength(value, 'utf8');
    this.varint(length);
    this.ensure(length);
    this.pos += this.buf.write(value, this.pos, length, 'utf8');
  }

  /** Starts a nested message; pass the result to {@link end}. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /**
   * Ends a nested message begun at `at`: writes its length in the byte kept
   * for it, moving the body up when the length needs more than one byte.
   */
  end(at: number): void {
    const length = this.pos - at - 1;
    let size = 1;
    for (let v = length; v > 0x7f; v >>>= 7) size++;
    if (size > 1) {
      this.ensure(size - 1);
      this.buf.copyWithin(at + size, at + 1, this.pos);
      this.pos += size - 1;
    }
    let v = length;
    let p = at;
    while (v > 0x7f) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
  }
}

/** A 64-bit integer as its low and high 32 bits, two's complement when negative. */
export function split64(value: number): [number, number] {
  const abs = Math.abs(value);
  let low = abs >>> 0;
  let high = Math.floor(abs / 0x100000000) >>> 0;
  if (value < 0) {
    low = ~low >>> 0;
    high = ~high >>> 0;
    low = (low + 1) >>> 0;
    if (low === 0) high = (high + 1) >>> 0;
  }
  return [low, high];
}
