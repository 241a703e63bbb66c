import { type SpanContext, createTraceState } from '@opentelemetry/api';
import type { WireSpanContext } from '../common/trace-context.js';

/** Converts a wire span context to OpenTelemetry's form. */
export function toSpanContext(wire: WireSpanContext, isRemote: boolean): SpanContext {
  return {
    traceId: wire.traceId,
    spanId: wire.spanId,
    traceFlags: wire.traceFlags,
    isRemote,
    traceState: wire.traceState ? createTraceState(wire.traceState) : undefined,
  };
}

/** The wire form of an OpenTelemetry span context. */
export function toWire(ctx: SpanContext): WireSpanContext {
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    traceFlags: ctx.traceFlags,
    traceState: ctx.traceState?.serialize(),
  };
}
