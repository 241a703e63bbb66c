import { type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';

/** Instrumentation scope name of every span this package creates. */
export const TRACER_NAME = 'temporal-agents-otel';

/** The tracer of the globally registered provider (a no-op one until telemetry is set up). */
export function getTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** Marks a span failed with the error's first line and records the exception. */
export function recordError(span: Span, err: unknown): void {
  const error = err instanceof Error ? err : new Error(String(err));
  span.recordException({ name: error.name, message: error.message });
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message.split('\n')[0].slice(0, 1_000) });
}
