// Trace context and baggage in and out of Temporal headers on the host, through
// the application's registered propagator (`propagation.inject/extract`), with
// W3C trace context and baggage as the fallback when none is registered: the
// workflow sandbox and Temporal's Python and Go interceptors read W3C.
// Host only.
import {
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  trace,
} from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { toSpanContext, toWire } from './otel-context.js';
import { parseTraceparent, toCarrier } from '../common/trace-context.js';

const w3cBaggage = new W3CBaggagePropagator();

/** The carrier for an outbound header from `ctx`: its span context and baggage. */
export function injectCarrier(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier, defaultTextMapSetter);
  const spanContext = trace.getSpanContext(ctx);
  if (!carrier.traceparent && spanContext && isSpanContextValid(spanContext)) {
    Object.assign(carrier, toCarrier(toWire(spanContext)));
  }
  if (!carrier.baggage) w3cBaggage.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

/** The context an inbound header carries: remote parent and baggage, or the root context. */
export function extractContext(carrier: Record<string, string> | undefined): Context {
  if (!carrier) return ROOT_CONTEXT;
  let ctx = propagation.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
  if (!trace.getSpanContext(ctx)) {
    const wire = parseTraceparent(carrier.traceparent, carrier.tracestate);
    if (wire) ctx = trace.setSpanContext(ctx, toSpanContext(wire, true));
  }
  if (!propagation.getBaggage(ctx) && carrier.baggage)
    ctx = w3cBaggage.extract(ctx, carrier, defaultTextMapGetter);
  return ctx;
}
