// W3C trace context in Temporal headers. Sandbox-safe: used by the workflow
// interceptors as well as by the client and activity interceptors.
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { TRACE_HEADER, TRACE_HEADER_WRITER, TRACE_LINK_HEADER } from './semconv.js';

/** The parts of a span context that travel between processes. */
export interface WireSpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  traceState?: string;
  /** W3C `baggage` as it arrived, passed on unchanged to every outbound call. */
  baggage?: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Formats a W3C `traceparent` header value. */
export function formatTraceparent(ctx: WireSpanContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.traceFlags.toString(16).padStart(2, '0')}`;
}

/** Parses a W3C `traceparent`; undefined when malformed or all-zero. */
export function parseTraceparent(
  value: unknown,
  traceState?: unknown,
  baggage?: unknown,
): WireSpanContext | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return undefined;
  return {
    traceId: match[1],
    spanId: match[2],
    traceFlags: parseInt(match[3], 16) & 0xff,
    traceState: typeof traceState === 'string' && traceState ? traceState : undefined,
    baggage: typeof baggage === 'string' && baggage ? baggage : undefined,
  };
}

/** The W3C carrier (`traceparent`, `tracestate`, `baggage`) of a wire context. */
export function toCarrier(ctx: WireSpanContext): Record<string, string> {
  const carrier: Record<string, string> = { traceparent: formatTraceparent(ctx) };
  if (ctx.traceState) carrier.tracestate = ctx.traceState;
  if (ctx.baggage) carrier.baggage = ctx.baggage;
  return carrier;
}

/** Headers with a W3C carrier set, in the JSON form Temporal's interceptors (TS, Python, Go) use. */
export function withCarrierHeader(headers: Headers, carrier: Record<string, string>): Headers {
  return { ...headers, [TRACE_HEADER]: defaultPayloadConverter.toPayload(carrier) };
}

/** Headers with the trace context (and baggage) set, marked as written by this package. */
export function withTraceHeader(headers: Headers, ctx: WireSpanContext): Headers {
  return withCarrierHeader(headers, { ...toCarrier(ctx), [TRACE_HEADER_WRITER]: '1' });
}

/** Headers that ask the callee to start its own trace, linked to `ctx`. */
export function withLinkHeader(headers: Headers, ctx: WireSpanContext): Headers {
  return { ...headers, [TRACE_LINK_HEADER]: defaultPayloadConverter.toPayload(toCarrier(ctx)) };
}

/** The span a callee in its own trace links to, if the headers carry one. */
export function readLinkHeader(headers: Headers | undefined): WireSpanContext | undefined {
  const carrier = readTraceCarrier(headers, TRACE_LINK_HEADER);
  return carrier && parseTraceparent(carrier.traceparent, carrier.tracestate, carrier.baggage);
}

/** The W3C carrier in Temporal headers, if any: string entries only. */
export function readTraceCarrier(
  headers: Headers | undefined,
  key: string = TRACE_HEADER,
): Record<string, string> | undefined {
  const payload = headers?.[key];
  if (!payload) return undefined;
  try {
    const carrier = defaultPayloadConverter.fromPayload<Record<string, unknown>>(payload);
    if (!carrier || typeof carrier !== 'object') return undefined;
    const strings: Record<string, string> = {};
    for (const [key, value] of Object.entries(carrier)) if (typeof value === 'string') strings[key] = value;
    return strings;
  } catch {
    return undefined;
  }
}

/** The trace context (with baggage) carried in Temporal headers, if any and well-formed. */
export function readTraceHeader(headers: Headers | undefined): WireSpanContext | undefined {
  const carrier = readTraceCarrier(headers);
  return carrier && parseTraceparent(carrier.traceparent, carrier.tracestate, carrier.baggage);
}
