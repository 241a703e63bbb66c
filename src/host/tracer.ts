// The host's one way to run an operation inside a span (client and activity
// paths; the sandbox has its own, `traced` in workflow/scope.ts), with Temporal's
// failure semantics from failure-outcome.ts. Host only.
import { type Context, context, type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { describeFailure } from '../common/failure-outcome.js';
import { TemporalAttr } from '../common/semconv.js';

/** Instrumentation scope name of every span this package creates. */
export const TRACER_NAME = 'temporal-agents-otel';

/** The tracer of the globally registered provider (a no-op one until an SDK is registered). */
export function getTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** Records an error on a span as Temporal counts it: ERROR status, or unset for benign outcomes. */
export function recordError(span: Span, err: unknown): void {
  const failure = describeFailure(err);
  if (failure.recordException) span.recordException({ name: failure.type, message: failure.message });
  if (failure.status === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  if (failure.outcome) span.setAttribute(TemporalAttr.OUTCOME, failure.outcome);
}

/**
 * Runs `fn` with `span` active (as a child of `parent`), then ends the span
 * with `fn`'s outcome: OK, or the error as {@link recordError} records it.
 */
export function runInHostSpan<T>(span: Span, parent: Context, fn: () => Promise<T>): Promise<T> {
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      const result = await fn();
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (err) {
      recordError(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}
