// Values as span attribute strings. No imports: used on the host and in the workflow sandbox.

/** Longest input.value/output.value kept before the process-wide attribute limit applies. */
export const VALUE_LIMIT = 8_192;

/** Below this many characters a value's JSON is made by JSON.stringify; above, only its first `limit` are built. */
const SMALL_STRINGIFY = 2_048;

/**
 * JSON of a value for input.value/output.value (strings as they are), cut to
 * `limit`; never throws. The text is JSON.stringify's, cut: a large value (a
 * model call's whole conversation) is serialized only as far as the limit,
 * not in full to be thrown away.
 */
export function jsonValue(value: unknown, limit = VALUE_LIMIT): string | undefined {
  if (value === undefined) return undefined;
  try {
    if (typeof value === 'string') return value.slice(0, limit);
    if (ArrayBuffer.isView(value)) return cut(binaryText(value), limit);
    if (value === null || typeof value !== 'object' || limit === Infinity)
      return cut(JSON.stringify(value), limit);
    if (looksSmall(value)) return cut(JSON.stringify(value), limit);
    const out = new BoundedJson(limit);
    return out.value('', { '': value }) ? out.text().slice(0, limit) : undefined;
  } catch {
    return '[unserializable]';
  }
}

/** A guess, from the top level only, that the value's JSON is short: JSON.stringify is then the cheapest. */
function looksSmall(value: object): boolean {
  let size = 0;
  let members = 0;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(v)) return false; // JSON.stringify would spell out every byte
    size += key.length + (typeof v === 'string' ? v.length : typeof v === 'object' && v !== null ? 256 : 8);
    if (size > SMALL_STRINGIFY || ++members > 64) return false;
  }
  return true;
}

/**
 * Bytes (a `binary/plain` payload: Go's []byte, Python's bytes) as a short
 * note of their size: JSON.stringify would write each byte as a member. Only
 * a value and its own members are looked at, where such payloads sit.
 */
const binaryText = (bytes: ArrayBufferView) => JSON.stringify(`[binary: ${bytes.byteLength} bytes]`);

const cut = (text: string | undefined, limit: number) =>
  text === undefined ? undefined : text.slice(0, limit);

/**
 * JSON.stringify's algorithm (toJSON, boxed primitives, skipped and nulled
 * values, cycles throw), writing parts until `limit` characters are out.
 */
class BoundedJson {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly stack: object[] = [];

  constructor(private readonly limit: number) {}

  text(): string {
    return this.parts.join('');
  }

  private get full(): boolean {
    return this.length >= this.limit;
  }

  private write(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  /** Writes the property `key` of `holder`; false when JSON.stringify would leave it out. */
  value(key: string, holder: Record<string, unknown>): boolean {
    let v = holder[key];
    if (ArrayBuffer.isView(v)) {
      this.write(binaryText(v)); // before toJSON: a Buffer's would list each byte
      return true;
    }
    if (v !== null && (typeof v === 'object' || typeof v === 'bigint')) {
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') v = toJSON.call(v, key);
    }
    if (v instanceof Number) v = Number(v);
    else if (v instanceof String) v = String(v);
    else if (v instanceof Boolean) v = v.valueOf();
    if (v === null || typeof v !== 'object') {
      const text = JSON.stringify(v); // primitives, including BigInt's TypeError
      if (text === undefined) return false;
      this.write(text);
      return true;
    }
    if (this.stack.includes(v)) throw new TypeError('Converting circular structure to JSON');
    this.stack.push(v);
    if (Array.isArray(v)) this.array(v);
    else this.object(v as Record<string, unknown>);
    this.stack.pop();
    return true;
  }

  private array(items: unknown[]): void {
    this.write('[');
    const holder = items as unknown as Record<string, unknown>;
    for (let i = 0; i < items.length && !this.full; i++) {
      if (i) this.write(',');
      if (!this.value(String(i), holder)) this.write('null');
    }
    this.write(']');
  }

  private object(record: Record<string, unknown>): void {
    this.write('{');
    let first = true;
    for (const key of Object.keys(record)) {
      if (this.full) break;
      const mark = this.parts.length;
      const before = this.length;
      this.write(`${first ? '' : ','}${JSON.stringify(key)}:`);
      if (this.value(key, record)) first = false;
      else {
        this.parts.length = mark; // JSON.stringify leaves the property out
        this.length = before;
      }
    }
    this.write('}');
  }
}
