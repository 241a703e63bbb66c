// W3C trace context in Temporal headers. Sandbox-safe: used by the workflow
// interceptors as well as by the client and activity interceptors.
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { TRACE_HEADER } from './semconv.js';

/** The parts of a span context that travel between processes. */
export interface WireSpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  traceState?: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Formats a W3C `traceparent` header value. */
export function formatTraceparent(ctx: WireSpanContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.traceFlags.toString(16).padStart(2, '0')}`;
}

/** Parses a W3C `traceparent`; undefined when malformed or all-zero. */
export function parseTraceparent(value: unknown, traceState?: unknown): WireSpanContext | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return undefined;
  return {
    traceId: match[1],
    spanId: match[2],
    traceFlags: parseInt(match[3], 16) & 0xff,
    traceState: typeof traceState === 'string' && traceState ? traceState : undefined,
  };
}

/** Headers with the trace context set, in the same JSON-carrier form Temporal's interceptors use. */
export function withTraceHeader(headers: Headers, ctx: WireSpanContext): Headers {
  const carrier: Record<string, string> = { traceparent: formatTraceparent(ctx) };
  if (ctx.traceState) carrier.tracestate = ctx.traceState;
  return { ...headers, [TRACE_HEADER]: defaultPayloadConverter.toPayload(carrier) };
}

/** The trace context carried in Temporal headers, if any and well-formed. */
export function readTraceHeader(headers: Headers | undefined): WireSpanContext | undefined {
  const payload = headers?.[TRACE_HEADER];
  if (!payload) return undefined;
  try {
    const carrier = defaultPayloadConverter.fromPayload<Record<string, unknown>>(payload);
    return parseTraceparent(carrier?.traceparent, carrier?.tracestate);
  } catch {
    return undefined;
  }
}
