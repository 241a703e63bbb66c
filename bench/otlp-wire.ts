// A minimal reader of OTLP/protobuf trace export requests: walks the wire
// format and pulls out, per span, only what the benchmark counts (trace id,
// span id, name and a workflow id attribute). Cheaper than a full decode, so
// the receiver does not steal CPU from the process being measured.
//
// Field numbers (opentelemetry/proto/trace/v1/trace.proto):
//   ExportTraceServiceRequest.resource_spans = 1
//   ResourceSpans.scope_spans = 2; ScopeSpans.spans = 2
//   Span.trace_id = 1, span_id = 2, name = 5, attributes = 9
//   KeyValue.key = 1, value = 2; AnyValue.string_value = 1

/** What the benchmark needs of one received span. */
export interface WireSpan {
  traceId: string;
  spanId: string;
  name: string;
  /** Workflow id, when the span carries one under a known attribute key. */
  workflowId?: string;
}

/** Attribute keys under which the two tracing setups record the workflow id. */
const WORKFLOW_ID_KEYS = new Set(['temporal.workflow.id', 'temporalWorkflowId', 'workflowId']);

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const byte = this.buf[this.pos++];
      // Lengths and tags fit in 53 bits; multiply instead of shifting past 31.
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new Error('varint too long');
    }
  }

  /** Calls `onField` for each field; `onField` must consume LEN fields it accepts via `sub`. */
  fields(onField: (field: number, sub: Reader | undefined) => void): void {
    while (this.pos < this.end) {
      const tag = this.varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (wire === WIRE_LEN) {
        const len = this.varint();
        const stop = this.pos + len;
        if (stop > this.end) throw new Error('truncated field');
        onField(field, new Reader(this.buf, this.pos, stop));
        this.pos = stop;
      } else if (wire === WIRE_VARINT) {
        this.varint();
        onField(field, undefined);
      } else if (wire === WIRE_I64) this.pos += 8;
      else if (wire === WIRE_I32) this.pos += 4;
      else throw new Error(`unsupported wire type ${wire}`);
    }
  }

  hex(): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, this.end - this.pos).toString('hex');
  }

  text(): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, this.end - this.pos).toString('utf8');
  }
}

function readKeyValue(r: Reader): { key: string; value?: string } {
  let key = '';
  let value: string | undefined;
  r.fields((field, sub) => {
    if (!sub) return;
    if (field === 1) key = sub.text();
    else if (field === 2 && WORKFLOW_ID_KEYS.has(key)) {
      // Key precedes value on the wire (every OTLP encoder writes fields in order).
      sub.fields((f, s) => {
        if (f === 1 && s) value = s.text();
      });
    }
  });
  return { key, value };
}

function readSpan(r: Reader): WireSpan {
  const span: WireSpan = { traceId: '', spanId: '', name: '' };
  r.fields((field, sub) => {
    if (!sub) return;
    if (field === 1) span.traceId = sub.hex();
    else if (field === 2) span.spanId = sub.hex();
    else if (field === 5) span.name = sub.text();
    else if (field === 9 && span.workflowId === undefined) {
      const kv = readKeyValue(sub);
      if (kv.value !== undefined) span.workflowId = kv.value;
    }
  });
  return span;
}

/** Reads every span of an `ExportTraceServiceRequest` body. Throws on malformed input. */
export function readExportRequest(body: Uint8Array): WireSpan[] {
  const spans: WireSpan[] = [];
  new Reader(body).fields((field, resourceSpans) => {
    if (field !== 1 || !resourceSpans) return;
    resourceSpans.fields((f, scopeSpans) => {
      if (f !== 2 || !scopeSpans) return;
      scopeSpans.fields((g, span) => {
        if (g === 2 && span) spans.push(readSpan(span));
      });
    });
  });
  return spans;
}
